"""The command line: `python -m kit build DIR --out OUTDIR` writes every table."""
from __future__ import annotations

import pandas as pd
import pytest

from kit import corpus
from kit.__main__ import for_csv, main

TEXT = (
    "Bridge reopens after repairs\n\n"
    "The mayor of Riverton, Anna Kowalski, said on Monday that the bridge would reopen. "
    "About 8,000 cars crossed it every day before it closed, the Roads Agency said."
)


@pytest.fixture
def raw(tmp_path):
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "bridge.txt").write_text(TEXT, encoding="utf-8")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4 not readable here")
    return folder


def test_build_writes_every_table_as_parquet(raw, tmp_path, capsys):
    out = tmp_path / "tables"
    assert main(["build", str(raw), "--out", str(out), "--workers", "1", "--cache-dir", str(tmp_path / "c")]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{name}.parquet" for name in corpus.TABLES)
    built = corpus.load_corpus(raw, cache=False, workers=1)
    pd.testing.assert_frame_equal(pd.read_parquet(out / "mentions.parquet"), built.mentions)
    assert pd.read_parquet(out / "rejected.parquet")["file"].tolist() == ["scan.pdf"]
    assert "1 articles, 1 rejected" in capsys.readouterr().out


def test_build_writes_csv_with_list_cells_joined(raw, tmp_path):
    out = tmp_path / "csv"
    assert main(["build", str(raw), "--out", str(out), "--format", "csv", "--no-cache"]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{name}.csv" for name in corpus.TABLES)
    mentions = pd.read_csv(out / "mentions.csv")
    assert "Anna Kowalski" in mentions["surface"].tolist()
    actors = pd.read_csv(out / "actors.csv")
    assert not actors["aliases"].astype(str).str.startswith("[").any()


def test_list_cells_become_semicolon_joined_text():
    frame = pd.DataFrame({"name": ["Ann Lee", "Bo Park"], "aliases": [["Lee", "Ann Lee"], []], "n": [2, 0]})
    out = for_csv(frame)
    assert out["aliases"].tolist() == ["Lee; Ann Lee", ""]
    assert out["n"].tolist() == [2, 0]
    assert frame["aliases"].iat[0] == ["Lee", "Ann Lee"]


def test_a_missing_folder_fails_with_a_clear_message(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["build", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")])
    assert exit_.value.code != 0
    assert "article folder not found" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()

