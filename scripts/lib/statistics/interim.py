"""Interim tables written by other DVC stages (sources too large to read inside the statistics stage).

Statistics: ``data/interim/statistics/<source>.csv`` with exactly the detainer_statistics columns except
``stat_id`` (which the statistics stage assigns), every cell text, one row per figure, every row with its
``source_id`` and ``evidence``. The stage that writes it reads its raw files, checks its own reconciliations
(and fails when one breaks) and writes its own metrics; the statistics stage appends its rows.

Facilities: ``data/interim/facilities/<source>.csv`` with exactly the facilities.csv columns, for facilities
such a stage places itself (its own hand-coded crosswalk, e.g. match_method ``manual``); the statistics stage
appends them to facilities.csv, so that its rows' facility_id are keys there. A facility_id already in the
crosswalk is an error.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..io import read_csv_text, row_dicts, to_int
from ..paths import INTERIM
from .common import LEVELS, STAT_COLUMNS
from .facilities import FACILITY_COLUMNS

INTERIM_STATISTICS = INTERIM / "statistics"
INTERIM_FACILITIES = INTERIM / "facilities"
INTERIM_COLUMNS = [c for c in STAT_COLUMNS if c != "stat_id"]


def read_interim_table(path: Path) -> pd.DataFrame:
    """One interim table, checked: exactly :data:`INTERIM_COLUMNS`; source_id and evidence on every row."""
    df = read_csv_text(path, required=INTERIM_COLUMNS)
    extra = [c for c in df.columns if c not in INTERIM_COLUMNS]
    if extra:
        raise InputError(path, f"unexpected column(s) {extra}; expected {INTERIM_COLUMNS}", where="header")
    for c in ("source_id", "evidence", "metric", "period_start", "period_end", "value", "unit"):
        blank = df[c].str.strip() == ""
        if blank.any():
            raise InputError(path, f"{c} is required", where=f"row {int(blank.to_numpy().nonzero()[0][0]) + 2}")
    bad = ~df["aggregation_level"].isin(LEVELS)
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise InputError(
            path,
            f"aggregation_level must be one of {list(LEVELS)}, got {df['aggregation_level'].iloc[i]!r}",
            where=f"row {i + 2}, field 'aggregation_level'",
        )
    return df.assign(value=to_int(df, "value", path), value_kind=df["value_kind"].replace("", "count"))[INTERIM_COLUMNS]


def read_interim_tables(folder: Path = INTERIM_STATISTICS) -> list[pd.DataFrame]:
    """Every interim table, in file-name order (none when the folder does not exist)."""
    return [read_interim_table(p) for p in sorted(Path(folder).glob("*.csv"))]


def read_interim_facilities(folder: Path = INTERIM_FACILITIES) -> list[pd.DataFrame]:
    """Every interim facilities table (exactly FACILITY_COLUMNS, facility_id and name on every row)."""
    out = []
    for path in sorted(Path(folder).glob("*.csv")):
        df = read_csv_text(path, required=FACILITY_COLUMNS)
        extra = [c for c in df.columns if c not in FACILITY_COLUMNS]
        if extra:
            raise InputError(path, f"unexpected column(s) {extra}; expected {FACILITY_COLUMNS}", where="header")
        for c in ("facility_id", "name", "match_method", "source_id"):
            blank = df[c].str.strip() == ""
            if blank.any():
                raise InputError(path, f"{c} is required", where=f"row {int(blank.to_numpy().nonzero()[0][0]) + 2}")
        dup = df["facility_id"].duplicated()
        if dup.any():
            i = int(dup.to_numpy().nonzero()[0][0])
            raise InputError(path, f"duplicate facility_id {df['facility_id'].iloc[i]!r}", where=f"row {i + 2}")
        out.append(df.assign(detainers_in_records=to_int(df, "detainers_in_records", path))[FACILITY_COLUMNS])
    return out


def same_facilities(facilities: pd.DataFrame, extra: list[pd.DataFrame]) -> tuple[list[pd.DataFrame], dict[str, str]]:
    """Interim facilities that are a facility the crosswalk already holds, under its id. An interim facility
    without a city (its stage places jails, not city names) is the crosswalk's facility of the same name,
    state and jurisdiction when there is exactly one ("HARRIS COUNTY JAIL", TX, 48201 = NPR's HARRIS COUNTY
    JAIL in Houston): its rows take that facility_id (``remap``), and append_facilities merges the two."""
    key = ["name", "state", "jurisdiction_id"]
    unique = facilities[~facilities.duplicated(key, keep=False)]
    have = {tuple(k): fid for k, fid in zip(unique[key].itertuples(index=False), unique["facility_id"], strict=True)}
    remap: dict[str, str] = {}
    out = []
    for df in extra:
        target = [
            have.get(tuple(k)) if city == "" else None
            for k, city in zip(df[key].itertuples(index=False), df["city"], strict=True)
        ]
        ids = [t or fid for t, fid in zip(target, df["facility_id"], strict=True)]
        remap.update({fid: t for t, fid in zip(target, df["facility_id"], strict=True) if t and t != fid})
        out.append(df.assign(facility_id=ids))
    return out, remap


def append_facilities(facilities: pd.DataFrame, extra: list[pd.DataFrame], known: set[str]) -> pd.DataFrame:
    """The crosswalk with the interim facilities appended. A facility already in the crosswalk (same
    facility_id: the same name, city and state) is one facility: its row stays, with the interim table's
    source ids added (its detainers_in_records stay those of the crosswalk's own sources), if both place it in
    the same jurisdiction; otherwise, or for an unknown jurisdiction_id, an InputError names the facility."""
    if not extra:
        return facilities
    out = facilities
    for df in extra:
        dup = df["facility_id"].isin(out["facility_id"])
        if dup.any():
            have = out.set_index("facility_id")
            for r in row_dicts(df[dup]):
                if have.loc[r["facility_id"], "jurisdiction_id"] != r["jurisdiction_id"]:
                    raise InputError(
                        INTERIM_FACILITIES,
                        f"facility_id {r['facility_id']!r} is already in the facility crosswalk, placed in "
                        f"{have.loc[r['facility_id'], 'jurisdiction_id']!r}, not {r['jurisdiction_id']!r}",
                    )
            merged = out.merge(
                df[dup][["facility_id", "source_ids"]],
                on="facility_id",
                how="left",
                suffixes=("", "_x"),
            )
            hit = merged["source_ids_x"].notna()
            merged.loc[hit, "source_ids"] = [
                ";".join(sorted(set(a.split(";")) | set(b.split(";"))))
                for a, b in zip(merged.loc[hit, "source_ids"], merged.loc[hit, "source_ids_x"], strict=True)
            ]
            out = merged[FACILITY_COLUMNS]
        out = pd.concat([out, df[~dup]], ignore_index=True)
    bad = out[(out["jurisdiction_id"] != "") & ~out["jurisdiction_id"].isin(known)]
    if not bad.empty:
        raise InputError(
            INTERIM_FACILITIES,
            f"facility {bad['facility_id'].iloc[0]!r}: jurisdiction_id {bad['jurisdiction_id'].iloc[0]!r} "
            "is not in data/processed/jurisdictions.csv",
        )
    return out
