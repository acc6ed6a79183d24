"""Finding article files, reading their formats and encodings, applying the manifest."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import config

TEXT_SUFFIXES = {".txt", ".md"}
REJECTED_COLUMNS = ["file", "reason"]
MANIFEST_COLUMNS = ["file", "outlet", "title", "published", "url", "byline", "notes"]


def read_sources(path: str | Path) -> tuple[list[dict], pd.DataFrame]:
    """Read every article file under `path`: records (article_id, path, raw_text, metadata) and rejections."""
    folder = Path(path)
    records, rejected = [], []
    for file in sorted(p for p in folder.iterdir() if p.is_file() and p.name != config.MANIFEST_NAME):
        if file.suffix.lower() not in TEXT_SUFFIXES:
            rejected.append((file.name, f"unsupported format {file.suffix!r}"))
            continue
        records.append({"article_id": file.stem, "path": str(file), "raw_text": file.read_text(encoding="utf-8")})
    return records, pd.DataFrame(rejected, columns=REJECTED_COLUMNS)
