"""kit.quotes: direct quotations and reported claims with the right speaker (sentences written here)."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from kit.actors import MENTION_COLUMNS, extract_mentions
from kit.quotes import (CLAIM_COLUMNS, QUOTE_COLUMNS, claims_frame, extract_claims, extract_quotes, extract_speech,
                        quote_spans, quotes_frame, speech_rows)


def _mentions(text: str, names: list[tuple[str, str, str]]) -> pd.DataFrame:
    """A mentions table written in the test: (surface, canonical name, type) at every occurrence."""
    rows = [{"article_id": "t1", "sentence_id": 0, "start": m.start(), "end": m.end(), "surface": surface,
             "name": name, "type": type_}
            for surface, name, type_ in names for m in re.finditer(re.escape(surface), text)]
    return pd.DataFrame(rows).reindex(columns=MENTION_COLUMNS).sort_values("start", ignore_index=True)


@pytest.fixture
def run(make_doc, article):
    def _run(text: str, names: list[tuple[str, str, str]] | None = None):
        art = dict(article, text=text)
        doc = make_doc(text)
        mentions = extract_mentions(doc, art) if names is None else _mentions(text, names)
        return extract_quotes(doc, mentions, art), extract_claims(doc, mentions, art)
    return _run


def _quote(quotes: pd.DataFrame, fragment: str) -> dict:
    hits = quotes[quotes["text"].str.contains(fragment, regex=False)]
    assert len(hits) == 1, f"{fragment!r} not found once in {quotes['text'].tolist()}"
    return hits.iloc[0].to_dict()


def _claim(claims: pd.DataFrame, fragment: str) -> dict:
    hits = claims[claims["text"].str.contains(fragment, regex=False)]
    assert len(hits) >= 1, f"{fragment!r} not in {claims['text'].tolist()}"
    return hits.iloc[0].to_dict()


# --- pairing quotation marks ----------------------------------------------------------------------

def test_nested_single_quotes_stay_inside_the_double_quote():
    text = "“The report said ‘no further action’ was needed,” the clerk wrote."
    assert [text[s:e] for s, e in quote_spans(text)] == ["The report said ‘no further action’ was needed,"]


def test_straight_and_curly_marks_mixed_in_one_article():
    text = 'She called it "historic". Her rival called it “a farce” on Sunday.'
    assert [text[s:e] for s, e in quote_spans(text)] == ["historic", "a farce"]


def test_a_stray_mark_does_not_swallow_the_rest_of_the_article():
    text = ("HOME» News\n"
            "A lone “ mark sits in this line.\n"
            "“The dam is safe,” the engineer said. Officials called it “sound”.")
    assert [text[s:e] for s, e in quote_spans(text)] == ["The dam is safe,", "sound"]


def test_a_quote_over_two_paragraphs_is_one_quote():
    text = ("“We will open the school in May,” Ms. Carter said. “Teachers are ready.\n\n"
            "“Parents have waited long enough.”")
    spans = [text[s:e] for s, e in quote_spans(text)]
    assert spans[0] == "We will open the school in May,"
    assert spans[1].startswith("Teachers are ready.") and spans[1].endswith("waited long enough.")


def test_apostrophes_are_not_quotes():
    text = "The farmers’ union said it won’t back the plan, Ukraine’s envoy’s aide noted."
    assert quote_spans(text) == []


# --- quotes and their speakers --------------------------------------------------------------------

def test_speaker_after_the_quote_in_the_same_sentence(run):
    text = ("Heavy rain fell across the valley on Friday.\n\n"
            "“The river is rising fast and more homes may flood overnight,” the regional flood agency "
            "Waterwatch wrote in a post on Facebook.")
    quotes, _ = run(text, [("Waterwatch", "Waterwatch", "ORG")])
    q = _quote(quotes, "river is rising")
    assert q["speaker"] == "Waterwatch"
    assert q["kind"] == "full"
    assert q["cue"] == "write"
    assert q["channel"] == "in a post on Facebook"
    assert text[q["start"]:q["end"]] == q["text"]


def test_he_said_resolves_to_the_person_named_before(run):
    text = ("Governor John Miller toured the flooded district on Tuesday. "
            "“We will rebuild every home that was lost,” he said.")
    quotes, _ = run(text)
    q = _quote(quotes, "rebuild every home")
    assert q["speaker"] == "John Miller"
    assert q["speaker_surface"] == "he"


def test_she_and_he_go_to_different_people(run):
    text = ("Senator Alice Brown met Governor John Miller in the capital. "
            "She said the funding should be doubled. "
            "“We have waited years for this,” he said.")
    quotes, claims = run(text)
    assert _claim(claims, "funding should be doubled")["speaker"] == "Alice Brown"
    assert _quote(quotes, "waited years")["speaker"] == "John Miller"


def test_a_description_resolves_to_the_actor_with_that_title(run):
    text = ("Secretary of Transport Maria Lopez opened the new line on Monday. "
            "Trains will run every ten minutes, the secretary said.")
    _, claims = run(text, [("Maria Lopez", "Maria Lopez", "PERSON")])
    c = _claim(claims, "Trains will run")
    assert c["speaker"] == "Maria Lopez"
    assert c["speaker_surface"] == "the secretary"


def test_the_think_tank_resolves_to_the_organisation_that_spoke_before(run):
    text = ("The Harbor Policy Institute said the port was losing trade. "
            "The Boston-based think tank noted that exports fell for a third month.")
    _, claims = run(text, [("The Harbor Policy Institute", "Harbor Policy Institute", "ORG")])
    c = _claim(claims, "exports fell")
    assert c["speaker"] == "Harbor Policy Institute"
    assert c["speaker_surface"] == "The Boston-based think tank"


def test_a_standalone_quote_continues_the_previous_speaker(run):
    text = ("“Prices will keep falling through the winter,” Ellen Park wrote last week. "
            "“‘Slowly then quickly’ is how markets turn.”")
    quotes, _ = run(text, [("Ellen Park", "Ellen Park", "PERSON")])
    assert _quote(quotes, "Slowly then quickly")["speaker"] == "Ellen Park"
    assert _quote(quotes, "Slowly then quickly")["kind"] == "full"


def test_a_standalone_quote_after_a_reported_claim_continues_its_speaker(run):
    text = ("Mayor Ruth Adams said the bridge would reopen in June.\n"
            "“Nobody wants this closure to last a day longer than needed.”")
    quotes, _ = run(text)
    assert _quote(quotes, "Nobody wants")["speaker"] == "Ruth Adams"


def test_said_name_comma_title_after_the_quote(run):
    text = "“We will keep the border open to trade,” said Maria Lopez, the trade secretary."
    quotes, _ = run(text)
    q = _quote(quotes, "keep the border open")
    assert q["speaker"] == "Maria Lopez"
    assert q["kind"] == "full"


def test_name_said_colon_quote(run):
    text = ("Farm prices fell again in March. Agriculture Minister Tom Vance said: "
            "“Our farmers deserve better. We will deliver.”")
    quotes, _ = run(text)
    q = _quote(quotes, "Our farmers deserve better")
    assert q["speaker"] == "Tom Vance"
    assert q["kind"] == "full"


def test_official_news_with_many_he_said_quotes(run):
    text = ("Prime Minister David Ross announced new support for families on Thursday.\n\n"
            "“Every child deserves a warm home,” he said. “This winter we will make sure of it.\n\n"
            "“Help will reach the first families by December.”\n\n"
            "The package was welcomed by charities. “It is only a start,” he added.")
    quotes, _ = run(text)
    assert len(quotes) == 3
    assert set(quotes["speaker"]) == {"David Ross"}
    multi = _quote(quotes, "This winter")
    assert multi["text"].endswith("by December.") and multi["kind"] == "full"
    assert _quote(quotes, "only a start")["cue"] == "add"


def test_a_short_partial_quote_is_a_quote_of_the_speaker(run):
    text = "The Harbor Policy Institute said it was “premature” to call the recovery complete."
    quotes, _ = run(text, [("The Harbor Policy Institute", "Harbor Policy Institute", "ORG")])
    q = _quote(quotes, "premature")
    assert q["speaker"] == "Harbor Policy Institute"
    assert q["kind"] == "partial"


def test_a_quoted_name_belongs_to_whoever_dubs_or_calls(run):
    text = ("Local media have dubbed the bridge the “iron giant.” "
            "The Transit Authority calls the tunnel the \"backbone of the city\".")
    quotes, _ = run(text, [("The Transit Authority", "Transit Authority", "ORG")])
    assert _quote(quotes, "iron giant")["speaker"].lower() == "local media"
    assert _quote(quotes, "iron giant")["cue"] == "dub"
    assert _quote(quotes, "backbone")["speaker"] == "Transit Authority"
    assert _quote(quotes, "backbone")["cue"] == "call"


def test_scare_quotes_have_no_speaker(run):
    text = "The so-called “green corridor” has been debated for years."
    quotes, claims = run(text)
    q = _quote(quotes, "green corridor")
    assert q["kind"] == "scare"
    assert q["speaker"] is None
    assert claims.empty


def test_a_speaker_nobody_named_keeps_its_own_words(run):
    text = "Norway’s coast guard said on Monday that the tanker had been “drifting for hours”."
    quotes, claims = run(text)
    assert _quote(quotes, "drifting for hours")["speaker"] == "Norway’s coast guard"
    assert _claim(claims, "the tanker had been")["speaker"] == "Norway’s coast guard"


def test_channel_on_social_media_and_to_reporters(run):
    text = ("“The water is safe to drink,” the utility said on social media. "
            "“Tests came back clean,” Mayor Ruth Adams told reporters.")
    quotes, _ = run(text)
    assert _quote(quotes, "safe to drink")["channel"] == "on social media"
    assert _quote(quotes, "Tests came back")["channel"] == "to reporters"


# --- claims ---------------------------------------------------------------------------------------

def test_said_on_a_day_that(run):
    text = "The Port Authority said on Monday that cargo volumes had doubled since spring."
    _, claims = run(text, [("The Port Authority", "Port Authority", "ORG")])
    c = _claim(claims, "cargo volumes had doubled")
    assert c["speaker"] == "Port Authority"
    assert c["cue"] == "say"
    assert not c["text"].startswith("that")


def test_said_without_that(run):
    text = "Analysts say the central bank will cut rates twice this year."
    _, claims = run(text)
    c = _claim(claims, "central bank will cut rates")
    assert c["speaker"].lower() == "analysts"


def test_speaker_at_the_end_of_the_sentence(run):
    text = "Nearly half of all new cars sold in the city are electric, Mayor Ruth Adams said on Friday."
    _, claims = run(text)
    c = _claim(claims, "Nearly half of all new cars")
    assert c["speaker"] == "Ruth Adams"
    assert "said" not in c["text"]


def test_according_to(run):
    text = "The fire destroyed more than 40 homes, according to local officials."
    _, claims = run(text)
    c = _claim(claims, "fire destroyed more than 40 homes")
    assert c["speaker"] == "local officials"
    assert c["cue"] == "according to"
    assert "according" not in c["text"]


def test_according_to_a_document_by_an_organisation(run):
    text = "Rebels hold the northern hills, according to a map by the Conflict Monitor."
    _, claims = run(text, [("the Conflict Monitor", "Conflict Monitor", "ORG")])
    assert _claim(claims, "Rebels hold the northern hills")["speaker"] == "Conflict Monitor"


def test_according_to_a_plan_is_not_a_claim(run):
    text = "The works went ahead according to the schedule agreed in May."
    _, claims = run(text)
    assert claims.empty


@pytest.mark.parametrize("verb", ["confirms", "insists", "noted", "claims", "announced", "emphasizes",
                                  "countered", "acknowledged"])
def test_reporting_verbs_with_that(run, verb):
    text = f"The Water Board {verb} that the reservoir is nearly full."
    _, claims = run(text, [("The Water Board", "Water Board", "ORG")])
    c = _claim(claims, "the reservoir is nearly full")
    assert c["speaker"] == "Water Board"


def test_acknowledged_a_noun_phrase(run):
    text = "President Ana Silva acknowledged serious delays in the rail project."
    _, claims = run(text)
    c = _claim(claims, "serious delays in the rail project")
    assert c["speaker"] == "Ana Silva"


def test_saying_that_and_stating_that_take_the_main_subject(run):
    text = ("Mayor Ruth Adams urged residents to stay indoors, stating that the storm would peak at night. "
            "The Coast Guard closed the harbor, saying that waves were too high.")
    _, claims = run(text, [("Ruth Adams", "Ruth Adams", "PERSON"), ("The Coast Guard", "Coast Guard", "ORG")])
    assert _claim(claims, "storm would peak")["speaker"] == "Ruth Adams"
    assert _claim(claims, "waves were too high")["speaker"] == "Coast Guard"


def test_adding_that_inside_a_claim_takes_the_reporting_subject(run):
    text = ("The Harbor Policy Institute noted that exports fell, adding that imports would "
            "likely follow in the coming months.")
    _, claims = run(text, [("The Harbor Policy Institute", "Harbor Policy Institute", "ORG")])
    assert _claim(claims, "imports would")["speaker"] == "Harbor Policy Institute"
    assert "adding" not in _claim(claims, "exports fell")["text"]


@pytest.mark.parametrize("group", [[], [("Western economists", "western economists", "GROUP")]])
def test_including_a_named_analyst(run, group):
    text = ("Western economists, including Sarah Klein of the Baltic Research Group, say that "
            "growth will slow next year.")
    _, claims = run(text, [("Sarah Klein", "Sarah Klein", "PERSON"),
                           ("the Baltic Research Group", "Baltic Research Group", "ORG")] + group)
    assert _claim(claims, "growth will slow")["speaker"] == "Sarah Klein"


def test_title_then_apposition_name(run):
    text = "The country’s top general, Marcus Hale, countered that the front was holding."
    _, claims = run(text, [("Marcus Hale", "Marcus Hale", "PERSON")])
    assert _claim(claims, "the front was holding")["speaker"] == "Marcus Hale"


def test_the_attribution_of_a_direct_quote_is_not_a_claim(run):
    text = "“We will win this case,” the lawyer said."
    _, claims = run(text)
    assert claims.empty


def test_things_that_do_not_speak_make_no_claims(run):
    text = "The recent floods underscore the need for better drainage."
    _, claims = run(text)
    assert claims.empty


def test_negated_and_infinitive_reporting_verbs_make_no_claims(run):
    text = "The company did not say that prices would rise. The minister refused to say whether talks failed."
    _, claims = run(text)
    assert claims.empty


# --- hedges ---------------------------------------------------------------------------------------

def test_hedged_when_the_next_sentence_says_it_could_not_be_confirmed(run):
    text = ("About 300 fighters crossed the border, Colonel Ivan Petrov said on Monday. "
            "Those numbers could not be independently confirmed. The army said the roads were open.")
    _, claims = run(text)
    assert _claim(claims, "300 fighters crossed")["hedged"]
    assert not _claim(claims, "roads were open")["hedged"]


def test_hedged_when_reportedly_or_according_to_estimates(run):
    text = ("Officials said the rebels reportedly seized two towns. "
            "Officials said the harvest was good.")
    _, claims = run(text)
    assert _claim(claims, "seized two towns")["hedged"]
    assert not _claim(claims, "harvest was good")["hedged"]


# --- the tables -----------------------------------------------------------------------------------

def test_tables_have_documented_columns_and_offsets_into_the_text(run):
    text = ("Mayor Ruth Adams said the budget was balanced.\n\n"
            "“We will not raise fares,” Adams told reporters on Tuesday.")
    quotes, claims = run(text)
    assert list(quotes.columns) == QUOTE_COLUMNS
    assert list(claims.columns) == CLAIM_COLUMNS
    for table in (quotes, claims):
        assert len(table)
        for row in table.itertuples():
            assert text[row.start:row.end] == row.text
    q = _quote(quotes, "raise fares")
    assert q["quote_id"] == "t1-q1"
    assert q["sentence_id"] == 1
    assert _claim(claims, "budget was balanced")["claim_id"] == "t1-c1"


def test_an_article_without_speech_gives_empty_tables(run):
    quotes, claims = run("The bridge opened in 1932. It spans the river.")
    assert quotes.empty and claims.empty
    assert list(quotes.columns) == QUOTE_COLUMNS and list(claims.columns) == CLAIM_COLUMNS


def test_name_said_comma_quote_is_a_full_quote(run):
    text = "At the rally, Governor John Miller said, “We will not close a single school this year.”"
    quotes, _ = run(text)
    q = _quote(quotes, "single school")
    assert q["speaker"] == "John Miller"
    assert q["kind"] == "full"


def test_a_statement_speaks_for_whoever_issued_it(run):
    text = ("The Port Authority issued a statement late on Sunday. "
            "“All terminals will reopen at dawn,” the statement said. "
            "The Port Authority's report said that traffic had fallen by a third.")
    quotes, claims = run(text, [("The Port Authority", "Port Authority", "ORG")])
    assert _quote(quotes, "All terminals")["speaker"] == "Port Authority"
    assert _claim(claims, "traffic had fallen")["speaker"] == "Port Authority"


def test_a_quote_split_by_its_attribution_keeps_one_speaker(run):
    text = "“We are ready,” Mayor Ruth Adams said, “and we will act as soon as the council votes.”"
    quotes, _ = run(text)
    second = _quote(quotes, "and we will act")
    assert second["speaker"] == "Ruth Adams"
    assert second["kind"] == "full"


def test_a_spokesman_speaks_for_the_organisation(run):
    text = "A spokesman for the Interior Ministry said three people had been detained."
    _, claims = run(text, [("the Interior Ministry", "Interior Ministry", "ORG")])
    c = _claim(claims, "three people had been detained")
    assert c["speaker"] == "Interior Ministry"
    assert c["speaker_surface"] == "A spokesman for the Interior Ministry"


def test_a_sentence_running_over_a_line_break_does_not_lend_its_verb(run):
    text = ("Officials warned that the dam could fail\n"
            "“Not now,” Ruth Adams said.\n"
            "“Stay calm.”")
    quotes, _ = run(text, [("Ruth Adams", "Ruth Adams", "PERSON")])
    assert _quote(quotes, "Not now")["speaker"] == "Ruth Adams"
    assert _quote(quotes, "Stay calm")["speaker"] == "Ruth Adams"


def test_she_said_without_a_named_person_takes_the_recent_speaker(run):
    text = ("The country’s foreign minister said on Monday that talks had made progress. "
            "“We are ready to sign,” she said.")
    quotes, _ = run(text, [])
    assert _quote(quotes, "ready to sign")["speaker"] == "country’s foreign minister"


def test_continued_attributes_only_when_it_reports(run):
    text = ("“The roads are open again,” Mayor Ruth Adams said. “Buses will run tonight,” she continued. "
            "The army continued its “special operation” in the east.")
    quotes, _ = run(text)
    assert _quote(quotes, "Buses will run")["speaker"] == "Ruth Adams"
    assert _quote(quotes, "special operation")["kind"] == "scare"


def test_a_claim_inside_another_claim_is_not_repeated(run):
    text = "The figures suggest that demand is recovering, said Tom Reed, an analyst at Northgate Securities."
    _, claims = run(text, [("Tom Reed", "Tom Reed", "PERSON")])
    assert len(claims) == 1
    assert claims.iloc[0]["speaker"] == "Tom Reed"


def test_a_description_does_not_take_someone_with_another_title(run):
    text = ("“This is great news,” said Wang Li, a spokesperson for the builders. "
            "The minister added that details would follow in the autumn.")
    _, claims = run(text, [("Wang Li", "Wang Li", "PERSON")])
    assert _claim(claims, "details would follow")["speaker"] == "minister"


def test_acting_capital_speaks_for_its_country(run):
    _, claims = run("Paris insists that the treaty is still valid. Tokyo said on Friday it would send a delegation.")
    assert _claim(claims, "treaty is still valid")["speaker"] == "France"
    assert _claim(claims, "send a delegation")["speaker"] == "Japan"


_PRESS_RELEASE = """OSLO, May 6 -- The Ministry of Fisheries announced on Wednesday new limits on cod catches.

"We must let the stocks recover before the next season," said Dr. Ingrid Solberg, spokesperson for the Ministry of Fisheries.

"Boats will be inspected every week," she said. "No exceptions will be made."

Olav Brekke, who heads the Coastal Fishermen's Union, said the limits were harsh but expected.

"Our members will lose a month of income," he said.

He added that the union would ask for compensation.

The minister, Kari Vik, said in a statement that 12 harbours would be checked first. "This is the strictest limit in twenty years," Vik said.

"We will publish the catch data monthly," the minister said, adding that the fines had doubled.
"""


def test_press_release_quotes_and_claims_have_the_right_speakers(run):
    quotes, claims = run(_PRESS_RELEASE)
    expected_quotes = {
        "let the stocks recover": "Ingrid Solberg", "inspected every week": "Ingrid Solberg",
        "No exceptions": "Ingrid Solberg", "lose a month of income": "Olav Brekke",
        "strictest limit": "Kari Vik", "publish the catch data": "Kari Vik",
    }
    for fragment, speaker in expected_quotes.items():
        assert _quote(quotes, fragment)["speaker"] == speaker, fragment
    assert len(quotes) == len(expected_quotes)
    expected_claims = {
        "new limits on cod catches": "Ministry of Fisheries", "harsh but expected": "Olav Brekke",
        "ask for compensation": "Olav Brekke", "12 harbours would be checked": "Kari Vik",
        "fines had doubled": "Kari Vik",
    }
    for fragment, speaker in expected_claims.items():
        assert _claim(claims, fragment)["speaker"] == speaker, fragment


def test_claim_after_a_quoted_paragraph_keeps_its_own_clause(run):
    text = ('"Nobody should wait longer than a day," she said. "That is the rule."\n\n'
            'Tom Reed, who runs the Harbour Trust, said the rule was fair.')
    _, claims = run(text)
    claim = _claim(claims, "the rule was fair")
    assert claim["speaker"] == "Tom Reed" and "Nobody" not in claim["text"]


def test_said_in_a_statement_that(run):
    _, claims = run("The mayor, Lena Holm, said in a statement that the bridge would reopen in June.")
    claim = _claim(claims, "the bridge would reopen")
    assert claim["speaker"] == "Lena Holm"


def test_announced_on_a_day_a_noun_object_is_a_claim(run):
    _, claims = run("The Port Authority announced on Monday new fees for cruise ships.")
    assert _claim(claims, "new fees for cruise ships")["speaker"] == "Port Authority"


def test_place_name_with_a_particle_is_not_the_reported_clause(run):
    _, claims = run("Rio Grande do Norte Governor Clara Nunes said the roads were closed.")
    claim = _claim(claims, "the roads were closed")
    assert claim["speaker"] == "Clara Nunes" and "Grande" not in claim["text"]


def test_clause_split_by_the_parser_is_reported_whole(run):
    _, claims = run("A senior official told reporters that talks with the World Bank (WB) would resume in July.")
    claim = _claim(claims, "would resume in July")
    assert claim["text"] == "talks with the World Bank (WB) would resume in July"


def test_percent_sign_ends_a_claim(run):
    _, claims = run("Anna Lind met traders. The Harbour Board expects growth of 3.5%, she said.")
    assert _claim(claims, "growth of")["text"].endswith("3.5%")


def _mayor_and_ministry(make_doc, article):
    """(doc, mentions table, article) of a text with a quote and claims by two named speakers."""
    text = ("Ana Ruiz, the mayor, said the bridge would reopen in May. “We are nearly done,” she said.\n"
            "The ministry said that repairs cost more than planned, according to officials.")
    mentions = _mentions(text, [("Ana Ruiz", "Ana Ruiz", "PERSON"), ("ministry", "the ministry", "ORG")])
    return make_doc(text), mentions, dict(article, text=text)


def test_extract_speech_returns_the_quotes_and_claims_tables_in_one_pass(make_doc, article):
    doc, mentions, art = _mayor_and_ministry(make_doc, article)
    found_quotes, found_claims = extract_speech(doc, mentions, art)
    assert len(found_quotes) and len(found_claims)
    pd.testing.assert_frame_equal(found_quotes, extract_quotes(doc, mentions, art))
    pd.testing.assert_frame_equal(found_claims, extract_claims(doc, mentions, art))


def test_mention_rows_find_the_same_speakers_as_the_mentions_table(make_doc, article):
    doc, mentions, art = _mayor_and_ministry(make_doc, article)
    quote_rows, claim_rows = speech_rows(doc, mentions.to_dict("records"), art)
    assert [r["speaker"] for r in quote_rows] == ["Ana Ruiz"]
    expected_quotes, expected_claims = extract_speech(doc, mentions, art)
    pd.testing.assert_frame_equal(quotes_frame(quote_rows), expected_quotes)
    pd.testing.assert_frame_equal(claims_frame(claim_rows), expected_claims)
