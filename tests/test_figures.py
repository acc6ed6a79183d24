"""kit.figures: numbers that state a quantity, with unit, qualifier, subject, speaker and hedges."""
from __future__ import annotations

import pandas as pd
import pytest

from kit.figures import FIGURE_COLUMNS, extract_figures

NO_SPEECH = pd.DataFrame(columns=["start", "end", "speaker", "hedged"])


@pytest.fixture
def figures(make_doc, article):
    def run(text: str, speech: pd.DataFrame = NO_SPEECH) -> pd.DataFrame:
        article["text"] = text
        return extract_figures(make_doc(text), speech, article)
    return run


def one(table: pd.DataFrame, value: float) -> pd.Series:
    hits = table[(table["value"] - value).abs() <= 1e-3 * max(1.0, abs(value))]
    assert len(hits) == 1, table[["text", "value", "unit"]]
    return hits.iloc[0]


# --- qualifiers ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, value, qualifier", [
    ("Rebels have taken at least 14 villages in the valley.", 14, "at_least"),
    ("Fewer than 3,000 residents stayed behind after the flood.", 3000, "fewer_than"),
    ("Less than 40 ambulances are still working in the province.", 40, "fewer_than"),
    ("The storm destroyed over 2,500 homes on the coast.", 2500, "more_than"),
    ("More than 800 firefighters fought the blaze on Sunday.", 800, "more_than"),
    ("About 120 trucks crossed the border with supplies.", 120, "approx"),
    ("Around 45 miners were trapped underground.", 45, "approx"),
    ("Nearly 900 students sat the exam this spring.", 900, "approx"),
    ("Almost 600 flights were cancelled at the airport.", 600, "approx"),
    ("Roughly 70 vessels waited outside the harbour.", 70, "approx"),
    ("Some 40 families were moved to a school gym.", 40, "approx"),
    ("Approximately 3,200 voters signed the petition.", 3200, "approx"),
    ("The shelling hit homes within 5 kilometers of the plant.", 5, "up_to"),
    ("Up to 300 workers could lose their jobs at the mill.", 300, "up_to"),
    ("No more than 25 guests may attend the ceremony.", 25, "at_most"),
    ("The club expects 10,000 fans or more at the final.", 10000, "at_least"),
])
def test_qualifier_words_before_and_after_a_number(figures, text, value, qualifier):
    row = one(figures(text), value)
    assert row["qualifier"] == qualifier


@pytest.mark.parametrize("text, low, high, unit", [
    ("Between 200 and 300 volunteers joined the search.", 200, 300, "count"),
    ("The convoy moved 5-10 km a day through the hills.", 5, 10, "km"),
    ("Shells landed 5–10 km from the front.", 5, 10, "km"),
    ("The fire burned 20 to 30 miles from the town.", 20, 30, "mi"),
    ("The firm expects to raise $2 to $3 billion from the sale.", 2e9, 3e9, "usd"),
])
def test_ranges_carry_low_and_high_and_the_shared_unit(figures, text, low, high, unit):
    table = figures(text)
    assert len(table) == 1, table[["text", "value"]]
    row = table.iloc[0]
    assert (row["qualifier"], row["low"], row["high"], row["unit"]) == ("range", low, high, unit)


def test_a_change_from_one_figure_to_another_is_not_a_range(figures):
    table = figures("Unemployment fell from 8% to 6% last year.")
    assert sorted(table["value"]) == [6.0, 8.0]
    assert set(table["qualifier"]) == {"exact"}
    assert set(table["subject"]) == {"unemployment"}


def test_units_of_a_range_must_agree(figures):
    table = figures("Sales grew by 12 per cent to £4.5 billion in the first quarter.")
    assert sorted(table["unit"]) == ["gbp", "percent"]
    assert set(table["qualifier"]) == {"exact"}


# --- word numbers and shares ------------------------------------------------------------------

@pytest.mark.parametrize("text, value, unit, qualifier", [
    ("Police detained nine protesters near the square.", 9, "count", "exact"),
    ("Two ferries sank in the storm.", 2, "count", "exact"),
    ("Twenty-two villages lost power overnight.", 22, "count", "exact"),
    ("One-third of the wheat harvest was lost.", 1 / 3, "fraction", "exact"),
    ("Half of the schools stayed closed.", 0.5, "fraction", "exact"),
    ("A third of the bridges need repair.", 1 / 3, "fraction", "exact"),
    ("A quarter of the budget goes to defence.", 0.25, "fraction", "exact"),
    ("Two-thirds of the nurses signed the letter.", 2 / 3, "fraction", "exact"),
    ("Dozens of fishermen protested at the port.", 12, "count", "more_than"),
    ("Hundreds of tractors blocked the motorway.", 100, "count", "more_than"),
    ("Tens of thousands of pilgrims reached the shrine.", 10000, "count", "more_than"),
    ("The region has 1.5 million inhabitants.", 1.5e6, "count", "exact"),
    ("The city received half a million visitors.", 5e5, "count", "exact"),
    ("Exports rose 90% in the spring.", 90, "percent", "exact"),
    ("Turnout reached 61.5 percent in the capital.", 61.5, "percent", "exact"),
    ("Inflation was 3 per cent in March.", 3, "percent", "exact"),
])
def test_number_words_shares_and_percentages(figures, text, value, unit, qualifier):
    row = one(figures(text), value)
    assert (row["unit"], row["qualifier"]) == (unit, qualifier)
    assert row["quantity"] == ("share" if unit in {"fraction", "percent"} else "count")


# --- money and units ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, value, unit, subject", [
    ("Washington promised $2 billion in aid to the region.", 2e9, "usd", "aid"),
    ("The union pledged €500 million for new hospitals.", 5e8, "eur", "hospitals"),
    ("The club paid £3.2m for the striker.", 3.2e6, "gbp", "striker"),
    ("The court fined the bank 45 million rubles.", 4.5e7, "rub", ""),
    ("The council set aside 200 million hryvnias.", 2e8, "uah", ""),
    ("Parliament approved a $2bn package on Friday.", 2e9, "usd", "package"),
])
def test_money_keeps_its_currency(figures, text, value, unit, subject):
    row = one(figures(text), value)
    assert (row["unit"], row["quantity"], row["subject"]) == (unit, "money", subject)


@pytest.mark.parametrize("text, value, unit, quantity", [
    ("The pipeline runs 48 kilometres under the sea.", 48, "km", "distance"),
    ("The wall is 300 meters long.", 300, "m", "distance"),
    ("The fire burned 1,200 square kilometers of forest.", 1200, "km2", "area"),
    ("The farm covers 640 acres of land.", 640, "acre", "area"),
    ("The dam holds 18 million cubic meters of water.", 1.8e7, "m3", "volume"),
    ("The ship carried 2,000 tonnes of grain.", 2000, "t", "mass"),
    ("The plant generates 600 megawatts at full load.", 600, "MW", "power"),
    ("Temperatures reached 41 degrees Celsius in the valley.", 41, "degC", "temperature"),
])
def test_units_are_parsed_and_normalised(figures, text, value, unit, quantity):
    row = one(figures(text), value)
    assert (row["unit"], row["quantity"]) == (unit, quantity)


# --- what is counted --------------------------------------------------------------------------

@pytest.mark.parametrize("text, value, subject", [
    ("The town had a pre-war population of 45,000.", 45000, "population"),
    ("The army massed over 20,000 troops at the border.", 20000, "troops"),
    ("Before the quake, the valley was home to about 8,000 people.", 8000, "people"),
    ("The mill supplied 40% of the region's heating needs before it closed.", 40, "needs"),
    ("Nearly one-third of all the strikes hit the capital.", 1 / 3, "strikes"),
    ("About 5,000 Ukrainian military engineers are deployed there.", 5000, "engineers"),
    ("The death toll rose to 50, officials said.", 50, "toll"),
    ("The fire burned 1,200 square kilometers of forest.", 1200, "forest"),
    ("The hamlet lies 12 kilometers from the river.", 12, "kilometers"),
    ("Two-thirds of households lack running water.", 2 / 3, "households"),
])
def test_subject_is_the_counted_or_measured_noun(figures, text, value, subject):
    assert one(figures(text), value)["subject"] == subject


def test_a_bare_number_counts_what_the_sentence_counted_before(figures):
    table = figures("The blast killed 12 people, including three children, and injured at least 20.")
    assert one(table, 12)["subject"] == "people"
    assert one(table, 3)["subject"] == "children"
    row = one(table, 20)
    assert (row["subject"], row["qualifier"]) == ("people", "at_least")


def test_down_from_refers_to_the_earlier_count(figures):
    table = figures("The town has a population of about 15,000, down from 40,000 before the war.")
    assert one(table, 40000)["subject"] == "population"


# --- not figures ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The plant reopened in early 2024 after repairs.",
    "The talks collapsed in May 2023.",
    "Prices have risen since 2023.",
    "The vote is due on June 27.",
    "The alarm sounded at 3 a.m. on the east side.",
    "The council held its 13th meeting on the budget.",
    "It was the second time the bridge was hit.",
    "The pilots trained on F-16 jets and Su-34 bombers.",
    "The memorial honours the victims of 9/11.",
    "The G7 leaders met in the mountains.",
    "NATO members discussed Article 5 of the treaty.",
    "The port is a key hub for the grain trade.",
    "The talks lasted several days and many diplomats left early.",
    "It is the only steel mill in the region.",
    "It is one of the most significant gains of the year.",
    "The two met in private afterwards.",
    "The boy, who was hurt two years ago, recovered.",
    "Rescuers worked through the past three days without rest.",
])
def test_dates_times_ordinals_names_and_vague_words_are_not_figures(figures, text):
    table = figures(text)
    assert table.empty, table[["text", "value", "unit"]]


def test_durations_with_a_qualifier_are_figures(figures):
    row = one(figures("After more than a year of fighting, the town fell."), 1)
    assert (row["unit"], row["qualifier"], row["quantity"], row["subject"]) == (
        "year", "more_than", "duration", "year")


def test_over_before_a_duration_means_during(figures):
    row = one(figures("The plan will create 5,000 jobs over five years."), 5)
    assert (row["unit"], row["qualifier"]) == ("year", "exact")


# --- conversions --------------------------------------------------------------------------------

def test_a_bracketed_conversion_is_linked_and_checked(figures):
    table = figures("The village lies about 40 kilometers (25 miles) south of the dam.")
    km, mi = one(table, 40), one(table, 25)
    assert (km["unit"], mi["unit"]) == ("km", "mi")
    assert mi["converted_from"] == km["figure_id"]
    assert bool(mi["conversion_ok"]) is True
    assert (km["qualifier"], mi["qualifier"]) == ("approx", "approx")
    assert (km["subject"], mi["subject"]) == ("kilometers", "miles")


def test_a_wrong_conversion_is_flagged(figures):
    table = figures("The lake is 40 kilometers (40 miles) long.")
    converted = table[table["converted_from"].notna()]
    assert len(converted) == 1 and converted.iloc[0]["unit"] == "mi"
    assert bool(converted.iloc[0]["conversion_ok"]) is False


def test_the_measured_stuff_after_a_converted_area_applies_to_both(figures):
    table = figures("The army retook over 1,000 square kilometers (386 square miles) of farmland.")
    assert set(table["subject"]) == {"farmland"}
    assert set(table["qualifier"]) == {"more_than"}
    assert one(table, 386)["conversion_ok"]


# --- speaker and hedges -------------------------------------------------------------------------

def test_a_figure_inside_reported_speech_gets_its_speaker(figures):
    text = "Nearly half of the wells are dry, the water minister said on Monday."
    speech = pd.DataFrame({"start": [0], "end": [text.index(", the water")], "speaker": ["Ana Ruiz"],
                           "hedged": [False]})
    row = one(figures(text, speech), 0.5)
    assert row["speaker"] == "Ana Ruiz"
    assert not row["hedged"]
    assert one(figures(text), 0.5)["speaker"] is None


def test_a_hedged_claim_hedges_its_figures(figures):
    text = "The rebels say they shot down 12 drones."
    speech = pd.DataFrame({"start": [0], "end": [len(text)], "speaker": ["rebels"], "hedged": [True]})
    assert one(figures(text, speech), 12)["hedged"]


@pytest.mark.parametrize("text", [
    "The governor said 30 people died. Those numbers could not be independently confirmed.",
    "Officials said 30 people died, but the figure could not be verified.",
    "Rebels reportedly hold 30 villages in the north.",
    "According to estimates, 30 tanks were lost.",
    "The militia allegedly seized 30 trucks.",
])
def test_hedge_words_in_the_sentence_or_the_next_one(figures, text):
    assert one(figures(text), 30)["hedged"]


def test_a_hedge_about_new_figures_does_not_reach_back(figures):
    table = figures("The storm cut power to 3,500 homes. Officials said 7 people died, "
                    "but the figures could not be independently verified.")
    assert not one(table, 3500)["hedged"]
    assert one(table, 7)["hedged"]


# --- table contract -----------------------------------------------------------------------------

def test_rows_point_into_the_article_text_in_order(figures, article):
    text = ("The mayor said fewer than 400 residents remain.\n\nAid groups delivered 12 tonnes of food "
            "and about 3,000 blankets.")
    table = figures(text)
    assert list(table.columns) == FIGURE_COLUMNS
    assert table["figure_id"].tolist() == ["t1-f1", "t1-f2", "t1-f3"]
    assert table["text"].tolist() == [text[s:e] for s, e in zip(table["start"], table["end"])]
    assert table["text"].tolist()[0] == "fewer than 400 residents"
    assert table["sentence_id"].tolist() == [0, 1, 1]
    assert (table["article_id"] == "t1").all()
    assert (table["low"] == table["value"]).all() and (table["high"] == table["value"]).all()


def test_an_article_without_numbers_gives_an_empty_table_with_the_columns(figures):
    table = figures("The talks went on late into the night.")
    assert table.empty and list(table.columns) == FIGURE_COLUMNS


def test_same_input_same_table(figures):
    text = "Nearly 2,000 homes were damaged and roughly 300 of them were destroyed, about 15% of the total."
    pd.testing.assert_frame_equal(figures(text), figures(text))


def test_money_converted_into_another_currency_is_linked_without_a_check(figures):
    table = figures("The ministry allocated 1.2 billion yuan (about 167 million U.S. dollars) for relief.")
    cny, usd = one(table, 1.2e9), one(table, 1.67e8)
    assert (cny["unit"], cny["qualifier"]) == ("cny", "exact")
    assert (usd["unit"], usd["qualifier"]) == ("usd", "approx")
    assert usd["converted_from"] == cny["figure_id"] and pd.isna(usd["conversion_ok"])


def test_sports_scores_are_not_figures(figures):
    assert figures("The home side won 3-1 after extra time.").empty


def test_a_level_verb_takes_its_subject(figures):
    table = figures("Troops hit more than 100 targets, while the death toll had risen to 3,400.")
    assert one(table, 3400)["subject"] == "toll"
    assert one(table, 100)["subject"] == "targets"


def test_magnitude_of_an_earthquake(figures):
    row = one(figures("A 6.1-magnitude earthquake struck the coast."), 6.1)
    assert (row["unit"], row["subject"]) == ("magnitude", "earthquake")


@pytest.mark.parametrize("text", [
    "Section 230 of the law protects platforms.",
    "Passengers waited at gate 12 for hours.",
    "The hurricane was upgraded to Category 4 overnight.",
    "Maria Lopez, 54, said the water rose quickly.",
    "Music from the 1990s filled the hall.",
])
def test_labels_ages_and_decades_are_not_figures(figures, text):
    table = figures(text)
    assert table.empty, table[["text", "value", "unit"]]


def test_a_ratio_is_a_share(figures):
    row = one(figures("About 1 in 5 children in the region go hungry."), 0.2)
    assert (row["unit"], row["qualifier"], row["subject"]) == ("fraction", "approx", "children")


def test_a_word_number_of_a_group_is_a_count_but_one_of_is_not(figures):
    table = figures("Eleven of the 15 judges agreed, one of the clerks said.")
    assert one(table, 11)["subject"] == "judges" and one(table, 11)["text"] == "Eleven"
    assert sorted(table["value"]) == [11.0, 15.0]


def test_hyphenated_word_numbers_are_attributes(figures):
    assert figures("The talks backed a two-state solution for the island.").empty


def test_a_bare_number_after_a_harm_verb_counts_people(figures):
    table = figures("The strike killed 12 and wounded 30 in the market.")
    assert one(table, 12)["subject"] == "people"
    assert one(table, 30)["subject"] == "people"


def test_multipliers_and_frequencies_are_not_figures(figures):
    assert figures("Prices are three times higher, and the plant was hit 4 times.").empty


def test_a_glued_m_is_million_before_a_count_and_metres_otherwise(figures):
    assert one(figures("The region has 5m residents."), 5e6)["unit"] == "count"
    assert one(figures("The tower is 300m tall."), 300)["unit"] == "m"


def test_rupees_with_south_asian_scale_words(figures):
    row = one(figures("The state set aside Rs 500 crore for flood relief."), 5e9)
    assert (row["unit"], row["subject"]) == ("inr", "relief")


def test_an_appeal_to_the_reader_is_page_furniture(figures):
    table = figures("Donors gave $1.2 billion to the fund. If you can, please support us with just $3 a month.")
    assert table["value"].tolist() == [1.2e9]


def test_others_are_more_of_what_was_counted_before(figures):
    table = figures("The attack killed at least 23 people and injured more than 130 others.")
    assert one(table, 130)["subject"] == "people"
