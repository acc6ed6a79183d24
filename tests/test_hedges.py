"""kit.hedges: the shared vocabulary that marks quotes, claims and figures as hedged."""
from __future__ import annotations

import pytest

from kit import hedges


@pytest.mark.parametrize("text", [
    "The factory was reportedly hit twice.",
    "The minister allegedly took the bribe.",
    "According to preliminary estimates, the flood displaced thousands.",
    "The figures could not be independently verified.",
    "The claim hasn't been confirmed.",
    "Independent verification of reports is difficult due to limited access.",
    "There was no independent confirmation of the toll.",
    "REPORTEDLY, THE DAM FAILED.",
    "Unconfirmed reports spoke of heavy losses.",
    "The toll wasn’t Corroborated by the ministry.",
])
def test_hedging_language_is_recognised(text):
    assert hedges.qualifies(text)


@pytest.mark.parametrize("text", [
    "The mayor confirmed the bridge will reopen on Friday.",
    "Officials verified the count and published it.",
    "According to the schedule, the vote is on Tuesday.",
])
def test_plain_reporting_is_not_hedged(text):
    assert not hedges.qualifies(text)


def test_a_disclaimer_can_stand_in_the_next_sentence():
    assert hedges.disclaims("Those numbers could not be independently confirmed.")
    assert not hedges.disclaims("Reportedly, the talks stalled.")


def test_estimates_hedge_numbers_only():
    assert hedges.estimates("An estimated 4,000 people fled.")
    assert not hedges.qualifies("An estimated 4,000 people fled.")
