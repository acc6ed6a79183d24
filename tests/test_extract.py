"""kit.extract: one article in, every per-article table out, offsets pointing into the text."""
from __future__ import annotations

import pandas as pd

from kit.cache import normalize
from kit.extract import TABLES, extract_article, extract_rows, frame, speech_spans

TEXT = (
    "The mayor of Springfield, Jane Porter, said on Monday that the bridge would reopen.\n\n"
    "“We expect traffic to return within two weeks,” Porter told reporters. "
    "About 12,000 cars crossed the bridge every day before it closed."
)


def test_every_table_is_returned_and_tagged_with_the_article(make_doc, article):
    article["text"] = TEXT
    tables = extract_article(article, make_doc(TEXT))
    assert set(tables) == set(TABLES)
    for name, table in tables.items():
        assert isinstance(table, pd.DataFrame), name
        assert (table["article_id"] == "t1").all(), name


def test_rows_from_text_point_into_the_article_text(make_doc, article):
    article["text"] = TEXT
    tables = extract_article(article, make_doc(TEXT))
    for name in ("sentences", "mentions"):
        for row in tables[name].itertuples():
            assert 0 <= row.start < row.end <= len(TEXT), name
    surfaces = {TEXT[r.start:r.end] for r in tables["mentions"].itertuples()}
    assert "Jane Porter" in surfaces


def test_extraction_is_a_pure_function_of_article_and_doc(make_doc, article):
    article["text"] = TEXT
    first = extract_article(article, make_doc(TEXT))
    second = extract_article(dict(article), make_doc(TEXT))
    for name in TABLES:
        pd.testing.assert_frame_equal(first[name], second[name])


def test_speech_spans_join_quotes_and_claims():
    quotes = pd.DataFrame({"start": [5], "end": [20], "speaker": ["Jane Porter"], "hedged": [False], "text": ["x"]})
    claims = pd.DataFrame({"start": [30], "end": [50], "speaker": ["Council"], "hedged": [True]})
    spans = speech_spans(quotes, claims)
    assert list(spans.columns) == ["start", "end", "speaker", "hedged"]
    assert spans["speaker"].tolist() == ["Jane Porter", "Council"]
    assert speech_spans(quotes.iloc[0:0], claims.iloc[0:0]).empty


def test_one_table_of_several_articles_rows_equals_their_tables_concatenated(make_doc, article):
    other = "Floods closed 15 roads near Cork on Sunday, police said. “Stay at home,” Sean Walsh told residents."
    arts = [dict(article, article_id="a", text=TEXT), dict(article, article_id="b", text=other)]
    found = [extract_rows(a, make_doc(a["text"])) for a in arts]
    for name in TABLES:
        together = frame(name, found[0][name] + found[1][name])
        one_by_one = pd.concat([frame(name, f[name]) for f in found], ignore_index=True)
        assert set(together["article_id"]) == {"a", "b"}, name
        # as every table the kit returns, compared once normalized (None and NaN are both missing)
        pd.testing.assert_frame_equal(normalize(together), normalize(one_by_one))
    assert frame("figures", found[0]["figures"]).equals(extract_article(arts[0], make_doc(TEXT))["figures"])
