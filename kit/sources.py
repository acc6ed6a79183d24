"""Finding article files, reading their formats and encodings, applying the manifest.

`read_sources(folder)` turns every file under `folder` into article records or rejections, so
that every input file is accounted for: a file is either read into one or more records or gets a
row in `rejected` saying why it was not. Nothing here raises on bad input.

Formats: .txt, .md (markup stripped), .html/.htm (main text via trafilatura, offline), .json (one
object or a list of objects) and .jsonl (one object per line). Metadata that a file states about
itself (HTML meta tags, JSON fields, a Markdown H1) gets source "file"; the manifest
(`manifest.csv` in the folder) overrides it with source "manifest".
"""
from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any, Callable

import pandas as pd
import trafilatura
from charset_normalizer import from_bytes

from . import config

META_FIELDS = ("title", "outlet", "published", "url", "byline")
REJECTED_COLUMNS = ["file", "reason"]
MANIFEST_COLUMNS = ["file", "outlet", "title", "published", "url", "byline", "notes"]

# The encodings English-language news actually arrives in. Restricting the detector to these
# makes it reliable on short texts, where an open search picks exotic code pages (cp775, cp949).
ENCODINGS = ["utf_8", "utf_16", "utf_32", "cp1252", "cp1251", "latin_1"]
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")

# JSON field names accepted for each metadata field, first match wins (feeds and scrapers differ).
_JSON_FIELDS = {
    "article_id": ("article_id", "id"),
    "title": ("title", "headline"),
    "text": ("text", "body", "content"),
    "outlet": ("outlet", "source", "publisher", "site_name", "sitename"),
    "published": ("published", "date", "published_at", "publishedAt", "pubdate"),
    "url": ("url", "link"),
    "byline": ("byline", "author", "authors"),
}

# Markdown to plain text: only the markup that would otherwise reach the cleaner as noise.
# Hand-written because no installed library renders Markdown to plain text line by line.
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_MD_QUOTE_OR_BULLET = re.compile(r"^\s{0,3}(?:>\s?|[-*+]\s+)")
_MD_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")


class _Rejected(Exception):
    """A file (or one entry in it) that cannot become an article; the message is the reason."""


def parse_date(value: Any) -> pd.Timestamp | None:
    """A timezone-naive Timestamp (UTC wall time for aware inputs), or None when unparseable."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or not str(value).strip():
        return None
    try:
        ts = pd.Timestamp(str(value).strip())
    except (ValueError, TypeError, OverflowError):
        return None
    if pd.isna(ts):
        return None
    return ts.tz_convert("UTC").tz_localize(None) if ts.tzinfo is not None else ts


def _decode(data: bytes) -> tuple[str, str]:
    """Text and encoding name of `data`; raises _Rejected for empty, binary or undecodable bytes."""
    if not data.strip():
        raise _Rejected("empty file")
    if b"\x00" in data[:4096] and not data.startswith(_BOMS):
        raise _Rejected("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig"), "utf_8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=ENCODINGS).best()
    if best is None:
        raise _Rejected("undecodable bytes (no text encoding fits)")
    text = str(best)
    if not text.strip():
        raise _Rejected("empty file")
    return text, best.encoding


def _markdown_to_text(text: str) -> tuple[str, str | None]:
    """Plain text of a Markdown document and its first H1 heading (the title), if any."""
    title, lines = None, []
    for line in text.splitlines():
        if _MD_RULE.match(line):
            lines.append("")
            continue
        heading = _MD_HEADING.match(line)
        if heading:
            line = heading.group(2)
            if title is None and len(heading.group(1)) == 1:
                title = line
        line = _MD_QUOTE_OR_BULLET.sub("", line)
        line = _MD_IMAGE.sub("", line)
        line = _MD_LINK.sub(r"\1", line)
        line = _MD_EMPHASIS.sub(r"\2", line)
        lines.append(line)
    return "\n".join(lines), title


def _read_text(text: str) -> list[dict]:
    return [{"raw_text": text}]


def _read_markdown(text: str) -> list[dict]:
    plain, title = _markdown_to_text(text)
    return [{"raw_text": plain, "title": title}]


def _read_html(text: str) -> list[dict]:
    # extensive_search off: a date must come from the page's markup, not be guessed from its text.
    doc = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False, include_tables=False,
                                      date_extraction_params={"extensive_search": False, "original_date": True})
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or not body.strip():
        raise _Rejected("no article text found in the HTML")
    return [{"raw_text": body, "title": doc.title, "outlet": doc.sitename, "published": doc.date,
             "url": doc.url, "byline": doc.author}]


def _json_value(obj: dict, field: str) -> Any:
    for key in _JSON_FIELDS[field]:
        value = obj.get(key)
        if isinstance(value, dict):  # e.g. {"source": {"name": "..."}} in news-API dumps
            value = value.get("name")
        if isinstance(value, list):
            value = ", ".join(str(v.get("name", "") if isinstance(v, dict) else v) for v in value)
        if value is not None and str(value).strip():
            return value if field == "article_id" else str(value)
    return None


def _json_record(obj: Any) -> dict:
    if not isinstance(obj, dict):
        raise _Rejected("JSON entry is not an object")
    text = _json_value(obj, "text")
    if text is None:
        raise _Rejected("JSON entry has no text field (text, body or content)")
    record = {"raw_text": text}
    for field in META_FIELDS:
        record[field] = _json_value(obj, field)
    if _json_value(obj, "article_id") is not None:
        record["article_id"] = str(_json_value(obj, "article_id"))
    return record


def _read_json(text: str) -> list[dict | _Rejected]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise _Rejected(f"invalid JSON: {e.msg} (line {e.lineno})") from None
    entries = data if isinstance(data, list) else [data]
    if not entries:
        raise _Rejected("JSON file holds no articles")
    return [_entry(_json_record, obj) for obj in entries]


def _read_jsonl(text: str) -> list[dict | _Rejected]:
    out: list[dict | _Rejected] = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            out.append(_Rejected(f"line {n}: invalid JSON: {e.msg}"))
            continue
        out.append(_entry(_json_record, obj))
    if not out:
        raise _Rejected("JSON Lines file holds no articles")
    return out


def _entry(make: Callable[[Any], dict], obj: Any) -> dict | _Rejected:
    """One entry of a multi-article file: a record, or the rejection of that entry alone."""
    try:
        return make(obj)
    except _Rejected as e:
        return e


READERS: dict[str, Callable[[str], list]] = {
    ".txt": _read_text, ".md": _read_markdown, ".markdown": _read_markdown,
    ".html": _read_html, ".htm": _read_html, ".json": _read_json, ".jsonl": _read_jsonl,
}


def _read_manifest(folder: Path) -> tuple[dict[str, list[dict]], list[tuple[str, str]]]:
    """Manifest rows by file (path relative to the folder) and rejections of bad rows."""
    path = folder / config.MANIFEST_NAME
    if not path.is_file():
        return {}, []
    try:
        text, _ = _decode(path.read_bytes())
        table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (_Rejected, OSError, ValueError) as e:
        return {}, [(config.MANIFEST_NAME, f"manifest ignored: {e}")]
    if "file" not in table.columns:
        return {}, [(config.MANIFEST_NAME, "manifest ignored: it has no 'file' column")]
    root = folder.resolve()
    rows: dict[str, list[dict]] = {}
    rejected = []
    for n, row in enumerate(table.to_dict("records"), start=2):
        name = row["file"].strip()
        if not name:
            rejected.append((f"{config.MANIFEST_NAME}:{n}", "manifest row names no file"))
            continue
        target = (folder / name).resolve()
        if not target.is_relative_to(root):
            rejected.append((name, "manifest row points outside the article folder"))
        elif not target.exists():
            rejected.append((name, "manifest row names a file that does not exist"))
        elif target.is_dir():
            rejected.append((name, "manifest row names a folder, not a file"))
        elif target == path.resolve():
            rejected.append((name, "manifest row names the manifest itself"))
        else:
            row = {k: str(v).strip() for k, v in row.items()}
            rows.setdefault(target.relative_to(root).as_posix(), []).append(row)
    return rows, rejected


def _manifest_row(rows: list[dict], record: dict, single: bool) -> dict | None:
    """The manifest row for a record: by article_id in multi-article files, else the file's row."""
    if single:
        return rows[0] if rows else None
    return (next((r for r in rows if r.get("article_id") == record["article_id"]), None)
            or next((r for r in rows if not r.get("article_id")), None))


def _apply_manifest(record: dict, row: dict, rejected: list) -> None:
    if row.get("article_id"):
        record["article_id"] = row["article_id"]
    for field in META_FIELDS:
        value = row.get(field, "")
        if not value:
            continue
        if field == "published":
            stamp = parse_date(value)
            if stamp is None:
                rejected.append((record["file"], f"manifest date {value!r} is not an ISO date; ignored"))
                continue
            value = stamp
        record[field] = value
        record[f"{field}_source"] = "manifest"
    if row.get("notes"):
        record["notes"] = row["notes"]


def _new_record(rel: str, file: Path, fmt: str, encoding: str, entry: dict, article_id: str) -> dict:
    record = {"article_id": article_id, "file": rel, "path": str(file), "format": fmt, "encoding": encoding,
              "raw_text": entry["raw_text"], "notes": None}
    for field in META_FIELDS:
        value = entry.get(field)
        if field == "published":
            value = parse_date(value)
        has = value is not None and str(value).strip() != ""
        record[field] = value if has else None
        record[f"{field}_source"] = "file" if has else None
    return record


def _unique_ids(records: list[dict]) -> None:
    """Make article_id unique: a repeated id gets -2, -3, ... in reading order."""
    seen: dict[str, int] = {}
    for r in records:
        base = r["article_id"]
        if base in seen:
            seen[base] += 1
            while f"{base}-{seen[base]}" in seen:
                seen[base] += 1
            r["article_id"] = f"{base}-{seen[base]}"
        seen.setdefault(r["article_id"], 1)


def read_sources(path: str | Path) -> tuple[list[dict], pd.DataFrame]:
    """Read every article file under `path` (searched recursively).

    Returns (records, rejected).
    records: one dict per article with article_id, file (path relative to the folder), path,
      format (file suffix), encoding, raw_text (text before cleaning: HTML reduced to its main
      text, Markdown stripped of markup), notes (from the manifest), and for each of title,
      outlet, published (Timestamp), url, byline the value and `<field>_source`: "manifest",
      "file" (stated in the file's own metadata) or None (left to kit.clean to infer).
    rejected: DataFrame[file, reason], one row per file, JSON entry or manifest row not loaded.
    """
    folder = Path(path)
    records: list[dict] = []
    rejected: list[tuple[str, str]] = []
    if not folder.is_dir():
        return records, pd.DataFrame([(str(folder), "article folder not found")], columns=REJECTED_COLUMNS)
    manifest, manifest_rejected = _read_manifest(folder)
    rejected.extend(manifest_rejected)
    for file in sorted(p for p in folder.rglob("*") if not p.is_dir()):
        rel = file.relative_to(folder).as_posix()
        if rel == config.MANIFEST_NAME:
            continue
        rejected_here = _read_file(folder, file, rel, manifest.get(rel, []), records)
        rejected.extend(rejected_here)
    _unique_ids(records)
    return records, pd.DataFrame(rejected, columns=REJECTED_COLUMNS)


def _read_file(folder: Path, file: Path, rel: str, rows: list[dict], records: list[dict]) -> list[tuple[str, str]]:
    """Append the file's records to `records`; return its rejections."""
    if any(part.startswith(".") for part in file.relative_to(folder).parts):
        return [(rel, "hidden file (ignored)")]
    suffix = file.suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        return [(rel, f"unsupported format {suffix or '(no extension)'!r}")]
    try:
        data = file.read_bytes()
    except OSError as e:
        return [(rel, f"unreadable file: {e.strerror or e}")]
    try:
        text, encoding = _decode(data)
        entries = reader(text)
    except _Rejected as e:
        return [(rel, str(e))]
    except Exception as e:  # noqa: BLE001 - a parser failing on hostile input must not stop the corpus
        return [(rel, f"could not be parsed: {type(e).__name__}: {e}")]
    rejected = []
    single = len(entries) == 1
    for n, entry in enumerate(entries, start=1):
        where = rel if single else f"{rel}[{n}]"
        if isinstance(entry, _Rejected):
            rejected.append((where, str(entry)))
            continue
        article_id = file.stem if single else entry.get("article_id") or f"{file.stem}-{n}"
        record = _new_record(rel, file, suffix.lstrip("."), encoding, entry, article_id)
        row = _manifest_row(rows, record, single)
        if row is not None:
            _apply_manifest(record, row, rejected)
        records.append(record)
    if single and len(rows) > 1:
        rejected.extend((rel, "duplicate manifest row for this file; the first one is used") for _ in rows[1:])
    return rejected
