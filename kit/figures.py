"""Figures: numbers that state a quantity, with unit, qualifier and subject.

spaCy supplies the tokens, entities (DATE/TIME/ORDINAL spans are never counts) and the parse;
text2num reads number words; pint parses and converts units. What no library does well on news
text (measured: quantulum3, Duckling and Recognizers-Text all miss or misread these) is written
here: which words qualify a number ("fewer than", "within"), what a number counts ("a pre-war
population of 60,000" counts population), vague plurals ("tens of thousands"), shares ("one-third
of"), ranges, conversions in brackets and hedges ("could not be independently confirmed").
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Mapping

import pandas as pd
import pint
from spacy.tokens import Doc, Token
from text_to_num import text2num

from . import hedges
from .nlp import doc_text

FIGURE_COLUMNS = ["article_id", "figure_id", "text", "value", "low", "high", "unit", "qualifier", "subject",
                  "quantity", "converted_from", "conversion_ok", "speaker", "hedged", "start", "end",
                  "sentence_id"]
_FIGURE_DTYPES = dict.fromkeys(FIGURE_COLUMNS, object) | dict.fromkeys(("value", "low", "high"), "float64") \
    | dict.fromkeys(("start", "end", "sentence_id"), "int64") | {"hedged": "bool", "conversion_ok": "boolean"}

# Qualifier phrases that may stand right before a number, longest first so "no more than" wins
# over "more than". "nearly"/"almost" count as approx: the writer rounds up to a figure, not a cap.
_PRE_QUALIFIERS: tuple[tuple[tuple[str, ...], str], ...] = tuple(sorted((
    (("at", "least"), "at_least"), (("no", "fewer", "than"), "at_least"), (("no", "less", "than"), "at_least"),
    (("not", "less", "than"), "at_least"), (("a", "minimum", "of"), "at_least"), (("minimum", "of"), "at_least"),
    (("more", "than"), "more_than"), (("over",), "more_than"), (("above",), "more_than"),
    (("in", "excess", "of"), "more_than"), (("upwards", "of"), "more_than"), (("upward", "of"), "more_than"),
    (("just", "over"), "more_than"), (("well", "over"), "more_than"), (("exceeding",), "more_than"),
    (("fewer", "than"), "fewer_than"), (("less", "than"), "fewer_than"), (("under",), "fewer_than"),
    (("below",), "fewer_than"), (("just", "under"), "fewer_than"),
    (("at", "most"), "at_most"), (("no", "more", "than"), "at_most"), (("not", "more", "than"), "at_most"),
    (("a", "maximum", "of"), "at_most"), (("maximum", "of"), "at_most"),
    (("up", "to"), "up_to"), (("within",), "up_to"), (("as", "many", "as"), "up_to"), (("as", "much", "as"), "up_to"),
    (("about",), "approx"), (("around",), "approx"), (("approximately",), "approx"), (("roughly",), "approx"),
    (("nearly",), "approx"), (("almost",), "approx"), (("some",), "approx"), (("an", "estimated"), "approx"),
    (("estimated",), "approx"), (("close", "to"), "approx"), (("circa",), "approx"), (("approx",), "approx"),
    (("approx", "."), "approx"), (("about", "the", "same", "as"), "approx"), (("just", "about"), "approx"),
    (("exactly",), "exact"), (("precisely",), "exact"),
), key=lambda item: -len(item[0])))

_LONGEST_PRE_QUALIFIER = max(len(words) for words, _ in _PRE_QUALIFIERS)

_POST_QUALIFIERS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("or", "more"), "at_least"), (("or", "so"), "approx"), (("or", "fewer"), "at_most"), (("or", "less"), "at_most"),
    (("-", "plus"), "more_than"), (("plus",), "more_than"), (("+",), "more_than"),
)

_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# South Asian scale words after digits ("Rs 500 crore"); text2num does not know them.
_DIGIT_SCALES = {**_SCALES, "lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7}
# Abbreviated scales as news writes them after a number ("$2bn", "£3.2m", "5k").
_SCALE_SUFFIXES = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "bln": 1e9, "tn": 1e12}
_NUMBER_WORDS = frozenset(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety".split()) | set(_SCALES)
_DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5,
                 "fifths": 5, "sixth": 6, "sixths": 6, "eighth": 8, "eighths": 8, "tenth": 10, "tenths": 10}
_VAGUE_PLURALS = {"dozens": 12.0, "hundreds": 1e2, "thousands": 1e3, "millions": 1e6, "billions": 1e9}
_FEW = ("several", "few")
# Every word a number can begin with (see _read_number); digits aside.
_NUMBER_STARTS = frozenset({"half", "a", "an", "one", "tens", "dozen", *_NUMBER_WORDS, *_VAGUE_PLURALS, *_FEW})

# Currency signs and codes before the number, words after it; values stay in that currency.
_CURRENCY_PREFIX = {"$": "usd", "us$": "usd", "usd": "usd", "€": "eur", "eur": "eur", "£": "gbp", "gbp": "gbp",
                    "₽": "rub", "rub": "rub", "₴": "uah", "uah": "uah", "¥": "jpy", "jpy": "jpy", "cny": "cny",
                    "₹": "inr", "inr": "inr", "rs": "inr", "rs.": "inr", "a$": "aud", "c$": "cad", "chf": "chf"}
_CURRENCY_WORDS = {"dollar": "usd", "dollars": "usd", "euro": "eur", "euros": "eur", "rouble": "rub",
                   "roubles": "rub", "ruble": "rub", "rubles": "rub", "hryvnia": "uah", "hryvnias": "uah",
                   "hryvnas": "uah", "hryvna": "uah", "yuan": "cny", "renminbi": "cny", "yen": "jpy", "rupee": "inr",
                   "rupees": "inr", "sterling": "gbp"}
# "167 million U.S. dollars", "50 Hong Kong dollars" (only the common cases; others stay usd-like words)
_CURRENCY_COUNTRY = {"u.s.": {}, "us": {}, "american": {}, "canadian": {"dollars": "cad", "dollar": "cad"},
                     "australian": {"dollars": "aud", "dollar": "aud"}}
_PERCENT_WORDS = {"%": "percent", "percent": "percent", "pct": "percent", "pc": "percent"}

# pint knows thousands of units, many of them ordinary English words ("a" is a year, "line",
# "point" and "hand" are lengths), so a word after a number is a unit only if pint maps it to one
# of these canonical units.
_LENGTHS = {"meter", "kilometer", "centimeter", "millimeter", "mile", "nautical_mile", "foot", "inch", "yard"}
_ALLOWED_UNITS = _LENGTHS | {
    "hectare", "acre", "kilogram", "gram", "metric_ton", "ton", "pound", "ounce", "liter", "milliliter",
    "gallon", "barrel", "watt", "kilowatt", "megawatt", "gigawatt", "terawatt", "kilowatt_hour",
    "megawatt_hour", "gigawatt_hour", "terawatt_hour", "kilometer / hour", "mile_per_hour", "knot",
    "second", "minute", "hour", "day", "week", "month", "year", "decade", "century"}
_TIME_UNITS = {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"}
_UNIT_SYMBOLS = {"meter": "m", "kilometer": "km", "centimeter": "cm", "millimeter": "mm", "mile": "mi",
                 "nautical_mile": "nmi", "foot": "ft", "inch": "in", "yard": "yd", "hectare": "ha", "acre": "acre",
                 "kilogram": "kg", "gram": "g", "metric_ton": "t", "ton": "ton", "pound": "lb", "ounce": "oz",
                 "liter": "l", "milliliter": "ml", "gallon": "gal", "barrel": "bbl", "watt": "W", "kilowatt": "kW",
                 "megawatt": "MW", "gigawatt": "GW", "terawatt": "TW", "kilowatt_hour": "kWh",
                 "megawatt_hour": "MWh", "gigawatt_hour": "GWh", "terawatt_hour": "TWh", "kilometer / hour": "km/h",
                 "mile_per_hour": "mph", "knot": "kn"}
_QUANTITY_OF_DIMENSION = {"[length]": "distance", "[length] ** 2": "area", "[length] ** 3": "volume",
                          "[mass]": "mass", "[time]": "duration", "[length] / [time]": "speed",
                          "[mass] * [length] ** 2 / [time] ** 3": "power",
                          "[mass] * [length] ** 2 / [time] ** 2": "energy"}
_TEMPERATURES = {"celsius": "degC", "centigrade": "degC", "c": "degC", "fahrenheit": "degF", "f": "degF"}
_SQUARE = {"square", "sq", "sq."}
_CUBIC = {"cubic"}

# Words around a time span that make it a point in time, not an amount of time.
_RELATIVE_BEFORE = {"the", "last", "past", "next", "coming", "previous", "this", "these", "those", "first",
                    "recent", "following", "each", "every", "per"}
_RELATIVE_AFTER = {"ago", "later", "earlier", "old", "before", "after", "from"}
_TIME_POINT_WORDS = {"a.m.", "p.m.", "am", "pm", "o'clock", "gmt", "utc", "bst", "cet", "et", "pt"}
_TIME_LABELS = {"DATE", "TIME"}
# A number inside one of these entities is part of a name: "Boeing 737", "Article 5", "10 Downing Street".
_NAME_LABELS = {"LAW", "PRODUCT", "FAC", "ORG", "WORK_OF_ART", "EVENT", "PERSON", "GPE", "LOC"}
# Words after which a number labels something instead of counting it ("section 230", "Level 4",
# "gate 12", "aged 16").
_NAME_MARKERS = {"no", "no.", "number", "#", "nos", "nos.", "article", "section", "chapter", "page", "paragraph",
                 "clause", "item", "room", "gate", "platform", "route", "flight", "bus", "level", "stage", "phase",
                 "grade", "category", "division", "building", "block", "highway", "ward", "precinct", "lot", "seat",
                 "aged", "age", "size", "version", "season", "episode", "volume", "issue", "track", "row", "exit",
                 "terminal", "district", "zone", "sector", "unit", "resolution", "decree", "law", "bill", "case"}
# Units that may be glued to digits ("10km", "5kg"); a lone glued letter is a decade or a code ("1990s").
_GLUED_UNITS = {"km", "mi", "m", "kg", "ft", "cm", "mm", "ha", "km²", "mph", "mw", "gw", "kw", "kwh", "mwh", "gwh",
                "t", "lb", "lbs"}
_CHANGE_WORDS = {"down", "up"}
# Verbs whose bare numeric object counts people: "the strike killed 12 and wounded 30".
_HARM_VERBS = {"kill", "injure", "wound", "hurt", "evacuate", "displace", "arrest", "detain", "rescue", "abduct",
               "kidnap", "execute", "murder", "shoot", "free", "release", "hospitalize", "hospitalise"}
# Verbs that state the level of their subject: "the toll rose to 50", "turnout was 51 percent".
_LEVEL_VERBS = {"rise", "climb", "increase", "reach", "stand", "hit", "fall", "drop", "decline", "jump", "total",
                "exceed", "be", "surpass", "top", "grow", "double", "soar", "plunge", "number"}
# A count after these words is a part of the count before it ("12 people, including three
# children"), so a later bare number refers back to the larger count, not to the part.
_PART_OF = {"including", "among", "includes", "include", "included"}

# A figure is hedged when its own sentence marks it as reported or estimated, or when it or the next
# sentence says the numbers could not be confirmed ("Those numbers could not be independently confirmed.").
# Appeals to the reader that survive cleaning ("please support us monthly starting from just $2")
# carry prices, not reported figures.
_READER_APPEAL = re.compile(r"\b(?:you|your)\b.*\b(?:support us|donat\w*|subscri\w*|membership|contribution)\b"
                            r"|\b(?:support us|donat\w*|subscri\w*)\b.*\b(?:you|your)\b", re.IGNORECASE | re.DOTALL)
_GLUED_RANGE = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)[–—-](\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)$")
_NUMERIC = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?([A-Za-z²%]*)$")


@dataclass
class _Number:
    value: float
    start: int
    end: int
    kind: str  # digits, words, fraction, vague (and ratio on figures)
    scale: float = 1.0
    suffix: str = ""
    high: float | None = None  # upper end of a range written as one token ("5–10")


@dataclass
class _Figure:
    start: int  # first token of the figure incl. qualifier and currency sign
    num_start: int
    end: int  # one past the last token of number + unit
    value: float
    low: float
    high: float
    unit: str
    quantity: str
    qualifier: str
    kind: str
    pint_unit: str = ""
    unit_word: str = ""
    subject: str = ""
    subject_token: int = -1
    converted_from: "_Figure | None" = None
    conversion_ok: bool | None = None


@lru_cache(maxsize=None)
def _ureg() -> pint.UnitRegistry:
    return pint.UnitRegistry()


@lru_cache(maxsize=4096)
def _parse_unit(word: str, power: int = 1) -> tuple[str, str, str] | None:
    """(pint unit name, normalised unit, quantity) for a unit word, or None when it is no unit we accept."""
    if len(word) < 1 or not re.fullmatch(r"[A-Za-z/²]+", word):
        return None
    if word.endswith("²"):
        word, power = word[:-1], 2
    try:
        unit = _ureg().parse_units(word)
    except (pint.errors.UndefinedUnitError, pint.errors.DefinitionSyntaxError, ValueError, TypeError,
            AttributeError, AssertionError):
        return None
    name = str(unit)
    if name not in _ALLOWED_UNITS:
        return None
    if power > 1 and name not in _LENGTHS:
        return None
    unit = unit ** power
    quantity = _QUANTITY_OF_DIMENSION.get(str(unit.dimensionality))
    if quantity is None:
        return None
    if name in _TIME_UNITS:
        return name, name, quantity
    symbol = _UNIT_SYMBOLS[name]
    return str(unit), symbol + (str(power) if power > 1 else ""), quantity


def _words_value(words: list[str]) -> float | None:
    try:
        return float(text2num(" ".join(words), "en"))
    except ValueError:
        return None


def _read_number(doc: Doc, i: int, stop: int) -> _Number | None:
    """The number written at token i (digits, words, a share or a vague plural), or None."""
    t = doc[i]
    low = t.lower_
    nxt = doc[i + 1].lower_ if i + 1 < stop else ""
    # shares: "half of", "a third of", "one-third of", "two thirds of"
    if low == "half" and (nxt in {"of", "the", "its", "their", "his", "her", "our", "all"} or nxt == "a"):
        if nxt == "a" and i + 2 < stop and doc[i + 2].lower_ in _SCALES:
            return _Number(0.5 * _SCALES[doc[i + 2].lower_], i, i + 3, "words")
        if nxt == "a":
            return None
        return _Number(0.5, i, i + 1, "fraction")
    if low in {"a", "an", "one"} | _NUMBER_WORDS:
        j = i + 1
        if j < stop and doc[j].text == "-" and not t.whitespace_ and not doc[j].whitespace_:
            j += 1
        if j < stop and doc[j].lower_ in _DENOMINATORS and doc[j].lower_ not in {"half", "halves"}:
            after = doc[j + 1].lower_ if j + 1 < stop else ""
            numerator = 1.0 if low in {"a", "an"} else _words_value([low])
            if after == "of" and numerator is not None:
                return _Number(numerator / _DENOMINATORS[doc[j].lower_], i, j + 1, "fraction")
            return None
    # vague plurals: "dozens of", "hundreds of", "tens of thousands of", "several hundred"
    if low == "tens" and nxt == "of" and i + 2 < stop and doc[i + 2].lower_ in _VAGUE_PLURALS:
        return _Number(10 * _VAGUE_PLURALS[doc[i + 2].lower_], i, i + 3, "vague")
    if low in _VAGUE_PLURALS:
        if nxt == "of" and i + 2 < stop and doc[i + 2].lower_ in _VAGUE_PLURALS and doc[i + 2].lower_ != "dozens":
            return _Number(_VAGUE_PLURALS[low] * _VAGUE_PLURALS[doc[i + 2].lower_], i, i + 3, "vague")
        return _Number(_VAGUE_PLURALS[low], i, i + 1, "vague")
    if low in _FEW or (low == "a" and nxt == "few"):
        j = i + (2 if low == "a" else 1)
        if j < stop and (doc[j].lower_ in _SCALES or doc[j].lower_ == "dozen"):
            return _Number(12.0 if doc[j].lower_ == "dozen" else _SCALES[doc[j].lower_], i, j + 1, "vague")
        return None
    # a range glued into one token: "5–10"
    m = _GLUED_RANGE.match(t.text)
    if m:
        low_v, high_v = (float(g.replace(",", "")) for g in m.groups())
        if low_v < high_v and not all(re.fullmatch(r"1[89]\d\d|20\d\d", g) for g in m.groups()):
            return _with_scale(doc, _Number(low_v, i, i + 1, "digits", high=high_v), stop)
        return None
    # digits, possibly with a glued suffix ("2bn", "10km", "30pc")
    m = _NUMERIC.match(t.text)
    if m:
        value = float((m.group(1) + (m.group(2) or "")).replace(",", ""))
        suffix = m.group(3)
        if suffix and suffix.lower() not in _SCALE_SUFFIXES and suffix.lower() not in _PERCENT_WORDS \
                and (suffix.lower() not in _GLUED_UNITS or _parse_unit(suffix) is None):
            return None  # "13th", "G7"-like codes, "3am"
        number = _Number(value, i, i + 1, "digits", suffix=suffix)
        if suffix.lower() in _SCALE_SUFFIXES and suffix.lower() != "m":
            number.scale = _SCALE_SUFFIXES[suffix.lower()]
            number.suffix = ""
        return _with_scale(doc, number, stop)
    # number words: "nine", "twenty-two", "one hundred and fifty", "a dozen", "a million"
    if low in _NUMBER_WORDS or low == "dozen" or (low in {"a", "an"} and (nxt in _SCALES or nxt == "dozen")):
        words, j = [], i
        if low in {"a", "an"}:
            words, j = ["one"], i + 1
        while j < stop:
            w = doc[j].lower_
            if w in _NUMBER_WORDS:
                words.append(w)
            elif w == "-" and words and j + 1 < stop and doc[j + 1].lower_ in _NUMBER_WORDS \
                    and not doc[j - 1].whitespace_ and not doc[j].whitespace_:
                pass
            elif w == "and" and words and words[-1] in _SCALES and j + 1 < stop \
                    and doc[j + 1].lower_ in _NUMBER_WORDS - set(_SCALES):
                pass
            elif w == "dozen":
                base = _words_value(words) if words else 1.0  # "a dozen", "two dozen", "dozen"
                return _Number(base * 12, i, j + 1, "words") if base else None
            else:
                break
            j += 1
        value = _words_value(words) if words else None
        if value is None:
            return None
        return _Number(value, i, j, "words")
    return None


def _with_scale(doc: Doc, number: _Number, stop: int) -> _Number:
    """Apply a scale word or abbreviation that follows digits: "1.5 million", "$2 bn"."""
    j = number.end
    if not number.suffix and number.scale == 1.0 and j < stop:
        w = doc[j].lower_
        if w in _DIGIT_SCALES and w != "hundred":
            number.scale, number.end = _DIGIT_SCALES[w], j + 1
        elif w in _SCALE_SUFFIXES and w != "m" and not doc[j - 1].whitespace_:
            number.scale, number.end = _SCALE_SUFFIXES[w], j + 1
    return number


def _currency_before(doc: Doc, i: int, lo: int) -> tuple[str, int] | None:
    if i - 1 >= lo and doc[i - 1].lower_ in _CURRENCY_PREFIX:
        k = i - 1
        if doc[k].lower_ == "$" and k - 1 >= lo and doc[k - 1].text in {"US", "U.S."} and not doc[k - 1].whitespace_:
            k -= 1
        return _CURRENCY_PREFIX[doc[i - 1].lower_], k
    return None


def _unit_after(doc: Doc, number: _Number, stop: int, money: bool) -> tuple[str, str, str, int, str] | None:
    """(unit, quantity, pint unit, end token, unit word as written) of what follows a number."""
    suffix = number.suffix.lower()
    j = number.end
    if suffix:
        if suffix in _PERCENT_WORDS or suffix == "%":
            return "percent", "share", "", j, "%"
        followed_by_count = j < stop and doc[j].tag_ in {"NNS", "NNPS"} and _parse_unit(doc[j].lower_) is None
        if suffix == "m" and (money or followed_by_count):
            number.scale = 1e6
            number.suffix = ""
            return None
        parsed = _parse_unit(number.suffix)
        if parsed:
            return parsed[1], parsed[2], parsed[0], j, number.suffix
        return None
    if j >= stop:
        return None
    w = doc[j].lower_
    millions_of = w == "m" and not doc[j - 1].whitespace_ and j + 1 < stop and doc[j + 1].tag_ in {"NNS", "NNPS"} \
        and _parse_unit(doc[j + 1].lower_) is None  # "5m residents": millions, not metres
    if (money or millions_of) and w in {"m", "mn", "bn", "b", "tn", "k"} | set(_DIGIT_SCALES) - {"hundred"} \
            and number.scale == 1.0:
        number.scale = _SCALE_SUFFIXES.get(w) or _DIGIT_SCALES[w]
        number.end = j + 1
        return _unit_after(doc, number, stop, money)
    if w in _PERCENT_WORDS:
        return "percent", "share", "", j + 1, doc[j].text
    if w == "per" and j + 1 < stop and doc[j + 1].lower_ == "cent":
        return "percent", "share", "", j + 2, "per cent"
    if w == "percentage" and j + 1 < stop and doc[j + 1].lower_ in {"point", "points"}:
        return "percent", "share", "", j + 2, "percentage points"
    if w in {"degrees", "degree"} and j + 1 < stop and doc[j + 1].lower_ in _TEMPERATURES:
        scale_name = _TEMPERATURES[doc[j + 1].lower_]
        return scale_name, "temperature", scale_name, j + 2, doc[j + 1].text
    if w in _CURRENCY_WORDS:
        return _CURRENCY_WORDS[w], "money", "", j + 1, doc[j].text
    if w in _CURRENCY_COUNTRY and j + 1 < stop and doc[j + 1].lower_ in _CURRENCY_WORDS:
        return _CURRENCY_COUNTRY[w].get(doc[j + 1].lower_, _CURRENCY_WORDS[doc[j + 1].lower_]), "money", "", j + 2, \
            doc[j + 1].text
    if w in {"pounds", "pound"} and number.scale > 1:
        return "gbp", "money", "", j + 1, doc[j].text
    k = j
    if w == "-" and not doc[j - 1].whitespace_ and not doc[j].whitespace_ and j + 1 < stop:
        k = j + 1  # "a 50-kilometre stretch"
    power = 1
    if doc[k].lower_ in _SQUARE and k + 1 < stop:
        power, k = 2, k + 1
    elif doc[k].lower_ in _CUBIC and k + 1 < stop:
        power, k = 3, k + 1
    word = doc[k].text
    if word.lower() == "magnitude":
        return "magnitude", "magnitude", "", k + 1, word  # "a 6.1-magnitude earthquake"
    if doc[k].is_stop or (len(word) < 2 and word not in {"m"}):
        return None
    parsed = _parse_unit(word if word.isupper() else word.lower(), power)
    if parsed is None:
        return None
    return parsed[1], parsed[2], parsed[0], k + 1, doc[k].text


def _pre_qualifier(doc: Doc, start: int, lo: int) -> tuple[str, int]:
    # the words before the number are read once, then matched against every phrase as tuple ends
    before = tuple(doc[x].lower_ for x in range(max(lo, start - _LONGEST_PRE_QUALIFIER), start))
    for words, qualifier in _PRE_QUALIFIERS:
        if len(words) <= len(before) and before[len(before) - len(words):] == words:
            return qualifier, start - len(words)
    return "exact", start


def _post_qualifier(doc: Doc, end: int, stop: int) -> tuple[str, int] | None:
    for words, qualifier in _POST_QUALIFIERS:
        k = end + len(words)
        if k <= stop and tuple(doc[x].lower_ for x in range(end, k)) == words:
            return qualifier, k
    return None


def _blocked_tokens(doc: Doc) -> dict[int, str]:
    """Token index -> entity label for spans that are dates, times or ordinals."""
    blocked: dict[int, str] = {}
    for ent in doc.ents:
        if ent.label_ in {"DATE", "TIME", "ORDINAL"}:
            for k in range(ent.start, ent.end):
                blocked[k] = ent.label_
    return blocked


def _is_name_part(doc: Doc, number: _Number, lo: int) -> bool:
    """Digits that belong to a name or code: "Su-34", "Article 5", "Boeing 737", "No. 3"."""
    i = number.start
    if doc[i].ent_type_ in _NAME_LABELS:
        return True
    if number.kind != "digits":
        return False
    prev = doc[i - 1] if i - 1 >= lo else None
    if prev is None:
        return False
    if prev.text in {"-", "–", "/"} and not prev.whitespace_ and i - 2 >= lo and not doc[i - 2].whitespace_ \
            and (doc[i - 2].is_alpha or doc[i - 2].like_num):
        return True  # "Su-34"; the second half of a score "6-3" (a range would have been read whole)
    if prev.lower_ in _NAME_MARKERS:
        return True
    if prev.pos_ == "PROPN" and prev.is_title and not prev.ent_type_ in _TIME_LABELS \
            and prev.lower_ not in _CURRENCY_PREFIX:
        return True
    nxt = doc[number.end] if number.end < len(doc) else None
    if nxt is not None and nxt.text in {"/", ":"} and not doc[number.end - 1].whitespace_:
        return True
    # an age set off by commas: "Maria Lopez, 54, said"; "a woman, 34, and her children"
    return prev.text == "," and nxt is not None and nxt.text == "," and i - 2 >= lo \
        and doc[i - 2].pos_ in {"PROPN", "NOUN"} and doc[i - 2].tag_ not in {"NNS", "NNPS"}


def _is_year(doc: Doc, number: _Number, unit_end: int | None) -> bool:
    text = doc[number.start].text
    if number.kind != "digits" or unit_end is not None or not re.fullmatch(r"\d{4}", text):
        return False
    if not 1800 <= int(text) <= 2100:
        return False
    nxt = doc[number.end] if number.end < len(doc) else None
    return nxt is None or nxt.tag_ != "NNS"


def _np_head(doc: Doc, k: int, stop: int, allow_det: bool, object_position: bool) -> int:
    """Index of the head noun of the noun phrase starting at token k, or -1.

    Determiners, adjectives, possessives and compound nouns are stepped over; the last noun of the
    run is the head ("the country's steelmaking needs" -> needs). The small model tags a plural
    noun such as "needs" as a verb after another noun; in object position no second verb can
    follow there, so such a token still counts as the head.
    """
    head = -1
    j = k
    while j < stop and j < k + 8:
        t = doc[j]
        if t.pos_ in {"NOUN", "PROPN"} and t.lower_ not in _TIME_POINT_WORDS and not t.ent_type_ in _TIME_LABELS:
            head = j
            if t.tag_ in {"NNS", "NNPS"} and j + 1 < stop and doc[j + 1].tag_ != "POS":
                break  # a plural noun ends the phrase: "two-thirds of households lack water"
        elif t.tag_ == "POS" or t.lower_ in {"'s", "’s"}:
            head = -1
        elif t.pos_ == "ADJ" or (t.text == "-" and not t.whitespace_) or (t.pos_ == "NUM" and head == -1):
            pass
        elif allow_det and head == -1 and (t.pos_ == "DET" or t.lower_ in {"all", "of"}):
            pass
        elif head != -1 and object_position and t.tag_ == "VBZ" and j + 1 < stop \
                and doc[j + 1].pos_ not in {"DET", "NOUN", "PROPN", "PRON", "ADJ", "NUM"}:
            head = j
            break
        else:
            break
        j += 1
    return head


def _in_object_position(doc: Doc, i: int) -> bool:
    """True when the figure hangs below a verb that comes before it ("had supplied 90% of ...")."""
    t = doc[i]
    while t.head.i != t.i:
        t = t.head
        if t.pos_ in {"VERB", "AUX"}:
            return t.i < i
    return False


def _governing_verb(doc: Doc, i: int) -> Token | None:
    t = doc[i]
    while t.head.i != t.i and t.pos_ not in {"VERB", "AUX"}:
        t = t.head
    return t if t.pos_ in {"VERB", "AUX"} else None


def _subject_from_verb(doc: Doc, i: int, lo: int) -> int:
    """The noun subject of the verb governing token i ("the death toll rose to 50" -> toll)."""
    t = doc[i]
    while t.head.i != t.i and t.pos_ not in {"VERB", "AUX"}:
        t = t.head
    for child in t.children:
        if child.dep_ in {"nsubj", "nsubjpass"} and child.pos_ in {"NOUN", "PROPN"} and child.i >= lo:
            return child.i
    return -1


def _find_subject(doc: Doc, fig: _Figure, stop: int, lo: int, last_count: int) -> int:
    after = fig.end
    # "90% of the country's needs", "half of the attacks", "dozens of people", "300 of them"
    if after < stop and doc[after].lower_ == "of":
        head = _np_head(doc, after + 1, stop, True, _in_object_position(doc, fig.num_start))
        if fig.quantity in {"share", "count", "money"} and head >= 0:
            return head
        if head >= 0 and fig.quantity != "duration" and not _definite(doc, after + 1, head):
            return head  # "1,000 square kilometres of farmland": the measured stuff
    if fig.quantity in {"distance", "area", "volume", "mass", "duration", "speed", "power", "energy", "temperature"}:
        return -2  # the unit noun itself
    if fig.quantity in {"count", "money", "share", "magnitude"}:
        head = _np_head(doc, after, stop, False, False)
        if head >= 0 and doc[head].lower_ in {"others", "more"} and last_count >= 0:
            return last_count  # "killed 23 people and injured 130 others"
        if head >= 0 and doc[head].lower_ not in _CURRENCY_WORDS:
            return head
        if after < stop and doc[after].lower_ in {"in", "for"} and fig.quantity == "money":
            head = _np_head(doc, after + 1, stop, True, False)
            if head >= 0 and doc[head].lower_ not in {"total", "all"}:
                return head
        # "a pre-war population of 60,000"
        k = fig.start - 1
        if k >= lo and doc[k].lower_ == "of" and k - 1 >= lo and doc[k - 1].pos_ == "NOUN":
            return k - 1
        verb = _governing_verb(doc, fig.num_start)
        if verb is not None and verb.lemma_ in _LEVEL_VERBS:
            head = _subject_from_verb(doc, fig.num_start, lo)
            if head >= 0:
                return head  # "the death toll had risen to 34,000"
        if fig.quantity == "count" and last_count >= 0:
            return last_count  # "killed 12 people ... and injured at least 20"
        if fig.quantity == "money":
            return -1  # the subject of "pledged $5 million" is the payer, not what is paid for
        if fig.quantity == "count" and verb is not None and verb.lemma_ in _HARM_VERBS and verb.i < fig.num_start:
            return -3  # "the strike killed 12": people
        return _subject_from_verb(doc, fig.num_start, lo)
    return -1


def _definite(doc: Doc, k: int, head: int) -> bool:
    """A noun phrase that names a particular place or thing ("the city's edge"), not an amount of it."""
    return any(doc[x].lower_ in {"the", "this", "that", "its", "their", "his", "her", "our"} or doc[x].tag_ == "POS"
               for x in range(k, head)) or doc[head].pos_ == "PROPN"


def _range_after(doc: Doc, number: _Number, unit: tuple | None, currency: tuple[str, int] | None, lo: int,
                 stop: int):
    """The upper end of a range after `number`: "between 1 and 3 km", "5-10 km", "20 to 30 miles",
    "$2 to $3 billion", "two or three days". Returns (high number, unit, currency, word before the
    range), "score" for "won 6-3", or None."""
    i = number.start
    j = unit[3] if unit else number.end
    if j >= stop or doc[j].lower_ not in {"-", "–", "—", "to", "and", "or"}:
        return None
    first = currency[1] if currency else i
    before = doc[first - 1].lower_ if first - 1 >= lo else ""
    connector = doc[j].lower_
    if connector == "and" and before != "between":
        return None
    if connector in {"-", "–", "—"} and doc[j - 1].whitespace_ and not doc[j].whitespace_:
        return None
    if connector == "to" and before == "from" and first - 2 >= lo and (
            doc[first - 2].pos_ in {"VERB", "AUX"} or doc[first - 2].lower_ in _CHANGE_WORDS):
        return None  # "rose from 4% to 6%" is a change between two figures
    k = j + 1
    second_currency = None
    if k < stop and doc[k].lower_ in _CURRENCY_PREFIX:
        second_currency, k = _CURRENCY_PREFIX[doc[k].lower_], k + 1
    second = _read_number(doc, k, stop) if k < stop else None
    if second is None:
        return None
    glued = connector in {"-", "–"} and not doc[j - 1].whitespace_ and not doc[j].whitespace_
    if glued and second.value <= number.value and number.kind == "digits":
        return "score"
    if second.kind not in {"digits", "words"} or number.kind not in {"digits", "words"}:
        return None
    second_unit = _unit_after(doc, second, stop, currency is not None or second_currency is not None)
    if number.scale == 1.0 and second.scale > 1 and number.value <= second.value:
        number.scale = second.scale  # "2 to 3 million"
    first_kind = currency[0] if currency else (unit[0] if unit else "")
    second_kind = second_currency or (second_unit[0] if second_unit else "")
    if currency and not second_currency and second_unit is None:
        second_kind = currency[0]  # "$2 to 3 billion"
    if first_kind and second_kind and first_kind != second_kind:
        return None
    if number.value * number.scale >= second.value * second.scale:
        return None
    if currency is None and second_currency:
        currency = (second_currency, i)
    return second, second_unit or unit, currency, before


def _read_figure(doc: Doc, i: int, lo: int, stop: int, blocked: dict[int, str]) -> _Figure | None:
    """A figure whose number starts at token i, or None when the number states no quantity."""
    number = _read_number(doc, i, stop)
    if number is None:
        return None
    currency = _currency_before(doc, i, lo)
    unit = _unit_after(doc, number, stop, currency is not None)
    high_number, range_start = number, None
    if number.high is not None:
        high_number = _Number(number.high, i, number.end, "digits", scale=number.scale)
        range_start = doc[i - 1].lower_ if i - 1 >= lo else ""
    else:
        found = _range_after(doc, number, unit, currency, lo, stop)
        if found == "score":
            return None
        if found is not None:
            high_number, unit, currency, range_start = found
    end = unit[3] if unit else high_number.end
    ratio = _ratio(doc, number, stop) if unit is None and currency is None and high_number is number else None
    if ratio is not None:  # "1 in 5 children": a share written as a ratio
        return _figure_from_ratio(doc, number, ratio, lo)
    # names, dates, times, ordinals
    if _is_name_part(doc, number, lo):
        return None
    unit_name, quantity, pint_unit, _, unit_word = unit if unit else ("", "", "", 0, "")
    if currency:
        unit_name, quantity, pint_unit, unit_word = currency[0], "money", "", ""
    elif not unit:
        unit_name, quantity = ("fraction", "share") if number.kind == "fraction" else ("count", "count")
    if number.kind != "fraction" and any(k in blocked for k in range(number.start, high_number.end)):
        # the small model sometimes tags "around 45 miners" as a date; a plural noun right after
        # the number shows it counts something
        counts_nouns = quantity == "count" and end < stop and doc[end].tag_ in {"NNS", "NNPS"} \
            and _parse_unit(doc[end].lower_) is None
        if any(blocked.get(k) == "ORDINAL" for k in range(number.start, number.end)):
            return None
        if quantity != "duration" and number.kind != "vague" and not counts_nouns:
            return None
    if end < stop and doc[end].lower_ in _TIME_POINT_WORDS:
        return None
    if quantity == "count" and _is_year(doc, number, None):
        return None
    start = currency[1] if currency else i
    qualifier, qstart = _pre_qualifier(doc, start, lo)
    if range_start is not None and high_number is not number:
        qualifier = "range"
        if range_start in {"between", "from"}:
            qstart = start - 1
    elif number.kind == "vague" and qualifier == "exact":
        qualifier = "more_than"
    post = _post_qualifier(doc, end, stop)
    if post and qualifier == "exact":
        qualifier, end = post[0], post[1]
    if quantity == "duration" and qualifier == "more_than" and doc[qstart].lower_ == "over":
        qualifier = "exact"  # "5,000 jobs over five years": over means during
    if quantity == "duration":
        before = doc[qstart - 1].lower_ if qstart - 1 >= lo else ""
        after = doc[end].lower_ if end < stop else ""
        if before in _RELATIVE_BEFORE or after in _RELATIVE_AFTER or (end < stop and doc[end].text == "-"):
            return None
    low = number.value * number.scale
    high = high_number.value * high_number.scale
    value = low
    return _Figure(start=qstart, num_start=i, end=end, value=value, low=low, high=high, unit=unit_name,
                   quantity=quantity, qualifier=qualifier, kind=number.kind, pint_unit=pint_unit,
                   unit_word=unit_word)


def _ratio(doc: Doc, number: _Number, stop: int) -> _Number | None:
    """The denominator of "1 in 5" or "3 out of 4", or None."""
    j = number.end
    if j + 1 < stop and doc[j].lower_ == "in":
        k = j + 1
    elif j + 2 < stop and doc[j].lower_ == "out" and doc[j + 1].lower_ == "of":
        k = j + 2
    else:
        return None
    second = _read_number(doc, k, stop)
    if second is None or second.kind not in {"digits", "words"} or second.value * second.scale <= number.value:
        return None
    if second.end < stop and _parse_unit(doc[second.end].lower_) is not None:
        return None  # "5 in 10 years" is a count within a period
    return second


def _figure_from_ratio(doc: Doc, number: _Number, second: _Number, lo: int) -> _Figure:
    value = number.value * number.scale / (second.value * second.scale)
    qualifier, qstart = _pre_qualifier(doc, number.start, lo)
    return _Figure(start=qstart, num_start=number.start, end=second.end, value=value, low=value, high=value,
                   unit="fraction", quantity="share", qualifier=qualifier, kind="ratio")


def _duration_without_number(doc: Doc, i: int, lo: int, stop: int) -> _Figure | None:
    """"more than a year", "nearly a decade": one unit of time after an explicit qualifier."""
    if doc[i].lower_ not in {"a", "an"} or i + 1 >= stop:
        return None
    parsed = _parse_unit(doc[i + 1].lower_)
    if parsed is None or parsed[2] != "duration":
        return None
    qualifier, qstart = _pre_qualifier(doc, i, lo)
    if qualifier == "exact":
        return None
    end = i + 2
    if end < stop and (doc[end].lower_ in _RELATIVE_AFTER or doc[end].text == "-"):
        return None
    return _Figure(start=qstart, num_start=i, end=end, value=1.0, low=1.0, high=1.0, unit=parsed[1],
                   quantity="duration", qualifier=qualifier, kind="words", pint_unit=parsed[0],
                   unit_word=doc[i + 1].text)


def _keep(doc: Doc, fig: _Figure, stop: int) -> bool:
    """Word numbers with nothing counted ("the two met", "one of the most") state no quantity;
    "eleven of the 15 members" does. Multipliers and frequencies are no quantities either."""
    if fig.quantity == "count" and fig.subject in {"times", "time"}:
        return False  # a multiplier or a frequency: "three times as many", "hit twice, then 4 times"
    if fig.kind != "words" or fig.quantity != "count" or fig.qualifier != "exact":
        return True
    if fig.end < stop and doc[fig.end].lower_ == "of" and fig.value == 1:
        return False
    if fig.end + 1 < stop and doc[fig.end].text in {"-", "–"} and not doc[fig.end - 1].whitespace_:
        return False  # an attribute, not a count: "a five-story building", "a two-state solution"
    return fig.subject_token >= 0 and fig.subject_token >= fig.end


def _can_start_number(token: Token) -> bool:
    """Only digits and the words `_read_number` and `_duration_without_number` begin with can start a
    figure; checking this first spares the full reading for the many other tokens."""
    return token.text[:1].isdigit() or token.lower_ in _NUMBER_STARTS


def _sentence_figures(doc: Doc, lo: int, stop: int, blocked: dict[int, str], starts: list[bool]) -> list[_Figure]:
    found: list[_Figure] = []
    last_count = -1
    i = lo
    while i < stop:
        if not starts[i]:
            i += 1
            continue
        fig = _read_figure(doc, i, lo, stop, blocked) or _duration_without_number(doc, i, lo, stop)
        if fig is None:
            i += 1
            continue
        head = _find_subject(doc, fig, stop, lo, last_count)
        if head == -2:
            fig.subject = fig.unit_word.lower()
        elif head == -3:
            fig.subject = "people"
        elif head >= 0:
            fig.subject_token = head
            fig.subject = doc[head].lower_
            post = _post_qualifier(doc, head + 1, stop) if fig.end <= head and fig.qualifier == "exact" else None
            if post and post[0] != "more_than":
                fig.qualifier = post[0]  # "10,000 fans or more"
        if _keep(doc, fig, stop):
            found.append(fig)
            part_of = fig.start - 1 >= lo and doc[fig.start - 1].lower_ in _PART_OF
            if fig.quantity == "count" and head >= lo and not part_of:
                last_count = head
        i = max(fig.end, i + 1)
    return found


def _link_conversions(doc: Doc, figs: list[_Figure]) -> None:
    """"22 kilometers (13.6 miles)": the bracketed figure is the same measurement in other units."""
    for a, b in zip(figs, figs[1:]):
        if b.start - a.end != 1 or doc[a.end].text != "(" or b.end >= len(doc) or doc[b.end].text != ")":
            continue
        if a.quantity != b.quantity or a.quantity in {"count", "share"}:
            continue
        b.converted_from = a
        if b.qualifier == "exact":
            b.qualifier = a.qualifier
        if a.pint_unit and b.pint_unit:
            b.conversion_ok = _conversion_ok(a, b, doc[b.num_start].text)
        # the measured stuff may follow the bracket: "1,000 sq km (386 sq mi) of farmland"
        after = b.end + 1
        if after < len(doc) and doc[after].lower_ == "of":
            sent_end = doc[after].sent.end
            head = _np_head(doc, after + 1, sent_end, True, False)
            if head >= 0 and not _definite(doc, after + 1, head):
                a.subject = b.subject = doc[head].lower_
                a.subject_token = b.subject_token = head


def _conversion_ok(a: _Figure, b: _Figure, written: str) -> bool:
    """True when b equals a in b's unit, allowing 3% or the rounding of b's last written digit."""
    ureg = _ureg()
    converted = ureg.Quantity(a.value, a.pint_unit).to(b.pint_unit).magnitude
    decimals = len(written.split(".")[1]) if "." in written else 0
    tolerance = max(0.03 * abs(b.value), 0.5 * 10 ** -decimals)
    return math.isclose(converted, b.value, abs_tol=tolerance)


def _speech_spans(speech: pd.DataFrame | None) -> list[tuple]:
    """The (start, end, speaker, hedged) rows of a table of quote and claim spans."""
    if speech is None or len(speech) == 0:
        return []
    hedged = speech["hedged"].tolist() if "hedged" in speech.columns else [None] * len(speech)
    return list(zip(speech["start"].tolist(), speech["end"].tolist(), speech["speaker"].tolist(), hedged))


def _narrowest_first(spans: Iterable[tuple]) -> list[tuple[float, float, float, str | None, bool]]:
    """Quote and claim spans as (width, start, end, speaker, hedged), narrowest first.

    Built once per article: filtering the spans for every figure cost more than finding the figures.
    """
    rows = []
    for start, end, speaker, hedge in spans:
        if pd.isna(start) or pd.isna(end):
            continue  # a span without offsets contains nothing
        rows.append((end - start, start, end, speaker if isinstance(speaker, str) and speaker else None,
                     bool(hedge) if hedge is not None and pd.notna(hedge) else False))
    rows.sort(key=lambda row: (row[0], row[1]))  # stable: ties keep the given order
    return rows


def _speech_for(speech: list[tuple[float, float, float, str | None, bool]], start: int,
                end: int) -> tuple[str | None, bool]:
    """Speaker and hedge of the narrowest quote or claim that contains the character span."""
    for _, s, e, speaker, hedged in speech:
        if s <= start and e >= end:
            return speaker, hedged
    return None, False


def _surface_end(doc: Doc, fig: _Figure) -> int:
    if fig.subject_token >= fig.end and fig.subject_token - fig.end <= 4 and not any(
            (t.is_punct and t.text != "-") or t.like_num for t in doc[fig.end:fig.subject_token]):
        return fig.subject_token + 1
    return fig.end


def extract_figures(doc: Doc, speech: pd.DataFrame, article: Mapping) -> pd.DataFrame:
    """Every number in the article that states a quantity, one row per figure.

    Columns:
      article_id, figure_id (f"{article_id}-f{n}", in text order),
      text (surface incl. qualifier and counted noun: "Fewer than 7,000 civilians"),
      value (float; the lower end of a range; "hundreds of" is 100 with qualifier more_than),
      low, high (equal to value unless a range),
      unit (count; percent, fraction; km, mi, m, km2, mi2, ha, acre, m3, l, bbl, kg, t, ton, lb, MW, kWh,
            km/h, mph, degC, degF, magnitude; year, month, week, day, hour, minute; money as usd, eur,
            gbp, rub, uah, cny, jpy, inr, ... with the value in that currency),
      qualifier (exact, approx, more_than, at_least, fewer_than, at_most, up_to, range),
      subject (the noun counted or measured: civilians, population, needs, aid; for distances and
            durations without a bare "of"-phrase the unit noun as written: kilometers, year;
            "" when the sentence does not say),
      quantity (count, share, money, distance, area, volume, mass, duration, speed, power, energy,
            temperature, magnitude),
      converted_from (figure_id this figure converts, for "22 kilometers (13.6 miles)"; else None),
      conversion_ok (pint check of that conversion within 3% or the written rounding; NA when there is
            no conversion or it cannot be checked, e.g. between currencies),
      speaker (from the narrowest quote/claim in `speech` containing the figure, else None),
      hedged (the speech row is hedged, or the sentence or the next one says the number is
            unconfirmed, reported or estimated),
      start, end (character offsets into the article text), sentence_id (index of the spaCy sentence).

    `speech` holds quote and claim spans: columns start, end, speaker, hedged.
    """
    return figures_frame(figure_rows(doc, _speech_spans(speech), article))


def figures_frame(rows: list[dict]) -> pd.DataFrame:
    """The figures table (FIGURE_COLUMNS) of `figure_rows` of one or more articles."""
    columns = {name: pd.array([row[name] for row in rows], dtype=_FIGURE_DTYPES[name]) for name in FIGURE_COLUMNS}
    return pd.DataFrame(columns, columns=FIGURE_COLUMNS)


def figure_rows(doc: Doc, speech: Iterable[tuple], article: Mapping) -> list[dict]:
    """The rows of `extract_figures` as dicts; `speech` holds (start, end, speaker, hedged) tuples."""
    article_id = str(article["article_id"])
    text = doc_text(doc, article)
    blocked = _blocked_tokens(doc)
    starts = [_can_start_number(t) for t in doc]
    sents = list(doc.sents)
    spans = _narrowest_first(speech)
    rows: list[dict] = []
    figure_ids: dict[int, str] = {}
    # sentence texts sliced from the article text: Span.text re-joins its tokens on every call
    sent_texts = [text[sent.start_char:sent.end_char] for sent in sents]
    per_sentence = [[] if _READER_APPEAL.search(sent_text) else _sentence_figures(doc, sent.start, sent.end, blocked,
                                                                                   starts)
                    for sent, sent_text in zip(sents, sent_texts)]
    for sid, (sent, figs) in enumerate(zip(sents, per_sentence)):
        if not figs:
            continue
        _link_conversions(doc, figs)
        # "Those numbers could not be independently confirmed." hedges the sentence before it,
        # unless the hedging sentence brings figures of its own that it refers to.
        hedged_here = hedges.qualifies(sent_texts[sid]) or hedges.estimates(sent_texts[sid]) or (
            sid + 1 < len(sents) and not per_sentence[sid + 1] and hedges.disclaims(sent_texts[sid + 1]))
        for fig in figs:
            start_char = doc[fig.start].idx
            end_tok = _surface_end(doc, fig)
            end_char = doc[end_tok - 1].idx + len(doc[end_tok - 1].text)
            speaker, speech_hedged = _speech_for(spans, start_char, end_char)
            figure_id = f"{article_id}-f{len(rows) + 1}"
            figure_ids[id(fig)] = figure_id
            source = fig.converted_from
            rows.append({
                "article_id": article_id, "figure_id": figure_id, "text": text[start_char:end_char],
                "value": fig.value, "low": fig.low, "high": fig.high, "unit": fig.unit,
                "qualifier": fig.qualifier, "subject": fig.subject, "quantity": fig.quantity,
                "converted_from": figure_ids[id(source)] if source is not None else None,
                "conversion_ok": pd.NA if fig.conversion_ok is None else fig.conversion_ok,
                "speaker": speaker, "hedged": hedged_here or speech_hedged,
                "start": start_char, "end": end_char, "sentence_id": sid,
            })
    return rows
