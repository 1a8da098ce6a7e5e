"""The hand-coded crosswalk from LESA landmarks to facilities and counties (data/hand/lesa_landmarks.csv).

A landmark is the free text ICE wrote for where an arrest or encounter happened ("HARRIS COUNTY JAIL, HOUSTON,
TX", "DAL COUNTY JAIL", "SC INTEROPERABILITY LAFO"). It is a fact from the files; placing it in a county is
hand-coding. One row per landmark (trimmed of surrounding whitespace, otherwise exactly as the files write
it) and, where the landmark alone does not tell the place ("UNION COUNTY JAIL"), one per ICE area of
responsibility (``aor``; blank = any area). ``decision``:

- ``place``: a facility (or an area) that lies in one county: ``facility`` (the name several spellings share),
  ``facility_kind``, ``state``, ``jurisdiction_id`` (the county GEOID) and ``basis``:
  ``names_county`` (the landmark names the county or county-equivalent, also misspelt or as a borough or
  independent city), ``city_in_one_county`` (the landmark names a city, ``place_id``, that lies wholly in the
  county: checked against jurisdictions.csv, so a city spanning several counties is never placed by its name),
  ``facility_known`` (the facility's county is known; the reason says where it is);
- ``generic``: not a place (an ICE office's general area, an ICE unit, an arrest type, a court district);
- ``ambiguous``: a place whose county cannot be told (a county name in several states of the area, a
  multi-county city, a regional jail, a state prison system).

Every row gives its reason. A landmark without a row is counted as unplaced ("not hand-coded"), as is a
blank one. :func:`place` joins counts to the crosswalk, vectorized.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..io import read_csv_text, row_dicts
from ..paths import HAND

LANDMARKS = HAND / "lesa_landmarks.csv"
COLUMNS = (
    "landmark",
    "aor",
    "decision",
    "basis",
    "facility",
    "facility_kind",
    "state",
    "place_id",
    "jurisdiction_id",
    "reason",
)
DECISIONS = ("place", "generic", "ambiguous")
BASES = ("names_county", "city_in_one_county", "facility_known")
FACILITY_KINDS = (
    "county_jail",
    "city_jail",
    "police",
    "state_prison",
    "federal_prison",
    "ice_detention",
    "court",
    "area",
)
# Why a record is not placed in a county (the unplaced rows' note breaks each total down by these).
UNPLACED_REASONS = ("blank", "generic", "ambiguous", "not_coded")


@dataclass(frozen=True)
class Crosswalk:
    """The checked crosswalk: ``rows`` (one per landmark and area) and ``facilities`` (one per facility name
    and state: its county and kind)."""

    rows: pd.DataFrame
    facilities: pd.DataFrame


def load_landmarks(jurisdictions: pd.DataFrame, aors: set[str], path: Path = LANDMARKS) -> Crosswalk:
    """Read and check the crosswalk against jurisdictions.csv (GEOIDs, states, a city's counties) and the
    area codes; InputError names the row and field of the first problem."""
    df = read_csv_text(path, required=COLUMNS)
    county = jurisdictions[jurisdictions["level"] == "county"].set_index("jurisdiction_id")
    places = jurisdictions[jurisdictions["level"] == "place"].set_index("jurisdiction_id")
    seen: set[tuple[str, str]] = set()
    for i, r in enumerate(row_dicts(df), start=2):

        def fail(field: str, message: str, i: int = i) -> None:
            raise InputError(path, message, where=f"row {i}, field {field!r}")

        key = (r["landmark"], r["aor"])
        if not r["landmark"] or r["landmark"] != r["landmark"].strip():
            fail("landmark", "expected the landmark trimmed of surrounding whitespace (a blank landmark needs no row)")
        if key in seen:
            fail("landmark", f"duplicate row for {r['landmark']!r} in area {r['aor'] or '(any)'}")
        seen.add(key)
        if r["aor"] and r["aor"] not in aors:
            fail("aor", f"unknown area of responsibility code {r['aor']!r}")
        if r["decision"] not in DECISIONS:
            fail("decision", f"expected one of {DECISIONS}, got {r['decision']!r}")
        if not r["reason"].strip():
            fail("reason", "every row needs its reason")
        if r["decision"] != "place":
            for c in ("basis", "facility", "facility_kind", "state", "place_id", "jurisdiction_id"):
                if r[c]:
                    fail(c, f"a {r['decision']} landmark is not placed: leave {c} blank")
            continue
        if r["basis"] not in BASES:
            fail("basis", f"expected one of {BASES}, got {r['basis']!r}")
        if r["facility_kind"] not in FACILITY_KINDS:
            fail("facility_kind", f"expected one of {FACILITY_KINDS}, got {r['facility_kind']!r}")
        if not r["facility"]:
            fail("facility", "a placed landmark names its facility")
        if r["jurisdiction_id"] not in county.index:
            fail(
                "jurisdiction_id", f"{r['jurisdiction_id']!r} is not a county GEOID of data/processed/jurisdictions.csv"
            )
        if county.loc[r["jurisdiction_id"], "state_abbr"] != r["state"]:
            fail("state", f"{r['state']!r} is not the state of county {r['jurisdiction_id']}")
        if r["basis"] == "city_in_one_county":
            if r["place_id"] not in places.index:
                fail("place_id", f"{r['place_id']!r} is not a place GEOID of data/processed/jurisdictions.csv")
            parents = places.loc[r["place_id"], "parent_ids"].split(";")
            if parents != [r["jurisdiction_id"]]:
                fail(
                    "place_id",
                    f"{places.loc[r['place_id'], 'name']} lies in {';'.join(parents)}, not wholly in "
                    f"{r['jurisdiction_id']}: a city spanning several counties is never placed by its name",
                )
        elif r["place_id"]:
            fail("place_id", "place_id goes with basis city_in_one_county only")
    placed = df[df["decision"] == "place"]
    facilities = placed.drop_duplicates(["facility", "state", "jurisdiction_id", "facility_kind"])
    clash = facilities.duplicated(["facility", "state"], keep=False)
    if clash.any():
        name, state = facilities.loc[clash, ["facility", "state"]].iloc[0]
        rows = [int(k) + 2 for k in placed.index[(placed["facility"] == name) & (placed["state"] == state)]]
        raise InputError(path, f"facility {name!r} ({state}) has two counties or kinds", where=f"rows {rows}")
    facilities = facilities[["facility", "state", "jurisdiction_id", "facility_kind"]].sort_values(
        ["state", "facility"], kind="mergesort"
    )
    return Crosswalk(df, facilities.reset_index(drop=True))


def place(counts: pd.DataFrame, crosswalk: Crosswalk) -> pd.DataFrame:
    """``counts`` (with columns landmark — None when blank — and aor, the area code) with the crosswalk's
    decision, facility, state and jurisdiction_id; ``unplaced_reason`` is one of :data:`UNPLACED_REASONS` for
    records not placed in a county, "" for placed ones. A row for the record's area wins over a row for any
    area."""
    cw = crosswalk.rows[["landmark", "aor", "decision", "facility", "state", "jurisdiction_id"]]
    out = counts.copy()
    out["_lm"] = out["landmark"].fillna("")
    specific = out.merge(cw, left_on=["_lm", "aor"], right_on=["landmark", "aor"], how="left", suffixes=("", "_cw"))
    general = out.merge(
        cw[cw["aor"] == ""].drop(columns="aor"), left_on="_lm", right_on="landmark", how="left", suffixes=("", "_cw")
    )
    for c in ("decision", "facility", "state", "jurisdiction_id"):
        out[c] = specific[c].where(specific["decision"].notna(), general[c]).fillna("").to_numpy()
    reason = out["decision"].map({"place": "", "generic": "generic", "ambiguous": "ambiguous", "": "not_coded"})
    out["unplaced_reason"] = reason.where(out["_lm"] != "", "blank")
    return out.drop(columns="_lm")
