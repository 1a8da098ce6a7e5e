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
from ..io import read_csv_text, to_int
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


def append_facilities(facilities: pd.DataFrame, extra: list[pd.DataFrame], known: set[str]) -> pd.DataFrame:
    """The crosswalk with the interim facilities appended; a facility_id twice or an unknown jurisdiction_id
    is an InputError naming the interim file's facility."""
    if not extra:
        return facilities
    out = pd.concat([facilities, *extra], ignore_index=True)
    dup = out["facility_id"].duplicated()
    if dup.any():
        fid = out["facility_id"][dup].iloc[0]
        raise InputError(INTERIM_FACILITIES, f"facility_id {fid!r} is already in the facility crosswalk")
    bad = out[(out["jurisdiction_id"] != "") & ~out["jurisdiction_id"].isin(known)]
    if not bad.empty:
        raise InputError(
            INTERIM_FACILITIES,
            f"facility {bad['facility_id'].iloc[0]!r}: jurisdiction_id {bad['jurisdiction_id'].iloc[0]!r} "
            "is not in data/processed/jurisdictions.csv",
        )
    return out
