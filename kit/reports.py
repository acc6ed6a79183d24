"""Write every chart of the kit to reports/figures/*.png: `python -m kit.reports [data folder [output folder]]`.

The PNGs are checked in, so they must reproduce byte for byte: the Agg backend, a fixed size and
dpi per chart, and no "Software" metadata (which would carry the matplotlib version).
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib.figure import Figure

from . import charts, config, explore
from .corpus import load_corpus
from .ledger import ledger

matplotlib.use("Agg")

CHART_NAMES = ("01_timeline", "02_actors_heatmap", "02_cooccurrence_network", "03_voices_per_outlet",
               "03_quotes_vs_claims", "04_residents_over_time", "05_places_map", "05_distance_checks")


def chart_figures(corpus: Any) -> dict[str, Figure]:
    """Every chart for `corpus`, by file stem (the notebooks show the same Figures)."""
    table = explore.speech(corpus.quotes, corpus.claims, corpus.articles)
    groups = explore.speaker_groups(table["speaker"], corpus.mentions, corpus.articles)
    figures = {
        "01_timeline": charts.timeline(corpus.articles),
        "02_actors_heatmap": charts.actors_heatmap(corpus.mentions, corpus.articles),
        "02_cooccurrence_network": charts.cooccurrence_network(corpus.mentions),
        "03_voices_per_outlet": charts.voices_chart(explore.voices(table, groups)),
        "03_quotes_vs_claims": charts.speech_forms_chart(explore.speech_forms(table)),
        "04_residents_over_time": charts.residents_chart(
            explore.population_series(ledger(corpus))),
        "05_places_map": charts.places_map(corpus.places),
        "05_distance_checks": charts.distance_checks_chart(explore.distance_checks(corpus)),
    }
    return {name: figures[name] for name in CHART_NAMES}


def save(fig: Figure, path: Path) -> Path:
    """Save one chart reproducibly (same bytes for the same Figure)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=charts.DPI, metadata={"Software": None})
    return path


def write_reports(corpus: Any, folder: Path = config.FIGURES) -> list[Path]:
    """Write every chart of `corpus` to `folder` as <name>.png; returns the paths written, sorted."""
    return sorted(save(fig, Path(folder) / f"{name}.png") for name, fig in chart_figures(corpus).items())


def main(argv: list[str] | None = None) -> int:
    """`python -m kit.reports [data folder [output folder]]` (defaults: data/raw, reports/figures)."""
    args = sys.argv[1:] if argv is None else argv
    source = Path(args[0]) if args else config.RAW
    folder = Path(args[1]) if len(args) > 1 else config.FIGURES
    for path in write_reports(load_corpus(source, progress=False), folder):
        print(path.relative_to(config.ROOT) if path.is_relative_to(config.ROOT) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
