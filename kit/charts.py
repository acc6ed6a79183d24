"""Every chart of the kit, as functions that take tables and return a matplotlib Figure.

Figures are built with ``matplotlib.figure.Figure`` (not pyplot), so nothing is drawn or kept in a
global state until a notebook displays the Figure or ``kit.reports`` saves it. Every chart has a
fixed size and dpi, a title, labelled axes with units and a source caption; an empty table gives
the same chart with a "no data" note, never an error.
"""
from __future__ import annotations

import textwrap

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from . import explore

DPI = 100
WIDE = (10, 5)
SQUARE = (8, 7)
# Speaker groups take colours in chart order; "other" is always grey.
GROUP_PALETTE = ["#0057b7", "#c0392b", "#27ae60", "#d4ac0d", "#8e44ad", "#e67e22", "#16a085", "#2c3e50"]
OTHER_COLOR = "#7f8c8d"
_MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*", "<", ">"]


def _figure(size: tuple[float, float], title: str, caption: str) -> tuple[Figure, object]:
    fig = Figure(figsize=size, dpi=DPI, layout="constrained")
    lines = textwrap.wrap(caption, width=int(size[0] * 16))
    # Leave a strip at the bottom for the source caption, which the layout engine does not place.
    strip = 0.015 + 0.022 * len(lines) * 5 / size[1]
    fig.get_layout_engine().set(rect=(0, strip, 1, 1 - strip))
    ax = fig.add_subplot()
    ax.set_title(title, fontsize=12, loc="left")
    fig.text(0.01, 0.01, "\n".join(lines), fontsize=8, color="#555555", ha="left", va="bottom")
    return fig, ax


def _no_data(ax, message: str = "No data in the tables yet") -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="#777777")


def _short(text: object, width: int = 28) -> str:
    text = str(text)
    return text if len(text) <= width else text[:width - 1] + "…"


def timeline(articles: pd.DataFrame) -> Figure:
    """When each outlet published: one row per outlet, one dot per article, sized by its words."""
    a = articles.reindex(columns=["article_id", "outlet", "published", "n_words"]).copy()
    a["outlet"] = a["outlet"].fillna(explore.UNKNOWN_OUTLET)
    dated = a.dropna(subset=["published"]).sort_values(["published", "article_id"])
    fig, ax = _figure(WIDE, "When the articles were published",
                      f"Source: articles table ({len(a)} articles, {len(dated)} dated, "
                      f"{a['outlet'].nunique()} outlets). Dot area: article length in words.")
    ax.set_xlabel("Publication date")
    ax.set_ylabel("Outlet")
    if dated.empty:
        _no_data(ax, "No article has a publication date")
        return fig
    outlets = sorted(dated["outlet"].unique())
    y = dated["outlet"].map({o: i for i, o in enumerate(outlets)})
    sizes = 20 + dated["n_words"].fillna(0).astype(float) / 10
    ax.scatter(dated["published"], y, s=sizes, color="#0057b7", alpha=0.7, edgecolor="black", linewidth=0.5)
    ax.set_yticks(range(len(outlets)), [_short(o, 40) for o in outlets])
    ax.set_ylim(-0.7, len(outlets) - 0.3)
    locator = AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.grid(axis="x", alpha=0.3)
    return fig


def actors_heatmap(mentions: pd.DataFrame, articles: pd.DataFrame, top: int = 20) -> Figure:
    """Mentions of the `top` most mentioned actors in each article (cells annotated with the count)."""
    m = mentions.reindex(columns=["article_id", "name", "type"])
    m = m[m["type"].isin(explore.ACTOR_TYPES)].dropna(subset=["name"])
    fig, ax = _figure((10, 7), f"Who appears where: the {top} most mentioned actors by article",
                      "Source: mentions table (people, organisations and groups); cell: number of mentions.")
    ax.set_xlabel("Article (outlet, publication date)")
    ax.set_ylabel("Actor")
    if m.empty:
        _no_data(ax)
        return fig
    counts = m.groupby(["name", "article_id"]).size().unstack(fill_value=0)
    order = counts.sum(axis=1).sort_values(ascending=False, kind="stable")
    names = sorted(order.index[:top], key=lambda n: (-order[n], n))
    a = articles.reindex(columns=["article_id", "outlet", "published"]).sort_values(["published", "article_id"])
    columns = [c for c in a["article_id"] if c in counts.columns] + sorted(set(counts.columns) - set(a["article_id"]))
    grid = counts.loc[names, columns]
    label = {r.article_id: f"{_short(r.outlet if isinstance(r.outlet, str) else r.article_id, 22)}\n"
                           f"{r.published:%Y-%m-%d}" if pd.notna(r.published) else _short(r.article_id, 22)
             for r in a.itertuples(index=False)}
    image = ax.imshow(grid.to_numpy(), cmap="Blues", aspect="auto")
    ax.set_xticks(range(len(columns)), [label.get(c, c) for c in columns], fontsize=8, rotation=30, ha="right")
    ax.set_yticks(range(len(names)), [_short(n, 36) for n in names], fontsize=8)
    high = grid.to_numpy().max()
    for (i, j), value in np.ndenumerate(grid.to_numpy()):
        if value:
            ax.text(j, i, str(value), ha="center", va="center", fontsize=7,
                    color="white" if value > high / 2 else "black")
    fig.colorbar(image, ax=ax, label="mentions (count)", ticks=MaxNLocator(integer=True))
    return fig


def cooccurrence_network(mentions: pd.DataFrame, top: int = 25) -> Figure:
    """Actors named in the same sentence: node size = mentions, edge width = sentences shared.

    Of the `top` most mentioned actors, those never named with another of them are left out of the
    drawing (the caption counts them), so the layout spreads the ones that are connected.
    """
    m = mentions.reindex(columns=["name", "type"])
    m = m[m["type"].isin(explore.ACTOR_TYPES)].dropna(subset=["name"])
    sizes = m["name"].value_counts()
    keep = sorted(sizes.index, key=lambda n: (-sizes[n], n))[:top]
    pairs = explore.co_occurrence(mentions, "sentence") if len(m) else pd.DataFrame(columns=["a", "b", "n"])
    pairs = pairs[pairs["a"].isin(keep) & pairs["b"].isin(keep)]
    graph = nx.Graph()
    graph.add_weighted_edges_from(pairs[["a", "b", "n"]].itertuples(index=False))
    alone = len(keep) - graph.number_of_nodes()
    fig, ax = _figure(SQUARE, f"Who is named together: the {top} most mentioned actors",
                      "Source: mentions table. Edge: named in the same sentence (width = number of sentences); "
                      f"node area: mentions. {alone} of the {len(keep)} actors share no sentence with the others "
                      "and are not drawn.")
    ax.set_axis_off()
    if graph.number_of_nodes() == 0:
        _no_data(ax, "No two actors are named in the same sentence")
        return fig
    # A circle with each group of connected actors side by side keeps every label readable, and the
    # order (largest group first, then by name) makes the checked-in PNG the same on every run.
    groups = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c))
    order = [n for group in groups for n in group]
    layout = nx.circular_layout(order)
    edges = sorted(tuple(sorted(e)) for e in graph.edges())
    nx.draw_networkx_edges(graph, layout, ax=ax, edgelist=edges, width=[0.5 + graph[a][b]["weight"] for a, b in edges],
                           edge_color="#999999", alpha=0.6)
    nx.draw_networkx_nodes(graph, layout, ax=ax, nodelist=order, node_size=[60 + 25 * sizes[n] for n in order],
                           node_color="#0057b7", alpha=0.75)
    for name in order:
        x, y = layout[name]
        ax.annotate(_short(name, 24), (x, y), xytext=(8 * x, 8 * y), textcoords="offset points", fontsize=8,
                    ha="left" if x > 0.01 else "right" if x < -0.01 else "center",
                    va="bottom" if y > 0.01 else "top" if y < -0.01 else "center")
    ax.margins(0.35, 0.1)
    return fig


def voices_chart(voices: pd.DataFrame) -> Figure:
    """Statements (quotes + claims) per outlet, stacked by speaker group (largest group first, "other" last).

    Takes the output of ``explore.voices``, which keeps the largest groups and counts the rest as "other".
    """
    fig, ax = _figure(WIDE, "Who gets a voice: statements per outlet by speaker group",
                      "Source: quotes and claims tables; groups from each speaker's roles, name, the country it "
                      "stands for and the words before its mentions; smaller groups are counted in 'other'.")
    ax.set_xlabel("Statements (direct quotes + reported claims, count)")
    ax.set_ylabel("Outlet")
    if voices.empty:
        _no_data(ax)
        return fig
    grid = voices.pivot_table(index="outlet", columns="group", values="n_statements", aggfunc="sum", fill_value=0)
    grid = grid.reindex(columns=explore.group_order(voices)).sort_index(ascending=False)
    named = [g for g in grid.columns if g != explore.OTHER]
    colors = {g: GROUP_PALETTE[i % len(GROUP_PALETTE)] for i, g in enumerate(named)} | {explore.OTHER: OTHER_COLOR}
    left = np.zeros(len(grid))
    for group in grid.columns:
        ax.barh([_short(o, 40) for o in grid.index], grid[group], left=left, color=colors[group], label=group)
        left += grid[group].to_numpy()
    # barh's sticky edges end the axis at the longest bar, which then looks cut off
    ax.set_xlim(0, 1.05 * left.max())
    ax.legend(title="Speaker group", loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="x", alpha=0.3)
    return fig


def speech_forms_chart(forms: pd.DataFrame) -> Figure:
    """Direct quotes next to reported claims, per outlet."""
    fig, ax = _figure(WIDE, "Direct quotes vs reported claims per outlet",
                      "Source: quotes table (text in quotation marks) and claims table (reported speech).")
    ax.set_xlabel("Outlet")
    ax.set_ylabel("Statements (count)")
    if forms.empty:
        _no_data(ax)
        return fig
    grid = forms.pivot_table(index="outlet", columns="form", values="n", aggfunc="sum", fill_value=0)
    grid = grid.reindex(columns=["quote", "claim"], fill_value=0).sort_index()
    x = np.arange(len(grid))
    ax.bar(x - 0.2, grid["quote"], width=0.4, label="direct quotes", color="#0057b7")
    ax.bar(x + 0.2, grid["claim"], width=0.4, label="reported claims", color="#d4ac0d")
    ax.set_xticks(x, [_short(o, 24) for o in grid.index], fontsize=8)
    ax.legend()
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="y", alpha=0.3)
    return fig


def residents_chart(series: pd.DataFrame) -> Figure:
    """Population figures over time: pre-war vs remaining residents, one marker per outlet.

    Takes the output of ``explore.population_series``; a range is drawn as a vertical bar and
    an open-ended figure ("fewer than") keeps its qualifier in the legend-free annotation.
    """
    place = next((p for p in series.reindex(columns=["place"])["place"].dropna() if p), "")
    fig, ax = _figure(WIDE, f"Residents{' of ' + place if place else ''} over time: pre-war population vs "
                      "people remaining",
                      "Source: figure ledger (population, residents, civilians counted in the articles), "
                      "by publication date; marker = outlet.")
    ax.set_xlabel("Publication date")
    ax.set_ylabel("People (count)")
    s = series.dropna(subset=["published", "value"])
    if s.empty:
        _no_data(ax)
        return fig
    outlets = sorted(s["outlet"].fillna(explore.UNKNOWN_OUTLET).unique())
    marker = {o: _MARKERS[i % len(_MARKERS)] for i, o in enumerate(outlets)}
    colors = {"pre-war": "#7f8c8d", "remaining": "#c0392b"}
    for (kind, outlet), rows in s.assign(outlet=s["outlet"].fillna(explore.UNKNOWN_OUTLET)).groupby(
            ["series", "outlet"], sort=True):
        ax.scatter(rows["published"], rows["value"], marker=marker[outlet], color=colors.get(kind, "black"),
                   s=60, edgecolor="black", linewidth=0.5, label=f"{kind} — {_short(outlet, 30)}", zorder=3)
        ranged = rows[rows["high"].notna() & rows["low"].notna() & (rows["high"] != rows["low"])]
        if len(ranged):
            ax.vlines(ranged["published"], ranged["low"], ranged["high"], color=colors.get(kind, "black"))
    for row in s.drop_duplicates(["published", "value", "qualifier"]).itertuples(index=False):
        ax.annotate(_qualified(row.value, row.qualifier), (row.published, row.value), xytext=(6, 4),
                    textcoords="offset points", fontsize=7)
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    locator = AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.margins(x=0.08)
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5), title="series — outlet")
    ax.grid(alpha=0.3)
    return fig


def _qualified(value: float, qualifier: object) -> str:
    signs = {"fewer_than": "<", "at_most": "≤", "up_to": "≤", "more_than": ">", "at_least": "≥", "approx": "~"}
    return f"{signs.get(qualifier, '')}{value:,.0f}"


def places_map(places: pd.DataFrame, top: int = 30, radius_deg: float = 8.0, labels: int = 15) -> Figure:
    """Settlements and regions on a plain longitude/latitude plane, sized by mentions, the most mentioned labelled.

    Countries are left out (their centroid says little about where things happen), and so are places
    more than `radius_deg` degrees from the median place, so one far-away mention does not shrink
    the story's region to a dot; the caption names what was left out.
    """
    p = explore.mapped_places(places)
    kind = places.reindex(columns=["name", "kind"]).set_index("name")["kind"] if len(places) else pd.Series()
    p = p[p["name"].map(kind).fillna("") != "country"].head(top)
    if len(p):
        near = ((p["lat"] - p["lat"].median()).abs() <= radius_deg) & ((p["lon"] - p["lon"].median()).abs() <= radius_deg)
        far, p = p[~near], p[near]
    else:
        far = p
    left_out = f" Left out, far from the rest: {', '.join(far['name'])}." if len(far) else ""
    fig, ax = _figure(SQUARE, "Where the articles are set: places mentioned",
                      f"Source: places table with gazetteer coordinates ({len(p)} settlements and regions; countries "
                      f"not shown); point area: mentions.{left_out}")
    ax.set_xlabel("Longitude (degrees east)")
    ax.set_ylabel("Latitude (degrees north)")
    if p.empty:
        _no_data(ax, "No place has coordinates yet")
        return fig
    ax.scatter(p["lon"], p["lat"], s=30 + 20 * p["n_mentions"].fillna(0).astype(float), color="#27ae60",
               alpha=0.6, edgecolor="black", linewidth=0.5)
    for row in p.head(labels).itertuples(index=False):
        ax.annotate(_short(row.name, 24), (row.lon, row.lat), xytext=(5, 3), textcoords="offset points", fontsize=8)
    ax.set_aspect("equal", adjustable="datalim")
    ax.margins(0.15)
    ax.grid(alpha=0.3)
    return fig


def distance_checks_chart(checks: pd.DataFrame) -> Figure:
    """Each stated distance next to the gazetteer distance between the same two places."""
    c = checks.dropna(subset=["stated_km"]).reset_index(drop=True)
    fig, ax = _figure(WIDE, "Stated distances vs gazetteer distances",
                      "Source: sentences such as 'about 22 kilometers north of X' (statements of a direction "
                      "alone are in the notebook's table); gazetteer: places table coordinates (great-circle "
                      "distance).")
    ax.set_xlabel("Distance (km)")
    ax.set_ylabel("Stated in article")
    if c.empty:
        _no_data(ax, "No stated distance between two places found")
        return fig
    y = np.arange(len(c))
    labels = [f"{_short(r.place, 18)} {r.stated_direction} of {_short(r.reference, 18)} ({r.article_id[:8]})"
              for r in c.itertuples(index=False)]
    ax.hlines(y, c["stated_km"], c["gazetteer_km"].fillna(c["stated_km"]), color="#999999")
    ax.scatter(c["stated_km"], y, color="#0057b7", label="stated", zorder=3)
    ax.scatter(c["gazetteer_km"], y, color="#c0392b", marker="s", label="gazetteer", zorder=3)
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_ylim(-0.7, len(c) - 0.3)
    ax.set_xlim(0, 1.15 * max(c["stated_km"].max(), c["gazetteer_km"].fillna(0).max()))
    ax.legend()
    ax.grid(axis="x", alpha=0.3)
    return fig
