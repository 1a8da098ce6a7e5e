"""The facility crosswalk: every facility a source names (name, city, state) matched to the place it lies in.

Order: manual (data/hand/facility_matches.csv, match or reject, with a reason) → exact (the name names a
county of its state) → alias (the aliases file) → city (the city is a Census place) → fuzzy (rapidfuzz ratio ≥
params ``fuzzy_facility_min_score`` on the county named in the name, then on the city) → unmatched.

A city match gives the county only when the place lies wholly in one county; a place that spans several
counties places the facility at the place itself (7-digit GEOID), unless a manual row says where it is.
Source modules name their facilities (:data:`.common.FACILITY_KEY_COLUMNS`); the stage builds one crosswalk
from all of them (:func:`build_facilities`), written to data/processed/facilities.csv.
"""

from __future__ import annotations

import hashlib
import re

import pandas as pd
from rapidfuzz import fuzz, process

from ..errors import InputError
from ..geo import norm, place_keys, state_fips
from ..io import read_csv_text, row_dicts
from ..paths import HAND
from ..schema import columns

FACILITY_MATCHES = HAND / "facility_matches.csv"
FACILITY_COLUMNS = columns("facilities")  # validation/schemas/facilities.yaml


ABBREV = [(r"\bCNTY\b", "COUNTY"), (r"\bCO\b", "COUNTY"), (r"\bCTY\b", "COUNTY")]


def county_phrase(name: str) -> str | None:
    """The "X County" a facility name names ("LACKAWANA CNTY JAIL, PA" → "lackawana county")."""
    s = re.sub(r"\s+", " ", name.upper().replace(".", " ").replace(",", " ")).strip()
    for pat, rep in ABBREV:
        s = re.sub(pat, rep, s)
    m = re.search(r"([A-Z][A-Z' \-]*?)\s+(COUNTY|PARISH)\b", s)
    if not m:
        return None
    words = re.sub(r"\s+", " ", m.group(1)).strip()
    return norm(f"{words} {m.group(2)}")


def facility_id(name: str, city: str, state: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", f"{state} {city} {name}".lower()).strip("-")[:60].strip("-")
    h = hashlib.sha1(f"{name}|{city}|{state}".encode()).hexdigest()[:6]
    return f"{slug}-{h}"


def load_facility_matches(path=FACILITY_MATCHES) -> dict[tuple[str, str, str], dict]:
    df = read_csv_text(path, required=("name", "city", "state", "decision", "jurisdiction_id", "reason"))
    out = {}
    for i, r in enumerate(row_dicts(df), start=2):
        where = f"row {i}"
        if r["decision"] not in ("match", "reject"):
            raise InputError(path, f"decision must be match or reject, got {r['decision']!r}", where=where)
        if not r["reason"].strip():
            raise InputError(path, "reason is required", where=where)
        if r["decision"] == "match" and not re.fullmatch(r"[0-9]{5}|[0-9]{7}", r["jurisdiction_id"]):
            raise InputError(
                path, "a match needs a county (5-digit) or place (7-digit) jurisdiction_id", where=f"{where}"
            )
        if r["decision"] == "match" and state_fips(r["state"]) != r["jurisdiction_id"][:2]:
            raise InputError(
                path,
                f"{r['jurisdiction_id']} is not in the facility's state {r['state']!r} (state FIPS "
                f"{state_fips(r['state'])}); expected a county or place GEOID of that state",
                where=f"{where}, field 'jurisdiction_id'",
            )
        key = (r["name"], r["city"], r["state"])
        if key in out:
            raise InputError(path, f"duplicate row for {key}", where=where)
        out[key] = {**r, "_row": i}
    return out


class FacilityMatcher:
    def __init__(self, resolver, manual: dict, min_score: float):
        self.r = resolver
        self.manual = manual
        self.min_score = float(min_score)
        self.counties: dict[str, dict[str, str]] = {}
        self.places: dict[str, dict[str, str]] = {}
        for g, row in resolver.rows.items():
            if row["level"] == "county" and row.get("current", "true") == "true":
                self.counties.setdefault(row["state_fips"], {})[norm(row["name"])] = g
            elif row["level"] == "place" and row.get("county_fips"):
                for key in sorted(place_keys(row["name"])):
                    self.places.setdefault(row["state_fips"], {}).setdefault(key.replace("-", " "), g)
        self.used_manual: set = set()

    def county_or_place(self, place: str) -> str:
        """The county a place lies in wholly; a place that spans several counties (New York city, Littleton CO)
        or whose counties are unknown stays at the place: city-name matching never picks one of its counties
        (a facility there needs a hand-coded match in data/hand/facility_matches.csv, with a reason)."""
        counties = self.r.counties_of(place)
        return counties[0] if len(counties) == 1 else place

    def match(self, name: str, city: str, state: str) -> dict:
        st = state_fips(state)
        out = {"jurisdiction_id": "", "match_method": "unmatched", "match_score": "", "matched_name": ""}
        key = (name, city, state)
        if key in self.manual:
            m = self.manual[key]
            self.used_manual.add(key)
            if m["decision"] == "reject":
                return {**out, "match_method": "manual", "matched_name": f"rejected: {m['reason']}"}
            if self.r.get(m["jurisdiction_id"]) is None:
                raise InputError(
                    FACILITY_MATCHES,
                    f"jurisdiction_id {m['jurisdiction_id']!r} is not in jurisdictions.csv",
                    where=f"row {m['_row']}",
                )
            return {
                "jurisdiction_id": m["jurisdiction_id"],
                "match_method": "manual",
                "match_score": "",
                "matched_name": self.r.get(m["jurisdiction_id"])["name"],
            }
        if st is None or st not in self.counties:
            return out
        phrase = county_phrase(name)
        if phrase:
            g = self.r.resolve(phrase, st, level="county")
            if g is not None:
                return {
                    "jurisdiction_id": g,
                    "match_method": "exact",
                    "match_score": "100",
                    "matched_name": self.r.get(g)["name"],
                }
        g = self.r.resolve(name, st) if norm(name) in self.r.aliases else None
        if g is not None and len(g) in (5, 7):
            where = g if len(g) == 5 else self.county_or_place(g)
            return {
                "jurisdiction_id": where,
                "match_method": "alias",
                "match_score": "100",
                "matched_name": self.r.get(where)["name"],
            }
        c = norm(city).replace("-", " ")
        if c and c in self.places.get(st, {}):
            p = self.places[st][c]
            return {
                "jurisdiction_id": self.county_or_place(p),
                "match_method": "city",
                "match_score": "100",
                "matched_name": self.r.get(p)["name"],
            }
        p = self.r.resolve(name, st, level="place")  # "BLOOMINGTON POLICE DEPT." → Bloomington city
        if p is not None:
            return {
                "jurisdiction_id": self.county_or_place(p),
                "match_method": "city",
                "match_score": "100",
                "matched_name": self.r.get(p)["name"],
            }
        if phrase:
            hit = process.extractOne(phrase, list(self.counties[st]), scorer=fuzz.ratio, score_cutoff=self.min_score)
            if hit:
                g = self.counties[st][hit[0]]
                return {
                    "jurisdiction_id": g,
                    "match_method": "fuzzy",
                    "match_score": f"{hit[1]:.1f}",
                    "matched_name": self.r.get(g)["name"],
                }
        if c:
            hit = process.extractOne(c, list(self.places.get(st, {})), scorer=fuzz.ratio, score_cutoff=self.min_score)
            if hit:
                p = self.places[st][hit[0]]
                return {
                    "jurisdiction_id": self.county_or_place(p),
                    "match_method": "fuzzy",
                    "match_score": f"{hit[1]:.1f}",
                    "matched_name": self.r.get(p)["name"],
                }
        return out


def build_facilities(keys: pd.DataFrame, matcher: FacilityMatcher) -> pd.DataFrame:
    """keys: name, city, state (USPS), source_id, detainers_in_records → one row per facility."""
    agg = (
        keys.groupby(["name", "city", "state"], sort=True)
        .agg(
            source_ids=("source_id", lambda s: ";".join(sorted(set(s)))),
            detainers_in_records=("detainers_in_records", "sum"),
        )
        .reset_index()
    )
    rows = []
    for r in row_dicts(agg):
        m = matcher.match(r["name"], r["city"], r["state"])
        rows.append(
            {
                **r,
                **m,
                "facility_id": facility_id(r["name"], r["city"], r["state"]),
                "source_id": r["source_ids"].split(";")[0],
            }
        )
    df = pd.DataFrame(rows, columns=FACILITY_COLUMNS)
    dup = df["facility_id"][df["facility_id"].duplicated()]
    if not dup.empty:
        raise InputError(FACILITY_MATCHES, f"facility_id collision {dup.iloc[0]!r}")
    unused = sorted(set(matcher.manual) - matcher.used_manual)
    if unused:
        raise InputError(
            FACILITY_MATCHES,
            f"manual row for a facility no source names: {unused[0]}; fix the name/city/state or delete the row",
            where=f"row {matcher.manual[unused[0]]['_row']}",
        )
    return df


def facility_index(facilities: pd.DataFrame) -> dict[tuple[str, str, str], dict]:
    """(name, city, USPS state) → the facility row."""
    return {(r["name"], r["city"], r["state"]): r for r in row_dicts(facilities)}
