"""Hedges: the words with which an article qualifies what it reports.

Quotes, claims and figures are all marked `hedged` by the same vocabulary, so it lives here once.
"""
from __future__ import annotations

import re

# Words that qualify the statement they sit in ("reportedly", "according to estimates").
_QUALIFIER = re.compile(
    r"\b(?:reportedly|allegedly|purportedly|supposedly|unverified|unconfirmed|"
    r"according to (?:\w+ )?(?:estimates|reports|rumou?rs))\b",
    re.I)
# A disclaimer that something could not be checked; it may follow in the next sentence
# ("Those numbers could not be independently confirmed.").
_DISCLAIMER = re.compile(
    r"\b(?:could\s+not|cannot|can\s+not|has\s+not|have\s+not|had\s+not|was\s+not|were\s+not|is\s+not|are\s+not|"
    r"unable\s+to|not|\w+n[’']t)\s+(?:(?:be|been|yet|immediately|independently|able\s+to)\s+)*"
    r"(?:verif|confirm|corroborat)"
    r"|\bno\s+independent\s+(?:verification|confirmation)"
    r"|\bindependent(?:ly)?\s+(?:verification|confirmation|verify|confirm)\w*[^.]{0,60}\b"
    r"(?:difficult|impossible|not possible)"
    r"|\b(?:unverified|unconfirmed)\b",
    re.I)
# Every match of the patterns above contains one of these (lowercased): a substring test rules out
# most sentences at a fraction of the cost of the disclaimer pattern, which tries every word.
_QUALIFIER_WORDS = ("edly", "unverified", "unconfirmed", "according to")
_DISCLAIMER_WORDS = ("verif", "confirm", "corroborat")
# Numbers only: an estimate is a hedge on a figure, not on a statement.
_ESTIMATE = re.compile(r"\b(?:estimated|estimates?)\b", re.I)


def qualifies(text: str) -> bool:
    """True when `text` hedges what it says itself (qualifier words or a disclaimer)."""
    low = text.lower()
    return bool(any(w in low for w in _QUALIFIER_WORDS) and _QUALIFIER.search(text)) or _disclaims(text, low)


def disclaims(text: str) -> bool:
    """True when `text` says something could not be verified (a hedge on the sentence before)."""
    return _disclaims(text, text.lower())


def _disclaims(text: str, low: str) -> bool:
    return any(w in low for w in _DISCLAIMER_WORDS) and bool(_DISCLAIMER.search(text))


def estimates(text: str) -> bool:
    """True when `text` presents a number as an estimate."""
    return bool(_ESTIMATE.search(text))
