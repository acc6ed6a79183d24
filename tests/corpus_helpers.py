"""Helpers shared by the corpus, cache and CLI tests: small article folders and table comparison."""
from __future__ import annotations

from pathlib import Path

import pandas as pd


def write_articles(folder: Path, articles: dict[str, str]) -> Path:
    """Write {file name: text} into `folder` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def assert_same_tables(first: dict[str, pd.DataFrame], second: dict[str, pd.DataFrame]) -> None:
    """Same table names in the same order, each frame equal."""
    assert list(first) == list(second)
    for name in first:
        pd.testing.assert_frame_equal(first[name], second[name], obj=name)
