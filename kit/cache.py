"""The table cache: Parquet files under data/processed/cache, keyed by content, kit code and model.

Layout under the cache folder (default `config.PROCESSED / "cache"`, else $KIT_CACHE_DIR or a
`cache_dir` argument):

    sources/<folder key>/articles.parquet, rejected.parquet, build
        the articles and rejected tables of one article folder, keyed by the folder's path, the
        name, size and mtime of every file in it, and the kit code; `build` names the corpus key
        of the build of those articles, so a reload needs no per-article hashing;
    builds/<corpus key>/<table>.parquet
        every corpus table of one build, keyed by the ordered article keys: a reload of an unchanged
        corpus reads these few files and nothing else;
    builds/<corpus key>/raw/<table>.parquet and manifest.parquet
        the per-article tables before the corpus-wide steps, with a `_row` column pointing into the
        manifest (row -> article key), so a corpus with a few new articles reuses the others.

A key changes when the article (text and every metadata field extraction sees), the kit version,
the kit's source files, data/aliases.csv or the spaCy model change. Entries are written to a
temporary folder and renamed into place, so an interrupted build never leaves half an entry.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import os
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import spacy.util

from . import config, nlp

ENV = "KIT_CACHE_DIR"
DEFAULT_DIR = config.PROCESSED / "cache"
ROW = "_row"
# Old entries are pruned so an analyst iterating on a corpus does not fill the disk; several are
# kept because one cache folder serves several corpora (the seeds, a year of coverage, tests...).
KEEP_ENTRIES = 8
_KIT_DIR = Path(__file__).resolve().parent


def cache_dir(override: str | Path | None = None) -> Path:
    """The cache folder: `override`, else $KIT_CACHE_DIR, else data/processed/cache."""
    chosen = override or os.environ.get(ENV, "").strip() or DEFAULT_DIR
    return Path(chosen)


def digest(*parts: str | bytes) -> str:
    """A short hex key for a sequence of strings/bytes (separators keep ('ab','c') != ('a','bc'))."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part)
        h.update(b"\x1f")
    return h.hexdigest()


@lru_cache(maxsize=None)
def _kit_version() -> str:
    try:
        return importlib.metadata.version("kit")
    except importlib.metadata.PackageNotFoundError:
        return "0+unknown"


@lru_cache(maxsize=None)
def _model_id(candidates: tuple[str, ...]) -> str:
    # Reading the package's meta.json instead of loading the pipeline keeps a cached reload free of
    # the ~2 s model load; the result has the same form as nlp.model_name().
    for candidate in candidates:
        if spacy.util.is_package(candidate):
            meta = spacy.util.get_model_meta(spacy.util.get_package_path(candidate))
        elif Path(candidate).is_dir():
            meta = spacy.util.get_model_meta(Path(candidate))
        else:
            continue
        return f"{meta.get('name', 'unknown')}-{meta.get('version', '0')}"
    return nlp.model_name()


def model_id() -> str:
    """The name-version of the spaCy pipeline kit.nlp.load_model() would load, without loading it."""
    return _model_id(tuple(config.model_candidates()))


def _code_files() -> list[Path]:
    files = [p for p in _KIT_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    if config.ALIASES.is_file():
        files.append(config.ALIASES)
    return sorted(files)


def code_id() -> str:
    """Key of everything besides the articles that decides the tables: kit version, sources, model.

    Re-hashed on every call (a few small files) so that editing the kit in a running notebook
    invalidates the cache.
    """
    parts: list[str | bytes] = [_kit_version(), model_id()]
    for file in _code_files():
        stat = file.stat()
        parts += [str(file), _file_digest(file, stat.st_size, stat.st_mtime_ns)]
    return digest(*parts)


@lru_cache(maxsize=256)
def _file_digest(file: Path, size: int, mtime_ns: int) -> str:
    # Keyed by size and modification time so the gazetteer's megabytes are hashed once per edit,
    # not on every load.
    return digest(file.read_bytes())


def folder_key(path: str | Path, code: str) -> str:
    """Key of an article folder: its absolute path and the name, size and mtime of every file in it.

    Size and modification time stand for the content (as in make): reading every byte of a large
    corpus would cost more than the rest of a cached reload.
    """
    root = os.path.abspath(path)
    parts: list[str | bytes] = [code, root]
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            file = os.path.join(dirpath, name)
            stat = os.stat(file)
            parts.append(f"{os.path.relpath(file, root)}|{stat.st_size}|{stat.st_mtime_ns}")
    return digest(*parts)


def article_key(article: Mapping, code: str) -> str:
    """Key of one article: every field given to extraction (repr keeps types apart) and the code."""
    return digest(code, *(f"{k}={article[k]!r}" for k in sorted(article)))


def normalize(frame: pd.DataFrame) -> pd.DataFrame:
    """The table as it reads back from Parquet: list-like cells as lists, Arrow's column types.

    Every table the kit returns goes through this, so a fresh build, a cached reload and a Dask
    build give identical frames.
    """
    return from_arrow(to_arrow(frame))


def to_arrow(frame: pd.DataFrame) -> pa.Table:
    """The frame as an Arrow table, as Parquet stores it (raises TypeError for unstorable cells)."""
    try:
        return pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError) as err:
        bad = [c for c in frame.columns if not _arrow_ok(frame[c])]
        raise TypeError(f"columns {bad} hold values Parquet cannot store (use str/int/float/bool/"
                        f"Timestamp or lists of them): {err}") from err


def _arrow_ok(column: pd.Series) -> bool:
    try:
        pa.Array.from_pandas(column)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return False
    return True


def from_arrow(table: pa.Table) -> pd.DataFrame:
    """The Arrow table as the kit's DataFrame: Arrow's column types, list-like cells as lists."""
    frame = table.to_pandas()
    for i, field in enumerate(table.schema):
        if pa.types.is_list(field.type) or pa.types.is_large_list(field.type):
            # Arrow hands lists back as numpy arrays; analysts (and CSV export) expect lists.
            frame[field.name] = pd.Series(table.column(i).to_pylist(), index=frame.index, dtype=object)
    return frame


def _read(file: Path) -> pd.DataFrame:
    return from_arrow(pq.read_table(file))


def _write_entry(final: Path, tables: Mapping[str, pd.DataFrame]) -> None:
    """Write tables as `<name>.parquet` (name may contain '/') into `final`, atomically."""
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=final.parent, prefix=".tmp-"))
    try:
        for name, frame in tables.items():
            file = tmp / f"{name}.parquet"
            file.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(to_arrow(frame), file)
        os.rename(tmp, final)
    except OSError:
        # Another process wrote the same entry first: same key, same content, keep theirs.
        if not final.is_dir():
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    _prune(final.parent)


def _prune(folder: Path) -> None:
    entries = sorted((p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")),
                     key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP_ENTRIES:]:
        shutil.rmtree(old, ignore_errors=True)


class Store:
    """Reads and writes cache entries under one cache folder (`root`, default: see cache_dir)."""

    def __init__(self, root: str | Path | None = None):
        self.root = cache_dir(root)

    def read_sources(self, key: str) -> tuple[pd.DataFrame, pd.DataFrame] | None:
        """The (articles, rejected) tables stored under a folder key, or None."""
        entry = self.root / "sources" / key
        if not (entry / "rejected.parquet").is_file():
            return None
        os.utime(entry)  # recently used entries survive pruning
        return _read(entry / "articles.parquet"), _read(entry / "rejected.parquet")

    def write_sources(self, key: str, articles: pd.DataFrame, rejected: pd.DataFrame) -> None:
        """Store the articles and rejected tables of a folder."""
        _write_entry(self.root / "sources" / key, {"articles": articles, "rejected": rejected})

    def link(self, folder: str, corpus_key: str) -> None:
        """Record that the articles stored under a folder key were built as `corpus_key`."""
        entry = self.root / "sources" / folder
        if entry.is_dir():
            tmp = entry / f".build-{os.getpid()}"
            tmp.write_text(corpus_key, encoding="utf-8")
            os.replace(tmp, entry / "build")

    def read_linked(self, folder: str, names: Iterable[str]) -> dict[str, pd.DataFrame] | None:
        """The tables of the build linked to a folder key, or None."""
        link = self.root / "sources" / folder / "build"
        return self.read_tables(link.read_text(encoding="utf-8").strip(), names) if link.is_file() else None

    def read_tables(self, corpus_key: str, names: Iterable[str]) -> dict[str, pd.DataFrame] | None:
        """Every corpus table of a finished build, or None when the build is not cached."""
        entry = self.root / "builds" / corpus_key
        if not (entry / "manifest.parquet").is_file():
            return None
        os.utime(entry)  # recently used entries survive pruning
        return {name: _read(entry / f"{name}.parquet") for name in names}

    def write_build(self, corpus_key: str, keys: list[str], raw: Mapping[str, pd.DataFrame],
                    tables: Mapping[str, pd.DataFrame]) -> None:
        """Store a build: corpus tables, per-article tables (with `_row`) and the manifest."""
        manifest = pd.DataFrame({ROW: range(len(keys)), "key": keys})
        entry = {**tables, **{f"raw/{name}": frame for name, frame in raw.items()}, "manifest": manifest}
        _write_entry(self.root / "builds" / corpus_key, entry)

    def find_articles(self, keys: Iterable[str]) -> dict[str, tuple[Path, int]]:
        """Where earlier builds stored the per-article tables of these article keys: key -> (build, row)."""
        wanted = set(keys)
        found: dict[str, tuple[Path, int]] = {}
        builds = self.root / "builds"
        if not wanted or not builds.is_dir():
            return found
        entries = sorted((p for p in builds.iterdir() if (p / "manifest.parquet").is_file()),
                         key=lambda p: (-p.stat().st_mtime, p.name))
        for entry in entries:
            manifest = _read(entry / "manifest.parquet")
            for row, key in zip(manifest[ROW].tolist(), manifest["key"].tolist()):
                if key in wanted and key not in found:
                    found[key] = (entry, row)
            if len(found) == len(wanted):
                break
        return found

    def read_articles(self, where: Mapping[int, tuple[Path, int]], names: Iterable[str]) -> dict[str, list[pd.DataFrame]]:
        """Per-article rows stored by earlier builds, `_row` renumbered to the new positions.

        `where` maps a new position to (build, old row), as found by find_articles.
        """
        by_build: dict[Path, list[tuple[int, int]]] = {}
        for new, (entry, old) in sorted(where.items()):
            by_build.setdefault(entry, []).append((old, new))
        parts: dict[str, list[pd.DataFrame]] = {name: [] for name in names}
        for entry, pairs in sorted(by_build.items()):
            mapping = pd.DataFrame(pairs, columns=["_old", ROW])
            for name in parts:
                stored = _read(entry / "raw" / f"{name}.parquet").rename(columns={ROW: "_old"})
                # An inner merge keeps the stored order (article, then row within the article).
                rows = stored.merge(mapping, on="_old", how="inner", sort=False).drop(columns="_old")
                parts[name].append(rows)
        return parts
