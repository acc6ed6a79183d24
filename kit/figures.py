"""Figures: numbers that state a quantity, with unit, qualifier and subject."""
from __future__ import annotations

from typing import Mapping

import pandas as pd
from spacy.tokens import Doc

FIGURE_COLUMNS = ["article_id", "figure_id", "text", "value", "low", "high", "unit", "qualifier", "subject",
                  "quantity", "converted_from", "conversion_ok", "speaker", "hedged", "start", "end",
                  "sentence_id"]


def extract_figures(doc: Doc, speech: pd.DataFrame, article: Mapping) -> pd.DataFrame:
    """Figures in the article (columns FIGURE_COLUMNS); `speech` holds quote/claim spans with speakers."""
    return pd.DataFrame(columns=FIGURE_COLUMNS)
