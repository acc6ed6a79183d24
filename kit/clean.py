"""Clean article bodies: page furniture out, title/outlet/byline inferred from what it said.

Cleaning works on paragraphs (one per line of the raw text; hard-wrapped text is re-joined first)
and applies general rules, each one a named class of page furniture:

  site banner      .gov/.mil banners ("An official website of ...", "Here's how you know")
  advertisement    "Advertisement", "Sponsored", "Story continues below"
  feed trailer     "The post TITLE appeared first on OUTLET."   -> title, outlet
  credit line      "Reporting by X (City); Editing by Y"         -> byline (+ outlet Reuters, whose
                   house format is exactly "Reporting by ...; Editing by ...")
  photo caption    lines ending in a "Name/AGENCY" credit, "Photo: ...", "(Photo by ...)"
  button           lone interface words: Share, Print, Once, Monthly, Continue, Read more ...
  share label      a "Share:" prefix in front of the first paragraph
  read more        "Read more: ...", "Related: ...", "See also ..."
  appeal           donation appeals and newsletter sign-ups: a block that starts at a trigger
                   line ("Support X!", "Sign up for ...", "Dear readers", "A Message from X:",
                   "Subscribers agree ...") and runs on while lines address the reader
                   (we/our/you outside quotation marks) or are short buttons; pleas addressing
                   the reader just above the trigger join it -> outlet named in it
  breadcrumb       before the body: symbol-only lines, bulleted or »-separated trails ("• HOME»")
                   -> its last item is a title candidate
  byline           "By Jane Doe", "By JANE DOE Harbor Ledger"     -> byline (+ outlet); before the
                   body, a line of only names under the headline ("Jane Doe in Tidewater")
  dateline         a date (with time, time zone, reading time) alone on a line before the body
                   -> published
  section label    a short (<= 3 words) line before the body ("Incidents")
  title            the headline, when no manifest/file title is known: among the lines before the
                   first paragraph of prose, one printed twice, else the first of 5+ words that
                   is not a name, else the first headline-like one (3-30 words, no final period)
  head             other lines before the body (site names, standfirsts without a period)
  repeated line    a line repeated right after itself (headings printed twice)
  heading          in-body subheadings: short lines without final punctuation ("Why X Matters");
                   dropped from `text` and listed in `headings`, so spaCy never glues them to
                   the next sentence
  trailing link    lines without final punctuation after the last paragraph (related stories, tags)
  copyright        "© 2024 X. All rights reserved"                -> outlet X
  originally published  "This article was originally published on X." -> outlet X
  source line      "Source: X"                                    -> outlet X
  tags             "Tags: ...", "Topics: ..."
  site notice      "Our Standards: ...", "Enter your email", gallery counters ("3 of 12")
  symbols          lines without a letter or digit ("+", "* * *", "###")
  reading time     "5 min read"
  credit line      also "X contributed to this report."
  wire dateline    "CITY (Agency) — ..." stays in the text but names the outlet

When several clues name the same field, the more explicit kind wins (_EVIDENCE_RANK).

`text` is the kept paragraphs joined by blank lines ("\\n\\n"); every downstream offset points
into it. Everything removed is listed in `removed` as "class: line".
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from itertools import chain
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from .sources import META_FIELDS, parse_date

ARTICLE_COLUMNS = ["article_id", "file", "path", "outlet", "title", "published", "url", "byline", "text", "raw_text",
                   "n_words", "headings", "removed", "duplicate_of", "notes", "format", "encoding",
                   "title_source", "outlet_source", "published_source", "url_source", "byline_source"]
SOURCE_VALUES = ["manifest", "file", "inferred", "missing"]

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
_TERMINAL = re.compile(r"[.!?…:;,]['\"’”)\]]*$")
_SENTENCE_END = re.compile(r"[.!?…]['\"’”)\]]*$")
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")
_READER_PRONOUN = re.compile(r"\b(?:we|we're|we've|our|ours|us|you|you're|you've|your|yours)\b", re.I)
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’.-]*|[A-Z]\.|(?:de|da|van|von|der|bin|al|la|le)|and|&)$")

_BANNER = re.compile(
    r"official website of the|here['’]s how you know|official websites use \.(?:gov|mil)|"
    r"\.(?:gov|mil) website belongs to|secure \.(?:gov|mil) websites use https|"
    r"share sensitive information only on official|^skip to (?:main )?content$|^a lock \(", re.I)
_ADVERT = re.compile(
    r"^(?:advertisement|advertising|sponsored(?: content)?|ad|story continues below(?: advertisement)?|"
    r"article continues (?:below|after (?:this )?advertisement)|continue reading (?:below|the main story)|"
    r"scroll to continue(?: with content)?)(?:\s*[-–—:|]\s*[^.]{0,40})?$", re.I)
_FEED_TRAILER = re.compile(r"^the post (?P<title>.+?) appeared first on (?P<outlet>.+?)\.?$", re.I)
_CREDIT_SEGMENT = re.compile(
    r"^(?P<kind>(?:additional |further )?(?:reporting(?: and writing)?|writing|editing|compiled|graphics|"
    r"research|text|fact-checking|production))\s+by\s+(?P<names>.+)$", re.I)
_INLINE_CREDIT = re.compile(r"(?<=[.!?'\"’”])\s+\(?((?:additional )?reporting by .+)$", re.I)
_CAPTION_START = re.compile(
    r"^(?:photo|image|picture|photograph|caption|credit|pictured|file photo|top image|main image|illustration)s?"
    r"(?:(?:\s+(?:credit|source|caption))?\s*(?:[:|–—,]|\s-\s)|\s+by\s+[A-Z])", re.I)
# A trailing "Name/AGENCY" credit; case-sensitive on purpose: the capitals are the signal.
_CAPTION_CREDIT = re.compile(
    r"\b[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3}\s*/\s*[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,2}\)?$")
_CAPTION_END = re.compile(r"\((?:photo|image|picture|credit)[^)]*\)$|\b(?:photo|image|credit)s?\s*:\s*[^.:]{1,60}$|(?:getty images|shutterstock|alamy|ap photo[^)]*|"
                          r"epa-efe)\)?$", re.I)
_BUTTON_PHRASES = frozenset(p.strip() for p in """once|monthly|annual|annually|yearly|weekly|one-time|continue|
    donate|donate now|give now|subscribe|subscribe now|close|share|share this|share this article|
    share this story|share article|tweet|email|e-mail|print|print article|facebook|twitter|x|linkedin|
    whatsapp|telegram|reddit|pinterest|comments|comment|copy link|menu|search|log in|login|sign in|register|
    listen|listen to this article|next|previous|back to top|read more|learn more|show more|load more|see more|
    remind me later|not now|maybe later|no thanks|save|save article|bookmark|follow|top|leave a comment|
    leave a reply|like this|loading|like loading|print friendly version|view comments""".split("|"))
_SHARE_PREFIX = re.compile(r"^share(?: this(?: article| story)?| on \w+)?\s*:\s*", re.I)
_READ_MORE = re.compile(r"^(?:read more|read also|also read|see also|related(?: articles?| stories| news)?|"
                        r"more from|most read|recommended|you may also like|watch)\b\s*[:»›-]?", re.I)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)|all rights reserved\.?$", re.I)
_COPYRIGHT_HOLDER = re.compile(r"^(?i:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?"
                               r"(?P<name>[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,5})")
_ORIGINALLY = re.compile(r"^(?:this (?:article|story|report|piece) )?(?:was |is )?(?:originally |first )"
                         r"(?:published|appeared|ran) (?:on|in|by|at) "
                         r"(?P<name>[A-Z][\w&'’.-]*(?:\s+[\w&'’.-]+){0,5}?)"
                         r"(?:\s+on\s+.*)?\.?$", re.I)
_SOURCE_LINE = re.compile(r"^(?i:source)\s*:\s*(?P<name>[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,4})\.?$")
_TAGS = re.compile(r"^(?:tags|topics|filed under|categories|keywords)\s*:", re.I)
_SITE_NOTICE = re.compile(r"^our standards\b|trust principles\.?$|^enter your e-?mail|"
                          r"^please enable javascript|^\d+\s+of\s+\d+$", re.I)
_APPEAL_TRIGGER = re.compile(
    r"^(?:please\s+)?support\s+(?:us|our|the\s+[A-Z]|[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,4}\s*!)|"
    r"^sign up\b|^subscribe\b|^subscribers? agree|^(?:a\s+)?(?:message|note|letter)\s+from\b|"
    r"^dear\s+(?:readers?|friends?|subscribers?|supporters?)\b|^donate\b|"
    r"^become\s+an?\s+(?:member|subscriber|supporter|patron)|^(?:get|receive)\s+(?:our|the)\b.*\bnewsletter|"
    r"^thank you for reading|^before you go\b|^help us\b|^we need your (?:help|support)|"
    r"^(?:click|tap) here to|^follow us on\b|^join (?:us|our)\b|^(?:download|get) (?:our|the) app\b", re.I)
# A short line about a newsletter is a sign-up box; a sentence mentioning one is not.
_NEWSLETTER_BOX = re.compile(r"^[^.!?]{0,80}\bnewsletters?\b[^.!?]{0,40}[.!?]?$", re.I)
_OUTLET_IN_APPEAL = re.compile(
    r"(?:^(?:please\s+)?support\s+|\bfrom\s+|\bsupporting\s+|\bjournalists\s+of\s+)"
    r"(?P<name>The\s+[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,4})", re.M)
_OUTLET_SUPPORT_BANG = re.compile(
    r"^(?:please\s+)?support\s+(?P<name>[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,4})\s*!", re.I)
_OUTLET_MESSAGE = re.compile(r"^(?:a\s+)?(?:message|note|letter)\s+from\s+(?P<name>[A-Z].{1,60}?)\s*:?$", re.I)
# Words that make "Support X!" a slogan rather than the name of an outlet.
_GENERIC_NAMES = frozenset("""journalism independent free press news us our team editors editor staff
    newsroom reporting media readers work cause mission""".split())
_BREADCRUMB = re.compile(r"[»›]|^home\s*[»›>|/]", re.I)
_BREADCRUMB_SEP = re.compile(r"\s*[»›>|/]\s*")
_BULLET = re.compile(r"^[•·▪►‣◦»›]\s*")
_SYMBOLS_ONLY = re.compile(r"^[\W_]+$")
_BYLINE = re.compile(r"^(?:by|written by|words by|author:?)\s+(?P<names>[^|•·—]+?)\s*(?:[|•·—].*)?$", re.I)
_DATELINE_AGENCY = re.compile(
    r"^[A-Z][A-Z .,'’-]{1,40}(?:,\s*[A-Z][\w .'’-]{1,30})?\s*\((?P<agency>[A-Z][\w .&-]{1,30})\)\s*[-–—]")
_AGENCIES = {"AP": "The Associated Press", "AFP": "Agence France-Presse"}
_DATE_IN_LINE = re.compile(
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+"
    r"(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?\d{4}|\d{4}-\d{2}-\d{2}", re.I)
_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b", re.I)
# Words that may stand next to a date on a date line ("Updated Tue 5 Mar 2024 14.20 GMT, 2 min read").
_DATE_WORDS = frozenset("""published updated posted last first on at am pm gmt utc bst cet cest eet eest msk est
    edt et pt pst pdt time min mins minute minutes read ago mon tue wed thu fri sat sun monday tuesday wednesday
    thursday friday saturday sunday""".split())
_IN_PLACE = re.compile(r"\s+in\s+[A-Z][\w'’ .-]*$")
_CONTRIBUTED = re.compile(r"\bcontributed(?: reporting)? to (?:this|the) (?:report|story|article)\.?$", re.I)
_PARENS = re.compile(r"\([^)]*\)")
_NAME_SEP = re.compile(r",\s*|\s+and\s+|\s*&\s*")
_READING_TIME = re.compile(r"^\d+\s*(?:min(?:ute)?s?)\s+read$", re.I)
# When several pieces of furniture say something about the same field, the more explicit one wins:
# a feed trailer names the publishing site outright; a credit-line format only hints at the wire.
_EVIDENCE_RANK = {"feed trailer": 0, "byline": 0, "originally published": 1, "appeal": 1, "breadcrumb": 1,
                  "copyright": 2, "dateline": 2, "head": 2, "byline affiliation": 2, "head byline": 2, "source line": 3,
                  "credit line": 3}
_STOP = frozenset("a an the and or but of in on at to for by with from as into over vs via is are was".split())


@lru_cache(maxsize=1024)
def _words(line: str) -> tuple[str, ...]:
    # Every rule asks for a line's words; the cache makes that one regex pass per line. It is sized
    # for the lines of one article: whole texts go through _text_words, since thousands of cached
    # word tuples of whole articles would hold over a hundred megabytes.
    return tuple(_WORD.findall(line))


def _text_words(text: str) -> list[str]:
    return _WORD.findall(text)


def _norm(line: str) -> str:
    return " ".join(w.lower() for w in _words(line))


def _paragraphs(raw: str) -> list[str]:
    """Non-empty lines with whitespace normalised; hard-wrapped blocks re-joined into paragraphs."""
    blocks: list[list[str]] = [[]]
    for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = _SPACES.sub(" ", line).strip()
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    lines = [ln for b in blocks for ln in b]
    if _hard_wrapped(blocks, lines):
        return [" ".join(b) for b in blocks if b]
    return lines


def _hard_wrapped(blocks: list[list[str]], lines: list[str]) -> bool:
    """True for text wrapped at a fixed width (e-mail, plain-text wires): many lines of near-equal length."""
    if len(lines) < 5:
        return False
    width = max(len(ln) for ln in lines)
    if width > 100:
        return False
    inner = [ln for b in blocks if len(b) > 1 for ln in b[:-1]]
    # Wrapped lines break mid-sentence; one-paragraph-per-line text ends its lines with punctuation.
    mid_sentence = sum(not _SENTENCE_END.search(ln) for ln in inner)
    return (len(inner) >= 3 and sum(len(ln) >= 0.6 * width for ln in inner) >= 0.8 * len(inner)
            and mid_sentence >= 0.5 * len(inner))


def _is_prose(line: str) -> bool:
    n = len(_words(line))
    return n >= 25 or (n >= 8 and bool(_SENTENCE_END.search(line)))


def _is_heading(line: str) -> bool:
    """A short line without final punctuation, in title case or very short: a subheading."""
    words = _words(line)
    if not 1 <= len(words) <= 12 or not (line[0].isupper() or line[0].isdigit() or line[0] in "\"“'‘"):
        return False
    if _TERMINAL.search(line) and not line.rstrip("\"'”’").endswith("?"):
        return False
    if line[0] in "\"“'‘" and line[-1] in "\"”'’":  # a short quotation is content, not a heading
        return False
    content = [w for w in words if w.lower() not in _STOP]
    capitalised = sum(w[0].isupper() or w[0].isdigit() for w in content)
    return len(words) <= 6 or (bool(content) and capitalised >= 0.6 * len(content))


def _button(line: str) -> bool:
    if len(line) > 30:  # longer than any interface label
        return False
    return _norm(line) in _BUTTON_PHRASES or line.strip(" .!?:›»>").lower() in _BUTTON_PHRASES


def _names(text: str) -> list[str]:
    """Person names in a credit or byline: parentheses dropped, split on commas and 'and'."""
    text = _PARENS.sub("", text)
    out = []
    for part in _NAME_SEP.split(text):
        part = part.strip(" .;")
        words = part.split()
        # two to five capitalised words: "By Monday" or "By The Numbers" are not people
        if (2 <= len(words) <= 5 and words[0].lower() not in _STOP and all(_NAME_WORD.match(w) for w in words)
                and part not in out):
            out.append(part)
    return out


def _credit_line(line: str) -> tuple[list[str], bool] | None:
    """(names, Reuters format?) when the whole line is a credit line, else None."""
    body = line.strip().strip("()").strip().rstrip(".")
    segments = [s.strip() for s in body.split(";") if s.strip()]
    if not segments or len(_words(line)) > 60:
        return None
    kinds, names = [], []
    for seg in segments:
        m = _CREDIT_SEGMENT.match(seg)
        if not m:
            return None
        kind = m["kind"].lower()
        kinds.append(kind)
        if kind.startswith(("reporting", "writing")):
            names += [n for n in _names(m["names"]) if n not in names]
    if not names:
        names = [n for seg in segments for n in _names(_CREDIT_SEGMENT.match(seg)["names"])]
    reuters = len(segments) >= 2 and any(k.startswith("reporting") for k in kinds) and "editing" in kinds
    return names, reuters


def _caption(line: str) -> bool:
    if len(_words(line)) > 60:
        return False
    if _CAPTION_START.match(line):
        return True
    if _SENTENCE_END.search(line) and not line.endswith(")"):
        return False
    return bool(_CAPTION_CREDIT.search(line) or _CAPTION_END.search(line))


def _appeal_trigger(line: str) -> bool:
    n = len(_words(line))
    return (n <= 40 and bool(_APPEAL_TRIGGER.search(line))) or (n <= 14 and bool(_NEWSLETTER_BOX.match(line)))


def _appeal_like(line: str, short_ok: bool = True) -> bool:
    """A line that continues a donation/newsletter block: addresses the reader, or is a short button."""
    if _appeal_trigger(line) or _button(line) or (short_ok and len(_words(line)) <= 6):
        return True
    return _addresses_reader(line)


def _addresses_reader(line: str) -> bool:
    """Speaks to the reader (we/our/you) outside quotation marks: quoted speech is the story's."""
    return bool(_READER_PRONOUN.search(_QUOTED.sub("", line)))


def _outlet_from_appeal(lines: Iterable[str]) -> list[str]:
    found = []
    for line in lines:
        for rx in (_OUTLET_SUPPORT_BANG, _OUTLET_MESSAGE):
            m = rx.match(line)
            if m:
                found.append(m["name"].strip(" :!."))
        found += [m["name"].strip(" :!.") for m in _OUTLET_IN_APPEAL.finditer(line)]
    return [f for f in found if not ({w.lower() for w in _words(f)} - {"the"}) & _GENERIC_NAMES]


class _Cleaner:
    """One article's cleaning pass; `run` returns the clean body and what furniture told us."""

    def __init__(self, raw: str, known_title: str | None):
        self.lines = _paragraphs(raw)
        self.keep = [True] * len(self.lines)
        self.removed: list[str] = []
        self.headings: list[str] = []
        self.known_title = known_title
        self.meta: dict[str, list[tuple[int, object]]] = {"title": [], "outlet": [], "byline": [], "published": []}
        self.label: dict[int, str] = {}
        self.repeated: set[int] = set()

    def found(self, field: str, evidence: str, value) -> None:
        if value is not None and value != "":
            self.meta[field].append((_EVIDENCE_RANK[evidence], value))

    def best(self, field: str):
        """The value from the strongest evidence; first found wins a tie (min is stable)."""
        return min(self.meta[field], key=lambda c: c[0])[1] if self.meta[field] else None

    def drop(self, i: int, kind: str) -> None:
        if self.keep[i]:
            self.keep[i] = False
            self.label[i] = kind

    def kept(self) -> list[int]:
        return [i for i, k in enumerate(self.keep) if k]

    def run(self) -> dict:
        self._line_rules()
        self._appeals()
        self._repeats()
        self._head()
        self._body()
        self.removed = [f"{self.label[i]}: {ln}" for i, ln in enumerate(self.lines) if i in self.label] + self.removed
        paragraphs = [self.lines[i] for i in self.kept()]
        return {"text": "\n\n".join(paragraphs), "removed": self.removed, "headings": self.headings,
                **{field: self.best(field) for field in self.meta}}

    def _line_rules(self) -> None:
        """Furniture recognisable from the line alone, wherever it stands."""
        for i, line in enumerate(self.lines):
            if _SYMBOLS_ONLY.match(line):
                self.drop(i, "symbols")
            elif len(_words(line)) <= 40 and _BANNER.search(line):
                self.drop(i, "site banner")
            elif _ADVERT.match(line):
                self.drop(i, "advertisement")
            elif m := _FEED_TRAILER.match(line):
                self.found("title", "feed trailer", m["title"].strip())
                self.found("outlet", "feed trailer", m["outlet"].strip())
                self.drop(i, "feed trailer")
            elif credit := _credit_line(line):
                self._credit(credit)
                self.drop(i, "credit line")
            elif _caption(line):
                self.drop(i, "photo caption")
            elif _button(line):
                self.drop(i, "button")
            elif _READ_MORE.match(line) and len(_words(line)) <= 15 and not _SENTENCE_END.search(line):
                self.drop(i, "read more")
            elif _COPYRIGHT.search(line) and len(_words(line)) <= 25:
                holder = _COPYRIGHT_HOLDER.match(line)
                self.found("outlet", "copyright", holder["name"].split(". ")[0].strip(" .") if holder else None)
                self.drop(i, "copyright")
            elif (m := _ORIGINALLY.match(line)) and len(_words(line)) <= 20:
                self.found("outlet", "originally published", m["name"].strip(" ."))
                self.drop(i, "originally published")
            elif (m := _SOURCE_LINE.match(line)):
                self.found("outlet", "source line", m["name"])
                self.drop(i, "source line")
            elif _TAGS.match(line) and len(_words(line)) <= 30:
                self.drop(i, "tags")
            elif _SITE_NOTICE.search(line) and len(_words(line)) <= 15:
                self.drop(i, "site notice")
            elif (m := _BYLINE.match(line)) and len(_words(line)) <= 12 and (names := self._byline(m["names"])):
                self.drop(i, "byline")
            elif _CONTRIBUTED.search(line) and len(_words(line)) <= 30:
                self.drop(i, "credit line")
        self._inline_credit()

    def _byline(self, text: str) -> list[str]:
        """Names in a byline; an affiliation after CAPITALISED names ("JANE DOE Harbor Ledger") is the outlet."""
        words = text.split()
        caps = [k for k, w in enumerate(words) if len(w) > 1 and w.isupper()]
        if caps:
            cut = next((k for k in range(caps[0], len(words)) if not words[k].isupper() and words[k] != "and"),
                       len(words))
            affiliation = " ".join(words[cut:]).strip(" ,")
            text = " ".join(w.title() if w.isupper() else w for w in words[:cut])
            if len(_words(affiliation)) >= 2:
                self.found("outlet", "byline affiliation", affiliation)
        names = _names(text)
        if names:
            self.found("byline", "byline", ", ".join(names))
        return names

    def _credit(self, credit: tuple[list[str], bool]) -> None:
        names, reuters = credit
        self.found("byline", "credit line", ", ".join(names))
        if reuters:
            self.found("outlet", "credit line", "Reuters")

    def _inline_credit(self) -> None:
        """A credit line run on at the end of the last paragraph: cut it off, keep what it says."""
        kept = self.kept()
        if not kept:
            return
        i = kept[-1]
        m = _INLINE_CREDIT.search(self.lines[i])
        credit = _credit_line(m.group(1)) if m else None
        if credit:
            self.lines[i] = self.lines[i][:m.start()].rstrip()
            self.removed.append(f"credit line: {m.group(1)}")
            self._credit(credit)

    def _appeals(self) -> None:
        """Donation and newsletter blocks: from a trigger line while lines keep addressing the reader."""
        names: list[str] = []
        i, n = 0, len(self.lines)
        body_start = next((k for k in self.kept() if _is_prose(self.lines[k])), None)
        while i < n:
            if not _appeal_trigger(self.lines[i]):
                i += 1
                continue
            j = i + 1
            # Before the body a short line is more likely the headline than a button.
            in_head = body_start is None or i < body_start
            while j < n and (not self.keep[j] or _appeal_like(self.lines[j], short_ok=not in_head)):
                j += 1
            # An appeal often opens with a plea before its button line ("We rely on readers like you.
            # Support us"); such lines addressing the reader directly above the trigger belong to it.
            start = i
            while (body_start is not None and start - 1 > body_start
                   and (not self.keep[start - 1] or _addresses_reader(self.lines[start - 1]))):
                start -= 1
            block = range(start, j)
            names += _outlet_from_appeal(self.lines[k] for k in block)
            for k in block:
                self.drop(k, "appeal")
            i = max(j, i + 1)
        if names:
            counts = Counter(names)
            self.found("outlet", "appeal", max(names, key=lambda x: (counts[x], -names.index(x))))

    def _repeats(self) -> None:
        prev = None
        for i in self.kept():
            key = _norm(self.lines[i])
            if prev is not None and key and key == _norm(self.lines[prev]):
                self.drop(i, "repeated line")
                self.repeated.add(prev)
            else:
                prev = i

    def _head(self) -> None:
        """Lines before the first paragraph of prose: breadcrumbs, labels, dates, the title."""
        kept = self.kept()
        start = next((k for k, i in enumerate(kept) if _is_prose(self.lines[i])), None)
        if start is None:  # no prose at all: only a leading headline-like line can be head
            start = 1 if len(kept) > 1 and _is_heading(self.lines[kept[0]]) else 0
        head = kept[:start]
        crumbs: list[str] = []
        candidates: list[int] = []
        for i in head:
            line = self.lines[i]
            if _BULLET.match(line) or _BREADCRUMB.search(line):
                items = [s for s in _BREADCRUMB_SEP.split(_BULLET.sub("", line)) if s.strip()]
                crumbs += items
                self.drop(i, "breadcrumb")
            elif (stamp := _date_line(line)) is not None:
                self.found("published", "dateline", stamp)
                self.drop(i, "dateline")
            elif _READING_TIME.match(line):
                self.drop(i, "reading time")
            else:
                candidates.append(i)
        if crumbs and len(_words(crumbs[-1])) >= 3:
            self.found("title", "breadcrumb", crumbs[-1].strip())
        title = self.known_title or self.best("title")
        if title is None:
            title = self._headline(candidates)
        seen_title = False
        for i in candidates:
            line = self.lines[i]
            if title and _norm(line) == _norm(title):
                self.drop(i, "title")
                seen_title = True
            elif seen_title and (names := _name_line(line)):  # names under the headline: the byline
                self.found("byline", "head byline", ", ".join(names))
                self.drop(i, "byline")
            elif len(_words(line)) <= 3:
                self.drop(i, "section label")
            else:
                self.drop(i, "head")
        first = next(iter(self.kept()), None)
        if first is not None:
            self._first_paragraph(first)

    def _headline(self, candidates: list[int]) -> str | None:
        """The headline among the lines before the body: one printed twice, else the first line of
        five or more words that is not a person's name (site names are short and come first, while
        standfirsts and bylines follow the headline), else the first headline-like line."""
        headlines = [i for i in candidates if 3 <= len(_words(self.lines[i])) <= 30
                     and not _TERMINAL.search(self.lines[i].rstrip("?!"))]
        not_names = [i for i in headlines if not _name_line(self.lines[i])]
        chosen = ([i for i in headlines if i in self.repeated]
                  or [i for i in not_names if len(self.lines[i].split()) >= 5] or not_names or headlines)
        if not chosen:
            return None
        self.found("title", "head", self.lines[chosen[0]])
        return self.lines[chosen[0]]

    def _first_paragraph(self, i: int) -> None:
        line = self.lines[i]
        m = _SHARE_PREFIX.match(line)
        if m:
            self.removed.append(f"share label: {m.group(0).strip()}")
            self.lines[i] = line = line[m.end():]
        agency = _DATELINE_AGENCY.match(line)
        if agency:
            name = agency["agency"].strip()
            self.found("outlet", "dateline", _AGENCIES.get(name, name))

    def _body(self) -> None:
        kept = self.kept()
        prose = [i for i in kept if _is_prose(self.lines[i])]
        last = prose[-1] if prose else None
        for i in kept:
            # after the last paragraph, lines that do not end a sentence are related links and tags
            if last is not None and i > last and not _TERMINAL.search(self.lines[i]):
                self.drop(i, "trailing link")
                continue
            if not _is_heading(self.lines[i]) or _is_prose(self.lines[i]):
                continue
            if last is not None and i > last:
                continue
            else:
                self.headings.append(self.lines[i])
                self.drop(i, "heading")


def _date_line(line: str) -> pd.Timestamp | None:
    """The date of a line that holds a date and nothing but date words, times and reading time."""
    if len(line.split()) > 14:
        return None
    m = _DATE_IN_LINE.search(line)
    if not m:
        return None
    rest = _words(line[:m.start()] + " " + line[m.end():])
    if any(not w.isdigit() and w.lower() not in _DATE_WORDS for w in rest):
        return None
    return parse_date(_ORDINAL.sub("", m.group(0)))


def _name_line(line: str) -> list[str]:
    """Names when the whole line is one to three people's names ("Jane Doe and Omar Vale in Tidewater")."""
    if len(line.split()) > 12 or _TERMINAL.search(line):
        return []
    people = _IN_PLACE.sub("", line)
    parts = [p for p in _NAME_SEP.split(people) if p.strip(" .;")]
    names = _names(people)
    if not 1 <= len(parts) <= 3 or len(names) != len(parts) or any(len(n.split()) > 3 for n in names):
        return []
    return names


def clean_body(raw: str, known_title: str | None = None) -> dict:
    """Clean one article's raw text.

    Returns a dict: text (clean body, paragraphs joined by "\\n\\n"), removed (list of
    "class: line" for every piece of furniture taken out), headings (in-body subheadings taken
    out), and what the text says about the article, None when it says nothing: title, outlet,
    byline, published (Timestamp). `known_title` (from the manifest or the file's metadata) is
    used to recognise the title repeated as the first line.
    """
    return _Cleaner(raw or "", known_title).run()


def _shingles(words: list[str], size: int = 5) -> set[str]:
    return {" ".join(words[k:k + size]) for k in range(max(0, len(words) - size + 1))}


# A shingle found in more distinct articles than this is boilerplate of the outlet or the genre
# ("said in a statement on"): counting its long posting list for every new article made the
# search quadratic (19 s for 5,000 articles), so it only bounds the count (see duplicates).
COMMON_SHINGLE = 64


def duplicates(texts: list[str], ids: list[str], threshold: float = 0.8) -> list[str | None]:
    """For each text, the id of the first earlier text it duplicates, else None.

    Exact duplicates match on normalised text; near-duplicates when at least `threshold` of the
    smaller text's 5-word shingles also occur in the other (overlap coefficient), which catches
    the same wire story republished with a different intro or a trimmed end. An inverted index of
    shingles finds the candidates, which are then checked on their full shingle sets. Shingles in
    more than COMMON_SHINGLE earlier distinct articles find no candidates, so two texts whose shared
    part is nothing but such boilerplate are not flagged; copies are not indexed, so a story
    republished many times never makes its own shingles common.
    """
    exact: dict[str, str] = {}
    # shingle hash -> the article indexed with it, or a list of them once there are several: most
    # shingles occur once, and a list for each took 100 MB for 5,000 articles
    index: dict[int, int | list[int]] = {}
    kept: dict[int, np.ndarray] = {}
    sizes = np.zeros(len(texts), dtype=np.int64)
    out: list[str | None] = []
    for k, (text, article_id) in enumerate(zip(texts, ids)):
        words = [w.lower() for w in _text_words(text)]
        key = " ".join(words)
        # Hashes stand for the shingles: a collision needs two 64-bit hashes to agree, and the
        # result depends only on which shingles are equal, not on the hash values.
        shingles = set(map(hash, _shingles(words)))
        match = exact.get(key) if key else None
        if match is None and len(shingles) >= 10:
            near = _near_duplicate(shingles, index, kept, sizes, threshold)
            match = ids[near] if near is not None else None
        out.append(match)
        if match is None:  # a copy adds nothing to find later copies, and would make the index quadratic
            exact.setdefault(key, article_id)
            # kept as an array: a set of Python ints takes eight times the memory
            kept[k], sizes[k] = np.fromiter(shingles, dtype=np.int64, count=len(shingles)), len(shingles)
            for s in shingles:
                posting = index.get(s)
                if posting is None:
                    index[s] = k
                elif isinstance(posting, int):
                    index[s] = [posting, k]
                elif len(posting) <= COMMON_SHINGLE:
                    posting.append(k)
    return out


def _near_duplicate(shingles: set[int], index: Mapping[int, int | list[int]], kept: Mapping[int, np.ndarray],
                    sizes: np.ndarray, threshold: float) -> int | None:
    """The first indexed text sharing at least `threshold` of the smaller one's shingles."""
    single: list[int] = []
    rare: list[list[int]] = []
    common = 0
    for s in shingles:
        posting = index.get(s)
        if posting is None:
            continue
        if isinstance(posting, int):
            single.append(posting)
        elif len(posting) > COMMON_SHINGLE:
            common += 1
        else:
            rare.append(posting)
    # counted in one call over all postings: a Counter.update per shingle cost more than the rest
    shared = Counter(chain(single, chain.from_iterable(rare)))
    if not shared:
        return None
    # `shared` counts the rare shingles only; with every common one added it is an upper bound,
    # which rules out most candidates before their shingle sets are compared.
    candidates = np.fromiter(shared.keys(), dtype=np.int64, count=len(shared))
    hits = np.fromiter(shared.values(), dtype=np.int64, count=len(shared))
    need = threshold * np.minimum(len(shingles), sizes[candidates])
    possible = hits + common >= need
    for j, n in sorted(zip(candidates[possible].tolist(), need[possible].tolist())):
        if len(shingles.intersection(kept[j].tolist())) >= n:
            return j
    return None


def clean_record(record: Mapping) -> dict:
    """`clean_body` of one record from kit.sources.read_sources; a title the manifest or the file
    states is recognised when repeated as the first line."""
    known = record.get("title") if record.get("title_source") else None
    return clean_body(record.get("raw_text", ""), known)


def articles_frame(records: list[dict], cleaned: list[dict] | None = None) -> pd.DataFrame:
    """The articles table, one row per record from kit.sources.read_sources.

    `cleaned` holds `clean_record` of each record when it was computed elsewhere (kit.corpus
    cleans large corpora in worker processes); by default the records are cleaned here.

    Columns: article_id, path, outlet, title, published (datetime64, NaT when unknown), url,
    byline, text (clean body), raw_text, n_words (words in text), headings (list of in-body
    subheadings removed), removed (list of "class: line" furniture removed), duplicate_of
    (article_id of an earlier exact or near-duplicate article, else None), notes (manifest),
    format, encoding, and <field>_source for title, outlet, published, url, byline: "manifest",
    "file" (the file's own metadata), "inferred" (from the text) or "missing".
    Precedence: manifest, then file metadata, then what the text says.
    """
    if cleaned is None:
        cleaned = [clean_record(r) for r in records]
    rows = []
    for r, body in zip(records, cleaned, strict=True):
        row = {**r, "text": body["text"], "removed": body["removed"], "headings": body["headings"],
               "n_words": len(_text_words(body["text"]))}
        for field in META_FIELDS:
            if r.get(f"{field}_source"):
                continue
            value = body.get(field)
            row[field] = value
            row[f"{field}_source"] = "inferred" if value is not None else "missing"
        rows.append(row)
    df = pd.DataFrame(rows).reindex(columns=ARTICLE_COLUMNS)
    df["published"] = pd.to_datetime(df["published"], errors="coerce").astype("datetime64[ns]")
    df["duplicate_of"] = duplicates(df["text"].fillna("").tolist(), df["article_id"].astype(str).tolist())
    for field in META_FIELDS:
        df[f"{field}_source"] = pd.Categorical(df[f"{field}_source"], categories=SOURCE_VALUES)
    df["n_words"] = df["n_words"].fillna(0).astype(int)
    return df
