"""Per-article extraction: a pure function of (article, parsed doc) -> small tables.

Because nothing here looks at other articles, the same function runs in a test, in a worker
process, from the cache and as a Dask task. Corpus-wide steps (alias merging, aggregates) run
after, in kit.corpus.
"""
from __future__ import annotations

from typing import Mapping

import pandas as pd
from spacy.tokens import Doc

from . import actors, figures, nlp, quotes

TABLES = ("sentences", "mentions", "quotes", "claims", "figures")


def speech_spans(quote_rows: pd.DataFrame, claim_rows: pd.DataFrame) -> pd.DataFrame:
    """Character spans of reported speech (quotes and claims) with their speaker, for figures."""
    cols = ["start", "end", "speaker", "hedged"]
    parts = [t.reindex(columns=cols) for t in (quote_rows, claim_rows) if len(t)]
    if not parts:
        return pd.DataFrame(columns=cols)
    return pd.concat(parts, ignore_index=True)


def extract_article(article: Mapping, doc: Doc) -> dict[str, pd.DataFrame]:
    """Every per-article table for one article whose clean `text` was parsed into `doc`."""
    article_id = str(article["article_id"])
    sentence_rows = nlp.sentences(doc, article_id)
    mention_rows = actors.extract_mentions(doc, article)
    quote_rows, claim_rows = quotes.extract_speech(doc, mention_rows, article)
    figure_rows = figures.extract_figures(doc, speech_spans(quote_rows, claim_rows), article)
    return {
        "sentences": sentence_rows,
        "mentions": mention_rows,
        "quotes": quote_rows,
        "claims": claim_rows,
        "figures": figure_rows,
    }
