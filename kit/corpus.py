"""The Corpus: articles plus every extracted table, built once per corpus, cached, in parallel.

A build has three steps:
1. sources + clean: the articles and rejected tables (cached per folder content);
2. per article, `extract.extract_article(article, doc)`: a pure function of the article, so it runs
   in batches in worker processes or as Dask tasks, and its tables are cached per article
   (kit.cache);
3. the per-article tables are concatenated in article order and the corpus-wide steps run
   (`_corpus_steps`: alias mapping across articles, the actors and places tables).

Memory stays flat with corpus size: each batch is parsed inside a spaCy memory zone (kit.nlp), no
Doc outlives its batch, and worker processes leave their batches on disk as Arrow IPC files, which
this process reads only when it assembles the tables.

Every table goes through `normalize`, so a fresh build, a cached reload, a build with any
number of workers and a Dask build return identical frames.
"""
from __future__ import annotations

import gc
import math
import multiprocessing
import os
import sys
import tempfile
import threading
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Iterator, Literal, Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
from tqdm.auto import tqdm

from . import actors, clean, config, extract, nlp, places, sources
from .cache import ROW, Store, article_key, code_id, digest, folder_key, from_arrow, normalize, to_arrow

CORPUS_TABLES = ("sentences", "mentions", "quotes", "claims", "figures", "actors", "places")
TABLES = ("articles", "rejected") + CORPUS_TABLES
# Extraction sees the articles row without these: `path` changes when the same files are copied
# elsewhere (which must not invalidate the cache) and `raw_text` is the text before cleaning, which
# no offset points into.
NOT_EXTRACTION_INPUT = ("path", "raw_text")
# Starting worker processes costs a second or two, so small builds run in-process; about this many
# words take several seconds to parse on one core. The same size decides whether to show a bar.
PARALLEL_MIN_WORDS = 20_000
PROGRESS_MIN_WORDS = 20_000
# Cleaning takes about a millisecond per article and starting worker processes a few tenths of a
# second, so only corpora of this many articles are cleaned in parallel.
PARALLEL_CLEAN_MIN_ARTICLES = 1_000
# spaCy's working memory grows with the batch (about 3 MB per article: parsing 64 articles at once
# took 200 MB more than 16), which costs more than the few percent of speed bigger batches gain.
MAX_BATCH = 16
# spaCy pipelines are not guaranteed thread-safe; a threaded Dask worker runs one batch at a time.
_MODEL_LOCK = threading.Lock()


def load_articles(path: str | Path = config.RAW) -> pd.DataFrame:
    """One row per readable article under `path` (see README: the articles table)."""
    return Corpus(path).articles


class Corpus:
    """Articles and the tables extracted from them; each is computed on first access.

    Attributes (DataFrames, see README): articles, rejected, sentences, mentions, actors, places,
    quotes, claims, figures. Options are those of `build`; `engine="dask"` without a client uses
    the current Dask client.
    """

    def __init__(self, path: str | Path = config.RAW, *, workers: int | None = None,
                 engine: Literal["local", "dask"] = "local", client=None, cache: bool = True,
                 cache_dir: str | Path | None = None, batch_size: int | None = None,
                 progress: bool | None = None):
        self.path = Path(path)
        if engine not in ("local", "dask"):
            raise ValueError(f"engine must be 'local' or 'dask', not {engine!r}")
        self._engine = engine
        self._options = dict(workers=workers, client=client, cache=cache, cache_dir=cache_dir,
                             batch_size=batch_size, progress=progress)
        self._sources: tuple[pd.DataFrame, pd.DataFrame] | None = None
        self._key: str | None = None
        self._tables: dict[str, pd.DataFrame] | None = None

    @property
    def articles(self) -> pd.DataFrame:
        return self._load_sources()[0]

    @property
    def rejected(self) -> pd.DataFrame:
        return self._load_sources()[1]

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table by name (TABLES order), building them if needed."""
        return {"articles": self.articles, "rejected": self.rejected, **self._build()}

    def _load_sources(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        if self._sources is None:
            store = Store(self._options["cache_dir"]) if self._options["cache"] else None
            self._key = folder_key(self.path, code_id()) if store else None
            self._sources = store.read_sources(self._key) if store else None
            if self._sources is None:
                records, rejected = sources.read_sources(self.path)
                cleaned = _clean(records, self._options["workers"])
                self._sources = (normalize(clean.articles_frame(records, cleaned)), normalize(rejected))
                if store:
                    store.write_sources(self._key, *self._sources)
        return self._sources

    def _build(self) -> dict[str, pd.DataFrame]:
        if self._tables is None:
            options = dict(self._options)
            if self._engine == "dask" and options["client"] is None:
                from distributed import default_client

                options["client"] = default_client()
            self._tables = _build_tables(self.articles, self._key, **options)
        return self._tables

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name in CORPUS_TABLES:
            return self._build()[name]
        raise AttributeError(name)

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(CORPUS_TABLES))


def load_corpus(path: str | Path = config.RAW, *, workers: int | None = None,
                engine: Literal["local", "dask"] = "local", client=None, cache: bool = True,
                cache_dir: str | Path | None = None, batch_size: int | None = None,
                progress: bool | None = None) -> Corpus:
    """Load every article under `path`; the tables are computed (or read from the cache) on first use.

    Options: see `build`; `engine="dask"` runs extraction on Dask (`client`, else the current one).
    """
    return Corpus(path, workers=workers, engine=engine, client=client, cache=cache,
                  cache_dir=cache_dir, batch_size=batch_size, progress=progress)


def build(articles: pd.DataFrame, *, workers: int | None = None, client=None, cache: bool = True,
          cache_dir: str | Path | None = None, batch_size: int | None = None,
          progress: bool | None = None) -> dict[str, pd.DataFrame]:
    """Every corpus table (CORPUS_TABLES) of an articles table, in article order.

    workers: processes for extraction (and, in load_corpus, for cleaning corpora of at least
        PARALLEL_CLEAN_MIN_ARTICLES articles); None uses every core when there is enough text to
        pay for starting them. client: a dask.distributed Client; extraction then runs there, one task per
        batch. cache: read/write Parquet tables under cache_dir (default $KIT_CACHE_DIR or
        data/processed/cache); only articles not cached before are parsed. batch_size: articles
        per task. progress: show a tqdm bar (None: for long builds on a terminal or notebook).
    """
    return _build_tables(articles, None, workers=workers, client=client, cache=cache,
                         cache_dir=cache_dir, batch_size=batch_size, progress=progress)


def _build_tables(articles: pd.DataFrame, articles_key: str | None, *, workers: int | None, client,
                  cache: bool, cache_dir: str | Path | None, batch_size: int | None,
                  progress: bool | None) -> dict[str, pd.DataFrame]:
    # `articles_key` (the folder key when building a folder) already identifies the articles and
    # the kit code: with it a reload finds its build without hashing every article again.
    store = Store(cache_dir) if cache else None
    if store and articles_key and (tables := store.read_linked(articles_key, CORPUS_TABLES)) is not None:
        return tables
    # article_id is the join key of every table and extraction makes it a str; an empty articles
    # table would otherwise carry a float column into the corpus-wide joins.
    articles = articles.astype({"article_id": "str"})
    inputs = [_extraction_input(a) for a in articles.to_dict("records")]
    code = code_id()
    keys = [article_key(a, code) for a in inputs]
    corpus_key = digest(code, *keys)
    if store and (tables := store.read_tables(corpus_key, CORPUS_TABLES)) is not None:
        if articles_key:
            store.link(articles_key, corpus_key)
        return tables

    found = store.find_articles(keys) if store else {}
    reused = {pos: found[key] for pos, key in enumerate(keys) if key in found}
    stored = store.read_articles(reused, extract.TABLES) if store else {n: [] for n in extract.TABLES}
    parts = {name: [to_arrow(frame) for frame in frames] for name, frames in stored.items()}
    del stored
    todo = [(pos, a) for pos, a in enumerate(inputs) if pos not in reused]
    # Worker processes spool their batches here; the folder lives until the tables are assembled.
    with tempfile.TemporaryDirectory(prefix="kit-build-", ignore_cleanup_errors=True) as spool:
        for batch in _extract(todo, workers=workers, client=client, batch_size=batch_size,
                              progress=progress, spool=spool):
            for name, table in batch.items():
                parts[name].append(table)
        raw = ({name: _in_article_order(parts.pop(name)) for name in extract.TABLES} if inputs
               else _empty_tables(articles))
    tables = _corpus_steps({name: frame.drop(columns=ROW) for name, frame in raw.items()}, articles)
    tables = {name: normalize(tables[name]) for name in CORPUS_TABLES}
    if store:
        store.write_build(corpus_key, keys, raw, tables)
        if articles_key:
            store.link(articles_key, corpus_key)
    return tables


def _clean(records: list[dict], workers: int | None) -> list[dict] | None:
    """`clean.clean_record` of every record, in worker processes for large corpora; None when
    the corpus is small enough for clean.articles_frame to clean it in this process."""
    workers = (os.cpu_count() or 1) if workers is None else max(1, workers)
    if workers == 1 or len(records) < PARALLEL_CLEAN_MIN_ARTICLES:
        return None
    with ProcessPoolExecutor(workers, mp_context=_mp_context()) as pool:
        return list(pool.map(clean.clean_record, records, chunksize=math.ceil(len(records) / (4 * workers))))


def _mp_context() -> multiprocessing.context.BaseContext:
    return multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")


def _extraction_input(article: Mapping) -> dict:
    return {k: v for k, v in article.items() if k not in NOT_EXTRACTION_INPUT}


def _empty_tables(articles: pd.DataFrame) -> dict[str, pd.DataFrame]:
    # With no article there is nothing to take the columns from, so extraction runs on an empty text.
    article = {c: None for c in articles.columns if c not in NOT_EXTRACTION_INPUT} | {"article_id": "", "text": ""}
    return {name: from_arrow(table.slice(0, 0)) for name, table in _extract_batch([(0, article)]).items()}


def _in_article_order(parts: list[pa.Table | str]) -> pd.DataFrame:
    # Spooled batches (file paths) are read only now, one table at a time, so that during the
    # build this process holds none of the rows the workers produced.
    tables = [_read_spooled(p) if isinstance(p, str) else p for p in parts]
    # Empty batches are left out: their columns have no type (null), which would otherwise decide
    # the result's, so that dtypes would depend on how articles were grouped into batches. Arrow's
    # permissive promotion gives a column that is null in one batch and text in another the type text.
    # The first batch's pandas metadata restores the extension dtypes extraction sets ("boolean").
    full = [t for t in tables if t.num_rows]
    if not full:
        return from_arrow(tables[0]) if tables else pd.DataFrame(columns=[ROW])
    del tables
    # Arrow's sort is stable: each article's rows keep the order extraction produced them in.
    table = pa.concat_tables(full, promote_options="permissive").sort_by(ROW)
    del full
    return normalize(from_arrow(table))


def _extract_batch(batch: list[tuple[int, dict]]) -> dict[str, pa.Table]:
    """Parse and extract (position, article) pairs: per-article tables tagged with `_row` = position."""
    rows: dict[str, list] = {name: [] for name in extract.TABLES}
    # One table per batch, tagged with each row's article position: building small tables (and
    # tagging them) per article cost more than the slowest extractor.
    positions: dict[str, list[int]] = {name: [] for name in extract.TABLES}
    with _MODEL_LOCK, nlp.memory_zone():
        docs = nlp.parse([article["text"] for _, article in batch], batch_size=len(batch))
        for (pos, article), doc in zip(batch, docs):
            for name, found in extract.extract_rows(article, doc).items():
                rows[name].extend(found)
                positions[name].extend([pos] * len(found))
    tables = {}
    for name in extract.TABLES:
        table = extract.frame(name, rows[name]).assign(**{ROW: np.asarray(positions[name], dtype=np.int64)})
        tables[name] = to_arrow(table)
    return tables


def _extract(todo: list[tuple[int, dict]], *, workers: int | None, client, batch_size: int | None,
             progress: bool | None, spool: str) -> Iterator[dict[str, pa.Table | str]]:
    """Per-article tables of the articles in `todo`, one dict per batch, in any order.

    A table is an Arrow table, or the path of an Arrow IPC file under `spool` when a worker
    process extracted it (read it with _read_spooled).
    """
    if not todo:
        return
    words = [len(article["text"].split()) for _, article in todo]
    if workers is None:
        workers = (os.cpu_count() or 1) if sum(words) >= PARALLEL_MIN_WORDS else 1
    workers = max(1, workers)
    size = batch_size or min(MAX_BATCH, math.ceil(len(todo) / (4 * workers)))
    batches = [todo[i:i + size] for i in range(0, len(todo), size)]
    batch_words = [sum(words[i:i + size]) for i in range(0, len(todo), size)]
    show = progress if progress is not None else sum(words) >= PROGRESS_MIN_WORDS and _interactive()
    with tqdm(total=sum(words), unit="word", unit_scale=True, desc="extracting", disable=not show) as bar:
        if client is not None:
            runs = _run_dask(batches, client)
        elif workers == 1 or len(batches) == 1:
            runs = ((i, _extract_batch(b)) for i, b in enumerate(batches))
        else:
            runs = _run_pool(batches, min(workers, len(batches)), spool)
        for i, tables in runs:
            bar.update(batch_words[i])
            yield tables


def _run_pool(batches: list, workers: int, spool: str) -> Iterator[tuple[int, dict]]:
    fork = "fork" in multiprocessing.get_all_start_methods()
    if fork:
        # Forked workers share, copy-on-write, what this process has loaded: the model and whatever
        # the extractors load on first use (gazetteer, unit registry...), hence one article is
        # extracted here first. Without this every worker loads its own copies (~0.5 GB each).
        # gc.freeze keeps the collector from writing to, and so copying, those shared pages.
        _extract_batch(batches[0][:1])
        gc.freeze()
    try:
        # Workers write each batch to spool files and send back only their paths: receiving
        # thousands of batches through pipes would leave this process holding (and fragmenting) a
        # copy of every row while the workers still run.
        with ProcessPoolExecutor(workers, mp_context=_mp_context()) as pool:
            futures = {pool.submit(_spool_batch, batch, os.path.join(spool, str(i))): i
                       for i, batch in enumerate(batches)}
            for future in as_completed(futures):
                yield futures.pop(future), future.result()
    finally:
        if fork:
            gc.unfreeze()


def _spool_batch(batch: list[tuple[int, dict]], stem: str) -> dict[str, str]:
    """Extract a batch into Arrow IPC files `<stem>.<table>.arrow`; their paths by table name."""
    paths = {}
    for name, table in _extract_batch(batch).items():
        paths[name] = f"{stem}.{name}.arrow"
        with pa.OSFile(paths[name], "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
    return paths


def _read_spooled(path: str) -> pa.Table:
    # Memory-mapped: concatenation copies the rows once, straight from the page cache.
    return pa.ipc.open_file(pa.memory_map(path)).read_all()


def _run_dask(batches: list, client) -> Iterator[tuple[int, dict]]:
    from distributed import as_completed as dask_completed

    futures = client.map(_extract_batch, batches, pure=False)
    index = {future.key: i for i, future in enumerate(futures)}
    for future in dask_completed(futures):
        yield index[future.key], future.result()
        future.release()


def _interactive() -> bool:
    return sys.stderr.isatty() or "ipykernel" in sys.modules


def _corpus_steps(tables: dict[str, pd.DataFrame], articles: pd.DataFrame) -> dict[str, pd.DataFrame]:
    names = actors.corpus_names(tables["mentions"])
    for key, column in (("mentions", "name"), ("quotes", "speaker"), ("claims", "speaker"), ("figures", "speaker")):
        if column in tables[key]:
            tables[key][column] = tables[key][column].map(lambda n: names.get(n, n))
    tables["actors"] = actors.actors_table(tables["mentions"], articles)
    tables["places"] = places.places_table(tables["mentions"], articles)
    return tables
