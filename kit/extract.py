"""Per-article extraction: a pure function of (article, parsed doc) -> small tables.

Because nothing here looks at other articles, the same function runs in a test, in a worker
process, from the cache and as a Dask task. Corpus-wide steps (alias merging, aggregates) run
after, in kit.corpus.

`extract_rows` returns the rows without building tables, so that a batch build makes one table of
many articles' rows (`frame`): pandas' cost per table is larger than extraction's per article.
"""
from __future__ import annotations

from typing import Callable, Mapping

import pandas as pd
from spacy.tokens import Doc

from . import actors, figures, nlp, quotes

TABLES = ("sentences", "mentions", "quotes", "claims", "figures")
_FRAMES: dict[str, Callable[[list], pd.DataFrame]] = {
    "sentences": nlp.sentences_frame,
    "mentions": actors.mentions_frame,
    "quotes": quotes.quotes_frame,
    "claims": quotes.claims_frame,
    "figures": figures.figures_frame,
}


def speech_spans(quote_rows: pd.DataFrame, claim_rows: pd.DataFrame) -> pd.DataFrame:
    """Character spans of reported speech (quotes and claims) with their speaker, for figures."""
    cols = ["start", "end", "speaker", "hedged"]
    parts = [t.reindex(columns=cols) for t in (quote_rows, claim_rows) if len(t)]
    if not parts:
        return pd.DataFrame(columns=cols)
    return pd.concat(parts, ignore_index=True)


def extract_rows(article: Mapping, doc: Doc) -> dict[str, list]:
    """The rows of every per-article table (TABLES) for one article parsed into `doc`."""
    mention_rows = actors.mention_rows(doc, article)
    quote_rows, claim_rows = quotes.speech_rows(doc, mention_rows, article)
    spans = [(r["start"], r["end"], r["speaker"], r["hedged"]) for r in quote_rows + claim_rows]
    return {
        "sentences": nlp.sentence_rows(doc, article),
        "mentions": mention_rows,
        "quotes": quote_rows,
        "claims": claim_rows,
        "figures": figures.figure_rows(doc, spans, article),
    }


def frame(name: str, rows: list) -> pd.DataFrame:
    """The table `name` (one of TABLES) of rows from `extract_rows` of one or more articles."""
    return _FRAMES[name](rows)


def extract_article(article: Mapping, doc: Doc) -> dict[str, pd.DataFrame]:
    """Every per-article table for one article whose clean `text` was parsed into `doc`."""
    return {name: frame(name, rows) for name, rows in extract_rows(article, doc).items()}
