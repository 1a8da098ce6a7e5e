"""Travis County (TX) jail bookings carrying an ICE detainer, by booking month, Jan 2006 - Oct 4 2016: the
county's own records (TCSO "ICE - Detainer Added" report), aggregated by the Austin American-Statesman
(data/raw/statistics/statesman-travis-county-ice-detainers-2006-2016/summary_table.csv).

Rows (jurisdiction 48453, level county, metric bookings_with_detainer, unit bookings): every month the records
cover (data/hand/source_coverage.csv: 2006-01-01 .. 2016-10-04), a month absent from the file or a blank cell
being 0 (the file omits months without such a booking; PROVENANCE.md); October 2016 covers Oct 1-4 only
(partial_period); the breakdowns "at least one felony charge" and "at least one violent charge" as categories
(subsets, not parts); and fiscal and calendar years wholly covered, so the county's own count sits beside ICE's
figures for the same place and period (LESA FY2016: CAP arrests at the Travis County jail, detainer encounters).

Check: the months sum to PROVENANCE.md's total (data/hand/expected_totals.csv).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..coverage import coverage
from ..errors import InputError
from ..io import read_csv_text, row_dicts, to_int
from ..paths import RAW
from ..periods import calendar_year, fiscal_year, month
from .common import Built, Context, check_expected, covered, rel_raw, sid, stat, year_month

NAME = "travis"
FOLDER = RAW / "statistics" / "statesman-travis-county-ice-detainers-2006-2016"
FILE = FOLDER / "summary_table.csv"
COUNTY = "48453"
CATEGORIES = {
    "has_at_least_one_felony": "at least one felony charge",
    "has_at_least_one_violent_crime": "at least one violent charge (the Statesman's list of 61 charges)",
}


@dataclass
class TravisData:
    path: Path
    months: pd.DataFrame  # month (YYYY-MM), total, and the CATEGORIES columns as ints; every covered month
    in_file: set[str]  # the months the file lists


def read(path: Path = FILE) -> TravisData:
    df = read_csv_text(path, required=("month", "total", *CATEGORIES))
    for i, m in enumerate(df["month"], start=2):
        year_month(m, path, f"row {i}, field 'month'")
    if df["month"].duplicated().any():
        i = int(df["month"].duplicated().to_numpy().nonzero()[0][0]) + 2
        raise InputError(path, f"month {df['month'].iloc[i - 2]!r} twice", where=f"row {i}, field 'month'")
    for c in ("total", *CATEGORIES):
        df[c] = to_int(df.assign(**{c: df[c].replace("", "0")}), c, path)  # a blank cell is 0 (PROVENANCE.md)
        over = df[c] > df["total"]
        if over.any():
            raise InputError(path, f"{c} exceeds total", where=f"row {int(over.to_numpy().nonzero()[0][0]) + 2}")
    cov = coverage(FOLDER.name)
    months = pd.period_range(cov.first_day[:7], cov.last_day[:7], freq="M").strftime("%Y-%m")
    outside = sorted(set(df["month"]) - set(months))
    if outside:
        raise InputError(path, f"month {outside[0]} is outside the coverage {cov.first_day}..{cov.last_day}")
    full = pd.DataFrame({"month": months}).merge(df, on="month", how="left").fillna(0)
    return TravisData(path, full.astype({c: int for c in ("total", *CATEGORIES)}), set(df["month"]))


def facility_keys(data: TravisData) -> None:
    return None


def rows(data: TravisData) -> list[dict]:
    cov = coverage(FOLDER.name)
    common = dict(
        jurisdiction_id=COUNTY,
        aggregation_level="county",
        metric="bookings_with_detainer",
        unit="bookings",
        source_id=sid(data.path),
        source_type="official_data_via_news",
        agency="Travis County Sheriff's Office",
    )
    out = []
    for r in row_dicts(data.months):
        s, e, flag = covered(*month(*year_month(r["month"], data.path, "month")), cov.span)
        where = f"month={r['month']}" if r["month"] in data.in_file else f"month {r['month']} absent (0)"
        for col, category in (("total", ""), *CATEGORIES.items()):
            out.append(
                stat(
                    **common,
                    period_start=s,
                    period_end=e,
                    period_type="month",
                    category=category,
                    value=int(r[col]),
                    flags=flag,
                    evidence=f"{rel_raw(data.path)}: {where}, {col}",
                    note="jail bookings with an ICE detainer, by booking month (the county's records)",
                )
            )
    by_month = data.months.set_index("month")
    for kind, periods in (
        ("fiscal_year", [fiscal_year(y) for y in range(2006, 2018)]),
        ("calendar_year", [calendar_year(y) for y in range(2006, 2017)]),
    ):
        for start, end in periods:
            if not (cov.first_day <= start and end <= cov.last_day):
                continue  # only years the records wholly cover
            sel = by_month.loc[start[:7] : end[:7]]
            for col, category in (("total", ""), *CATEGORIES.items()):
                out.append(
                    stat(
                        **common,
                        period_start=start,
                        period_end=end,
                        period_type=kind,
                        category=category,
                        value=int(sel[col].sum()),
                        evidence=f"computed from {rel_raw(data.path)}: sum of {col} over the months {start[:7]}.."
                        f"{end[:7]} (a month absent from the file is 0)",
                        note="jail bookings with an ICE detainer, by booking month (the county's records)",
                    )
                )
    return out


def build(data: TravisData, ctx: Context) -> Built:
    out = rows(data)
    totals = [r for r in out if r["category"] == ""]
    months = sum(r["value"] for r in totals if r["period_type"] == "month")
    checks = [check_expected("travis_bookings_total", months)]
    return Built(rows=out, checks=checks, metrics={"travis_months": len(data.months)})
