"""The figure ledger: the same measurement as reported by different articles, side by side.

An analyst checking claims wants every article's number for "the city's pre-war population" or
"troops massed near the city" in one place, with who said it and when, and a flag where outlets
reporting at about the same time disagree. The ledger groups figures by a measure key built from
the place, the family of the counted noun (residents, people, civilians and population are one
family), the context (pre-war or current) and the unit.
"""
from __future__ import annotations

import math
import re

import pandas as pd

LEDGER_COLUMNS = ["measure", "place", "family", "context", "unit", "article_id", "figure_id", "outlet", "published",
                  "value", "low", "high", "qualifier", "speaker", "hedged", "text", "disagrees", "notes"]

# Nouns that count the people living in a place; news uses them interchangeably for one number.
_POPULATION = {"resident", "people", "population", "civilian", "inhabitant", "citizen", "person", "local",
               "dweller"}
_FORCES = {"troop", "soldier", "personnel", "serviceman", "servicemen", "servicemember", "fighter", "force"}
_FAMILIES = {**{w: "population" for w in _POPULATION}, **{w: "troops" for w in _FORCES}}

# What happened to the people counted; it decides the family of a generic people-noun.
_EVENTS = (
    ("killed", re.compile(r"\b(?:kill\w*|dead|died|deaths?|death toll|fatalit\w+|lost their lives)\b", re.I)),
    ("injured", re.compile(r"\b(?:injur\w*|wound\w*|hurt)\b", re.I)),
    ("displaced", re.compile(r"\b(?:evacuat\w*|fled|flee\w*|displaced|refugees?)\b", re.I)),
    ("detained", re.compile(r"\b(?:detain\w*|arrest\w*|prisoners?|captives?|captured)\b", re.I)),
)
# Words that place a number before the war or in the present; the nearest one decides.
_CONTEXTS = (
    ("pre-war", re.compile(r"\b(?:pre-?war|before the (?:war|invasion|conflict|fighting)|pre-?invasion"
                           r"|pre-?conflict|used to|once had|formerly|previously)\b", re.I)),
    ("current", re.compile(r"\b(?:remain\w*|now|currently|still|today|left in|stay\w*)\b", re.I)),
)
# Distances and durations name no endpoints or periods, so two of them need not measure the same thing.
_COMPARABLE = {"count", "share", "money", "area", "volume", "mass", "power", "energy"}
_WINDOW_DAYS = 14
_TOLERANCE = 0.02
_SENTENCE_END = re.compile(r"(?<![A-Z])[.!?](?=\s)|\n")
_CLAUSE_END = re.compile(r"[,;:—–()]|(?<![A-Z])[.!?](?=\s)|\n")


def _singular(word: str) -> str:
    # subjects are single head nouns, so a plural-s rule is enough to join "residents" and "resident"
    w = str(word or "").lower()
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


def _span(text: str, start: int, end: int, pattern: re.Pattern) -> tuple[int, int]:
    """Character span around [start, end) up to the nearest boundary matched by pattern on each side."""
    left = 0
    for m in pattern.finditer(text, max(0, start - 400), start):
        left = m.end()
    m = pattern.search(text, end, end + 400)
    return left, m.start() if m else min(len(text), end + 400)


def _context(text: str, start: int, end: int) -> str:
    """pre-war / current from the nearest cue in the sentence, cues before the figure first."""
    s0, s1 = _span(text, start, end, _SENTENCE_END)
    before: list[tuple[int, str]] = []
    after: list[tuple[int, str]] = []
    for name, pattern in _CONTEXTS:
        for m in pattern.finditer(text, s0, start):
            before.append((start - m.end(), name))
        for m in pattern.finditer(text, end, s1):
            after.append((m.start() - end, name))
    if before:
        return min(before)[1]
    return min(after)[1] if after else ""


def _family(subject: str, text: str, start: int, end: int) -> str:
    noun = _singular(subject)
    if noun in _POPULATION:
        c0, c1 = _span(text, start, end, _CLAUSE_END)
        s0, s1 = _span(text, start, end, _SENTENCE_END)
        for window in ((c0, c1), (s0, s1)):
            for name, pattern in _EVENTS:
                if pattern.search(text, window[0], window[1]):
                    return name
        return "population"
    return _FAMILIES.get(noun, noun)


def _article_places(mentions: pd.DataFrame | None) -> tuple[dict, dict]:
    """(article_id -> main place, (article_id, sentence_id) -> [(start, name)]).

    The main place is the most mentioned place of the article, ties going to the one named first
    (the lede's place).
    """
    if mentions is None or len(mentions) == 0 or not {"type", "name", "sentence_id", "start"} <= set(mentions):
        return {}, {}
    places = mentions[mentions["type"].astype(str).str.upper().isin({"PLACE", "GPE", "LOC"})]
    places = places.dropna(subset=["name"]).sort_values(["article_id", "start"], kind="stable")
    main: dict = {}
    for article_id, group in places.groupby("article_id", sort=True):
        stats = group.groupby("name", sort=True)["start"].agg(["count", "min"]).reset_index()
        best = stats.sort_values(["count", "min"], ascending=[False, True], kind="stable").iloc[0]
        main[str(article_id)] = str(best["name"])
    by_sentence: dict = {}
    for row in places.itertuples(index=False):
        by_sentence.setdefault((str(row.article_id), row.sentence_id), []).append((int(row.start), str(row.name)))
    return main, by_sentence


_PREPOSITION_BEFORE = re.compile(
    r"\b(?:in|of|near|from|to|toward|towards|at|across|outside|around|into|inside|beyond)\s+(?:the\s+)?$", re.I)


def _place(fig, family: str, text: str, main: dict, by_sentence: dict) -> str:
    """Where the figure is: for a population the place named last before it in the sentence that is
    not inside a prepositional phrase ("Pokrovsk, a hub in the Donetsk region, ... its population
    of 60,000" -> Pokrovsk); otherwise, and when the sentence names none, the article's main place."""
    article_id = str(fig.article_id)
    if family == "population":
        before = [(start, name) for start, name in by_sentence.get((article_id, fig.sentence_id), [])
                  if start < int(fig.start) and not _PREPOSITION_BEFORE.search(text[max(0, start - 30):start])]
        if before:
            return max(before)[1]
    return main.get(article_id, "")


def _interval(row) -> tuple[float, float]:
    """The values a figure allows, from its qualifier: "fewer than 7,000" allows [0, 7000)."""
    v, lo, hi = float(row.value), float(row.low), float(row.high)
    q = str(row.qualifier or "exact")
    if q == "approx":
        return v * 0.9, v * 1.1
    if q in {"more_than", "at_least"}:
        return v, math.inf
    if q in {"fewer_than", "at_most", "up_to"}:
        return 0.0, v
    if q == "range":
        return lo, hi
    return v, v


def _agree(a, b) -> bool:
    a0, a1 = _interval(a)
    b0, b1 = _interval(b)
    slack = _TOLERANCE * max(abs(a0), abs(a1) if a1 != math.inf else 0, abs(b0), abs(b1) if b1 != math.inf else 0)
    return a0 <= b1 + slack and b0 <= a1 + slack


def _notes(group: pd.DataFrame) -> pd.DataFrame:
    """disagrees/notes for one measure: other outlets within the window whose values do not overlap."""
    rows = list(group.itertuples())
    flags, notes = [], []
    for a in rows:
        found = []
        for b in rows:
            if b.Index == a.Index or b.outlet == a.outlet or a.quantity not in _COMPARABLE:
                continue
            if pd.isna(a.published) or pd.isna(b.published):
                continue
            if abs((a.published - b.published).days) > _WINDOW_DAYS:
                continue
            if not _agree(a, b):
                when = b.published.date().isoformat()
                found.append(f"{b.outlet} ({when}): {b.text}")
        flags.append(bool(found))
        notes.append("; ".join(sorted(set(found))))
    return pd.DataFrame({"disagrees": flags, "notes": notes}, index=group.index)


def ledger_table(figures: pd.DataFrame, articles: pd.DataFrame, mentions: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per figure, grouped by what it measures, with disagreements between outlets flagged.

    Inputs: the figures table (kit.figures), the articles table (article_id, outlet, published,
    text) and optionally the mentions table (places give each measure its place).
    Columns:
      measure   group key "place: family (context) [unit]", e.g. "Springfield: population (pre-war) [count]"
      place     the place the figure is about: the article's most mentioned place when the sentence
                names it or no place, else the place named in the sentence nearest the figure
      family    the counted noun's family: population (residents, people, civilians, population...),
                troops (troops, soldiers, personnel...), killed/injured/displaced/detained for people
                counted by what happened to them, else the singular subject (needs, battle, kilometer)
      context   pre-war, current or "" from the nearest cue word in the sentence
      unit      the figure's unit
      article_id, figure_id, text, value, low, high, qualifier, speaker, hedged: from figures
      outlet, published: from articles
      disagrees True when an article of another outlet published within 14 days gives a value for
                the same measure that cannot be reconciled with this one (qualifiers taken into
                account: "fewer than 7,000" agrees with "about 6,500"); distances and durations
                are never compared because they name no endpoints
      notes     the disagreeing outlets, dates and texts
    Sorted by measure, published, outlet, figure_id.
    """
    if figures is None or len(figures) == 0:
        return pd.DataFrame(columns=LEDGER_COLUMNS)
    meta = articles.set_index(articles["article_id"].astype(str))
    main, by_sentence = _article_places(mentions)
    records = []
    for fig in figures.itertuples(index=False):
        article_id = str(fig.article_id)
        text = str(meta.at[article_id, "text"]) if article_id in meta.index else ""
        family = _family(fig.subject, text, int(fig.start), int(fig.end))
        context = _context(text, int(fig.start), int(fig.end)) if fig.quantity == "count" else ""
        place = _place(fig, family, text, main, by_sentence)
        measure = f"{place + ': ' if place else ''}{family or fig.quantity}{f' ({context})' if context else ''} [{fig.unit}]"
        records.append({
            "measure": measure, "place": place, "family": family, "context": context, "unit": fig.unit,
            "article_id": article_id, "figure_id": fig.figure_id,
            "outlet": meta.at[article_id, "outlet"] if article_id in meta.index else None,
            "published": meta.at[article_id, "published"] if article_id in meta.index else pd.NaT,
            "value": fig.value, "low": fig.low, "high": fig.high, "qualifier": fig.qualifier,
            "speaker": fig.speaker, "hedged": fig.hedged, "text": fig.text, "quantity": fig.quantity,
        })
    table = pd.DataFrame(records)
    table["published"] = pd.to_datetime(table["published"])
    table = table.sort_values(["measure", "published", "outlet", "figure_id"], na_position="last",
                              kind="stable").reset_index(drop=True)
    flags = [_notes(group) for _, group in table.groupby("measure", sort=True)]
    table = table.join(pd.concat(flags))
    return table.reindex(columns=LEDGER_COLUMNS)


def ledger(corpus) -> pd.DataFrame:
    """The figure ledger of a loaded corpus (columns: see ledger_table)."""
    mentions = getattr(corpus, "mentions", None)
    return ledger_table(corpus.figures, corpus.articles, mentions)
