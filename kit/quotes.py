"""Direct quotations and reported claims, with their speakers.

Quotation marks are paired by hand (below) because no library pairs a real page's marks: straight and
curly marks mixed, ‘nested’ quotes, a stray "»" or a lone “ that must not swallow the rest of the
article, and quotes running over several paragraphs. Everything else uses the spaCy parse: the
reporting verb governing the quoted words or the content clause, its subject (or the object of
"according to"), and kit.speakers to turn that subject into a canonical speaker via the mentions.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Mapping, Sequence

import pandas as pd
from spacy.tokens import Doc, Token

from . import hedges
from .nlp import doc_text
from .speakers import ACTOR_TYPES, ORG_NOUNS, PERSON_NOUNS, Speaker, SpeakerResolver

QUOTE_COLUMNS = ["article_id", "quote_id", "text", "speaker", "speaker_surface", "cue", "kind", "channel",
                 "start", "end", "sentence_id", "hedged"]
CLAIM_COLUMNS = ["article_id", "claim_id", "text", "speaker", "speaker_surface", "cue", "start", "end",
                 "sentence_id", "hedged"]

# Reporting verbs (lemmas): a general list from English news style, not from any one outlet.
REPORTING_VERBS = frozenset("""
say tell state claim add note write report announce confirm insist argue assert acknowledge admit
concede counter emphasize emphasise stress warn suggest explain deny allege maintain reiterate declare
observe remark reply respond answer predict estimate contend assure promise vow pledge complain boast
caution conclude disclose reveal testify tweet post comment recall mention agree believe find forecast
indicate speculate hint signal point recount underline underscore highlight affirm contest dispute
charge accuse
""".split())
# Verbs that attribute a quotation but do not introduce a reported claim ("dubbed it the “gateway”").
QUOTE_ONLY_VERBS = frozenset("""
call dub label term brand describe characterize characterise nickname urge ask quote cite continue
shout joke plead demand praise
""".split())
QUOTE_VERBS = REPORTING_VERBS | QUOTE_ONLY_VERBS
# Verbs that attribute only when they have no object of their own.
_INTRANSITIVE_CUES = frozenset({"continue"})
# Reporting verbs whose claim can be a plain noun object ("acknowledged Russian advances").
OBJECT_CLAIM_VERBS = frozenset("""
acknowledge announce confirm deny emphasize emphasise stress report admit reiterate predict estimate
claim disclose reveal highlight underline underscore
""".split())
# ... or an infinitive ("claimed to have captured the village").
XCOMP_CLAIM_VERBS = frozenset({"claim", "deny", "admit"})
# Nouns that can be the source in "according to X" when no actor is named there.
SOURCE_NOUNS = PERSON_NOUNS | ORG_NOUNS | frozenset("""
official analyst expert source witness resident observer report data figure map statement survey poll
study document record police military authority media intelligence assessment tally count footage
monitor people medic rescuer investigator leader soldier critic supporter opponent voter citizen worker
employee member student parent doctor nurse farmer user customer victim survivor relative family
neighbour neighbor local protester demonstrator participant organizer organiser scholar academic
specialist pundit insider veteran cleric priest bishop forecaster pollster trader banker investor
observer counterpart ally partner state country nation region city town village republic kingdom
army navy force forces troops command headquarters staff press agency
""".split())
_CONTENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "parataxis", "advcl", "oprd", "attr", "acomp", "dep",
                           "prep", "pobj", "npadvmod", "pcomp", "dative", "appos", "obj", "punct"})

_CHANNEL_ON = frozenset({"medium", "media", "television", "tv", "radio", "website", "channel", "platform", "account",
                         "page", "podcast", "broadcast", "air", "blog", "app", "network"})
_CHANNEL_IN = frozenset({"statement", "post", "interview", "video", "address", "message", "speech", "tweet", "letter",
                         "report", "briefing", "article", "blog", "column", "update", "note", "release",
                         "conference", "broadcast", "podcast", "op-ed", "email", "e-mail", "comment",
                         "remark", "testimony", "filing", "memo", "document", "posting", "editorial"})
_CHANNEL_TO = frozenset({"reporter", "journalist", "press", "media", "lawmaker", "parliament", "audience", "crowd",
                         "supporter", "investor", "analyst", "legislator", "congress", "senator", "delegate",
                         "correspondent", "broadcaster", "newspaper", "agency"})
_CHANNEL_AT = frozenset({"conference", "briefing", "rally", "summit", "hearing", "event", "meeting", "forum",
                         "ceremony", "session", "gathering", "news", "press"})

_WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
_OPEN_D, _CLOSE_D, _STRAIGHT_D = "“„«", "”»", '"'
_BEFORE_OPEN = set(" \t\u00a0([{—–-/:")
_SENTENCE_END = ".!?"
_MARKS = re.compile("[" + re.escape(_OPEN_D + _CLOSE_D + _STRAIGHT_D + "‘’") + "]")


@dataclass
class _Quote:
    open: int          # index of the opening mark
    close: int         # index of the closing mark
    start: int         # inner text, stripped
    end: int


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text inside every paired quotation in `text`, in order.

    Double marks (“ ” " « » „) make the quotations; ‘ ’ only count outside them (inside they are
    nested quotes, part of the text). A mark that cannot be paired within its paragraph is dropped,
    unless the quotation continues into the next paragraph that opens with a mark again.
    """
    return [(q.start, q.end) for q in _pair_marks(text)]


def _pair_marks(text: str) -> list[_Quote]:
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", text)]
    out: list[_Quote] = []
    pending: int | None = None
    for k, (ps, pe) in enumerate(paragraphs):
        i = ps
        open_at = single_at = None
        if pending is not None:
            open_at, pending = pending, None
            i = ps + (len(text[ps:pe]) - len(text[ps:pe].lstrip())) + 1  # past the re-opening mark
        # only the quotation marks of the paragraph can open or close anything
        for mark in _MARKS.finditer(text, i, pe):
            i = mark.start()
            ch = text[i]
            prev = text[i - 1] if i > ps else " "
            nxt = text[i + 1] if i + 1 < pe else " "
            if ch in _OPEN_D or ch in _CLOSE_D or ch == _STRAIGHT_D:
                role = _role(ch, prev, nxt, open_at is not None)
                if role == "open":
                    open_at, single_at = i, None
                elif role == "close" and open_at is not None:
                    out.append(_inner(text, open_at, i))
                    open_at = None
            elif ch == "‘" and open_at is None and single_at is None and (prev in _BEFORE_OPEN or i == ps) \
                    and not nxt.isspace():
                single_at = i
            elif ch == "’" and open_at is None and single_at is not None and not prev.isspace() \
                    and not nxt.isalnum():
                out.append(_inner(text, single_at, i))
                single_at = None
        if open_at is not None and k + 1 < len(paragraphs) and _continues(text, open_at, ps, pe, paragraphs[k + 1]):
            pending = open_at
    return [q for q in out if any(c.isalnum() for c in text[q.start:q.end])]


def _role(ch: str, prev: str, nxt: str, is_open: bool) -> str | None:
    looks_open = (prev in _BEFORE_OPEN or prev.isspace()) and not nxt.isspace()
    looks_close = not prev.isspace() and (nxt.isspace() or not nxt.isalnum())
    if ch in _OPEN_D:
        if is_open and looks_close and not looks_open:
            return "close"  # a mistyped closing mark (“text“)
        return "open"       # an earlier unclosed opening mark was stray
    if ch in _CLOSE_D:
        if is_open:
            return "close"
        return "open" if looks_open else None  # ”text” style opens; a breadcrumb's "»" is stray
    if is_open:
        if not prev.isspace():
            return "close"
        return "open" if looks_open else None
    return "open" if looks_open else None


def _inner(text: str, open_at: int, close_at: int) -> _Quote:
    start, end = open_at + 1, close_at
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return _Quote(open_at, close_at, start, end)


def _continues(text: str, open_at: int, ps: int, pe: int, nxt: tuple[int, int]) -> bool:
    """A quotation left open at a paragraph's end runs on if the next paragraph reopens it."""
    first = text[nxt[0]:nxt[1]].lstrip()[:1]
    if first not in _OPEN_D + _STRAIGHT_D:
        return False
    tail = text[ps:pe].rstrip()
    return bool(tail) and tail[-1] in _SENTENCE_END + "…:—" and _at_sentence_start(text, ps, open_at)


def _at_sentence_start(text: str, para_start: int, open_at: int) -> bool:
    before = text[para_start:open_at].rstrip()
    if not before:
        return True
    if before[-1] in _SENTENCE_END + ":":
        return True
    return before[-1] in _CLOSE_D + _STRAIGHT_D + "’" and len(before) > 1 and before[-2] in _SENTENCE_END


class _Article:
    """One article's parse, quotation spans, sentence offsets and speaker resolver."""

    def __init__(self, doc: Doc, mentions: pd.DataFrame | Sequence[Mapping], article: Mapping):
        self.doc = doc
        self.text = doc_text(doc, article)
        self.article_id = str(article["article_id"])
        self.sents = list(doc.sents)
        self.sent_starts = [s.start_char for s in self.sents]
        self.sent_ends = [s.end_char for s in self.sents]
        self.quotes = _pair_marks(self.text)
        self.quoted = [-1] * len(doc)
        self.token_starts = idx = doc.to_array("IDX").tolist()
        for n, q in enumerate(self.quotes):
            lo = bisect_right(idx, q.open - 1)
            hi = bisect_right(idx, q.close)
            for i in range(lo, hi):
                self.quoted[i] = n
        self.para_starts = [0] + [m.end() for m in re.finditer(r"\n", self.text)]
        self.resolver = SpeakerResolver(doc, mentions, self.quoted, self.sent_starts, QUOTE_VERBS)
        self.history: list[tuple[int, Speaker]] = []
        self.claims: list[dict] = []

    def sentence_of(self, char: int) -> int:
        return max(0, bisect_right(self.sent_starts, char) - 1)

    def paragraph_start(self, char: int) -> int:
        return self.para_starts[bisect_right(self.para_starts, char) - 1]

    def hedged(self, start: int, end: int) -> bool:
        s = self.sentence_of(start)
        e = self.sentence_of(max(start, end - 1))
        own = self.text[self.sent_starts[s]:self.sent_ends[e]]
        nxt = self.text[self.sent_starts[e + 1]:self.sent_ends[e + 1]] if e + 1 < len(self.sents) else ""
        return hedges.qualifies(own) or hedges.disclaims(nxt)

    def outside(self, token: Token) -> bool:
        return self.quoted[token.i] < 0


def extract_speech(doc: Doc, mentions: pd.DataFrame, article: Mapping) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(quotes, claims) of the article in one pass: the tables of `extract_quotes` and
    `extract_claims`, sharing the parse analysis and the speaker resolver they both need."""
    quote_rows, claim_rows = speech_rows(doc, mentions, article)
    return quotes_frame(quote_rows), claims_frame(claim_rows)


def speech_rows(doc: Doc, mentions: pd.DataFrame | Sequence[Mapping],
                article: Mapping) -> tuple[list[dict], list[dict]]:
    """The rows of `extract_speech` as dicts; `mentions` may be the mentions table or its rows."""
    art = _Article(doc, mentions, article)
    claims = _claim_rows(art)  # earlier claims are antecedents of quotes that follow them
    return _quote_rows(art), claims


def quotes_frame(rows: list[dict]) -> pd.DataFrame:
    """The quotes table (QUOTE_COLUMNS) of quote rows of one or more articles."""
    return _frame(rows, QUOTE_COLUMNS)


def claims_frame(rows: list[dict]) -> pd.DataFrame:
    """The claims table (CLAIM_COLUMNS) of claim rows of one or more articles."""
    return _frame(rows, CLAIM_COLUMNS)


def extract_quotes(doc: Doc, mentions: pd.DataFrame, article: Mapping) -> pd.DataFrame:
    """Direct quotations in the article, one row each, in text order.

    Columns: article_id; quote_id ("<article_id>-q<n>"); text (inside the marks, == text[start:end]);
    speaker (canonical actor name, or the speaker's noun phrase when no actor is named, None when
    nobody says it); speaker_surface (as written: "he", "the think tank"); cue (lemma of the
    reporting verb, or "according to"); kind (full: a quoted sentence, partial: a fragment inside the
    reporter's sentence, scare: a quoted term nobody is said to say); channel ("on Telegram", "to
    reporters", "in a statement"), start, end (character offsets into the article text), sentence_id,
    hedged (the article qualifies it: "reportedly", "could not be independently confirmed").
    When the claims are needed too, `extract_speech` returns both for the cost of one.
    """
    return quotes_frame(speech_rows(doc, mentions, article)[0])


def extract_claims(doc: Doc, mentions: pd.DataFrame, article: Mapping) -> pd.DataFrame:
    """Reported speech without quotation marks, one row per claim, in text order.

    Found from a reporting verb with a content clause ("X said (on Monday) (that) ...", "..., X said",
    "X, saying that ...", "X acknowledged <noun phrase>") or from "according to X". Claims that are
    only the attribution of a direct quotation are left to the quotes table.
    Columns: article_id; claim_id ("<article_id>-c<n>"); text (the content, == text[start:end]);
    speaker; speaker_surface; cue (verb lemma or "according to"); start, end; sentence_id; hedged.
    """
    return claims_frame(_claim_rows(_Article(doc, mentions, article)))


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=columns)
    out["hedged"] = out["hedged"].astype(bool)
    return out


# --- quotes ---------------------------------------------------------------------------------------

def _quote_rows(art: _Article) -> list[dict]:
    rows = []
    doc, text, idx = art.doc, art.text, art.token_starts
    attribution_end: list[int] = []
    for n, q in enumerate(art.quotes):
        inner = [doc[i] for i in range(bisect_right(idx, q.start - 1), bisect_right(idx, q.end - 1))]
        full = _is_full(text, q, art.paragraph_start(q.open))
        found = _cue_above(art, inner, n)
        after_end = q.close + 1
        if found is not None and found.idx > q.close:
            after_end = _clause_end(art, found)
        if found is None:
            found, window_end = _cue_after(art, q)
            if found is not None:
                after_end = window_end
        if found is None and full:
            found = _cue_before(art, q)
        speaker = cue = channel = None
        if found is not None:
            cue = found.lemma_.lower()
            channel = _channel(found)
            source = _source(art, found)
            speaker = None if source is None else art.resolver.resolve(source, art.history)
        if speaker is None:
            according = _according_in_sentence(art, q)
            if according is not None:
                speaker, cue = according, "according to"
        if speaker is None:
            speaker, cue, channel = _continued(art, q, rows, attribution_end, full)
        kind = "full" if full else ("partial" if speaker is not None else "scare")
        if not full and speaker is not None and rows and rows[-1]["speaker"] == speaker.name \
                and rows[-1]["text"].endswith(",") and not re.search(r"[.!?\n]", text[rows[-1]["end"]:q.open]):
            kind = rows[-1]["kind"]  # “We are ready,” she said, “and we will act.”: one sentence, split
        if speaker is not None:
            art.history.append((q.start, speaker))
        attribution_end.append(after_end)
        rows.append({
            "article_id": art.article_id, "quote_id": f"{art.article_id}-q{len(rows) + 1}",
            "text": text[q.start:q.end],
            "speaker": None if speaker is None else speaker.name,
            "speaker_surface": None if speaker is None else speaker.surface,
            "cue": cue, "kind": kind, "channel": channel, "start": q.start, "end": q.end,
            "sentence_id": art.sentence_of(q.start), "hedged": art.hedged(q.start, q.end),
        })
    return rows


def _is_full(text: str, q: _Quote, para_start: int) -> bool:
    """A whole quoted sentence: opens a sentence (or follows a colon or "said,") with a capital letter."""
    inner = text[q.start:q.end]
    first = next((c for c in inner if c.isalnum() or c in "‘'\"“"), "")
    capital = first.isupper() or first.isdigit() or first in "‘'\"“"
    if _at_sentence_start(text, para_start, q.open):
        return capital
    return capital and text[para_start:q.open].rstrip().endswith(",") and len(inner.split()) >= 4


def _is_cue(token: Token, verbs: frozenset) -> bool:
    """A reporting verb actually used to report: not negated, not an infinitive ("refused to say"),
    and "continue" only as in "“...,” he continued", not "continued to fight"."""
    lemma = token.lemma_.lower()
    return lemma in verbs and token.pos_ in ("VERB", "AUX") and not any(
        c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ == "to")
        or (lemma in _INTRANSITIVE_CUES and c.dep_ in ("xcomp", "dobj") and c.pos_ != "PUNCT")
        for c in token.children)


def _cue_above(art: _Article, inner: list[Token], n: int) -> Token | None:
    """The reporting verb the quoted words depend on ("said it was “premature”", "“...,” he said").

    Only within the quote's paragraphs: spaCy sometimes runs a sentence over a line break.
    """
    q = art.quotes[n]
    paragraphs = {art.paragraph_start(q.open), art.paragraph_start(q.close)}
    for t in inner:
        if art.quoted[t.head.i] == n and t.head.i != t.i:
            continue
        child, head = t, t.head
        for _ in range(8):
            if head.i == child.i or art.paragraph_start(head.idx) not in paragraphs:
                break
            if art.quoted[head.i] < 0 and child.dep_ in _CONTENT_DEPS and _is_cue(head, QUOTE_VERBS):
                return head
            child, head = head, head.head
    return None


def _cue_after(art: _Article, q: _Quote) -> tuple[Token | None, int]:
    """A short attribution right after the closing mark: "“...,” said Smith, the secretary."."""
    doc, text = art.doc, art.text
    inner_end = text[q.start:q.end].rstrip("’'\"” ")[-1:]
    j = bisect_right(art.token_starts, q.close)
    window = []
    while j < len(doc):
        t = doc[j]
        if art.quoted[t.i] >= 0 or "\n" in t.text or t.text in _SENTENCE_END:
            break
        window.append(t)
        if "\n" in t.whitespace_:
            break
        j += 1
    if not window:
        return None, q.close + 1
    end = window[-1].idx + len(window[-1].text)
    if j < len(doc) and doc[j].text in _SENTENCE_END:
        end = doc[j].idx + 1
    if inner_end in _SENTENCE_END and window[0].text[:1].isupper() and not _is_cue(window[0], QUOTE_VERBS):
        # "“We won.” Smith said the vote..." starts a new sentence unless it is only an attribution
        cues = [t for t in window if _is_cue(t, QUOTE_VERBS)]
        if not cues or any(c.dep_ in ("ccomp", "dobj") and c.i > cues[0].i for c in cues[0].children):
            return None, q.close + 1
    for t in window:
        if _is_cue(t, QUOTE_VERBS) and not any(
                c.dep_ in ("ccomp", "dobj") and c.i > t.i and art.outside(c) for c in t.children):
            return t, end
    return None, q.close + 1


def _clause_end(art: _Article, token: Token) -> int:
    """End of the attribution a token belongs to: the next sentence mark, quotation or line break."""
    doc = art.doc
    end = token.idx + len(token.text)
    for t in doc[token.i:]:
        if art.quoted[t.i] >= 0 or "\n" in t.text:
            break
        end = t.idx + len(t.text)
        if t.text in _SENTENCE_END or "\n" in t.whitespace_:
            break
    return end


def _cue_before(art: _Article, q: _Quote) -> Token | None:
    """"Smith said: “...”" (also across a paragraph break) or "Smith said, “...”"."""
    before = art.text[:q.open].rstrip()
    if not before or before[-1] not in ":,":
        return None
    mark = len(before) - 1
    if before[-1] == "," and art.paragraph_start(mark) != art.paragraph_start(q.open):
        return None
    s = art.sents[art.sentence_of(mark)]
    cues = [t for t in s if t.idx < mark and art.outside(t) and _is_cue(t, QUOTE_VERBS)]
    return cues[-1] if cues else None


def _continued(art: _Article, q: _Quote, rows: list[dict], attribution_end: list[int], full: bool):
    """A quote right after an attributed quote (nothing but its attribution between) continues its
    speaker; so does a stand-alone quoted sentence right after a reported claim."""
    candidates = []
    prev = rows[-1] if rows else None
    if prev is not None and prev["speaker"] is not None \
            and not any(c.isalnum() for c in art.text[attribution_end[-1]:q.open]):
        candidates.append((prev["end"], Speaker(prev["speaker"], prev["speaker_surface"], None),
                           prev["cue"], prev["channel"]))
    for claim in art.claims if full else ():
        if claim["end"] <= q.open and not any(c.isalnum() for c in art.text[claim["end"]:q.open]) \
                and claim["speaker"] is not None:
            candidates.append((claim["end"], Speaker(claim["speaker"], claim["speaker_surface"], None),
                               claim["cue"], None))
    if not candidates:
        return None, None, None
    _, speaker, cue, channel = max(candidates, key=lambda c: c[0])
    return speaker, cue, channel


def _according_in_sentence(art: _Article, q: _Quote) -> Speaker | None:
    s = art.sents[art.sentence_of(q.start)]
    para = art.paragraph_start(q.open)
    for t in s:
        if t.lower_ == "according" and art.outside(t) and art.paragraph_start(t.idx) == para:
            source = _according_source(t)
            if source is not None and _is_source(art, source):
                return art.resolver.resolve(source, art.history)
    return None


def _channel(cue: Token) -> str | None:
    """Where it was said: "on Telegram", "in a post on Telegram", "to reporters", "at a briefing"."""
    doc = cue.doc
    for c in cue.children:
        if c.dep_ == "dobj" and cue.lemma_ == "tell" and c.pos_ != "PRON":
            lemma = c.lemma_.lower()
            if lemma in _CHANNEL_TO or c.ent_type_ == "ORG":
                return "to " + doc[c.left_edge.i:c.right_edge.i + 1].text
    for c in cue.children:
        if c.dep_ != "prep":
            continue
        objs = [o for o in c.children if o.dep_ == "pobj"]
        if not objs:
            continue
        obj, prep = objs[0], c.lower_
        lemma = obj.lemma_.lower()
        ok = (prep == "on" and obj.ent_type_ not in ("DATE", "TIME") and lemma not in _WEEKDAYS
              and (lemma in _CHANNEL_ON or (obj.pos_ == "PROPN" and obj.ent_type_ not in ("GPE", "LOC", "FAC"))))
        ok = ok or (prep in ("in", "via", "through") and lemma in _CHANNEL_IN)
        ok = ok or (prep == "to" and (lemma in _CHANNEL_TO or obj.ent_type_ == "ORG"))
        ok = ok or (prep == "at" and lemma in _CHANNEL_AT)
        if ok:
            return doc[c.i:c.right_edge.i + 1].text
    return None


# --- sources of speech ----------------------------------------------------------------------------

def _source(art: _Article, cue: Token) -> Token | None:
    """The token that names who speaks through `cue`: its subject, or a governing verb's subject.

    Participles and conjuncts ("..., adding that", "urged ..., stating that") take the subject of
    the nearest reporting verb above them, else of the nearest verb above that has one.
    """
    own = _own_subject(art, cue)
    if own is not None:
        return own
    chain = []
    child, head = cue, cue.head
    para = art.paragraph_start(cue.idx)
    for _ in range(6):
        if head.i == child.i or art.paragraph_start(head.idx) != para:
            break
        if child.dep_ == "relcl":
            return head  # "the group, which said ..." -> the group
        if child.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
            break  # "a statement saying ...": the speaker is not the statement's head
        chain.append(head)
        child, head = head, head.head
    for verb in chain:
        if _is_cue(verb, QUOTE_VERBS):
            subject = _own_subject(art, verb)
            if subject is not None:
                return subject
    for verb in chain:
        subject = _own_subject(art, verb)
        if subject is not None:
            return subject
    return None


def _own_subject(art: _Article, verb: Token) -> Token | None:
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and art.outside(c)]
    # a mis-parse can give two subjects ("the agency Waterwatch wrote"): the named, else nearest one
    subjects.sort(key=lambda c: (art.resolver.covering(c) is None, abs(verb.i - c.i)))
    for c in subjects[:1]:
            if c.lower_ in ("which", "who", "that") and verb.dep_ == "relcl":
                return verb.head
            if c.dep_ == "nsubjpass" and c.lower_ == "it":
                return None  # "it was reported that ...": nobody named
            return c
    for c in verb.children:
        if c.dep_ == "agent":
            for o in c.children:
                if o.dep_ == "pobj":
                    return o
    return None


def _according_source(token: Token) -> Token | None:
    """The object of "according to": "according to local officials" -> officials."""
    for to in token.children:
        if to.lower_ == "to":
            for o in to.children:
                if o.dep_ == "pobj":
                    return o
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if nxt is not None and nxt.lower_ == "to":
        for o in nxt.children:
            if o.dep_ == "pobj":
                return o
    return None


def _is_source(art: _Article, token: Token) -> bool:
    """Is this subject (or "according to" object) someone or something that can state things?"""
    if token.pos_ == "PRON":
        return True
    m = art.resolver.covering(token)
    if m is not None and m.type in ACTOR_TYPES + ("PLACE",):
        return True
    return token.lemma_.lower() in SOURCE_NOUNS or token.pos_ == "PROPN" \
        or token.ent_type_ in ("PERSON", "ORG", "NORP")


# --- claims ---------------------------------------------------------------------------------------

def _claim_rows(art: _Article) -> list[dict]:
    doc, text = art.doc, art.text
    found_all, seen = [], set()
    for t in doc:
        if not art.outside(t):
            continue
        if t.lower_ == "according":
            found = _according_claim(art, t)
        elif _is_cue(t, REPORTING_VERBS):
            found = _verb_claim(art, t)
        else:
            continue
        if found is None:
            continue
        span, speaker, cue = found
        start, end = span
        if (start, end) in seen:
            continue
        seen.add((start, end))
        art.history.append((start, speaker))
        found_all.append((t.idx, start, end, speaker, cue))
    rows = []
    for at, start, end, speaker, cue in found_all:
        if any(s <= at < e for _, s, e, _, _ in found_all if (s, e) != (start, end)):
            continue  # "The figures suggest ..., said Reed": part of the outer speaker's claim
        rows.append({
            "article_id": art.article_id, "claim_id": f"{art.article_id}-c{len(rows) + 1}",
            "text": text[start:end], "speaker": speaker.name, "speaker_surface": speaker.surface,
            "cue": cue, "start": start, "end": end, "sentence_id": art.sentence_of(start),
            "hedged": art.hedged(start, end),
        })
    art.claims = rows
    return rows


def _verb_claim(art: _Article, verb: Token):
    root, excluded = _content_root(art, verb)
    if root is None:
        return None
    span = _content_span(art, root, excluded, verb)
    if span is None:
        return None
    source = _source(art, verb)
    if source is None or span[0] <= source.idx < span[1]:
        return None
    speaker = art.resolver.resolve(source, art.history)
    if speaker is None or not speaker.name:
        return None
    if speaker.type is None and not _is_source(art, source):
        return None  # "the advances underscore ...": nobody reporting
    return span, speaker, verb.lemma_.lower()


def _content_root(art: _Article, verb: Token) -> tuple[Token | None, set[int]]:
    """The clause (or noun phrase) a reporting verb reports, and tokens to leave out of it."""
    lemma = verb.lemma_.lower()
    # spaCy sentences can run over a paragraph break, hanging a clause of the previous paragraph
    # (often a quotation) on this verb: the reported clause lies in the verb's own paragraph
    para = art.paragraph_start(verb.idx)
    para_end = art.text.find("\n", verb.idx)
    para_end = len(art.text) if para_end < 0 else para_end
    # a "clause" whose head word lies inside a name is a misparse of a name with a particle
    # ("Rio Grande do Sul Governor X said ...": "do" read as a verb)
    clauses = [c for c in verb.children if c.dep_ == "ccomp" and art.resolver.covering(c) is None]
    clauses.sort(key=lambda c: not (para <= c.idx < para_end))
    if clauses:
        run = [clauses[0]]
        for c in sorted(clauses[1:], key=lambda c: c.i):
            # "told Reuters that talks with the Fund would resume": the parser may split one
            # clause into two adjacent ones; they are reported together
            if c.left_edge.i == run[-1].right_edge.i + 1:
                run.append(c)
        if len(run) == 1:
            return run[0], set()
        inside = {t.i for c in run for t in c.subtree}
        return verb, {t.i for t in verb.subtree if t.i not in inside}
    for prep in verb.children:
        # "said in a statement that ...": the parser hangs the clause on the statement
        for pobj in (c for c in prep.children if prep.dep_ == "prep" and c.dep_ == "pobj"):
            for c in pobj.children:
                if c.dep_ in ("acl", "ccomp", "relcl") and any(m.dep_ == "mark" and m.lower_ == "that"
                                                                for m in c.children):
                    return c, set()
    for c in verb.children:
        if (c.dep_ == "dobj" and lemma in OBJECT_CLAIM_VERBS and c.pos_ in ("NOUN", "PROPN", "NUM")) \
                or (c.dep_ == "xcomp" and lemma in XCOMP_CLAIM_VERBS) \
                or (lemma in OBJECT_CLAIM_VERBS and _object_after_date(c)):
            # a noun object is no statement on its own: keep the verb and what follows it
            # ("acknowledged Russian advances", "announced $1.2 billion to expand clinics")
            return verb, {t.i for t in verb.subtree if t.i < verb.i}
    if verb.dep_ == "parataxis" and verb.head.i != verb.i:
        # "Prices will rise, the bank said": the clause is the head, the attribution its dependent
        return verb.head, {t.i for t in verb.subtree}
    return None, set()


def _object_after_date(prep: Token) -> bool:
    # "announced on Wednesday new limits": the parser reads the object as a second object of
    # the date's preposition
    objs = [c for c in prep.children if c.dep_ == "pobj"] if prep.dep_ == "prep" else []
    return len(objs) >= 2 and objs[0].ent_type_ in ("DATE", "TIME") and objs[-1].pos_ in ("NOUN", "PROPN") \
        and objs[-1].ent_type_ not in ("DATE", "TIME")


def _content_span(art: _Article, root: Token, excluded: set[int], anchor: Token) -> tuple[int, int] | None:
    """Character span of the content: root's subtree minus attributions and nested claims at its edges.

    It stays inside the paragraph of `anchor` (the cue), because spaCy sentences can run over a
    paragraph break into a caption or a heading.
    """
    para = art.paragraph_start(anchor.idx)
    para_end = art.text.find("\n", anchor.idx)
    para_end = len(art.text) if para_end < 0 else para_end
    drop = set(excluded)
    for t in root.subtree:
        if t.i != root.i and t.dep_ in ("advcl", "conj", "parataxis") and _is_cue(t, REPORTING_VERBS) \
                and t.i not in drop:
            drop.update(x.i for x in t.subtree)
        if t.lower_ == "according" and t.head.i == root.i:
            drop.update(x.i for x in t.subtree)
    keep = [t for t in root.subtree if t.i not in drop and para <= t.idx < para_end]
    while keep and (keep[0].is_punct and keep[0].text not in "“‘\"" or keep[0].dep_ in ("mark", "cc")
                    or keep[0].is_space or (keep[0].lower_ == "that" and keep[0].tag_ in ("IN", "WDT"))):
        keep = keep[1:]
    # a closing bracket or a percent sign ends the content; other punctuation is the sentence's
    while keep and (keep[-1].is_punct and keep[-1].text not in "”’\"»)%" or keep[-1].dep_ in ("cc", "mark")
                    or keep[-1].is_space):
        keep = keep[:-1]
    if sum(1 for t in keep if t.is_alpha or t.like_num) < 2:
        return None
    start, end = keep[0].idx, keep[-1].idx + len(keep[-1].text)
    for q in art.quotes:  # never cut a quotation in half
        if q.open < start < q.close + 1:
            start = q.open
        if q.open < end < q.close + 1:
            end = q.close + 1
    quoted = sum(min(end, q.end) - max(start, q.start) for q in art.quotes if q.start < end and q.end > start)
    if quoted * 2 >= end - start:
        return None  # the attribution of a direct quotation, not a reported claim
    return start, end


def _according_claim(art: _Article, token: Token):
    source = _according_source(token)
    if source is None or not _is_source(art, source):
        return None
    head = token.head
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    if head.i == token.i:
        return None
    span = _content_span(art, head, {t.i for t in token.subtree}, token)
    if span is None:
        return None
    speaker = art.resolver.resolve(source, art.history)
    if speaker is None or not speaker.name:
        return None
    return span, speaker, "according to"
