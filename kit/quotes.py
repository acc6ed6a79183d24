"""Direct quotations and reported claims, with their speakers."""
from __future__ import annotations

from typing import Mapping

import pandas as pd
from spacy.tokens import Doc

QUOTE_COLUMNS = ["article_id", "quote_id", "text", "speaker", "speaker_surface", "cue", "kind", "channel",
                 "start", "end", "sentence_id", "hedged"]
CLAIM_COLUMNS = ["article_id", "claim_id", "text", "speaker", "speaker_surface", "cue", "start", "end",
                 "sentence_id", "hedged"]


def extract_quotes(doc: Doc, mentions: pd.DataFrame, article: Mapping) -> pd.DataFrame:
    """Direct quotations in the article (columns QUOTE_COLUMNS)."""
    return pd.DataFrame(columns=QUOTE_COLUMNS)


def extract_claims(doc: Doc, mentions: pd.DataFrame, article: Mapping) -> pd.DataFrame:
    """Reported speech without quotation marks (columns CLAIM_COLUMNS)."""
    return pd.DataFrame(columns=CLAIM_COLUMNS)
