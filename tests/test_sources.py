"""kit.sources: formats, encodings, bad input and the manifest, on fixtures written here."""
from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pandas as pd
import pytest

from kit.sources import read_sources

BODY = ("The harbor council of Port Wren voted on Tuesday to rebuild the old ferry pier, "
        "a project that will cost about 4 million dollars, the council clerk said.")


def _write_manifest(folder: Path, rows: list[dict]) -> None:
    columns = ["file", "outlet", "title", "published", "url", "byline", "notes", "article_id"]
    with open(folder / "manifest.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        writer.writerows({c: r.get(c, "") for c in columns} for r in rows)


def _by_id(records: list[dict]) -> dict[str, dict]:
    return {r["article_id"]: r for r in records}


def _reasons(rejected: pd.DataFrame) -> dict[str, str]:
    return dict(zip(rejected["file"], rejected["reason"]))


def test_plain_text_becomes_one_record_named_after_the_file(tmp_path):
    (tmp_path / "pier.txt").write_text(BODY, encoding="utf-8")
    records, rejected = read_sources(tmp_path)
    assert rejected.empty
    (record,) = records
    assert record["article_id"] == "pier"
    assert record["raw_text"] == BODY
    assert record["format"] == "txt"
    assert record["title_source"] is None  # nothing stated: left for kit.clean to infer


def test_markdown_markup_is_stripped_and_its_h1_is_the_title(tmp_path):
    (tmp_path / "pier.md").write_text(
        "# Port Wren Rebuilds Its Pier\n\nThe **harbor council** voted, [the clerk](http://x.test) said.\n",
        encoding="utf-8")
    (record,), _ = read_sources(tmp_path)
    assert record["title"] == "Port Wren Rebuilds Its Pier"
    assert record["title_source"] == "file"
    assert "The harbor council voted, the clerk said." in record["raw_text"]
    assert "**" not in record["raw_text"] and "http" not in record["raw_text"]


def test_html_main_text_and_page_metadata(tmp_path):
    html = f"""<html><head><title>Pier Vote | The Harbor Ledger</title>
    <meta property="og:site_name" content="The Harbor Ledger">
    <meta name="author" content="Mara Quill">
    <meta property="article:published_time" content="2024-03-05T10:00:00+02:00"></head>
    <body><nav><a href="/">Home</a> | <a href="/local">Local</a></nav>
    <article><h1>Pier Vote</h1><p>{BODY}</p>
    <p>Work on the pier is expected to start in the spring and last two years, officials said.</p></article>
    <footer>Contact us | Careers</footer></body></html>"""
    (tmp_path / "pier.html").write_text(html, encoding="utf-8")
    (record,), rejected = read_sources(tmp_path)
    assert rejected.empty
    assert BODY in record["raw_text"]
    assert "Careers" not in record["raw_text"]
    assert record["outlet"] == "The Harbor Ledger" and record["outlet_source"] == "file"
    assert record["byline"] == "Mara Quill"
    assert record["published"] == pd.Timestamp("2024-03-05")


def test_json_object_and_list(tmp_path):
    (tmp_path / "one.json").write_text(json.dumps({"title": "Pier Vote", "text": BODY, "author": "Mara Quill",
                                                   "source": {"name": "The Harbor Ledger"},
                                                   "date": "2024-03-05"}), encoding="utf-8")
    (tmp_path / "many.json").write_text(json.dumps([{"title": "A", "text": BODY}, {"id": "ferry-2", "text": "Ferry."},
                                                    {"title": "no text here"}]), encoding="utf-8")
    records, rejected = read_sources(tmp_path)
    by_id = _by_id(records)
    assert by_id["one"]["title"] == "Pier Vote" and by_id["one"]["byline"] == "Mara Quill"
    assert by_id["one"]["outlet"] == "The Harbor Ledger"
    assert by_id["one"]["published"] == pd.Timestamp("2024-03-05")
    assert by_id["many-1"]["raw_text"] == BODY
    assert by_id["ferry-2"]["raw_text"] == "Ferry."
    assert "no text field" in _reasons(rejected)["many.json[3]"]


def test_jsonl_reads_each_line_and_rejects_only_the_broken_one(tmp_path):
    lines = [json.dumps({"title": "One", "text": BODY}), "{broken", "", json.dumps({"title": "Two", "text": "Ferry."})]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    records, rejected = read_sources(tmp_path)
    assert [r["title"] for r in records] == ["One", "Two"]
    assert "line 2: invalid JSON" in _reasons(rejected)["feed.jsonl[2]"]


def test_invalid_json_file_is_rejected(tmp_path):
    (tmp_path / "bad.json").write_text('{"title": "x", ', encoding="utf-8")
    records, rejected = read_sources(tmp_path)
    assert records == []
    assert _reasons(rejected)["bad.json"].startswith("invalid JSON")


@pytest.mark.parametrize("encoding, text", [
    ("cp1251", "Officials in Москва said the road near Дніпро was closed on Monday, according to local news."),
    ("latin-1", "The mayor of Zürich visited the café on Monday, said Jürgen Müller, the harbor master."),
    ("utf-16", "The “harbor” council met on Monday in Port Wren."),
])
def test_legacy_encodings_are_detected(tmp_path, encoding, text):
    (tmp_path / "legacy.txt").write_bytes(text.encode(encoding))
    (record,), rejected = read_sources(tmp_path)
    assert rejected.empty
    assert record["raw_text"] == text


def test_bad_inputs_are_rejected_with_a_reason_and_nothing_is_lost(tmp_path):
    (tmp_path / "good.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n ", encoding="utf-8")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    (tmp_path / "noise.txt").write_bytes(bytes(range(1, 256)) * 4)
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4 fake")
    (tmp_path / ".hidden.txt").write_text(BODY, encoding="utf-8")
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.txt")  # a link whose target is missing
    records, rejected = read_sources(tmp_path)
    reasons = _reasons(rejected)
    assert [r["file"] for r in records] == ["good.txt"]
    assert reasons["empty.txt"] == "empty file"
    assert reasons["blank.txt"] == "empty file"
    assert reasons["image.txt"].startswith("binary file")
    assert reasons["noise.txt"].startswith("undecodable bytes")
    assert reasons["report.pdf"] == "unsupported format '.pdf'"
    assert reasons[".hidden.txt"].startswith("hidden file")
    assert reasons["dangling.txt"].startswith("unreadable file")
    every_file = {p.name for p in tmp_path.iterdir()}
    assert {r["file"] for r in records} | set(rejected["file"]) == every_file


def test_unreadable_file_does_not_stop_the_others(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "b.txt").write_text(BODY, encoding="utf-8")
    real = Path.read_bytes

    def failing(self):
        if self.name == "a.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", failing)
    records, rejected = read_sources(tmp_path)
    assert [r["file"] for r in records] == ["b.txt"]
    assert _reasons(rejected)["a.txt"] == "unreadable file: Permission denied"


def test_missing_folder_is_a_rejection_not_a_crash(tmp_path):
    records, rejected = read_sources(tmp_path / "nowhere")
    assert records == []
    assert rejected["reason"].tolist() == ["article folder not found"]


def test_files_in_subfolders_are_read_and_ids_stay_unique(tmp_path):
    (tmp_path / "local").mkdir()
    (tmp_path / "pier.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "local" / "pier.txt").write_text("Ferry service resumes on Friday.", encoding="utf-8")
    records, _ = read_sources(tmp_path)
    assert sorted(r["article_id"] for r in records) == ["pier", "pier-2"]
    assert {r["file"] for r in records} == {"pier.txt", "local/pier.txt"}


def test_manifest_wins_over_the_files_own_metadata(tmp_path):
    (tmp_path / "one.json").write_text(json.dumps({"title": "Old Title", "text": BODY, "source": "Feed Name"}),
                                       encoding="utf-8")
    _write_manifest(tmp_path, [{"file": "one.json", "outlet": "The Harbor Ledger", "title": "Pier Vote",
                                "published": "2024-03-05", "url": "https://ledger.example/pier",
                                "notes": "checked by hand", "article_id": "ledger-pier"}])
    (record,), rejected = read_sources(tmp_path)
    assert rejected.empty
    assert record["article_id"] == "ledger-pier"
    assert (record["title"], record["title_source"]) == ("Pier Vote", "manifest")
    assert (record["outlet"], record["outlet_source"]) == ("The Harbor Ledger", "manifest")
    assert record["published"] == pd.Timestamp("2024-03-05")
    assert record["notes"] == "checked by hand"
    assert record["byline_source"] is None  # the manifest left it empty: still open to inference


def test_manifest_rows_naming_missing_or_outside_files_are_rejected(tmp_path):
    folder = tmp_path / "raw"
    folder.mkdir()
    (tmp_path / "secret.txt").write_text(BODY, encoding="utf-8")
    (folder / "pier.txt").write_text(BODY, encoding="utf-8")
    (folder / "sub").mkdir()
    _write_manifest(folder, [{"file": "pier.txt", "published": "last Tuesday"},
                             {"file": "vanished.txt", "outlet": "The Harbor Ledger"},
                             {"file": "../secret.txt", "outlet": "The Harbor Ledger"},
                             {"file": "sub", "outlet": "The Harbor Ledger"}])
    records, rejected = read_sources(folder)
    reasons = _reasons(rejected)
    assert [r["file"] for r in records] == ["pier.txt"]
    assert reasons["vanished.txt"] == "manifest row names a file that does not exist"
    assert reasons["../secret.txt"] == "manifest row points outside the article folder"
    assert reasons["sub"] == "manifest row names a folder, not a file"
    assert "not an ISO date" in reasons["pier.txt"]
    assert records[0]["published"] is None


def test_manifest_without_file_column_is_reported_and_ignored(tmp_path):
    (tmp_path / "pier.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("name,outlet\npier.txt,The Harbor Ledger\n", encoding="utf-8")
    (record,), rejected = read_sources(tmp_path)
    assert record["outlet"] is None
    assert "no 'file' column" in _reasons(rejected)["manifest.csv"]
