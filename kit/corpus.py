"""The Corpus: articles plus every extracted table, built once per corpus."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import actors, clean, config, extract, nlp, places, sources

CORPUS_TABLES = ("sentences", "mentions", "quotes", "claims", "figures", "actors", "places")


def load_articles(path: str | Path = config.RAW) -> pd.DataFrame:
    """One row per readable article under `path` (see README: the articles table)."""
    records, _ = sources.read_sources(path)
    return clean.articles_frame(records)


class Corpus:
    """Articles and the tables extracted from them; extraction runs on first access."""

    def __init__(self, path: str | Path = config.RAW):
        self.path = Path(path)
        records, self.rejected = sources.read_sources(self.path)
        self.articles = clean.articles_frame(records)
        self._tables: dict[str, pd.DataFrame] | None = None

    def _build(self) -> dict[str, pd.DataFrame]:
        if self._tables is None:
            parts: dict[str, list[pd.DataFrame]] = {name: [] for name in extract.TABLES}
            rows = self.articles.to_dict("records")
            for article, doc in zip(rows, nlp.parse(a["text"] for a in rows)):
                for name, table in extract.extract_article(article, doc).items():
                    parts[name].append(table)
            tables = {name: pd.concat(p, ignore_index=True) if p else pd.DataFrame() for name, p in parts.items()}
            self._tables = _corpus_steps(tables, self.articles)
        return self._tables

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name in CORPUS_TABLES:
            return self._build()[name]
        raise AttributeError(name)


def _corpus_steps(tables: dict[str, pd.DataFrame], articles: pd.DataFrame) -> dict[str, pd.DataFrame]:
    names = actors.corpus_names(tables["mentions"])
    for key, column in (("mentions", "name"), ("quotes", "speaker"), ("claims", "speaker"), ("figures", "speaker")):
        if column in tables[key]:
            tables[key][column] = tables[key][column].map(lambda n: names.get(n, n))
    tables["actors"] = actors.actors_table(tables["mentions"], articles)
    tables["places"] = places.places_table(tables["mentions"], articles)
    return tables


def load_corpus(path: str | Path = config.RAW) -> Corpus:
    """Load every article under `path`; the extracted tables are computed on first use."""
    return Corpus(path)
