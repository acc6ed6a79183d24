"""Mentions of actors and places, canonical names, alias merging and the actors table."""
from __future__ import annotations

from typing import Mapping

import pandas as pd
from spacy.tokens import Doc

MENTION_COLUMNS = ["article_id", "sentence_id", "start", "end", "surface", "name", "type", "role", "acting"]
ACTOR_COLUMNS = ["name", "type", "aliases", "roles", "n_mentions", "n_articles", "first_published", "last_published"]
_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "NORP": "GROUP", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}


def extract_mentions(doc: Doc, article: Mapping) -> pd.DataFrame:
    """One row per entity mention in the article body (columns MENTION_COLUMNS)."""
    sent_index = {s.start: i for i, s in enumerate(doc.sents)}
    rows = []
    for ent in doc.ents:
        if ent.label_ not in _TYPES:
            continue
        rows.append((str(article["article_id"]), sent_index.get(ent.sent.start, -1), ent.start_char,
                     ent.end_char, ent.text, ent.text, _TYPES[ent.label_], None, False))
    return pd.DataFrame(rows, columns=MENTION_COLUMNS)


def corpus_names(mentions: pd.DataFrame) -> dict[str, str]:
    """Map every per-article name to one canonical name across the corpus."""
    return {n: n for n in mentions["name"].dropna().unique()}


def actors_table(mentions: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """One row per canonical PERSON/ORG/GROUP (columns ACTOR_COLUMNS)."""
    m = mentions[mentions["type"].isin(["PERSON", "ORG", "GROUP"])].merge(
        articles[["article_id", "published"]], on="article_id", how="left")
    if m.empty:
        return pd.DataFrame(columns=ACTOR_COLUMNS)
    g = m.groupby("name", sort=True)
    out = pd.DataFrame({
        "type": g["type"].agg(lambda s: s.mode().iat[0]),
        "aliases": g["surface"].agg(lambda s: sorted(set(s))),
        "roles": g["role"].agg(lambda s: sorted(set(s.dropna()))),
        "n_mentions": g.size(),
        "n_articles": g["article_id"].nunique(),
        "first_published": g["published"].min(),
        "last_published": g["published"].max(),
    }).reset_index()
    return out[ACTOR_COLUMNS]
