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
# Numbers only: an estimate is a hedge on a figure, not on a statement.
_ESTIMATE = re.compile(r"\b(?:estimated|estimates?)\b", re.I)


def qualifies(text: str) -> bool:
    """True when `text` hedges what it says itself (qualifier words or a disclaimer)."""
    return bool(_QUALIFIER.search(text) or _DISCLAIMER.search(text))


def disclaims(text: str) -> bool:
    """True when `text` says something could not be verified (a hedge on the sentence before)."""
    return bool(_DISCLAIMER.search(text))


def estimates(text: str) -> bool:
    """True when `text` presents a number as an estimate."""
    return bool(_ESTIMATE.search(text))
