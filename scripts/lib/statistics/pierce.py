"""Pierce County (WA) jail, bookings with an ICE hold, Oct 2016 - Jul 2018: UWCHR's "Unequal Justice" report
outputs (data/raw/statistics/uwchr-pierce-county-ice-holds-2016-2018/), from the county's booking records.

Rows (jurisdiction 53053, level county, metric bookings_with_detainer, unit bookings, one span): the bookings
with a hold (data.yaml ``hold_count``), and their breakdown by race group (race_hold_table.csv
``detainer_count``; the labels' LaTeX line breaks "\\cr" removed, PROVENANCE.md). The span's first and last day
are data.yaml's ``start_date_full`` and ``end_date_full``. The report's other figures (jail days with and without
a hold, the 3.73 multiplier, costs) have no metric in the vocabulary yet and are not rows.

Checks: hold_count = the race table's Total = PROVENANCE.md's figure; the race groups sum to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..io import read_csv_text, read_yaml, row_dicts, to_int
from ..paths import RAW
from .common import Built, Context, check, check_expected, rel_raw, sid, stat

NAME = "pierce"
FOLDER = RAW / "statistics" / "uwchr-pierce-county-ice-holds-2016-2018"
DATA = FOLDER / "data.yaml"
RACE = FOLDER / "race_hold_table.csv"
COUNTY = "53053"


@dataclass
class PierceData:
    figures: dict
    start: str
    end: str
    race: pd.DataFrame  # group (clean label), detainer_count


def day(figures: dict, key: str) -> str:
    """A data.yaml date written "October 1, 2016" → 2016-10-01, or InputError naming the key."""
    try:
        return datetime.strptime(str(figures[key]), "%B %d, %Y").date().isoformat()
    except (KeyError, ValueError):
        raise InputError(DATA, f"expected a date like 'October 1, 2016', got {figures.get(key)!r}", where=key) from None


def read(folder: Path = FOLDER) -> PierceData:
    figures = read_yaml(folder / DATA.name)
    if not isinstance(figures, dict) or not isinstance(figures.get("hold_count"), int):
        raise InputError(folder / DATA.name, "expected a mapping with an integer hold_count", where="hold_count")
    race = read_csv_text(folder / RACE.name, required=("race", "detainer_count"))
    race = race.assign(
        group=race["race"].map(lambda s: re.sub(r"\s*\\cr\s*", "", s).strip()),
        detainer_count=to_int(race, "detainer_count", folder / RACE.name),
    )
    return PierceData(figures, day(figures, "start_date_full"), day(figures, "end_date_full"), race)


def facility_keys(data: PierceData) -> None:
    return None


def build(data: PierceData, ctx: Context) -> Built:
    common = dict(
        jurisdiction_id=COUNTY,
        aggregation_level="county",
        agency="Pierce County Jail",
        metric="bookings_with_detainer",
        unit="bookings",
        period_start=data.start,
        period_end=data.end,
        period_type="span",
        source_type="advocacy_data",
        source_url="https://jsis.washington.edu/humanrights/uwchr-pierce-county-ice-detainers-final/",
        note="bookings (29,312 booking ids) with any ICE hold, Pierce County Jail; UWCHR 'Unequal Justice' (2019)",
    )
    rows = [
        stat(
            **common,
            value=data.figures["hold_count"],
            source_id=sid(DATA),
            evidence=f"{rel_raw(DATA)}: hold_count: {data.figures['hold_count']}",
        )
    ]
    groups = data.race[data.race["group"] != "Total"]
    for r in row_dicts(groups):
        rows.append(
            stat(
                **common,
                category=f"race: {r['group']}",
                value=int(r["detainer_count"]),
                source_id=sid(RACE),
                evidence=f"{rel_raw(RACE)}: race={r['race']!r}, detainer_count",
            )
        )
    total = data.race.loc[data.race["group"] == "Total", "detainer_count"]
    checks = [
        check_expected("pierce_hold_count", int(data.figures["hold_count"])),
        check("pierce_race_table_total_equals_hold_count", int(data.figures["hold_count"]), int(total.sum())),
        check("pierce_race_groups_sum_to_total", int(total.sum()), int(groups["detainer_count"].sum())),
    ]
    return Built(rows=rows, checks=checks)
