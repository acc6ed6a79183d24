"""The command line: `python -m kit build DIR --out OUTDIR [--format parquet|csv] [--workers N]`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

import pandas as pd

from .corpus import TABLES, load_corpus

LIST_SEPARATOR = "; "


def for_csv(frame: pd.DataFrame) -> pd.DataFrame:
    """The table with list-valued cells joined by '; ' (CSV has no lists); other cells unchanged."""
    out = frame.copy()
    for column in out.columns:
        if out[column].map(lambda v: isinstance(v, (list, tuple))).any():
            out[column] = out[column].map(
                lambda v: LIST_SEPARATOR.join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    return out


def write_tables(tables: dict[str, pd.DataFrame], out: Path, fmt: str) -> list[Path]:
    """Write each table to `out/<name>.<fmt>`; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for name, frame in tables.items():
        file = out / f"{name}.{fmt}"
        if fmt == "csv":
            for_csv(frame).to_csv(file, index=False)
        else:
            frame.to_parquet(file, index=False)
        files.append(file)
    return files


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m kit", description="The news analysis kit.")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build every table from a folder of articles",
                                description=f"Build every table ({', '.join(TABLES)}) from the "
                                            "articles in DIR and write them to OUTDIR.")
    build.add_argument("dir", metavar="DIR", type=Path, help="folder of article files (e.g. data/raw)")
    build.add_argument("--out", required=True, type=Path, metavar="OUTDIR", help="folder for the tables")
    build.add_argument("--format", choices=("parquet", "csv"), default="parquet",
                       help="file format (csv joins list cells with '; ')")
    build.add_argument("--workers", type=int, default=None, metavar="N",
                       help="processes for extraction (default: every core for large corpora)")
    build.add_argument("--no-cache", action="store_true", help="neither read nor write the table cache")
    build.add_argument("--cache-dir", type=Path, default=None,
                       help="cache folder (default: $KIT_CACHE_DIR or data/processed/cache)")
    build.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                       help="show a progress bar (default: for long builds on a terminal)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.dir.is_dir():
        parser.error(f"article folder not found: {args.dir}")
    if args.workers is not None and args.workers < 1:
        parser.error("--workers must be at least 1")
    corpus = load_corpus(args.dir, workers=args.workers, cache=not args.no_cache,
                         cache_dir=args.cache_dir, progress=args.progress)
    tables = corpus.tables()
    files = write_tables(tables, args.out, args.format)
    print(f"{len(tables['articles'])} articles, {len(tables['rejected'])} rejected: "
          f"wrote {len(files)} tables to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
