"""Who is speaking: from the subject of a reporting verb to a canonical actor name.

The quotes module finds the grammatical source of a quotation or claim (a token); this module turns
that token into a speaker: the article's canonical name of the mention covering it, the person or
organisation a pronoun or a description ("he", "the think tank") points back to, or, when no actor
is named, the noun phrase itself ("military analysts").
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Iterable, Iterator, Mapping, Sequence

import pandas as pd
from spacy.tokens import Doc, Token

ACTOR_TYPES = ("PERSON", "ORG", "GROUP")

# Singular nouns that, after "the", stand for a person or an organisation named earlier.
# A general list of roles and kinds of organisation in news writing (not tuned to any outlet).
PERSON_NOUNS = frozenset("""
secretary minister president spokesman spokeswoman spokesperson official commander general chief
director governor mayor senator lawmaker legislator leader ambassador envoy analyst expert researcher
professor author officer head chairman chairwoman chair ceo founder premier chancellor king queen
prince pope judge prosecutor attorney lawyer economist scientist adviser advisor aide diplomat
representative congressman congresswoman candidate executive coach manager owner fellow colonel
captain lieutenant sergeant admiral marshal commissioner inspector superintendent sheriff negotiator
strategist historian politician activist journalist reporter correspondent blogger commentator
investigator spokesmen director-general president-elect
""".split())
ORG_NOUNS = frozenset("""
group ministry department agency institute institution organization organisation company firm
corporation government administration committee council office service commission bank union party
court board centre center foundation network outlet newspaper broadcaster project monitor authority
regulator watchdog alliance coalition body bureau club university charity campaign movement
observatory parliament assembly senate congress cabinet embassy mission think-tank publication
website channel team
""".split())
# Documents that "say" things on behalf of whoever issued them ("the statement said").
DOCUMENT_NOUNS = frozenset("""
statement report communique communiqué release announcement letter post message note memo document
filing notice bulletin briefing update decree resolution
""".split())
# Verbs whose subject is a source a later "the statement" or "the think tank" may point back to.
_ISSUING_VERBS = frozenset({"issue", "release", "publish", "post", "send", "circulate"})
# Two-word descriptions whose head alone means something else ("the tank").
ORG_COMPOUNDS = frozenset({("think", "tank")})

_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
_ORG_PRONOUNS = frozenset({"it"})
_PLURAL_PRONOUNS = frozenset({"they", "them"})
# Bare quantifiers and first/second person are never a usable speaker on their own.
_NO_SPEAKER = frozenset({"i", "we", "you", "us", "me", "one", "some", "others", "many", "few", "all",
                         "both", "this", "that", "these", "those", "which", "who", "what", "there",
                         "most", "several", "someone", "somebody", "anyone", "everyone", "nobody"})
# How many sentences back a description with no matching name may look for a recent speaker.
_DESCRIPTION_REACH = 4
# Children that are not part of the speaker's own noun phrase.
_NOT_IN_PHRASE = frozenset({"relcl", "acl", "appos", "advcl", "parataxis", "punct", "prep_including"})
_INCLUDING = frozenset({"including", "like", "such"})
# People who speak for someone else: "a spokesman for the ministry" -> the ministry.
_ENVOYS = frozenset({"spokesman", "spokeswoman", "spokesperson", "representative", "envoy", "lawyer",
                     "attorney"})


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker: canonical name (None if unknown), the words as written, and a type."""

    name: str | None
    surface: str
    type: str | None


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    name: str
    type: str
    surface: str
    role: str
    context: str       # the words around the name: its title and apposition ("the bank's chief economist")
    sentence: int
    is_subject: bool
    speaks: bool       # subject (or its apposition) of a reporting verb
    in_quote: bool


_RESOLVER_COLUMNS = ("start", "end", "name", "type", "surface", "role", "government")


def _mention_columns(mentions: pd.DataFrame | Sequence[Mapping]) -> Iterator[tuple]:
    # plain column lists: a reindexed frame and itertuples cost more than the loop that uses them
    if isinstance(mentions, pd.DataFrame):
        cols = [list(mentions[c]) if c in mentions.columns else [float("nan")] * len(mentions)
                for c in _RESOLVER_COLUMNS]
        return zip(*cols)
    return (tuple(m.get(c, float("nan")) for c in _RESOLVER_COLUMNS) for m in mentions)


class SpeakerResolver:
    """Resolves speaker tokens of one article against its mentions (the mentions table of kit.actors,
    or its rows as dicts).

    `quoted` is the per-token index of the quotation a token lies in (-1 outside quotes); mentions
    inside quotations are never antecedents, because the speaker of a quote is not named in it.
    """

    def __init__(self, doc: Doc, mentions: pd.DataFrame | Sequence[Mapping], quoted: Sequence[int],
                 sent_starts: Sequence[int], reporting_verbs: frozenset = frozenset()):
        self.doc = doc
        self.quoted = quoted
        self.sent_starts = sent_starts
        rows = []
        if mentions is not None and len(mentions):
            for start, end, name, type_, surface, role, government in _mention_columns(mentions):
                if pd.isna(start) or pd.isna(end) or pd.isna(name):
                    continue
                if isinstance(government, str) and government:
                    name = government  # "Paris insists": the government of France speaks
                start, end = int(start), int(end)
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is None or not len(span):
                    continue
                root = span.root
                context = [_text(phrase_tokens(root))] + [
                    _text(phrase_tokens(c)) for c in root.children if c.dep_ == "appos"]
                if root.dep_ == "appos":
                    context.append(_text(phrase_tokens(root.head)))
                rows.append(_Mention(
                    start, end, str(name), str(type_), str(surface if not pd.isna(surface) else name),
                    "" if role is None or (isinstance(role, float) and pd.isna(role)) else str(role),
                    " ".join(context).lower(),
                    self.sentence_of(start), root.dep_ in ("nsubj", "nsubjpass"),
                    _speaks(root, reporting_verbs),
                    any(quoted[t.i] >= 0 for t in span)))
        rows.sort(key=lambda m: (m.start, m.end))
        self.mentions = rows
        self._starts = [m.start for m in rows]
        # Pronouns seen resolving to a person ("she" -> Alice Brown) keep "he" off that person later.
        self._pronoun_of: dict[str, str] = {}

    def sentence_of(self, char: int) -> int:
        return max(0, bisect_right(self.sent_starts, char) - 1)

    def covering(self, token: Token) -> _Mention | None:
        """The mention whose characters contain the token (the longest if several)."""
        i = bisect_right(self._starts, token.idx)
        best = None
        for m in reversed(self.mentions[max(0, i - 8):i]):
            if m.start <= token.idx < m.end and (best is None or m.end - m.start > best.end - best.start):
                best = m
        return best

    def antecedent(self, before: int, types: Iterable[str], word: str | None = None,
                   pronoun: str | None = None) -> _Mention | None:
        """The person/organisation a pronoun or description at `before` refers back to.

        With `word` ("ministry"), the latest earlier mention containing that word wins. Otherwise the
        latest sentence holding a mention of a fitting type, preferring its grammatical subject, as
        in "Smith met Jones. ... he said" -> Smith.
        """
        types = set(types)
        i = bisect_right(self._starts, before - 1)
        # latest first; a generator, because most look-ups stop within a sentence or two
        candidates = (m for m in reversed(self.mentions[:i]) if m.type in types and not m.in_quote
                      and m.end <= before and (pronoun is None or self._pronoun_of.get(m.name, pronoun) == pronoun))
        if word is not None:
            here = self.sentence_of(before)
            recent_speaker = None
            for m in candidates:
                if word and word in f"{m.surface} {m.name} {m.role} {m.context}".lower():
                    return m
                # "the think tank noted": no earlier name says "think tank"; take a recent speaker,
                # but not a person titled as something else ("the minister" is not "the spokesman")
                if recent_speaker is None and m.speaks and here - m.sentence <= _DESCRIPTION_REACH \
                        and not (m.type == "PERSON" and _other_title(m.context, word)):
                    recent_speaker = m
            return recent_speaker
        same: list[_Mention] = []
        for m in candidates:
            if same and m.sentence != same[0].sentence:
                break
            same.append(m)
        if not same:
            return None
        return next((m for m in same if m.is_subject), same[0])

    def resolve(self, token: Token, history: Sequence[tuple[int, Speaker]] = ()) -> Speaker | None:
        """The speaker a subject token stands for; None when it names nobody usable.

        `history` lists earlier (character offset, Speaker) pairs of the article, used for "they".
        """
        low = token.lower_
        if token.pos_ == "PRON" or low in _PERSON_PRONOUNS | _ORG_PRONOUNS | _PLURAL_PRONOUNS:
            return self._pronoun(token, history)
        if low in _NO_SPEAKER and not list(token.children):
            return Speaker(None, token.text, None)
        found = self._named(token)
        if found is not None:
            return found
        phrase = phrase_tokens(token)
        surface = _text(phrase)
        if token.lemma_.lower() in DOCUMENT_NOUNS:
            # "the ministry's statement said": the owner speaks
            for child in token.children:
                if child.dep_ == "poss" and child.pos_ != "PRON":
                    owner = self.resolve(child, history)
                    if owner is not None and owner.name:
                        return Speaker(owner.name, surface, owner.type)
        described = self._description(token, phrase, surface)
        if described is not None:
            return described
        return Speaker(_plain(phrase), surface, None)

    def _as_speaker(self, m: _Mention, surface: str | None = None) -> Speaker:
        return Speaker(m.name, surface if surface is not None else m.surface, m.type)

    def _pronoun(self, token: Token, history: Sequence[tuple[int, Speaker]]) -> Speaker | None:
        low = token.lower_
        if low in _PERSON_PRONOUNS:
            gender = "he" if low in ("he", "him") else "she"
            m = self.antecedent(token.idx, ["PERSON"], pronoun=gender)
            if m is not None:
                self._pronoun_of.setdefault(m.name, gender)
            else:
                # nobody named: "the foreign minister said ... “...,” she said"
                recent = self._recent(token, history, ("PERSON", None))
                if recent is not None:
                    return Speaker(recent.name, token.text, recent.type)
        elif low in _ORG_PRONOUNS:
            m = self.antecedent(token.idx, ["ORG"])
        elif low in _PLURAL_PRONOUNS:
            recent = self._recent(token, history, ("PERSON", "ORG", "GROUP", "PLACE", None))
            if recent is not None:
                return Speaker(recent.name, token.text, recent.type)
            m = self.antecedent(token.idx, ["ORG", "GROUP"])
        else:
            return None
        return None if m is None else self._as_speaker(m, token.text)

    def _recent(self, token: Token, history: Sequence[tuple[int, Speaker]], types: tuple) -> Speaker | None:
        """The latest speaker of a fitting type in the last two sentences before `token`."""
        here = self.sentence_of(token.idx)
        latest = max((item for item in history if item[0] < token.idx and item[1].name
                      and item[1].type in types and here - self.sentence_of(item[0]) <= 2),
                     key=lambda item: item[0], default=None)
        return None if latest is None else latest[1]

    def _named(self, token: Token) -> Speaker | None:
        """An actor named in the subject phrase itself: head, apposition, 'including X', 'by X'."""
        surface = _text(phrase_tokens(token))
        m = self.covering(token)
        if m is not None and m.type != "GROUP":
            return self._as_speaker(m, surface)
        group = m  # "military analysts, including Rob Lee": the named member is the better speaker
        for child in token.children:
            if child.dep_ == "appos":
                m = self._actor_in(child)
                if m is not None:
                    return self._as_speaker(m, _with_apposition(phrase_tokens(token), phrase_tokens(child)))
        for child in token.children:
            if child.dep_ == "prep" and (child.lower_ in _INCLUDING | {"by", "from"}
                                         or (child.lower_ == "for" and token.lemma_.lower() in _ENVOYS)):
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        m = self._actor_in(obj)
                        if m is not None and (child.lower_ not in ("by", "from") or not _is_person_noun(token)) \
                                and (child.lower_ != "for" or m.type in ("ORG", "PERSON")):
                            return self._as_speaker(m, surface if child.lower_ == "for" else None)
        if group is not None:
            return self._as_speaker(group, surface)
        phrase = phrase_tokens(token)
        # "the Commander-in-Chief of the army Oleksandr Syrskyi": a title followed by the name.
        last = phrase[-1]
        m = self.covering(last)
        if m is not None and m.type == "PERSON" and last.i != token.i:
            return self._as_speaker(m, surface)
        # "a Kremlin spokesman", "the ministry's press service": the organisation speaks.
        for t in phrase:
            if t.dep_ == "compound" and t.head.i == token.i:
                m = self.covering(t)
                if m is not None and m.type == "ORG":
                    return self._as_speaker(m, surface)
        return None

    def _actor_in(self, token: Token) -> _Mention | None:
        for t in phrase_tokens(token):
            m = self.covering(t)
            if m is not None and m.type in ACTOR_TYPES:
                return m
        return None

    def _description(self, token: Token, phrase: list[Token], surface: str) -> Speaker | None:
        """'the secretary', 'the think tank': a definite singular description of an earlier actor."""
        if token.tag_ not in ("NN", "NNP") or not any(
                t.dep_ == "det" and t.lower_ in ("the", "this", "that") for t in token.children):
            return None
        lemma = token.lemma_.lower()
        prev = token.doc[token.i - 1].lemma_.lower() if token.i > 0 else ""
        if (prev, lemma) in ORG_COMPOUNDS:
            kind, word = "ORG", f"{prev} {lemma}"
        elif lemma in DOCUMENT_NOUNS:
            m = self.antecedent(token.idx, ["ORG", "PERSON"], "")
            return None if m is None else self._as_speaker(m, surface)
        elif lemma in ORG_NOUNS:
            kind, word = "ORG", lemma
        elif lemma in PERSON_NOUNS:
            kind, word = "PERSON", lemma
        else:
            return None
        m = self.antecedent(token.idx, [kind], word)
        return None if m is None else self._as_speaker(m, surface)


def _other_title(context: str, word: str) -> bool:
    return any(w in PERSON_NOUNS and w != word for w in re.findall(r"[a-z-]+", context))


def _speaks(root: Token, verbs: frozenset) -> bool:
    if root.dep_ == "appos":
        root = root.head
    return root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.lower() in verbs | _ISSUING_VERBS


def _is_person_noun(token: Token) -> bool:
    return token.lemma_.lower() in PERSON_NOUNS or token.lemma_.lower() in ("analyst", "expert", "official")


def phrase_tokens(head: Token) -> list[Token]:
    """The speaker's own noun phrase around `head`, without clauses, appositions or 'including ...'.

    Kept contiguous around the head: a comma or bracket ends it ("Smith, the secretary" -> "Smith").
    """
    keep = {head.i}
    stack = [head]
    while stack:
        t = stack.pop()
        for c in t.children:
            dep = c.dep_
            if dep == "prep" and c.lower_ in _INCLUDING:
                dep = "prep_including"
            if dep in _NOT_IN_PHRASE and not (dep == "punct" and c.text in "-–/"):
                continue
            keep.add(c.i)
            stack.append(c)
    lo = hi = head.i
    doc = head.doc
    while lo - 1 in keep and doc[lo - 1].text not in ",()[];:\"“”" and "\n" not in doc[lo - 1].text_with_ws:
        lo -= 1
    while hi + 1 in keep and doc[hi + 1].text not in ",()[];:\"“”" and "\n" not in doc[hi].text_with_ws:
        hi += 1
    return [doc[i] for i in range(lo, hi + 1)]


def _with_apposition(head: list[Token], appos: list[Token]) -> str:
    """"the intelligence group Deep State" as one surface; "the commander, John Smith" -> "John Smith"."""
    lo, hi = min(head[0].i, appos[0].i), max(head[-1].i, appos[-1].i)
    between = head[0].doc[lo:hi + 1]
    if any(t.is_punct and t.text not in "-–/" for t in between):
        return _text(appos)
    return between.text


def _text(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i:tokens[-1].i + 1].text


def _plain(tokens: list[Token]) -> str:
    """A phrase as a speaker name: without a leading article, sentence-initial capital undone."""
    while tokens and tokens[0].dep_ == "det" and tokens[0].lower_ in ("the", "a", "an"):
        tokens = tokens[1:]
    text = _text(tokens)
    if tokens and tokens[0].is_sent_start and tokens[0].pos_ in ("NOUN", "ADJ", "DET") \
            and not tokens[0].ent_type_ and text[:1].isupper() and not text.split()[0].isupper():
        text = text[0].lower() + text[1:]
    return text
