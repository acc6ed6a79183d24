"""Mentions of actors and places, canonical names, alias merging and the actors table.

Per article (`extract_mentions`), spaCy's entities are corrected with general rules: headings,
credit lines and bylines are not mentions; an entity that the gazetteer knows as a place in the
article's geographic context becomes a PLACE whatever label the model gave it; "X region" is a
region; collectives ("Russian troops", "military analysts") are GROUPs; a name after a long title
is recovered; titles and appositions give roles; a country or capital that says or does something
is `acting`. Across the corpus (`corpus_names`), spellings of one actor or place are merged:
transliteration variants, spacing and case, acronyms, word order and British/American spelling of
institutions, surnames, and the curated alias file data/aliases.csv.
"""
from __future__ import annotations

import csv
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping

import pandas as pd
from rapidfuzz import fuzz
from spacy.tokens import Doc, Span, Token

from . import config, places
from .nlp import doc_text

MENTION_COLUMNS = ["article_id", "sentence_id", "start", "end", "surface", "name", "type", "role", "acting",
                   "place_id", "kind", "country", "lat", "lon", "government"]
ACTOR_COLUMNS = ["name", "type", "aliases", "roles", "n_mentions", "n_articles", "first_published", "last_published"]
# Columns of the curated alias file (kit.config.ALIASES) an analyst extends.
ALIAS_COLUMNS = ["alias", "name", "type"]

# Words that make a person's title or office ("Defence Minister", "Commander-in-Chief").
TITLE_WORDS = frozenset("""
president vice prime minister general gen lieutenant lt colonel col major maj captain capt commander chief
commander-in-chief secretary spokesman spokeswoman spokesperson governor mayor senator sen rep representative
ambassador director head chairman chairwoman chair ceo founder king queen prince princess pope chancellor
premier judge justice prosecutor attorney officer adviser advisor envoy deputy admiral sergeant sgt marshal
leader speaker sheikh emir president-elect foreign defence defense interior finance economy health
commissioner inspector superintendent coach manager executive professor prof dr mr mrs ms miss sir dame lord
lady rev reverend archbishop bishop cardinal ayatollah
""".split())
# Words of a title that only qualify it ("Foreign Minister"): never the title's head.
_TITLE_MODIFIERS = frozenset("foreign defence defense interior finance economy health vice deputy".split())
_TITLE_HEADS = TITLE_WORDS - _TITLE_MODIFIERS
# Last words of an organisation's name, after which a title's holder may follow.
_ORG_HEADS = frozenset("forces force ministry army navy institute office council service agency party committee "
                       "department guard police staff command administration government corps".split())
# Portfolio words that open a title ("Treasury Secretary", "Interior Minister"): alone before a
# title word they are part of the title, not an organisation.
_PORTFOLIOS = _TITLE_MODIFIERS | frozenset("treasury justice state labor labour energy education transport "
                                           "transportation agriculture commerce trade homeland security culture "
                                           "environment".split())
# Generational suffixes: not a surname ("Lloyd J. Austin III ... Austin said").
_NAME_SUFFIXES = frozenset("jr sr ii iii iv v".split())
# Lowercase particles inside names of people and places ("Lula da Silva", "Rio Grande do Sul").
_NAME_PARTICLES = frozenset("da de do dos das del della di du van von der den ter bin ibn al el la le".split())
_PLACE_CONNECTORS = _NAME_PARTICLES | frozenset("and of the au aux sur upon-".split())
# Verbs whose object is a place ("visited X", "troops entered X").
_PLACE_VERBS = frozenset("visit reach enter leave tour capture seize occupy liberate evacuate flood bomb shell "
                         "encircle besiege".split())
# "who heads the Y": the office a relative clause gives a person.
_HEADING_VERBS = {"head": "head", "lead": "leader", "run": "head", "chair": "chair", "direct": "director"}
# Honorifics dropped from a person's name (kept as role when they are offices).
HONORIFICS = frozenset("mr mrs ms miss dr prof sir dame lord lady rev gen col lt capt sgt maj adm".split())
# Plural nouns that name a collective actor when they act or carry a qualifier.
COLLECTIVES = frozenset("""
troops forces soldiers officials analysts experts authorities leaders lawmakers legislators residents
civilians protesters demonstrators militants rebels fighters prosecutors investigators diplomats
ministers commanders officers police observers volunteers activists voters workers farmers doctors
scientists researchers economists critics insurgents separatists citizens refugees journalists
reporters military
""".split())
# Heads of a possessive that describe a place rather than what its government does.
_STATIC_HEADS = frozenset("""
region territory territories city town village capital border borders east west north south centre center
part parts area areas soil land coast side population people residents citizens economy history mine mines
infrastructure oblast province heartland industry industries outskirts edge centre neighbourhoods
neighborhoods map borderlands frontier countryside cities towns
""".split())
# A country's institutions named by possessive: "Ukraine's military", "Russia's foreign ministry".
_INSTITUTIONS = frozenset({
    "military", "army", "navy", "air force", "armed forces", "government", "parliament", "general staff",
    "central bank", "foreign ministry", "defence ministry", "defense ministry", "police", "border guard",
    "border service", "security service",
})
_COMMUNICATION = frozenset("write post say publish announce report share tweet broadcast message statement "
                           "channel account video".split())
# A line that opens with a credit: "Reporting by ...; Editing by ...", "(Photo by ...)", "Credit: ...".
_CREDIT = re.compile(r"^\W{0,2}(reporting|editing|writing|additional reporting|compiled|edited|written|"
                     r"photo|photograph|photos|image|illustration|produced)\b[^.\n]{0,40}\bby\b|"
                     r"^\W{0,2}(photo|image|credit|photograph)s?\s*:", re.I)
_COMPASS = frozenset("north south east west northeast northwest southeast southwest".split())
_REGION_WORDS = frozenset(places.REGION_WORDS)
_PLACE_PREPOSITIONS = frozenset("in near toward towards around from outside into across at to".split())
# spaCy labels whose entities may be actors or places (NORP adjectives only inform the context).
_LABEL_TYPES = frozenset("PERSON ORG GPE LOC FAC PRODUCT WORK_OF_ART EVENT".split())


def extract_mentions(doc: Doc, article: Mapping) -> pd.DataFrame:
    """One row per mention of an actor or place in the article body.

    Columns: article_id; sentence_id (index of the spaCy sentence); start, end (character offsets
    into the article text); surface (as written); name (canonical within the article); type
    (PERSON, ORG, GROUP or PLACE); role (title or apposition, e.g. "President", "head of the city
    administration"); acting (True when a country or capital stands for its government: "Moscow
    insists", "Kyiv's counterattacks"); place_id, kind (settlement, region, country), country,
    lat, lon for places; government (the country's name when an acting country or capital stands
    for its government, so "Paris insists" is said by France; else None).
    """
    return mentions_frame(mention_rows(doc, article))


def mentions_frame(rows: list[dict]) -> pd.DataFrame:
    """The mentions table (MENTION_COLUMNS) of `mention_rows` of one or more articles."""
    return pd.DataFrame([tuple(row[c] for c in MENTION_COLUMNS) for row in rows], columns=MENTION_COLUMNS)


def mention_rows(doc: Doc, article: Mapping) -> list[dict]:
    """The rows of `extract_mentions` as dicts, in text order: what other extractors and batch
    builds take, without building a DataFrame per article."""
    article_id = str(article["article_id"])
    # Span.sent scans the doc for the sentence's bounds on every call: the sentence of a token is
    # looked up among the sentence starts, found once
    sent_starts = [s.start for s in doc.sents]
    text = doc_text(doc, article)
    skipped = _skipped_ranges(text)
    excluded = _excluded_names(article)
    cands = _candidates(doc, text, skipped, excluded)
    context = _geo_context(doc, cands)
    rows = []
    for c in _classify(doc, text, cands, context):
        span = c["span"]
        rows.append({
            "article_id": article_id, "sentence_id": bisect_right(sent_starts, span.start) - 1,
            "start": c["start"], "end": c["end"], "surface": text[c["start"]:c["end"]],
            "name": c.get("name"), "type": c["type"], "role": c.get("role"), "acting": bool(c.get("acting")),
            **({k: c.get(k) for k in ("place_id", "kind", "country", "lat", "lon")}),
            "government": c.get("country") if c.get("acting") else None,
        })
    if not rows:
        return rows
    for row, name in zip(rows, _name_within_article(rows, text)):
        row["name"] = name
    return sorted(rows, key=lambda row: (row["start"], row["end"]))


# ---------------------------------------------------------------- what is not body text


def _skipped_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of headings, furniture and credit lines, where no mention is taken.

    A line without sentence-final punctuation and of few words is a heading ("Why the City
    Matters") or page furniture ("Advertisement"); a credit line names reporters and
    photographers ("Reporting by ...; Editing by ...", "Photo: ...").
    """
    out = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if not stripped:
            continue
        words = stripped.split()
        heading = len(words) <= 14 and not re.search(r"[.!?:;\"”’)]$", stripped)
        if heading or _CREDIT.search(stripped):
            out.append((start, end))
    return out


def _in_ranges(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= start and end <= b for a, b in ranges)


def _excluded_names(article: Mapping) -> set[str]:
    """Folded names of the article's byline and outlet: metadata, not actors of the story."""
    out = set()
    for key in ("byline", "outlet"):
        value = article.get(key)
        if value is None or (isinstance(value, float) and value != value):
            continue
        values = value if isinstance(value, (list, tuple)) else re.split(r",|;|\band\b|&", str(value))
        for v in values:
            v = re.sub(r"^\s*(by|the)\s+", "", str(v).strip(), flags=re.I)
            if v:
                out.add(places.fold(v))
                if key == "byline" and len(v.split()) >= 2:
                    out.add(places.fold(v.split()[-1]))
    return out


# ---------------------------------------------------------------- candidate spans


def _trim(span: Span) -> tuple[int, int, int, int]:
    """Token and character bounds of an entity without a leading "the" or a trailing possessive."""
    doc = span.doc
    s, e = span.start, span.end
    while s < e and doc[s].lower_ in ("the", "a", "an"):
        s += 1
    while e > s and doc[e - 1].lower_ in ("'s", "’s", "'", "’"):
        e -= 1
    if s >= e:
        return s, e, span.start_char, span.start_char
    start_char, end_char = doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)
    m = re.search(r"['’]s?$", doc[e - 1].text)
    if m and len(doc[e - 1].text) > len(m.group()):
        end_char -= len(m.group())
    return s, e, start_char, end_char


def _candidates(doc: Doc, full: str, skipped: list, excluded: set[str]) -> list[dict]:
    cands: list[dict] = []
    taken: set[int] = set()
    # one pass of Token objects shared by the scans below (iterating a Doc re-creates them)
    tokens = list(doc)

    def add(span: Span, label: str, **extra) -> None:
        end = span.start
        while end < span.end and end not in taken:
            end += 1
        span = span.doc[span.start:end]
        if not len(span):
            return
        s, e, a, b = _trim(span)
        if s >= e or _in_ranges(a, b, skipped):
            return
        if any(i in taken for i in range(s, e)):
            return
        text = full[a:b]
        if not re.search(r"[A-Z]", text[:1]) and label != "GROUP":
            return
        if "(" in text:  # "World Health Organization (WHO": the acronym is a mention of its own
            b = a + len(text[:text.index("(")].rstrip())
            text = full[a:b]
        if not text or "/" in text or "@" in text or places.fold(text) in excluded:
            return
        cands.append({"span": doc[s:e], "label": label, "start": a, "end": b, "text": text, **extra})
        taken.update(range(s, e))

    for span in _region_spans(doc, tokens):
        add(span, "REGION")
    for span in _gazetteer_spans(doc, tokens, full):
        add(span, "GPE")
    for span, role in _titled_names(doc, tokens):
        add(_with_particles(span), "PERSON", role=role)
    for span in _institutions(doc, tokens):
        add(span, "ORG")
    for ent in doc.ents:
        label = ent.label_
        if label not in _LABEL_TYPES:
            continue
        if label == "PERSON":
            ent = _with_particles(_strip_honorifics(ent))
        if len(ent):
            add(ent, label)
    # a surname the model left untagged ("“...,” Adamu said") after the full name was found
    surnames = {c["span"][-1].text for c in cands if c["label"] == "PERSON" and len(c["span"]) >= 2}
    for t in tokens:
        if t.text in surnames and t.i not in taken and t.pos_ == "PROPN":
            add(doc[t.i:t.i + 1], "PERSON")
    for span in _collectives(doc, tokens):
        add(span, "GROUP")
    for span in _bare_place_names(doc, tokens, taken):
        add(span, "BARE")
    return cands


def _with_particles(ent: Span) -> Span:
    """ "Jose Maria Ferreira dos Santos": the model often ends a name before a lowercase particle;
    the particle and the capitalised words after it belong to the name."""
    doc, end = ent.doc, ent.end
    while end + 1 < len(doc) and doc[end].lower_ in _NAME_PARTICLES and doc[end].is_lower \
            and doc[end + 1].is_title and doc[end + 1].is_alpha:
        end += 2
        while end < len(doc) and end - ent.end < 4 and doc[end].is_title and doc[end].is_alpha:
            end += 1
    return doc[ent.start:end]


def _gazetteer_spans(doc: Doc, tokens: list[Token], text: str) -> Iterable[Span]:
    """Multi-word regions and countries under their gazetteer name, particles included ("Rio Grande
    do Sul", "Trinidad and Tobago", "Minas Gerais"), which the model splits or reads as people.

    The longest run of up to six capitalised words and particles, starting and ending on a
    capitalised word, that names a region or country exactly."""
    # token tests done once per token rather than once per candidate run that covers it
    capital = [t.is_title and t.is_alpha for t in tokens]
    linking = [c or t.lower_ in _PLACE_CONNECTORS or t.text == "-" for c, t in zip(capital, tokens)]
    n = len(tokens)
    i = 0
    while i < n:
        if not capital[i]:
            i += 1
            continue
        # runs may not extend past the first token that neither is capitalised nor links
        stop = i
        while stop < min(n, i + 6) and linking[stop]:
            stop += 1
        best = None
        for j in range(stop, i + 1, -1):
            if not capital[j - 1]:
                continue
            last = tokens[j - 1]
            words = text[tokens[i].idx:last.idx + len(last.text)]
            if any(p.kind in ("region", "country") and m == "primary" for p, m in places.candidates(words)):
                best = j
                break
        if best is not None:
            yield doc[i:best]
            i = best
        else:
            i += 1


def _strip_honorifics(ent: Span) -> Span:
    s = ent.start
    while s < ent.end - 1 and (ent.doc[s].lower_.rstrip(".") in HONORIFICS or ent.doc[s].lower_ in TITLE_WORDS):
        s += 1
    return ent.doc[s:ent.end]


def _region_spans(doc: Doc, tokens: list[Token]) -> Iterable[Span]:
    """ "Donetsk region", "Kharkiv Oblast", "the Pokrovsk district": up to three capitalised words
    (hyphenated ones too: "Ivano-Frankivsk") before a region word, when the gazetteer knows them."""
    for t in tokens:
        if t.lower_ not in _REGION_WORDS or t.i == 0:
            continue
        s = t.i
        while s > 0 and t.i - s < 3 and re.fullmatch(r"[A-Z][\w-]*", doc[s - 1].text):
            s -= 1
        if s < t.i and doc[s].lower_ not in TITLE_WORDS and places.candidates(doc[s:t.i].text):
            yield doc[s:t.i + 1]


def _titled_names(doc: Doc, tokens: list[Token]) -> Iterable[tuple[Span, str]]:
    """A person named after a title the model read as part of an organisation or missed:
    "Commander-in-Chief of the Armed Forces Jan Novak said", "Defence Minister Ana Silva".

    Two or three capitalised words right after a title (or after an organisation that follows a
    title), followed by a verb or punctuation, are a person's name.
    """
    ents = doc.ents
    ents_by_end = {e.end: e for e in ents}
    for ent in ents:
        # the model often runs the organisation of a title into the name that follows it
        if ent.label_ != "ORG":
            continue
        for k in range(ent.start, ent.end - 2):
            if tokens[k].lower_ in _ORG_HEADS and all(t.is_title and t.is_alpha for t in doc[k + 1:ent.end]) \
                    and ent.end - k - 1 in (2, 3) and ent.end < len(doc) and not tokens[ent.end].is_title:
                ents_by_end.setdefault(k + 1, Span(doc, ent.start, k + 1, label="ORG"))
    for i in range(1, len(doc) - 1):
        prev = tokens[i - 1]
        title_start = None
        if prev.lower_ in _TITLE_HEADS:
            title_start = i - 1
        elif i in ents_by_end and ents_by_end[i].label_ in ("ORG", "GPE", "NORP"):
            org = ents_by_end[i]
            for j in range(max(0, org.start - 6), org.start):
                if tokens[j].lower_ in _TITLE_HEADS:
                    title_start = j
                    break
        if title_start is None:
            continue
        k = i
        org_name = [e for e in ents if e.start == i and e.label_ == "ORG" and 2 <= len(e) <= 3]
        inside_org = tokens[i].ent_type_ == "ORG" and (i in ents_by_end or bool(org_name))
        while k < len(doc) and k - i < 3 and tokens[k].is_title and tokens[k].is_alpha and \
                tokens[k].lower_ not in TITLE_WORDS and tokens[k].pos_ in ("PROPN", "NOUN", "ADJ") and \
                (tokens[k].ent_type_ in ("", "PERSON") or inside_org):
            k += 1
        if k - i < 2 or k >= len(doc):
            continue
        after = tokens[k]
        if after.is_title and after.is_alpha:
            continue
        if not (after.pos_ in ("VERB", "AUX", "PUNCT", "ADP", "CCONJ") or after.is_punct):
            continue
        name = doc[i:k]
        if any(places.default_place(t.text) and places.default_place(t.text).kind == "country" for t in name):
            continue
        # the title runs left over capitalised words and "of the" up to the name
        s = title_start
        while s > 0 and not tokens[s].is_sent_start and (
                not tokens[s - 1].whitespace_  # hyphenated titles: Commander-in-Chief
                or (tokens[s - 1].is_title and places.country_code(tokens[s - 1].text) is None)):
            s -= 1
        yield name, _clean_role(doc[s:i].text)


def _clean_role(text: str) -> str | None:
    text = re.sub(r"^(the|a|an)\s+", "", text.strip(" ,"), flags=re.I)
    words = text.split()
    while words and places.country_code(words[0]) is not None:
        words = words[1:]
    while words and words[0].lower().rstrip(".") in HONORIFICS:
        words = words[1:]
    text = " ".join(words).strip(" ,")
    return text or None


def _institutions(doc: Doc, tokens: list[Token]) -> Iterable[Span]:
    """ "Ukraine's military", "Russia's foreign ministry": a country's institution is an ORG."""
    for t in tokens:
        if t.ent_type_ not in ("GPE", "NORP", "") or places.country_code(re.sub(r"['’]s?$", "", t.text)) is None:
            continue
        nxt = t.i + 1
        if re.search(r"['’]s$", t.text):
            pass
        elif nxt < len(doc) and doc[nxt].lower_ in ("'s", "’s"):
            nxt += 1
        else:
            continue
        for width in (2, 1):
            if nxt + width <= len(doc) and doc[nxt:nxt + width].text.lower() in _INSTITUTIONS:
                yield doc[t.i:nxt + width]
                break


def _collectives(doc: Doc, tokens: list[Token]) -> Iterable[Span]:
    """ "Russian troops", "military analysts", "local officials" (qualified or acting collectives)."""
    for t in tokens:
        if t.lower_ not in COLLECTIVES or t.tag_ not in ("NNS", "NNPS", "NN"):
            continue
        if t.tag_ == "NN" and t.lower_ not in ("police", "military"):
            continue
        mods = [c for c in t.lefts if c.dep_ in ("amod", "compound", "nmod") and c.i >= t.i - 3
                and c.pos_ in ("ADJ", "PROPN", "NOUN") and not c.tag_.startswith("VB")]
        start = min([c.i for c in mods], default=t.i)
        if any(doc[j].dep_ not in ("amod", "compound", "nmod", "advmod") and j != t.i for j in range(start, t.i)):
            start = t.i
        if start == t.i and t.dep_ not in ("nsubj", "nsubjpass"):
            continue
        if t.lower_ == "military" and start == t.i:
            continue
        yield doc[start:t.i + 1]


def _bare_place_names(doc: Doc, tokens: list[Token], taken: set[int]) -> Iterable[Span]:
    """Capitalised words the model left untagged after a place preposition ("near Novohrad") or
    listed with a place ("around Lyman and Siversk")."""
    for t in tokens:
        if t.i in taken or t.i == 0 or not t.is_title or not t.is_alpha or t.is_sent_start or t.pos_ != "PROPN":
            continue
        if t.i + 1 < len(doc) and doc[t.i + 1].is_title:
            continue
        after_preposition = doc[t.i - 1].lower_ in _PLACE_PREPOSITIONS
        listed = t.dep_ == "conj" and t.head.ent_type_ in ("GPE", "LOC")
        if after_preposition or listed:
            yield doc[t.i:t.i + 1]
    for t in tokens:
        # "Kyiv's counterattacks": a possessor, anywhere in the sentence; only well-known places
        # (capitals, countries, big cities) pass for these in _resolve_candidate
        if t.i not in taken and t.pos_ == "PROPN" and t.is_title and t.dep_ == "poss" and t.ent_type_ == "" \
                and t.i + 1 < len(doc) and doc[t.i + 1].tag_ == "POS":
            yield doc[t.i:t.i + 1]


# ---------------------------------------------------------------- places in context


def _geo_context(doc: Doc, cands: list[dict]) -> places.Context:
    """Countries and regions the article names, from unambiguous place names and adjectives."""
    context = places.Context.empty()
    for ent in doc.ents:
        if ent.label_ in ("NORP", "GPE"):
            code = places.country_code(ent.text)
            if code:
                context.countries[code] += 1
    for c in cands:
        if c["label"] not in ("GPE", "LOC"):
            continue
        found = places.candidates(c["text"])
        if len({p.place_id for p, _ in found}) == 1 or any(p.kind == "country" for p, _ in found):
            context.add(places.default_place(c["text"]), surface=c["text"])
    # a second round lets the most populous readings of ambiguous names vote too
    for c in cands:
        if c["label"] in ("GPE", "LOC"):
            best = places.resolve(c["text"], context)
            if best is not None and best.kind != "country":
                context.add(best, surface=c["text"])
    return context


def _region_base(text: str) -> str:
    words = text.split()
    return " ".join(words[:-1]) if len(words) > 1 and words[-1].lower() in _REGION_WORDS else text


def _plausible(found: places.Place, label: str, context: places.Context, span: Span) -> bool:
    """Whether a resolved name should count as a place given the label the model gave it."""
    if found.kind in ("country", "region") and found.place_id.startswith(("country:", "region:", "continent:")):
        return True
    same_country = context.countries.get(found.country_code, 0) > 0
    same_region = context.regions.get((found.country_code, found.admin1), 0) > 0
    if label in ("GPE", "LOC", "FAC", "REGION"):
        return same_country or found.population >= 100_000 or found.kind == "region"
    if label in ("PERSON", "ORG"):
        # a person or organisation name that is also a town ("Xinhua", "Jackson") is a place only
        # in the article's region, or where places sit in the sentence
        return found.kind == "country" or found.is_capital or (_place_like(span) and (
            same_region or (same_country and found.population >= 15_000))) or (label == "ORG" and same_region)
    # the model called it a product or work: only a clear place in context
    return (same_country and found.population >= 15_000) or same_region or _well_known(found)


def _well_known(found: places.Place) -> bool:
    return found.kind == "country" or found.is_capital or found.population >= 500_000


def _classify(doc: Doc, text: str, cands: list[dict], context: places.Context) -> list[dict]:
    # words of multi-word person names, and names after an honorific ("Mr. Jackson"), are people
    # throughout the article
    person_tokens = {places.fold(t.text) for c in cands if c["label"] == "PERSON" and len(c["span"]) >= 2
                     for t in c["span"]}
    person_tokens |= {places.fold(c["text"]) for c in cands if c["label"] == "PERSON" and _after_title(c["span"])}
    surnames = {places.fold(c["span"][-1].text) for c in cands if c["label"] == "PERSON" and len(c["span"]) >= 2}
    out = []
    pending = []
    for c in cands:
        if len(c["span"]) == 1 and c["label"] in ("GPE", "LOC", "ORG", "BARE") \
                and places.fold(c["text"]) in surnames:
            # the surname of a person named in full in the article ("Rachel Hughes ... Hughes
            # said") is that person, whatever the model or the gazetteer make of it
            c = {**c, "label": "PERSON"}
            person_tokens.add(places.fold(c["text"]))
        label = c["label"]
        if label == "GROUP":
            out.append({**c, "type": "GROUP", "name": _group_name(c["span"])})
            continue
        if label == "PERSON" and len(c["span"]) >= 2 and c.get("role"):
            out.append({**c, "type": "PERSON"})
            continue
        pending.append(c)

    # resolve places twice: the first round's choices sharpen the context of the second
    for _ in range(2):
        resolved = []
        for c in pending:
            resolved.append((c, _resolve_candidate(c, context, person_tokens)))
        new_context = places.Context(context.countries.copy(), Counter(), {})
        for c, found in resolved:
            if found is not None:
                new_context.add(found, surface=c["text"])
        context = places.Context(context.countries, new_context.regions, new_context.chosen)

    region_by_base: dict[str, places.Place] = {}
    for c, found in resolved:
        if found is not None and found.kind == "region" and c["label"] == "REGION":
            region_by_base[places.fold(_region_base(c["text"]))] = found

    for c, found in resolved:
        label = c["label"]
        if found is not None:
            if found.kind == "settlement" and places.fold(c["text"]) in region_by_base and \
                    region_by_base[places.fold(c["text"])].admin1 == found.admin1:
                # the article calls the region by its centre's name ("fighting in Donetsk" after
                # "the Donetsk region"): the bare name means the region there
                found = region_by_base[places.fold(c["text"])]
            out.append({**c, "type": "PLACE", **places.describe(found),
                        "acting": _acting(c["span"], found)})
        elif label == "PERSON":
            out.append({**c, "type": "PERSON", "role": c.get("role") or _role(c["span"])})
        elif label == "ORG" and not _is_channel(c["span"]) and not _is_dateline_credit(c, text) \
                and not _portfolio(c["span"]):
            out.append({**c, "type": "ORG"})
    return _roles_after_places(sorted(out, key=lambda c: c["start"]), text)


def _portfolio(span: Span) -> bool:
    # "Defense" of "Defense Secretary Jane Doe" is the title's first word, not an organisation
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    return len(span) == 1 and span[0].lower_ in _PORTFOLIOS and nxt is not None and nxt.lower_ in TITLE_WORDS


def _roles_after_places(mentions: list[dict], text: str) -> list[dict]:
    """ "Rio Grande do Sul Governor Eduardo Leite": a title right after a place is the title of
    that place ("Governor of Rio Grande do Sul"), however much of the place the title took."""
    found = [m for m in mentions if m.get("type") == "PLACE"]
    for m in mentions:
        role = m.get("role")
        if m.get("type") != "PERSON" or not isinstance(role, str):
            continue
        for p in found:
            between = text[p["end"]:m["start"]].strip()
            if p["end"] <= m["start"] and between and between.split()[0].lower() in TITLE_WORDS \
                    and role.endswith(between) and not re.search(r"[,;()]", between):
                m["role"] = f"{between} of {p['text']}"
                break
    return mentions


def _resolve_candidate(c: dict, context: places.Context, person_tokens: set[str]) -> places.Place | None:
    label, text = c["label"], c["text"]
    if label == "PERSON" and (places.fold(text) in person_tokens and len(c["span"]) == 1 or _after_title(c["span"])):
        return None
    if label == "PERSON" and len(c["span"]) > 1:
        # a two-word "person" is a place only under its exact gazetteer name, where places sit
        found = places.resolve(text, context)
        ok = found is not None and _place_like(c["span"]) and _plausible(found, label, context, c["span"])
        return found if ok else None
    if label in ("GPE", "LOC") and places.fold(text) in _COMPASS:
        return None
    if places.country_code(text) is not None and places.default_place(text) is None:
        return None  # an adjective of nationality, not a place
    if label == "REGION":
        base = _region_base(text)
        found = places.resolve(text, context) or places.resolve(base, context, fuzzy=True)
        if found is None or not _plausible(found, label, context, c["span"]):
            return None
        if found.kind == "settlement" and found.is_seat:
            return places.region_of(found) or found
        return found
    # short names the model read as people ("Lee") are too risky to match loosely
    found = places.resolve(text, context, fuzzy=label != "PERSON" or len(text) >= 6)
    if found is None or not _plausible(found, label, context, c["span"]):
        return None
    if label == "BARE" and found.place_id not in context.chosen and not _well_known(found) and not (
            context.regions.get((found.country_code, found.admin1), 0) and found.population >= 1000):
        return None
    return found


def _after_title(span: Span) -> bool:
    before = span.doc[span.start - 1] if span.start else None
    return before is not None and (before.lower_.rstrip(".") in HONORIFICS or before.lower_ in TITLE_WORDS)


def _place_like(span: Span) -> bool:
    """Whether a one-word "person" sits where places sit: after a place preposition, in a list
    with a place, or named elsewhere in the article as a place; not as the subject of a verb
    ("Jackson said"), or the object of a verb of going somewhere ("visited Porto Alegre"). Names after
    an honorific or title ("Mr. Jackson") are never places."""
    doc = span.doc
    before = doc[span.start - 1] if span.start else None
    if before is not None and before.lower_ in _PLACE_PREPOSITIONS | {"of"}:
        return True
    if before is not None and before.text == "(":
        return False  # "(Xinhua)": an agency credit in a dateline
    if span.root.dep_ in ("conj", "pobj"):
        return True
    if span.root.dep_ == "dobj" and span.root.head.lemma_.lower() in _PLACE_VERBS:
        return True
    folded = places.fold(span.text)
    return any(places.fold(e.text) == folded for e in doc.ents if e.label_ in ("GPE", "LOC"))


def _acting(span: Span, found: places.Place) -> bool:
    """A country or capital standing for its government: subject of a verb, or the possessor of
    something done or owned by the state ("Kyiv's counterattacks", not "Ukraine's east")."""
    if not (found.kind == "country" or found.is_capital):
        return False
    root = span.root
    if root.dep_ in ("nsubj", "nsubjpass", "agent"):
        return True
    possessive = root.dep_ == "poss" or re.search(r"['’]s$", span[-1].text) or (
        span.end < len(span.doc) and span.doc[span.end].lower_ in ("'s", "’s"))
    if possessive:
        head = root.head if root.dep_ == "poss" else span.doc[min(span.end + 1, len(span.doc) - 1)]
        while head.dep_ in ("amod", "compound") and head.head is not head:
            head = head.head
        return head.lower_ not in _STATIC_HEADS and head.pos_ in ("NOUN", "PROPN")
    return False


def _is_dateline_credit(c: dict, text: str) -> bool:
    """ "KYIV, May 2 (Reuters) -": the agency in a dateline's brackets is a credit, not an actor."""
    line_start = text.rfind("\n", 0, c["start"]) + 1
    return c["start"] - line_start < 60 and text[c["start"] - 1:c["start"]] == "(" and \
        text[c["end"]:c["end"] + 1] == ")" and re.match(r"[A-Z][A-Z .'-]+,", text[line_start:]) is not None


def _is_channel(span: Span) -> bool:
    """ "wrote on Telegram", "a post on X": the medium of a statement, not an actor."""
    doc = span.doc
    if span.start < 2 or doc[span.start - 1].lower_ != "on":
        return False
    before = doc[span.start - 2]
    return before.lemma_.lower() in _COMMUNICATION or doc[span.start - 1].head.lemma_.lower() in _COMMUNICATION


def _role(span: Span) -> str | None:
    """A person's role from a title before the name or an apposition around it."""
    doc = span.doc
    s = span.start
    while s > 0 and (doc[s - 1].is_title or doc[s - 1].lower_ in TITLE_WORDS) and \
            doc[s - 1].lower_.rstrip(".") in TITLE_WORDS | {"of"}:
        s -= 1
    if s < span.start:
        role = _clean_role(doc[s:span.start].text)
        if role and role.lower().rstrip(".") not in HONORIFICS:
            return role
    root = span.root
    for child in root.children:
        if child.dep_ == "appos" and child.i >= span.end:
            return _clean_role(doc[child.left_edge.i:child.right_edge.i + 1].text)
    if root.dep_ == "appos" and root.head.i < span.start:
        head = root.head
        # "A spokesperson for the Treasury, Mary Wanjiku,": the head's own "for/of/at" phrase too
        end = max([head.i] + [c.right_edge.i for c in head.children
                              if c.dep_ == "prep" and c.i > head.i and c.right_edge.i < span.start])
        return _clean_role(doc[head.left_edge.i:end + 1].text.split("’s ")[-1].split("'s ")[-1])
    for child in root.children:
        # "X, who heads the Y," -> "head of the Y"
        verb = child.lemma_.lower()
        if child.dep_ == "relcl" and verb in _HEADING_VERBS:
            objs = [o for o in child.children if o.dep_ == "dobj"]
            if objs:
                return f"{_HEADING_VERBS[verb]} of {doc[objs[0].left_edge.i:objs[0].right_edge.i + 1].text}"
    return None


def _group_name(span: Span) -> str:
    words = [t.text if t.ent_type_ in ("NORP", "GPE") or t.pos_ == "PROPN" else t.lower_ for t in span]
    return " ".join(words)


# ---------------------------------------------------------------- names within an article


def _name_within_article(rows: list[dict], text: str) -> list[str | None]:
    # plain lists: the rows of one article are few, and pandas' per-call overhead would dominate
    names = [r["name"] for r in rows]
    of_type: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        of_type[r["type"]].append(i)
    for kind in ("PLACE", "PERSON", "ORG"):
        index = of_type.get(kind)
        if not index:
            continue
        chosen = [rows[i] for i in index]
        surfaces = [r["surface"] for r in chosen]
        if kind == "PLACE":
            found = _place_names(chosen)
        elif kind == "PERSON":
            found = _person_names(surfaces)
        else:
            found = _org_names(surfaces, _acronym_definitions(chosen, text))
        for i, name in zip(index, found):
            names[i] = name
    return names


def _acronym_definitions(orgs: list[dict], text: str) -> dict[str, str]:
    """ "Full Name (ACR)": the acronym in brackets right after an organisation names it."""
    out = {}
    rows = sorted(orgs, key=lambda r: r["start"])
    for full, short in zip(rows, rows[1:]):
        between = text[full["end"]:short["start"]]
        if re.fullmatch(r"\s*\(\s*", between) and re.fullmatch(r"[A-Z]{2,6}", short["surface"]):
            out.setdefault(short["surface"], re.sub(r"^(the)\s+", "", full["surface"], flags=re.I))
    return out


def _place_names(rows: list[dict]) -> list[str]:
    """The article's name for each place: its most used spelling, regions as "X Oblast"/"X region",
    countries and curated regions under the gazetteer's name."""
    surfaces: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        surfaces[r["place_id"]].append(r["surface"])
    best: dict[str, str] = {}
    for pid, group in surfaces.items():
        found = places.by_id(pid)
        if found.kind == "country" or pid.startswith(("region:", "continent:")) or (
                found.kind == "region" and found.name.split()[-1].casefold() not in _REGION_WORDS):
            best[pid] = found.name
            continue
        bases = [_region_base(s) for s in group]
        # a dateline in capitals ("KYIV (Reuters)") is named as the gazetteer writes it
        bases = [found.name if b.isupper() and len(b) > 3 else re.sub(r"['’]s?$", "", b) for b in bases]
        counts = Counter(bases)
        rank = {"primary": 0, "alternate": 1, "variant": 2, None: 3}
        base = min(counts, key=lambda b: (-counts[b], rank[places.match_of(b, found)], b))
        name = f"{base} {found.name.split()[-1]}" if found.kind == "region" else base
        default = places.default_place(name)
        if default is not None and default.country_code != found.country_code:
            name = f"{name} ({found.country})"
        best[pid] = name
    return [best[r["place_id"]] for r in rows]


def _person_tokens(surface: str) -> list[str]:
    words = [w for w in re.split(r"\s+", surface.strip()) if w]
    while len(words) > 1 and words[0].lower().rstrip(".") in HONORIFICS | TITLE_WORDS:
        words = words[1:]
    while len(words) > 2 and words[-1].lower().strip(".,") in _NAME_SUFFIXES:
        words = words[:-1]
    # middle initials ("Vladimir V. Putin") are dropped so that every form meets the short one
    return [w for i, w in enumerate(words) if not (0 < i < len(words) - 1 and re.fullmatch(r"[A-Z]\.?", w))]


def _surname_key(word: str) -> str:
    # transliteration-blind for real surnames; short ones ("Li", "Lee") must match as written
    return places.skeleton(word) if len(word) >= 4 else places.fold(word)


def _person_names(surfaces: list[str]) -> list[str]:
    """Link surnames and shorter forms to the fullest form of the same person in the article."""
    full = [" ".join(_person_tokens(s)) for s in surfaces]
    longest: dict[str, str] = {}
    people: dict[str, set[str]] = defaultdict(set)
    for f in sorted(set(full), key=lambda f: (-len(f.split()), f)):
        words = f.split()
        if len(words) >= 2:
            longest.setdefault(_surname_key(words[-1]), f)
            people[_surname_key(words[-1])].add(_surname_key(words[0]))
    # a surname shared by two people of the article ("John and Jane Smith") stays unlinked
    longest = {k: v for k, v in longest.items() if len(people[k]) == 1}
    # names written family name first ("Li Qiang" ... "Li said") link through the first word
    firsts: dict[str, set[str]] = defaultdict(set)
    for f in set(full):
        if len(f.split()) == 2:
            firsts[places.fold(f.split()[0])].add(f)
    by_first = {k: next(iter(fs)) for k, fs in firsts.items() if len(fs) == 1}
    # a name used by one inner word of a longer one ("Lula" of "Luiz Inacio Lula da Silva"),
    # linked only when exactly one full name of the article has that word
    inner: dict[str, set[str]] = defaultdict(set)
    for f in set(full):
        words = f.split()
        for w in words[1:-1]:
            if w.lower() not in _NAME_PARTICLES:
                inner[_surname_key(w)].add(f)
    out = []
    for f in full:
        words = f.split()
        key = _surname_key(words[-1]) if words else ""
        target = longest.get(key)
        if target and (len(words) == 1 or _surname_key(words[0]) == _surname_key(target.split()[0])):
            out.append(target)
        elif len(words) == 1 and key not in people and places.fold(words[0]) in by_first:
            out.append(by_first[places.fold(words[0])])
        elif len(words) == 1 and len(inner.get(key, ())) == 1:
            out.append(next(iter(inner[key])))
        else:
            out.append(f)
    return out


def _org_names(surfaces: list[str], defined: Mapping[str, str] | None = None) -> list[str]:
    """Expand acronyms defined ("German Weather Service (DWD)") or implied (initials) in the
    article and merge spacing variants."""
    base = [re.sub(r"^(the)\s+", "", s, flags=re.I) for s in surfaces]
    full_by_acronym: dict[str, str] = dict(defined or {})
    for b in base:
        if len(b.split()) >= 2:
            full_by_acronym.setdefault(acronym(b), b)
    out = []
    for b in base:
        if re.fullmatch(r"[A-Z]{2,6}", b) and b in full_by_acronym:
            out.append(full_by_acronym[b])
        else:
            out.append(b)
    counts = Counter(out)
    best = {}
    for cluster in _key_clusters(sorted(counts)):
        chosen = min(cluster, key=lambda n: (-counts[n], -len(n.split()), -len(n), n))
        best.update({n: chosen for n in cluster})
    return [best[o] for o in out]


def acronym(name: str) -> str:
    """Initials of the content words: "Institute for the Study of War" -> "ISW"."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in ("of", "the", "for", "and", "on", "in")]
    return "".join(w[0].upper() for w in words)


_SPELLING = {"defence": "defense", "centre": "center", "organisation": "organization", "programme": "program",
             "labour": "labor", "military": "armedforces"}
_ORG_STOP = frozenset("the of for and on in".split())


def org_keys(name: str) -> tuple[str, str]:
    """Two keys shared by spellings of one organisation: one keeps word order without spaces
    ("Deep State" = "DeepState"), one is the set of words, with British/American spelling and a
    country's adjective folded ("Russian Defence Ministry" = "Ministry of Defense of Russia")."""
    folded = places.fold(re.sub(r"['’]s\b", "", name)).replace("armed forces", "armedforces")
    words = []
    for w in folded.split():
        code = places.country_code(w)
        w = code.lower() if code else _SPELLING.get(w, w)
        if w not in _ORG_STOP:
            words.append(w)
    return "".join(words), "|".join(sorted(set(words)))


def _key_clusters(names: list[str]) -> list[list[str]]:
    """Group names that share either organisation key (union-find over the two keys)."""
    parent = list(range(len(names)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for i, n in enumerate(names):
        for k in org_keys(n):
            if k in first:
                parent[find(i)] = find(first[k])
            else:
                first[k] = i
    groups: dict[int, list[str]] = defaultdict(list)
    for i, n in enumerate(names):
        groups[find(i)].append(n)
    return [groups[k] for k in sorted(groups)]


# ---------------------------------------------------------------- across the corpus


def _curated_aliases(path: Path | str) -> dict[str, str]:
    file = Path(path)
    if not file.exists():
        return {}
    # keyed by modification time so that an analyst's edit is seen in a running notebook
    return _read_aliases(str(file), file.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _read_aliases(path: str, mtime_ns: int) -> dict[str, str]:
    with open(path, encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if all(r.get(c) for c in ALIAS_COLUMNS)]
    return {places.fold(r["alias"]): r["name"] for r in rows}


def corpus_names(mentions: pd.DataFrame, aliases_path: Path | str = config.ALIASES) -> dict[str, str]:
    """Map every article-level name to one canonical name across the corpus.

    Places: all names of one gazetteer place -> its most used name. Persons: transliteration
    variants of one full name (Zelensky/Zelenskyy) and surname-only names that fit exactly one full
    name. Organisations: one key for case/spacing/word-order/spelling variants, acronyms that fit
    exactly one full name. The curated alias file (columns alias, name, type) wins over all.
    Canonical choice: the form used in most mentions, then the longest.
    """
    if mentions.empty:
        return {}
    mapping: dict[str, str] = {}
    m = mentions.dropna(subset=["name"])
    curated = _curated_aliases(aliases_path)

    pl = m[m["type"].eq("PLACE") & m["place_id"].notna()]
    # an article qualifies a place whose name usually means another one ("Paris (United States)");
    # the qualifier is dropped when no other place of the corpus goes by the same name
    unqualified = pl["name"].str.replace(r" \([^)]*\)$", "", regex=True)
    ids_by_base = pl.groupby(unqualified)["place_id"].nunique()
    for _, g in pl.groupby("place_id", sort=True):
        counts = g["name"].value_counts()
        plain = [n for n in counts.index if "(" not in n] or list(counts.index)
        best = min(plain, key=lambda n: (-counts[n], n))
        base = re.sub(r" \([^)]*\)$", "", best)
        if ids_by_base.get(base, 0) == 1:
            best = base
        for n in counts.index:
            mapping[n] = best

    # a name used for two kinds of entity ("Jordan" the country and a person) is left alone,
    # because the mapping is applied to names whatever their type
    kinds = m.groupby("name")["type"].nunique()
    shared = set(kinds.index[kinds > 1])
    for kind, merge in (("PERSON", _merge_persons), ("ORG", _merge_orgs)):
        counts = m[m["type"].eq(kind) & ~m["name"].isin(shared)]["name"].value_counts()
        mapping.update(merge(counts))

    for name in m["name"].unique():
        target = curated.get(places.fold(name))
        if target:
            mapping[name] = target
    for k in list(mapping):
        target = curated.get(places.fold(mapping[k]))
        if target:
            mapping[k] = target
    return dict(sorted(mapping.items()))


def _name_key(name: str) -> tuple[str, ...]:
    return tuple(places.skeleton(w) for w in name.split())


def _merge_persons(counts: pd.Series) -> dict[str, str]:
    n_of = counts.to_dict()
    names = sorted(n_of, key=lambda n: (-len(n.split()), -n_of[n], n))
    clusters: list[list[str]] = []
    # Clusters are only ever joined by names sharing a head's surname key (and, for full names,
    # its first-name key), so they are indexed by those keys instead of compared pairwise
    # (quadratic in the number of distinct names of the corpus).
    by_full: dict[tuple[str, str], list[list[str]]] = defaultdict(list)
    by_surname: dict[str, list[list[str]]] = defaultdict(list)
    for n in names:
        key = _name_key(n)
        home = None
        if len(key) >= 2:
            folded = places.fold(n)
            home = next((cl for cl in by_full[key[-1], key[0]]
                         if fuzz.ratio(folded, places.fold(cl[0])) >= 80), None)
        else:
            fits = by_surname.get(key[-1], []) if key else []
            # a surname fitting two people stays alone
            home = fits[0] if len(fits) == 1 else None
        if home is None:
            home = [n]
            clusters.append(home)
            if len(key) >= 2:
                by_full[key[-1], key[0]].append(home)
                by_surname[key[-1]].append(home)
        else:
            home.append(n)
    return _canonical(clusters, counts)


def _merge_orgs(counts: pd.Series) -> dict[str, str]:
    clusters = _key_clusters(sorted(counts.index))
    acr_index: dict[str, list[int]] = defaultdict(list)
    for i, cl in enumerate(clusters):
        for n in cl:
            if len(n.split()) >= 2:
                acr_index[acronym(n)].append(i)
    merged: dict[int, int] = {}
    for i, cl in enumerate(clusters):
        if all(re.fullmatch(r"[A-Z]{2,6}", n) for n in cl):
            targets = sorted(set(acr_index.get(cl[0], [])) - {i})
            if len(targets) == 1:
                merged[i] = targets[0]
    final: dict[int, list[str]] = defaultdict(list)
    for i, cl in enumerate(clusters):
        final[merged.get(i, i)].extend(cl)
    return _canonical(list(final.values()), counts)


def _canonical(clusters: list[list[str]], counts: pd.Series) -> dict[str, str]:
    out = {}
    counts = counts.to_dict()
    for cl in clusters:
        best = min(cl, key=lambda n: (-counts[n], -len(n.split()), -len(n), n))
        # a bare surname or acronym never wins over a full name of the same actor
        fuller = [n for n in cl if len(n.split()) >= 2]
        if len(best.split()) < 2 and fuller:
            best = min(fuller, key=lambda n: (-counts[n], -len(n), n))
        for n in cl:
            out[n] = best
    return out


def actors_table(mentions: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """One row per canonical actor (columns ACTOR_COLUMNS).

    name; type (PERSON, ORG, GROUP, or PLACE for a country or capital acting as its government);
    aliases (every surface seen); roles (every role seen); n_mentions, n_articles;
    first_published, last_published (dates of the first and last article naming it).
    """
    if mentions.empty:
        return pd.DataFrame(columns=ACTOR_COLUMNS)
    acting = mentions["acting"].fillna(False).astype(bool) & mentions["type"].eq("PLACE")
    m = mentions[mentions["type"].isin(["PERSON", "ORG", "GROUP"]) | acting]
    m = m.merge(articles[["article_id", "published"]], on="article_id", how="left")
    if m.empty:
        return pd.DataFrame(columns=ACTOR_COLUMNS)
    g = m.groupby("name", sort=True)
    # the type it is most often given (ties: the first alphabetically), without a call per actor
    pairs = m.groupby(["name", "type"]).size().rename("n").reset_index()
    types = pairs.sort_values(["name", "n", "type"], ascending=[True, False, True]).drop_duplicates("name")
    aliases: dict[str, set] = defaultdict(set)
    roles: dict[str, set] = defaultdict(set)
    for name, surface, role in zip(m["name"].tolist(), m["surface"].tolist(), m["role"].tolist()):
        aliases[name].add(surface)
        if pd.notna(role):
            roles[name].add(role)
    names = g.size().index
    out = pd.DataFrame({
        "type": types.set_index("name")["type"],
        "aliases": pd.Series([sorted(aliases[n]) for n in names], index=names, dtype=object),
        "roles": pd.Series([sorted(roles[n]) for n in names], index=names, dtype=object),
        "n_mentions": g.size(),
        "n_articles": g["article_id"].nunique(),
        "first_published": g["published"].min(),
        "last_published": g["published"].max(),
    }).reset_index()
    return out[ACTOR_COLUMNS]
