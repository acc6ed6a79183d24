"""kit.extract: one article in, every per-article table out, offsets pointing into the text."""
from __future__ import annotations

from kit.extract import TABLES, extract_article, speech_spans

import pandas as pd

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
