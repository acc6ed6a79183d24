"""The gazetteer, place disambiguation, coordinates and the places table."""
from __future__ import annotations

import pandas as pd

PLACE_COLUMNS = ["name", "kind", "country", "lat", "lon", "aliases", "n_mentions", "n_articles"]


def places_table(mentions: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """One row per canonical place (columns PLACE_COLUMNS)."""
    m = mentions[mentions["type"] == "PLACE"]
    if m.empty:
        return pd.DataFrame(columns=PLACE_COLUMNS)
    g = m.groupby("name", sort=True)
    out = pd.DataFrame({
        "aliases": g["surface"].agg(lambda s: sorted(set(s))),
        "n_mentions": g.size(),
        "n_articles": g["article_id"].nunique(),
    }).reset_index()
    return out.reindex(columns=PLACE_COLUMNS)
