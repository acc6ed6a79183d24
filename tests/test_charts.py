"""Every chart function on small tables written here: a Figure with title, labelled axes and caption."""
from __future__ import annotations

import io

import pandas as pd
import pytest
from matplotlib.figure import Figure

from kit import charts

ARTICLES = pd.DataFrame({
    "article_id": ["a", "b", "c"], "outlet": ["Daily One", "Weekly Two", "Daily One"],
    "published": pd.to_datetime(["2024-01-02", "2024-02-03", "2024-03-04"]), "n_words": [500, 800, 300],
})
MENTIONS = pd.DataFrame([
    ("a", 0, "Anna Berg", "PERSON"), ("a", 0, "Tom Hale", "PERSON"), ("a", 1, "Anna Berg", "PERSON"),
    ("b", 0, "Riverton Institute", "ORG"), ("b", 0, "Anna Berg", "PERSON"), ("b", 1, "Riverton", "PLACE"),
], columns=["article_id", "sentence_id", "name", "type"])


def _texts(fig: Figure) -> str:
    return " ".join(t.get_text() for t in fig.texts)


def _axis_labels(fig: Figure) -> tuple[str, str, str]:
    ax = fig.axes[0]
    return ax.get_title(loc="left"), ax.get_xlabel(), ax.get_ylabel()


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=charts.DPI, metadata={"Software": None})
    return buffer.getvalue()


CASES = {
    "timeline": lambda: charts.timeline(ARTICLES),
    "heatmap": lambda: charts.actors_heatmap(MENTIONS, ARTICLES),
    "voices": lambda: charts.voices_chart(pd.DataFrame({
        "outlet": ["Daily One", "Daily One", "Weekly Two"], "group": ["analysts", "other", "Brazilian officials"],
        "n_statements": [3, 1, 2], "n_speakers": [1, 1, 1]})),
    "forms": lambda: charts.speech_forms_chart(pd.DataFrame({
        "outlet": ["Daily One", "Daily One"], "form": ["quote", "claim"], "n": [4, 2]})),
    "residents": lambda: charts.residents_chart(pd.DataFrame({
        "outlet": ["Daily One", "Weekly Two"], "published": pd.to_datetime(["2024-01-02", "2024-02-03"]),
        "series": ["pre-war", "remaining"], "value": [20000.0, 900.0], "low": [20000.0, 900.0],
        "high": [20000.0, 900.0], "qualifier": ["exact", "fewer_than"]})),
    "places": lambda: charts.places_map(pd.DataFrame({
        "name": ["Northville", "Southton"], "lat": [50.1, 50.0], "lon": [30.0, 30.2], "n_mentions": [3, 1]})),
    "distances": lambda: charts.distance_checks_chart(pd.DataFrame({
        "article_id": ["a"], "place": ["Northville"], "reference": ["Southton"], "stated_direction": ["north"],
        "stated_km": [11.0], "gazetteer_km": [11.1]})),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_chart_is_labelled_and_has_a_source_caption(name):
    fig = CASES[name]()
    title, xlabel, ylabel = _axis_labels(fig)
    assert title and xlabel and ylabel
    assert "Source:" in _texts(fig)
    assert fig.get_dpi() == charts.DPI


@pytest.mark.parametrize("name", sorted(CASES))
def test_chart_renders_the_same_bytes_twice(name):
    assert _png(CASES[name]()) == _png(CASES[name]())


def test_network_is_titled_and_captioned():
    fig = charts.cooccurrence_network(MENTIONS)
    assert fig.axes[0].get_title(loc="left").startswith("Who is named together")
    assert "same sentence" in _texts(fig)
    # Anna Berg shares a sentence with Tom Hale and with the Riverton Institute; places are no actors.
    labels = {t.get_text() for t in fig.axes[0].texts}
    assert labels == {"Anna Berg", "Tom Hale", "Riverton Institute"}


def test_network_leaves_out_actors_never_named_with_others():
    lonely = pd.concat([MENTIONS, pd.DataFrame([("c", 0, "Solo Person", "PERSON")], columns=MENTIONS.columns)])
    fig = charts.cooccurrence_network(lonely)
    assert "Solo Person" not in {t.get_text() for t in fig.axes[0].texts}
    assert "1 of the 4 actors" in _texts(fig)


def test_heatmap_counts_mentions_per_article():
    fig = charts.actors_heatmap(MENTIONS, ARTICLES)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Anna Berg", "Riverton Institute", "Tom Hale"]
    assert sorted(t.get_text() for t in ax.texts) == ["1", "1", "1", "2"]


def test_timeline_has_one_row_per_outlet():
    ax = charts.timeline(ARTICLES).axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Daily One", "Weekly Two"]


def test_places_map_leaves_out_countries_and_far_places():
    places = pd.DataFrame({"name": ["Northville", "Southton", "Farland", "Bigcountry"],
                           "kind": ["settlement", "settlement", "region", "country"],
                           "lat": [50.1, 50.0, 61.0, 49.0], "lon": [30.0, 30.2, -150.0, 31.0], "n_mentions": [3, 1, 1, 9]})
    fig = charts.places_map(places)
    assert {t.get_text() for t in fig.axes[0].texts} == {"Northville", "Southton"}
    assert "Farland" in _texts(fig)


def test_residents_chart_shows_the_qualifier():
    fig = CASES["residents"]()
    assert {"20,000", "<900"} <= {t.get_text() for t in fig.axes[0].texts}


@pytest.mark.parametrize("make", [
    lambda: charts.timeline(ARTICLES.iloc[0:0]),
    lambda: charts.actors_heatmap(MENTIONS.iloc[0:0], ARTICLES),
    lambda: charts.cooccurrence_network(pd.DataFrame(columns=["article_id", "sentence_id", "name", "type"])),
    lambda: charts.voices_chart(pd.DataFrame(columns=["outlet", "group", "n_statements"])),
    lambda: charts.speech_forms_chart(pd.DataFrame(columns=["outlet", "form", "n"])),
    lambda: charts.residents_chart(pd.DataFrame(columns=["published", "value", "outlet", "series"])),
    lambda: charts.places_map(pd.DataFrame(columns=["name", "lat", "lon"])),
    lambda: charts.distance_checks_chart(pd.DataFrame(columns=["stated_km"])),
])
def test_empty_tables_give_a_chart_that_says_so(make):
    fig = make()
    assert any(t.get_text().startswith("No ") for t in fig.axes[0].texts)


def test_voices_chart_stacks_the_largest_group_first_and_other_last_in_grey():
    voices = pd.DataFrame({"outlet": ["Daily One", "Daily One", "Weekly Two", "Weekly Two"],
                           "group": ["other", "Chinese officials", "analysts", "Chinese officials"],
                           "n_statements": [5, 2, 3, 2], "n_speakers": [1, 1, 1, 1]})
    legend = charts.voices_chart(voices).axes[0].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["Chinese officials", "analysts", "other"]
    assert legend.legend_handles[-1].get_facecolor()[:3] == pytest.approx((0x7f / 255, 0x8c / 255, 0x8d / 255))
