"""Resolve jurisdiction names (states, counties, places, agencies) to Census GEOIDs.

Used by the article extraction, the statistics and the policies stages, so that a name means the same
jurisdiction everywhere. It reads only ``data/processed/jurisdictions.csv`` (written by the
``jurisdictions`` stage) and ``data/hand/jurisdiction_aliases.csv`` (hand-coded aliases, each with a
reason), so a stage that uses it must declare both as DVC deps.

API (keep it small)::

    from scripts.lib.geo import load_resolver, InputError
    r = load_resolver()                       # or load_resolver(jurisdictions_path, aliases_path)
    r.resolve("Cook County", "IL")            # -> "17031"
    r.resolve("Chicago's Cook County")        # -> "17031"      (alias)
    r.resolve("NYPD")                         # -> "3651000"    (alias: the agency's jurisdiction)
    r.resolve("Franklin County Sheriff's Office", "OH")  # -> "39049"
    r.resolve("Illinois"), r.resolve("DC")    # -> "17", "11"
    r.resolve("Chicago", "IL"), r.resolve("Chicago city", "Illinois")   # -> "1714000"
    r.resolve("Springfield")                  # -> None (ambiguous without a state)
    r.resolve_strict(name, state, file=path, where="row 3")   # InputError instead of None
    r.get("17031")                            # the jurisdictions row as a dict, or None
    r.counties_of("3651000")                  # ["36047", "36081", "36061", "36005", "36085"]
                                              # (a place's counties, largest population share first;
                                              #  a county gives [itself]; a state gives [])
    r.principal_county("3918000")             # "39049"
    r.places_in("17031")                      # places with any part in the county
    r.related("17031")                        # the id, its counties/places and its state (set)

Helpers: ``norm(text)`` (the comparison form of a name), ``state_fips("IL" | "Illinois" | "17")`` and
``place_keys("Chicago city")``. ``load_resolver`` is cached per paths for the life of the process.

``resolve(name, state=None, level=None)``: ``state`` may be a USPS code, a state name or a 2-digit FIPS;
``level`` ("state" / "county" / "place") restricts the answer. Order of attempts:
1. an alias from the aliases file (a row with a state applies when the caller gives that state or none;
   two alias rows for one name in different states and no state given → ambiguous → None);
2. a state name or a USPS code written in capitals ("IL", not "in"; names from ``us``), unless it
   contradicts the ``state`` argument;
3. "X County/Parish/Borough/Census Area/Planning Region..." with a state (``addfips``, then the table);
4. a Census place in the state ("Chicago", "Chicago city", "City of Chicago"); without a state only if
   the name is unique nationwide; among same-named places in one state an active government (FUNCSTAT A)
   wins over a CDP, then the larger population;
5. the same after dropping a trailing agency word ("Harris County jail", "Cook County Sheriff's Office").
Names are compared after NFKC, case folding, curly→straight apostrophes, dropping periods and a
leading "the", "saint" → "st" and a leading "Ft." → "fort".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import addfips
import us

from .errors import InputError
from .io import read_csv_text, row_dicts
from .paths import HAND, PROCESSED

JURISDICTIONS = PROCESSED / "jurisdictions.csv"
ALIASES = HAND / "jurisdiction_aliases.csv"
ALIAS_COLUMNS = ("alias", "state", "jurisdiction_id", "reason")
LEVELS = ("state", "county", "place")

# The type word(s) Census appends to place names (Gazetteer NAME = base name + LSAD word).
PLACE_SUFFIX = re.compile(
    r"\s+(?:city and borough|(?:consolidated|unified|metro|metropolitan) government(?: \(balance\))?"
    r"|city \(balance\)|\(balance\)|urban county|zona urbana|comunidad|municipality|corporation"
    r"|borough|village|city|town|cdp)$"
)
PLACE_PREFIX = re.compile(r"^(?:city|town|village|borough) of\s+")
COUNTY_WORDS = re.compile(
    r"\s+(?:county|parish|borough|census area|city and borough|municipality|municipio|planning region)$"
)
# Agency words after a jurisdiction's name ("Harris County jail", "Chicago Police Department").
AGENCY_SUFFIX = re.compile(
    r"\s+(?:sheriff'?s? (?:office|department|dept)|sheriff|jail|adc|detention (?:center|facility)"
    r"|correctional (?:center|facility)|house of correction|police (?:services )?(?:department|dept)|police|pd"
    r"|(?:department of )?public safety|constable'?s? office|constable"
    r"|department of corrections?|board of commissioners|board|government)$"
)


_SAINT, _FT, _SPACES, _THE = (re.compile(p) for p in (r"\bsaint\b", r"^ft\b", r"\s+", r"^the "))


def norm(text: str) -> str:
    """The comparison form of a name (see the module docstring)."""
    s = unicodedata.normalize("NFKC", str(text)).casefold()
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    s = s.replace(".", " ").replace(",", " ")
    s = _SAINT.sub("st", s)
    s = _FT.sub("fort", s)
    s = _SPACES.sub(" ", s).strip()
    s = _THE.sub("", s)
    return s


def _state_tables() -> tuple[dict[str, str], dict[str, str], set[str]]:
    states = list(us.states.STATES_AND_TERRITORIES)
    if us.states.DC not in states:
        states.append(us.states.DC)
    by_name = {norm(s.name): str(s.fips) for s in states}
    by_abbr = {s.abbr: str(s.fips) for s in states}
    return by_name, by_abbr, {str(s.fips) for s in states}


STATE_BY_NAME, STATE_BY_ABBR, STATE_FIPS = _state_tables()


@lru_cache(maxsize=1)
def _state_aliases(path: Path = ALIASES) -> dict[str, str]:
    """State-level rows of the aliases file ("Washington DC" → "11"): other names of a state."""
    if not Path(path).exists():
        return {}
    df = read_csv_text(path, required=ALIAS_COLUMNS)
    return {norm(a): g.strip() for a, g in zip(df["alias"], df["jurisdiction_id"]) if g.strip() in STATE_FIPS}


def state_fips(state: str | None) -> str | None:
    """A state given as USPS code ("IL"), name ("Illinois"), FIPS ("17") or a state-level alias of
    data/hand/jurisdiction_aliases.csv ("Washington DC") → "17"; None if empty/unknown.
    Exact matching only (no phonetic guessing)."""
    if state is None or str(state).strip() == "":
        return None
    s = str(state).strip()
    if s.isdigit():
        return s.zfill(2) if s.zfill(2) in STATE_FIPS else None
    if s.upper().replace(".", "") in STATE_BY_ABBR:
        return STATE_BY_ABBR[s.upper().replace(".", "")]
    n = norm(s)
    return STATE_BY_NAME.get(n) or _state_aliases().get(n)


@dataclass
class JurisdictionResolver:
    rows: dict[str, dict]
    aliases: dict[str, list[tuple[str | None, str]]] = field(default_factory=dict)
    _places: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    _places_national: dict[str, list[str]] = field(default_factory=dict)
    _counties: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    _children: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        ranks: dict[str, tuple] = {}  # each jurisdiction's rank, computed once (ids are ranked in many keys)

        def rank(geoid: str):
            if geoid not in ranks:
                r = self.rows[geoid]
                pop = int(r["population"]) if r.get("population", "").isdigit() else -1
                ranks[geoid] = (r.get("funcstat", "") != "A", r.get("current", "true") != "true", -pop, geoid)
            return ranks[geoid]

        for geoid, r in self.rows.items():
            if r["level"] == "place":
                for key in place_keys(r["name"]):
                    self._places.setdefault((r["state_fips"], key), []).append(geoid)
                    self._places_national.setdefault(key, []).append(geoid)
                for parent in filter(None, r.get("parent_ids", "").split(";")):
                    self._children.setdefault(parent, []).append(geoid)
            elif r["level"] == "county":
                n = norm(r["name"])
                for county_key in {n, COUNTY_WORDS.sub("", n)}:
                    self._counties.setdefault((r["state_fips"], county_key), []).append(geoid)
        indexes: tuple[dict, ...] = (self._places, self._places_national, self._counties)
        for index in indexes:
            for index_key, ids in index.items():
                index[index_key] = sorted(set(ids), key=rank)
        for ids in self._children.values():
            ids.sort()
        self._addfips = addfips.AddFIPS()

    # --- look-ups -------------------------------------------------------------------------------
    def get(self, geoid: str) -> dict | None:
        return self.rows.get(str(geoid))

    def counties_of(self, geoid: str) -> list[str]:
        r = self.rows.get(str(geoid))
        if r is None:
            return []
        if r["level"] == "county":
            return [r["jurisdiction_id"]]
        if r["level"] == "place":
            return [g for g in r.get("parent_ids", "").split(";") if g]
        return []

    def principal_county(self, geoid: str) -> str | None:
        r = self.rows.get(str(geoid))
        return (r.get("county_fips") or None) if r is not None else None

    def places_in(self, county_geoid: str) -> list[str]:
        return list(self._children.get(str(county_geoid), []))

    def related(self, geoid: str) -> set[str]:
        """The jurisdiction, the counties a place spans or the places in a county, and its state."""
        geoid = str(geoid)
        r = self.rows.get(geoid)
        if r is None:
            return set()
        out = {geoid, r["state_fips"]}
        if r["level"] == "place":
            out.update(self.counties_of(geoid))
        elif r["level"] == "county":
            out.update(self.places_in(geoid))
        return out

    # --- resolution -----------------------------------------------------------------------------
    def resolve(self, name: str, state: str | None = None, level: str | None = None) -> str | None:
        """The GEOID a name denotes, or None if unknown or ambiguous (see the module docstring)."""
        if name is None or str(name).strip() == "":
            return None
        if level is not None and level not in LEVELS:
            raise ValueError(f"level must be one of {LEVELS}, got {level!r}")
        st = state_fips(state)
        if state not in (None, "") and st is None:
            return None
        n = norm(name)
        # a bare two-letter word is a USPS code only when written in capitals ("IL", not "in")
        abbr = (
            STATE_BY_ABBR.get(str(name).strip().replace(".", ""))
            if re.fullmatch(r"[A-Z]\.?[A-Z]\.?", str(name).strip())
            else None
        )
        for attempt in (n, AGENCY_SUFFIX.sub("", n)):
            found = self._resolve_norm(attempt, st, level, abbr)
            if found is not None:
                return found
        return None

    def resolve_strict(
        self, name: str, state: str | None = None, level: str | None = None, *, file=None, where: str | None = None
    ) -> str:
        found = self.resolve(name, state, level)
        if found is None:
            raise InputError(
                file,
                f"cannot resolve jurisdiction {name!r}"
                + (f" (state {state!r})" if state else "")
                + "; add a row to data/hand/jurisdiction_aliases.csv (alias, state, "
                "jurisdiction_id, reason) or correct the name",
                where=where,
            )
        return found

    def _ok(self, geoid: str | None, st: str | None, level: str | None) -> str | None:
        if geoid is None or geoid not in self.rows:
            return None
        r = self.rows[geoid]
        if level is not None and r["level"] != level:
            return None
        if st is not None and r["state_fips"] != st:
            return None
        return geoid

    def _resolve_norm(self, n: str, st: str | None, level: str | None, abbr: str | None) -> str | None:
        if not n:
            return None
        # 1. aliases
        hits = self.aliases.get(n, [])
        if hits:
            if st is not None:
                chosen = [g for s, g in hits if s in (None, st)]
            else:
                chosen = [g for _, g in hits]
            chosen = sorted({g for g in chosen if self._ok(g, None, level)})
            if len(chosen) == 1:
                return chosen[0]
        # 2. states
        if level in (None, "state"):
            found = STATE_BY_NAME.get(n) or abbr
            if found is not None and (st is None or st == found) and found in self.rows:
                return found
        # 3. counties ("X County" with a state)
        if level in (None, "county") and st is not None and COUNTY_WORDS.search(n):
            fips = None
            try:
                fips = self._addfips.get_county_fips(n, state=st)
            except Exception:  # addfips raises on odd input; fall back to the table
                fips = None
            found = self._ok(fips, st, "county")
            if found is not None:
                return found
            ids = self._counties.get((st, n), [])
            if ids:
                return ids[0]
        # 4. places
        if level in (None, "place"):
            keys = [n, PLACE_PREFIX.sub("", n)]
            for key in dict.fromkeys(keys):
                if st is not None:
                    ids = self._places.get((st, key), [])
                    if ids:
                        return ids[0]
                else:
                    ids = self._places_national.get(key, [])
                    if len(ids) == 1:
                        return ids[0]
            # a place name followed by its type word ("New York City" → "New York city")
            stripped = PLACE_SUFFIX.sub("", n)
            if stripped != n and st is not None:
                ids = self._places.get((st, stripped), [])
                if ids:
                    return ids[0]
        # 3b. a county named without the word "County" only if the caller asked for a county
        if level == "county" and st is not None:
            ids = self._counties.get((st, n), [])
            if ids:
                return ids[0]
        return None


def place_keys(census_name: str) -> set[str]:
    """The names a Census place answers to: "Chicago city" → {"chicago city", "chicago"};
    "Nashville-Davidson metropolitan government (balance)" also → "nashville"."""
    n = norm(census_name)
    base = PLACE_SUFFIX.sub("", n)
    keys = {n, base}
    if base != n and re.search(r"government|\(balance\)|urban county", n) or re.search(r"[-/].*\bcounty\b", base):
        keys.add(re.split(r"[-/]", base)[0].strip())  # "Macon-Bibb County" → "macon"
    return {k for k in keys if k}


def read_aliases(path: Path = ALIASES, known: dict | None = None) -> dict[str, list[tuple[str | None, str]]]:
    df = read_csv_text(path, required=ALIAS_COLUMNS)
    out: dict[str, list[tuple[str | None, str]]] = {}
    for i, row in enumerate(df.itertuples(index=False), start=2):
        alias, state, geoid, reason = (str(getattr(row, c)).strip() for c in ALIAS_COLUMNS)
        if not alias or not geoid or not reason:
            raise InputError(path, "alias, jurisdiction_id and reason are required", where=f"row {i}")
        st = state_fips(state)
        if state and st is None:
            raise InputError(
                path, f"unknown state {state!r}; expected a USPS code such as IL", where=f"row {i}, field 'state'"
            )
        if known is not None and geoid not in known:
            raise InputError(
                path,
                f"jurisdiction_id {geoid!r} is not in data/processed/jurisdictions.csv",
                where=f"row {i}, field 'jurisdiction_id'",
            )
        if st is not None and not geoid.startswith(st):
            raise InputError(
                path, f"jurisdiction_id {geoid!r} is not in state {state!r}", where=f"row {i}, field 'jurisdiction_id'"
            )
        out.setdefault(norm(alias), []).append((st, geoid))
    return out


def resolver_from_rows(rows: dict[str, dict], aliases_path: Path = ALIASES) -> JurisdictionResolver:
    return JurisdictionResolver(rows=rows, aliases=read_aliases(aliases_path, known=rows))


@lru_cache(maxsize=4)
def load_resolver(jurisdictions_path: Path = JURISDICTIONS, aliases_path: Path = ALIASES) -> JurisdictionResolver:
    """The resolver over the published jurisdictions table and the aliases file (cached per paths)."""
    df = read_csv_text(
        jurisdictions_path, required=("jurisdiction_id", "name", "level", "state_fips", "county_fips", "parent_ids")
    )
    rows = {r["jurisdiction_id"]: r for r in row_dicts(df)}
    return resolver_from_rows(rows, Path(aliases_path))
