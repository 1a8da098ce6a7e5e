"""Interim statistics tables written by other DVC stages (sources too large to read inside the statistics stage).

Each is ``data/interim/statistics/<source>.csv`` with exactly the detainer_statistics columns except
``stat_id`` (which the statistics stage assigns), every cell text, one row per figure, every row with its
``source_id`` and ``evidence``. The stage that writes it reads its raw files, checks its own reconciliations
(and fails when one breaks) and writes its own metrics; the statistics stage appends its rows.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..io import read_csv_text, to_int
from ..paths import INTERIM
from .common import STAT_COLUMNS

INTERIM_STATISTICS = INTERIM / "statistics"
INTERIM_COLUMNS = [c for c in STAT_COLUMNS if c != "stat_id"]


def read_interim_table(path: Path) -> pd.DataFrame:
    """One interim table, checked: exactly :data:`INTERIM_COLUMNS`; source_id and evidence on every row."""
    df = read_csv_text(path, required=INTERIM_COLUMNS)
    extra = [c for c in df.columns if c not in INTERIM_COLUMNS]
    if extra:
        raise InputError(path, f"unexpected column(s) {extra}; expected {INTERIM_COLUMNS}", where="header")
    for c in ("source_id", "evidence", "metric", "period_start", "period_end", "value"):
        blank = df[c].str.strip() == ""
        if blank.any():
            raise InputError(path, f"{c} is required", where=f"row {int(blank.to_numpy().nonzero()[0][0]) + 2}")
    return df.assign(value=to_int(df, "value", path), value_kind=df["value_kind"].replace("", "count"))[INTERIM_COLUMNS]


def read_interim_tables(folder: Path = INTERIM_STATISTICS) -> list[pd.DataFrame]:
    """Every interim table, in file-name order (none when the folder does not exist)."""
    return [read_interim_table(p) for p in sorted(Path(folder).glob("*.csv"))]
