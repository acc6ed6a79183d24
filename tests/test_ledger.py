"""kit.ledger: the same measurement across articles, with disagreements between outlets flagged."""
from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from kit import ledger
from kit.ledger import LEDGER_COLUMNS, ledger_table

TEXTS = {
    "a1": "Fewer than 900 residents remain in Lakeview, down from a pre-war population of 12,000.",
    "a2": "Before the war, Lakeview was home to about 12,000 people. Now 2,500 civilians are left.",
    "a3": "Lakeview had a prewar population of 12,000, now reduced to fewer than 300 residents.",
    "a4": "Lakeview lies 30 kilometers from the border.",
    "a5": "The shelling of Lakeview killed 14 people on Monday.",
    "a6": "The shelling of Lakeview killed 40 people on Monday.",
}


def _figure(article_id, n, surface, value, subject, qualifier="exact", unit="count", quantity="count", speaker=None):
    text = TEXTS[article_id]
    start = text.index(surface)
    return {"article_id": article_id, "figure_id": f"{article_id}-f{n}", "text": surface, "value": float(value),
            "low": float(value), "high": float(value), "unit": unit, "qualifier": qualifier, "subject": subject,
            "quantity": quantity, "converted_from": None, "conversion_ok": pd.NA, "speaker": speaker,
            "hedged": False, "start": start, "end": start + len(surface), "sentence_id": 0}


FIGURES = pd.DataFrame([
    _figure("a1", 1, "Fewer than 900 residents", 900, "residents", "fewer_than"),
    _figure("a1", 2, "12,000", 12000, "population"),
    _figure("a2", 1, "about 12,000 people", 12000, "people", "approx", speaker="Mayor Kim"),
    _figure("a2", 2, "2,500 civilians", 2500, "civilians"),
    _figure("a3", 1, "12,000", 12000, "population"),
    _figure("a3", 2, "fewer than 300 residents", 300, "residents", "fewer_than"),
    _figure("a4", 1, "30 kilometers", 30, "kilometers", unit="km", quantity="distance"),
    _figure("a5", 1, "14 people", 14, "people"),
    _figure("a6", 1, "40 people", 40, "people"),
])
ARTICLES = pd.DataFrame({
    "article_id": list(TEXTS),
    "outlet": ["Daily One", "Evening Two", "Daily One", "Evening Two", "Daily One", "Evening Two"],
    "published": pd.to_datetime(["2025-03-01", "2025-03-05", "2025-06-01", "2025-03-02", "2025-04-01",
                                 "2025-04-02"]),
    "text": list(TEXTS.values()),
})


def _row(table, figure_id):
    return table.set_index("figure_id").loc[figure_id]


def test_one_row_per_figure_with_outlet_date_and_speaker():
    table = ledger_table(FIGURES, ARTICLES)
    assert list(table.columns) == LEDGER_COLUMNS
    assert sorted(table["figure_id"]) == sorted(FIGURES["figure_id"])
    row = _row(table, "a2-f1")
    assert (row["outlet"], row["published"], row["speaker"]) == ("Evening Two", pd.Timestamp("2025-03-05"),
                                                                 "Mayor Kim")


def test_residents_people_civilians_and_population_are_one_family_split_by_pre_war_and_now():
    table = ledger_table(FIGURES, ARTICLES)
    prewar = {_row(table, f)["measure"] for f in ("a1-f2", "a2-f1", "a3-f1")}
    current = {_row(table, f)["measure"] for f in ("a1-f1", "a2-f2", "a3-f2")}
    assert len(prewar) == 1 and len(current) == 1 and prewar != current
    assert _row(table, "a1-f2")["family"] == "population"
    assert _row(table, "a1-f2")["context"] == "pre-war"
    assert _row(table, "a2-f2")["context"] == "current"


def test_people_counted_by_what_happened_to_them_are_not_the_population():
    table = ledger_table(FIGURES, ARTICLES)
    assert _row(table, "a5-f1")["family"] == "killed"


def test_outlets_that_disagree_at_about_the_same_time_are_flagged():
    table = ledger_table(FIGURES, ARTICLES)
    # 900 remaining (Daily One, March 1) against 2,500 (Evening Two, March 5): irreconcilable
    assert _row(table, "a1-f1")["disagrees"] and _row(table, "a2-f2")["disagrees"]
    assert "Evening Two (2025-03-05): 2,500 civilians" in _row(table, "a1-f1")["notes"]
    assert _row(table, "a5-f1")["disagrees"] and _row(table, "a6-f1")["disagrees"]


def test_reconcilable_qualifiers_and_distant_dates_are_not_flagged():
    table = ledger_table(FIGURES, ARTICLES)
    # "about 12,000" agrees with "12,000"; the June article is months away from the others
    assert not _row(table, "a1-f2")["disagrees"] and not _row(table, "a2-f1")["disagrees"]
    assert not _row(table, "a3-f2")["disagrees"] and _row(table, "a3-f2")["notes"] == ""


def test_distances_are_listed_but_never_compared():
    figures = pd.concat([FIGURES, pd.DataFrame([{**_figure("a4", 1, "30 kilometers", 30, "kilometers",
                                                           unit="km", quantity="distance"),
                                                 "figure_id": "a1-f9", "article_id": "a1", "start": 0, "end": 5}])])
    table = ledger_table(figures, ARTICLES)
    distances = table[table["unit"] == "km"]
    assert len(distances) == 2 and not distances["disagrees"].any()


def test_places_from_mentions_enter_the_measure():
    mentions = pd.DataFrame({"article_id": ["a1", "a2", "a2", "a3"], "sentence_id": [0, 0, 0, 0],
                             "start": [21, 16, 16, 0], "end": [29, 24, 24, 8],
                             "name": ["Lakeview"] * 4, "type": ["PLACE"] * 4})
    table = ledger_table(FIGURES, ARTICLES, mentions)
    assert _row(table, "a1-f2")["place"] == "Lakeview"
    assert _row(table, "a1-f2")["measure"] == "Lakeview: population (pre-war) [count]"


def test_empty_figures_give_an_empty_ledger():
    assert list(ledger_table(FIGURES.iloc[0:0], ARTICLES).columns) == LEDGER_COLUMNS


def test_ledger_reads_the_corpus_tables():
    corpus = SimpleNamespace(figures=FIGURES, articles=ARTICLES, mentions=pd.DataFrame())
    pd.testing.assert_frame_equal(ledger(corpus), ledger_table(FIGURES, ARTICLES))
