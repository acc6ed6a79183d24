"""The checked-in charts reproduce: regenerating them from data/raw gives the same bytes."""
from __future__ import annotations

import pytest

from kit import config, load_corpus, reports


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("figures")
    return {path.name: path for path in reports.write_reports(load_corpus(config.RAW), folder)}


def test_every_chart_is_checked_in(regenerated):
    committed = sorted(p.name for p in config.FIGURES.glob("*.png"))
    assert committed == sorted(regenerated), "reports/figures is out of date: run `make run` and commit the charts"


@pytest.mark.parametrize("name", sorted(reports.CHART_NAMES))
def test_chart_matches_the_checked_in_png(regenerated, name):
    committed = config.FIGURES / f"{name}.png"
    assert committed.exists(), f"{committed} is missing: run `make run` and commit reports/figures"
    assert regenerated[f"{name}.png"].read_bytes() == committed.read_bytes(), (
        f"{committed.name} differs from the chart the tables give now: run `make run` and commit reports/figures")


def test_saving_twice_gives_the_same_bytes(tmp_path):
    corpus = load_corpus(config.RAW)
    first = reports.write_reports(corpus, tmp_path / "one")
    second = reports.write_reports(corpus, tmp_path / "two")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_command_writes_every_chart_for_another_corpus(tmp_path, capsys):
    data = tmp_path / "raw"
    data.mkdir()
    (data / "one.txt").write_text("Town council votes\n\nThe council of Northville voted on Monday, the mayor said.\n",
                                  encoding="utf-8")
    assert reports.main([str(data), str(tmp_path / "out")]) == 0
    assert sorted(p.stem for p in (tmp_path / "out").glob("*.png")) == sorted(reports.CHART_NAMES)
    assert "01_timeline.png" in capsys.readouterr().out
