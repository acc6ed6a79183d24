"""Explorer functions on small tables written here, and the widgets driven by setting `.value`."""
from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from kit import explore

TEXT_A = "Mayor Anna Berg said the bridge is closed. Berg added that “repairs take a week,” she told reporters."
TEXT_B = "The Riverton Institute said the river rose. Anna Berg met the institute's director Tom Hale."


def _corpus(**overrides) -> SimpleNamespace:
    articles = pd.DataFrame({
        "article_id": ["a", "b"], "outlet": ["Daily One", "Weekly Two"], "title": ["Bridge", "River"],
        "published": pd.to_datetime(["2024-01-02", "2024-02-03"]), "n_words": [18, 15],
        "text": [TEXT_A, TEXT_B],
        "raw_text": ["Subscribe now!\n" + TEXT_A, TEXT_B],
    })
    mentions = pd.DataFrame([
        ("a", 0, 6, 15, "Anna Berg", "Anna Berg", "PERSON", "Mayor"),
        ("a", 1, 43, 47, "Berg", "Anna Berg", "PERSON", None),
        ("b", 0, 4, 21, "Riverton Institute", "Riverton Institute", "ORG", None),
        ("b", 1, 44, 53, "Anna Berg", "Anna Berg", "PERSON", None),
        ("b", 1, 82, 90, "Tom Hale", "Tom Hale", "PERSON", "director"),
    ], columns=["article_id", "sentence_id", "start", "end", "surface", "name", "type", "role"])
    quotes = pd.DataFrame([("a", "q1", "repairs take a week,", "Anna Berg", "she", "told", "full", "to reporters",
                            60, 80, 1)],
                          columns=["article_id", "quote_id", "text", "speaker", "speaker_surface", "cue", "kind",
                                   "channel", "start", "end", "sentence_id"])
    claims = pd.DataFrame([("a", "c1", "the bridge is closed", "Anna Berg", "Anna Berg", "said", 21, 41, 0),
                           ("b", "c1", "the river rose", "Riverton Institute", "The Riverton Institute", "said",
                            28, 42, 0)],
                          columns=["article_id", "claim_id", "text", "speaker", "speaker_surface", "cue", "start",
                                   "end", "sentence_id"])
    actors = pd.DataFrame({"name": ["Anna Berg", "Riverton Institute", "Tom Hale"], "type": ["PERSON", "ORG", "PERSON"],
                           "n_mentions": [3, 1, 1]})
    figures = pd.DataFrame([
        ("a", "f1", "about 10 kilometers", 10.0, "km", "approx", "kilometers", "distance", None, None),
        ("a", "f2", "6.2 miles", 6.2, "mi", "approx", "miles", "distance", "f1", True),
        ("b", "f1", "fewer than 500 residents", 500.0, "count", "fewer_than", "residents", "count", None, None),
    ], columns=["article_id", "figure_id", "text", "value", "unit", "qualifier", "subject", "quantity",
                "converted_from", "conversion_ok"]).assign(speaker=["Anna Berg", None, None], start=[0, 20, 5])
    tables = dict(articles=articles, mentions=mentions, quotes=quotes, claims=claims, actors=actors,
                  figures=figures, rejected=pd.DataFrame(columns=["file", "reason"]),
                  places=pd.DataFrame(columns=["name", "lat", "lon", "aliases", "n_mentions"]),
                  sentences=pd.DataFrame(columns=["article_id", "sentence_id", "start", "end", "text"]))
    tables.update(overrides)
    return SimpleNamespace(**tables)


def test_kwic_escapes_text_and_highlights_the_span():
    text = "Before <b>bold</b> then <script>x()</script> after"
    start = text.index("<script>")
    out = explore.kwic(text, start, start + len("<script>x()</script>"), width=10)
    assert "<mark>&lt;script&gt;x()&lt;/script&gt;</mark>" in out
    assert "<b>" not in out and "&lt;/b&gt;" in out


def test_kwic_marks_cut_context_with_ellipses():
    text = "a" * 100 + "NAME" + "b" * 100
    out = explore.kwic(text, 100, 104, width=5)
    assert out == "…aaaaa <mark>NAME</mark> bbbbb…"


def test_html_table_escapes_cells_but_not_declared_html_columns():
    df = pd.DataFrame({"text": ["<img src=x onerror=alert(1)>"], "context": ["<mark>ok</mark>"]})
    out = explore.html_table(df, html_columns=["context"])
    assert "&lt;img src=x onerror=alert(1)&gt;" in out and "<img" not in out
    assert "<mark>ok</mark>" in out


def test_html_table_says_when_empty():
    assert "Nothing" in explore.html_table(pd.DataFrame(columns=["a"]))


def test_article_html_highlights_mentions_and_escapes_the_rest():
    text = "Tom <i>met</i> Ann.\n\nNext paragraph."
    mentions = pd.DataFrame({"start": [0], "end": [3], "type": ["PERSON"], "name": ["Tom Hale"]})
    out = explore.article_html(text, mentions)
    assert out.startswith('<p><mark class="kit-person" title="PERSON: Tom Hale">Tom</mark> &lt;i&gt;met')
    assert out.count("<p>") == 2


def test_articles_overview_counts_what_cleaning_removed():
    c = _corpus()
    out = explore.articles_overview(c.articles)
    row = out.set_index("article_id").loc["a"]
    assert row["lines_removed"] == 1
    assert row["chars_removed"] == len("Subscribe now!\n")
    assert explore.removed_lines(c.articles)["line"].tolist() == ["Subscribe now!"]


def test_actor_mentions_give_context_per_mention_in_order():
    c = _corpus()
    out = explore.actor_mentions(c.mentions, c.articles, "Anna Berg")
    assert out["article_id"].tolist() == ["a", "a", "b"]
    assert out["outlet"].tolist() == ["Daily One", "Daily One", "Weekly Two"]
    assert "<mark>Berg</mark>" in out["context"].iat[1]


def test_actor_roles_and_companions():
    c = _corpus()
    assert explore.actor_roles(c.mentions, "Anna Berg").to_dict("records") == [{"role": "Mayor", "n": 1}]
    comp = explore.companions(c.mentions, "Anna Berg")
    assert comp.to_dict("records") == [{"name": "Riverton Institute", "n_articles": 1},
                                       {"name": "Tom Hale", "n_articles": 1}]


def test_co_occurrence_by_sentence_only_pairs_actors_in_one_sentence():
    c = _corpus()
    pairs = explore.co_occurrence(c.mentions, "sentence")
    assert pairs[["a", "b"]].values.tolist() == [["Anna Berg", "Tom Hale"]]


def test_speech_joins_quotes_and_claims_with_outlet_and_filters():
    c = _corpus()
    table = explore.speech(c.quotes, c.claims, c.articles)
    assert sorted(table["form"]) == ["claim", "claim", "quote"]
    assert set(table["outlet"]) == {"Daily One", "Weekly Two"}
    assert len(explore.filter_speech(table, speaker="Anna Berg")) == 2
    assert len(explore.filter_speech(table, form="quote", channel="to reporters")) == 1
    assert explore.filter_speech(table, search="RIVER")["speaker"].tolist() == ["Riverton Institute"]
    assert len(explore.filter_speech(table, outlet=explore.ALL)) == 3


def test_speech_names_articles_without_outlet():
    c = _corpus()
    c.articles.loc[1, "outlet"] = None
    table = explore.speech(c.quotes, c.claims, c.articles)
    assert explore.filter_speech(table, outlet=explore.UNKNOWN_OUTLET)["text"].tolist() == ["the river rose"]


def test_speech_of_empty_tables_is_empty_with_columns():
    empty = explore.speech(pd.DataFrame(), pd.DataFrame(), _corpus().articles)
    assert empty.empty and "speaker" in empty.columns


@pytest.mark.parametrize("name, roles, context, group", [
    ("Joana Costa", ["spokeswoman for the Brazilian civil defence agency"], "", "Brazilian officials"),
    ("Wang Tao", ["Chinese Vice Foreign Minister"], "", "Chinese officials"),
    ("Jane Doe", ["U.S. Secretary of State"], "", "United States officials"),
    ("Sam Roe", ["senior fellow at a think tank in Berlin"], "", "analysts"),
    ("Harbor Research Center", [], "", "analysts"),
    ("Maria Lopez", ["governor"], "said Mexican ", "Mexican officials"),
    ("Colombian troops", [], "", "Colombian officials"),
    ("Peter Smith", ["baker"], "", "other"),
    ("Kim Lee", ["minister"], "", "other"),
])
def test_speaker_group_rules(name, roles, context, group):
    assert explore.speaker_group(name, roles, context) == group


def test_speaker_group_names_a_capital_by_its_country():
    assert explore.speaker_group("Li Wei", ["spokesman"], "Beijing rejected the report. ", person=True) == \
        "China officials"


def test_speaker_group_reads_no_nationality_in_a_persons_name():
    assert explore.speaker_group("Jordan Price", ["spokesman"], person=True) == "other"


def test_speaker_group_does_not_read_a_country_inside_a_longer_place_name():
    assert explore.speaker_group("Ana Ruiz", ["spokeswoman"], "the New Jersey ", person=True) == "other"


def test_speaker_group_of_a_country_standing_for_its_government():
    assert explore.speaker_group("the capital", countries=["KE"]) == "Kenya officials"


def test_speaker_groups_read_the_words_before_mentions():
    articles = pd.DataFrame({"article_id": ["x"], "text": ["Brazilian President Maria Lopez spoke."]})
    mentions = pd.DataFrame({"article_id": ["x"], "start": [19], "name": ["Maria Lopez"], "role": ["President"],
                             "type": ["PERSON"]})
    out = explore.speaker_groups(["Maria Lopez"], mentions, articles)
    assert out.to_dict("records") == [{"name": "Maria Lopez", "group": "Brazilian officials"}]


def test_speaker_groups_name_a_country_by_the_adjective_written_anywhere_in_the_corpus():
    text = "Chinese diplomat Li Wei spoke. Beijing's ministry, through Chen Bo, denied it."
    articles = pd.DataFrame({"article_id": ["x"], "text": [text]})
    mentions = pd.DataFrame({"article_id": ["x", "x"], "start": [text.index("Li"), text.index("Chen")],
                             "name": ["Li Wei", "Chen Bo"], "role": [None, None], "type": ["PERSON", "PERSON"]})
    out = explore.speaker_groups(["Li Wei", "Chen Bo"], mentions, articles)
    assert out["group"].tolist() == ["Chinese officials", "Chinese officials"]


def test_speaker_groups_use_the_government_a_place_stands_for():
    text = "Nairobi insists the road is open."
    articles = pd.DataFrame({"article_id": ["x"], "text": [text]})
    mentions = pd.DataFrame({"article_id": ["x"], "start": [0], "name": ["Nairobi"], "role": [None], "type": ["PLACE"],
                             "country": ["Kenya"], "government": ["Kenya"]})
    assert explore.speaker_groups(["Nairobi"], mentions, articles)["group"].tolist() == ["Kenya officials"]


def test_voices_and_forms_count_per_outlet():
    c = _corpus()
    table = explore.speech(c.quotes, c.claims, c.articles)
    groups = pd.DataFrame({"name": ["Anna Berg", "Riverton Institute"], "group": ["other", "analysts"]})
    v = explore.voices(table, groups)
    assert v.to_dict("records") == [
        {"outlet": "Daily One", "group": "other", "n_statements": 2, "n_speakers": 1},
        {"outlet": "Weekly Two", "group": "analysts", "n_statements": 1, "n_speakers": 1}]
    forms = explore.speech_forms(table).set_index(["outlet", "form"])["n"]
    assert forms[("Daily One", "quote")] == 1 and forms[("Weekly Two", "quote")] == 0


def test_filter_figures_and_conversions():
    c = _corpus()
    assert explore.filter_figures(c.figures, unit="km")["text"].tolist() == ["about 10 kilometers"]
    assert explore.filter_figures(c.figures, qualifier="approx", speaker="Anna Berg")["figure_id"].tolist() == ["f1"]
    conv = explore.conversions(c.figures)
    assert conv[["text", "original_text", "conversion_ok"]].values.tolist() == [
        ["6.2 miles", "about 10 kilometers", True]]


def test_filter_figures_tolerates_missing_columns():
    figures = pd.DataFrame({"article_id": ["a"], "text": ["5"]})
    assert explore.filter_figures(figures, subject="troops").empty
    assert len(explore.filter_figures(figures)) == 1


def test_population_series_keeps_the_main_places_population_counts():
    ledger = pd.DataFrame({
        "place": ["Springfield", "Springfield", "Springfield", "Shelbyville"],
        "family": ["population", "population", "troops", "population"],
        "context": ["pre-war", "current", "", ""], "unit": ["count"] * 4,
        "article_id": ["x"] * 4, "outlet": ["O"] * 4, "published": pd.to_datetime(["2024-05-01"] * 4),
        "value": [20000.0, 900.0, 5000.0, 300.0], "qualifier": ["exact", "fewer_than", "exact", "exact"]})
    out = explore.population_series(ledger)
    assert out[["place", "value", "series"]].values.tolist() == [
        ["Springfield", 900.0, "remaining"], ["Springfield", 20000.0, "pre-war"]]
    assert explore.population_series(ledger, place="Shelbyville")["value"].tolist() == [300.0]


def test_population_series_of_empty_ledger():
    out = explore.population_series(pd.DataFrame(columns=explore.LEDGER_COLUMNS))
    assert out.empty and "series" in out.columns


def test_distance_checks_compare_stated_distance_and_direction_with_coordinates():
    text = "Troops reached Northville, about 11 kilometers (6.8 miles) north of Southton, on Friday."
    start_n, start_s = text.index("Northville"), text.index("Southton")
    corpus = _corpus(
        sentences=pd.DataFrame({"article_id": ["x"], "sentence_id": [0], "start": [0], "end": [len(text)],
                                "text": [text]}),
        mentions=pd.DataFrame({"article_id": ["x", "x"], "start": [start_n, start_s],
                               "end": [start_n + 10, start_s + 8], "surface": ["Northville", "Southton"],
                               "name": ["Northville", "Southton"], "type": ["PLACE", "PLACE"]}),
        # Northville is 0.1 degree of latitude (about 11.1 km) due north of Southton.
        places=pd.DataFrame({"name": ["Northville", "Southton"], "lat": [50.1, 50.0], "lon": [30.0, 30.0],
                             "aliases": [["Northville"], ["Southton"]], "n_mentions": [1, 1]}))
    out = explore.distance_checks(corpus)
    row = out.iloc[0]
    assert (row["place"], row["reference"], row["stated_km"], row["stated_direction"]) == (
        "Northville", "Southton", 11.0, "north")
    assert row["gazetteer_km"] == pytest.approx(11.1, abs=0.1)
    assert row["gazetteer_direction"] == "north" and row["distance_ok"] and row["direction_ok"]


def test_distance_checks_flag_a_wrong_direction_in_miles():
    text = "Eastford lies 20 miles to the southwest of Westbury."
    corpus = _corpus(
        sentences=pd.DataFrame({"article_id": ["x"], "sentence_id": [0], "start": [0], "end": [len(text)],
                                "text": [text]}),
        mentions=pd.DataFrame({"article_id": ["x", "x"], "start": [0, text.index("Westbury")], "end": [8, 51],
                               "surface": ["Eastford", "Westbury"], "name": ["Eastford", "Westbury"],
                               "type": ["PLACE", "PLACE"]}),
        places=pd.DataFrame({"name": ["Eastford", "Westbury"], "lat": [40.0, 40.0], "lon": [-74.6, -75.0],
                             "aliases": [[], []], "n_mentions": [1, 1]}))
    row = explore.distance_checks(corpus).iloc[0]
    assert row["stated_km"] == pytest.approx(32.2, abs=0.1)
    assert row["gazetteer_direction"] == "east" and not row["direction_ok"]
    assert row["distance_ok"]


def test_distance_checks_without_places_is_empty():
    assert explore.distance_checks(_corpus()).empty


def test_actor_explorer_shows_the_picked_actors_quotes():
    explorer = explore.ActorExplorer(_corpus())
    assert explorer.actor.value == "Anna Berg"  # most mentioned first
    assert set(explorer.current["text"]) == {"repairs take a week,", "the bridge is closed"}
    explorer.actor.value = "Riverton Institute"
    assert explorer.current["text"].tolist() == ["the river rose"]
    shown = explorer.output.outputs[0]["data"]["text/html"]
    assert "the river rose" in shown and "repairs take a week" not in shown
    assert "Riverton Institute" in explorer.summary()


def test_actor_explorer_search_narrows_the_choices():
    explorer = explore.ActorExplorer(_corpus())
    explorer.search.value = "hale"
    assert [v for _, v in explorer.actor.options] == ["Tom Hale"]
    assert explorer.actor.value == "Tom Hale"
    assert "director" in explorer.output.outputs[0]["data"]["text/html"]


def test_speech_explorer_filters_on_widget_values():
    explorer = explore.SpeechExplorer(_corpus())
    assert len(explorer.current) == 3
    explorer.filters["outlet"].value = "Weekly Two"
    assert explorer.current["speaker"].tolist() == ["Riverton Institute"]
    explorer.filters["outlet"].value = explore.ALL
    explorer.search.value = "bridge"
    assert explorer.current["text"].tolist() == ["the bridge is closed"]
    assert "1 of 3" in explorer.output.outputs[0]["data"]["text/html"]


def test_figure_explorer_filters_on_widget_values():
    explorer = explore.FigureExplorer(_corpus())
    explorer.filters["unit"].value = "count"
    assert explorer.current["text"].tolist() == ["fewer than 500 residents"]
    assert "fewer than 500 residents" in explorer.output.outputs[0]["data"]["text/html"]


def test_article_reader_escapes_markup_in_the_article():
    corpus = _corpus(mentions=pd.DataFrame(columns=["article_id", "start", "end", "type", "name"]))
    corpus.articles.loc[0, "text"] = "Anna <script>alert(1)</script> <img src=x onerror=alert(2)>"
    reader = explore.ArticleReader(corpus)
    reader.article.value = "a"
    shown = reader.output.outputs[0]["data"]["text/html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown and "<script" not in shown and "<img" not in shown


def test_explorers_work_on_empty_tables():
    empty = _corpus(mentions=pd.DataFrame(columns=["article_id", "start", "end", "name", "type"]),
                    quotes=pd.DataFrame(), claims=pd.DataFrame(), actors=pd.DataFrame(columns=["name"]),
                    figures=pd.DataFrame())
    assert explore.ActorExplorer(empty).current.empty
    assert explore.SpeechExplorer(empty).current.empty
    assert explore.FigureExplorer(empty).current.empty


def test_explorer_text_repr_is_short_and_stable():
    bundle = explore.ActorExplorer(_corpus())._repr_mimebundle_()
    assert bundle["text/plain"] == "Actor explorer: 3 actors, showing Anna Berg (2 quotes and claims, 3 mentions)"
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_flat_joins_lists_and_formats_dates():
    df = pd.DataFrame({"aliases": [["A", "B"]], "when": pd.to_datetime(["2024-03-04"])})
    assert explore.flat(df).to_dict("records") == [{"aliases": "A; B", "when": "2024-03-04"}]


def test_speaker_group_takes_the_side_named_closest_to_the_mention():
    assert explore.speaker_group("Maria Lopez", ["President"], "after Chilean strikes, Argentinian ") == \
        "Argentinian officials"


def test_speaker_groups_vote_over_mentions():
    text = "Chilean shelling hit. Colombian Mayor Ola Kent spoke. Kent, mayor, left."
    articles = pd.DataFrame({"article_id": ["x"], "text": [text]})
    mentions = pd.DataFrame({"article_id": ["x", "x"], "start": [text.index("Ola"), text.index("Kent,")],
                             "name": ["Ola Kent", "Ola Kent"], "role": ["Mayor", "mayor"]})
    assert explore.speaker_groups(["Ola Kent"], mentions, articles)["group"].tolist() == ["Colombian officials"]


@pytest.mark.parametrize("name, group", [("Washington", "United States officials"), ("Brazil", "Brazil officials")])
def test_speaker_named_by_a_country_or_capital_is_its_government(name, group):
    assert explore.speaker_group(name) == group


def test_voices_keep_the_largest_groups_and_fold_the_rest_into_other():
    table = pd.DataFrame({"outlet": ["Daily One"] * 6 + ["Weekly Two"],
                          "speaker": ["A", "A", "A", "B", "B", "C", "D"]})
    groups = pd.DataFrame({"name": ["A", "B", "C", "D"],
                           "group": ["analysts", "Chinese officials", "Brazilian officials", "Kenyan officials"]})
    v = explore.voices(table, groups, top=2)
    assert v.to_dict("records") == [
        {"outlet": "Daily One", "group": "analysts", "n_statements": 3, "n_speakers": 1},
        {"outlet": "Daily One", "group": "Chinese officials", "n_statements": 2, "n_speakers": 1},
        {"outlet": "Daily One", "group": "other", "n_statements": 1, "n_speakers": 1},
        {"outlet": "Weekly Two", "group": "other", "n_statements": 1, "n_speakers": 1}]
    assert explore.group_order(v) == ["analysts", "Chinese officials", "other"]


def test_speech_with_claims_only_marks_them_reported():
    c = _corpus()
    table = explore.speech(pd.DataFrame(), c.claims, c.articles)
    assert table["kind"].tolist() == ["reported", "reported"]
    assert explore.filter_speech(table, kind="reported", outlet="Weekly Two")["text"].tolist() == ["the river rose"]


def _place_corpus(text: str, names: list[str], coords: dict[str, tuple[float, float]], kinds=None) -> SimpleNamespace:
    starts = [text.index(n) for n in names]
    return _corpus(
        sentences=pd.DataFrame({"article_id": ["x"], "sentence_id": [0], "start": [0], "end": [len(text)],
                                "text": [text]}),
        mentions=pd.DataFrame({"article_id": ["x"] * len(names), "start": starts,
                               "end": [s + len(n) for s, n in zip(starts, names)], "surface": names, "name": names,
                               "type": ["PLACE"] * len(names)}),
        places=pd.DataFrame({"name": list(coords), "lat": [c[0] for c in coords.values()],
                             "lon": [c[1] for c in coords.values()], "aliases": [[n] for n in coords],
                             "kind": [(kinds or {}).get(n, "settlement") for n in coords],
                             "n_mentions": [names.count(n) for n in coords]}))


def test_distance_checks_read_a_direction_without_distance_against_the_main_place():
    text = "Southton held out. Fighting near Northville to the southwest aims to relieve Southton and Southton's roads."
    corpus = _place_corpus(text, ["Southton", "Northville", "Southton", "Southton"],
                           {"Southton": (50.0, 30.0), "Northville": (50.2, 29.9)})
    row = explore.distance_checks(corpus).iloc[0]
    assert (row["place"], row["reference"], row["stated_direction"]) == ("Northville", "Southton", "southwest")
    assert pd.isna(row["stated_km"]) and row["gazetteer_direction"] == "north-northwest"
    assert not row["direction_ok"]


def test_distance_checks_ignore_countries_and_far_away_places():
    text = "In Bigland, fighting goes on in the region north of Southton and elsewhere."
    corpus = _place_corpus(text, ["Bigland", "Southton"], {"Bigland": (49.0, 31.0), "Southton": (50.0, 30.0)},
                           kinds={"Bigland": "country"})
    assert explore.distance_checks(corpus).empty


def test_distance_checks_read_thousands_separators():
    text = "Farport, 1,200 miles east of Southton, was quiet."
    corpus = _place_corpus(text, ["Farport", "Southton"], {"Farport": (50.0, 58.0), "Southton": (50.0, 30.0)})
    row = explore.distance_checks(corpus).iloc[0]
    assert row["stated_km"] == pytest.approx(1931.2, abs=0.1)
    assert row["direction_ok"]
