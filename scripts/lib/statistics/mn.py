"""Minnesota (Deportation Data Project via alyssc; data/raw/statistics/mn-ddp-detainers-2022-2026/): detainers
by month and by day for the state, and "Metro Surge" outcomes by facility (placed through the crosswalk).

Checks: days = months; the monthly total and the surge total = the PROVENANCE figures; surge parts = totals.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..coverage import coverage
from ..errors import InputError
from ..io import read_csv_text, row_dicts, to_int
from ..paths import RAW
from ..periods import month
from .common import (
    Built,
    Context,
    check,
    check_day,
    check_expected,
    coverage_note,
    covered,
    mapped,
    rel_raw,
    sid,
    stat,
    year_month,
)

NAME = "mn"
MN = RAW / "statistics" / "mn-ddp-detainers-2022-2026"
MONTHLY, DAILY, SURGE = "mn_detainers_by_month.csv", "mn_detainers_over_time.csv", "surge_detainers_by_liftreason.csv"
SURGE_PARTS = [
    "Booked into Detention",
    "Detainer Declined by LEA",
    "No longer in State, Local, or Federal Custody",
    "NA",
    "other",
]


@dataclass
class MnData:
    folder: Path
    monthly: pd.DataFrame
    daily: pd.DataFrame
    surge: pd.DataFrame
    surge_values: dict[str, pd.Series]  # SURGE_PARTS + total, R's NA read as 0


def read_mn(path: Path, date_col: str) -> pd.DataFrame:
    """MN files: the first column is an unnamed R row index (header "")."""
    df = read_csv_text(path)
    if df.columns[0] not in ("", "Unnamed: 0"):
        raise InputError(path, f"expected an unnamed R row index first, got {df.columns[0]!r}", where="header")
    df = df.drop(columns=df.columns[0])
    if date_col not in df.columns:
        raise InputError(path, f"expected column {date_col!r}", where="header")
    return df


def read(folder: Path = MN) -> MnData:
    mpath, dpath, spath = folder / MONTHLY, folder / DAILY, folder / SURGE
    monthly = read_mn(mpath, "month_year")
    monthly["count"] = to_int(monthly, "count", mpath)
    daily = read_mn(dpath, "detainer_prepare_date")
    daily["count"] = to_int(daily, "count", dpath)
    surge = read_mn(spath, "detention_facility")
    for c in SURGE_PARTS + ["total"]:
        if c not in surge.columns:
            raise InputError(spath, f"expected column {c!r}", where="header")
    values = {}
    for c in SURGE_PARTS + ["total"]:
        # R wrote NA for a reason with no detainers at a facility (pivot fill); it counts 0. Checked below.
        values[c] = to_int(surge.assign(**{c: surge[c].replace("NA", "0")}), c, spath)
    return MnData(folder=folder, monthly=monthly, daily=daily, surge=surge, surge_values=values)


def facility_keys(data: MnData) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": data.surge["detention_facility"],
            "city": "",
            "state": coverage(data.folder.name).state_abbr,  # the MN surge file has no state column
            "source_id": sid(data.folder / SURGE),
            "detainers_in_records": 0,
        }
    )


def mn_rows(data: MnData, mm: dict, fac_index: dict) -> tuple[list[dict], list[tuple[str, int, int]]]:
    """The rows, and (facility, total, sum of parts) per surge facility for the checks."""
    rows = []
    mpath, dpath, spath = data.folder / MONTHLY, data.folder / DAILY, data.folder / SURGE
    cov, surge_cov = coverage(data.folder.name), coverage(sid(spath))
    for i, r in enumerate(row_dicts(data.monthly), start=2):
        s, e, flag = covered(*month(*year_month(r["month_year"], mpath, f"row {i}, field 'month_year'")), cov.span)
        rows.append(
            stat(
                jurisdiction_id=cov.state,
                aggregation_level="state",
                unit="detainers",
                period_start=s,
                period_end=e,
                period_type="month",
                metric="detainers_issued",
                value=r["count"],
                source_id=sid(mpath),
                source_type="foia_data",
                flags=flag,
                evidence=f"{rel_raw(mpath)}: month_year={r['month_year']}",
                note="detainers at Minnesota facilities by ICE prepare date (DDP, deduplicated)"
                + coverage_note(flag, s, e, cov.span),
            )
        )
    for i, r in enumerate(row_dicts(data.daily), start=2):
        d = check_day(r["detainer_prepare_date"], cov.span, dpath, f"row {i}, field 'detainer_prepare_date'")
        rows.append(
            stat(
                jurisdiction_id=cov.state,
                aggregation_level="state",
                unit="detainers",
                period_start=d,
                period_end=d,
                period_type="day",
                metric="detainers_issued",
                value=r["count"],
                source_id=sid(dpath),
                source_type="foia_data",
                evidence=f"{rel_raw(dpath)}: detainer_prepare_date={d}",
                note="days without detainers are absent from the source",
            )
        )
    values = data.surge_values
    surge_recon = []
    for i, r in enumerate(row_dicts(data.surge)):
        f = fac_index[(r["detention_facility"], "", cov.state_abbr)]
        jid = f["jurisdiction_id"] or cov.state
        flags = ["period_start_unverified"] + ([] if f["jurisdiction_id"] else ["facility_unmatched"])
        total = int(values["total"].iloc[i])
        psum = int(sum(values[c].iloc[i] for c in SURGE_PARTS))
        surge_recon.append((r["detention_facility"], total, psum))
        common = dict(
            jurisdiction_id=jid,
            facility_id=f["facility_id"],
            aggregation_level="facility",
            unit="detainers",
            period_start=surge_cov.first_day,
            period_end=surge_cov.last_day,
            period_type="span",
            source_id=sid(spath),
            source_type="foia_data",
            flags=";".join(flags),
        )
        note = (
            f"'Metro Surge' detainers; the window start {surge_cov.first_day} is the analyst's likely choice, "
            f"unverified; facility {r['detention_facility']}"
        )
        rows.append(
            stat(
                **common,
                metric="detainers_issued",
                value=total,
                evidence=f"{rel_raw(spath)} row {i + 2}: total",
                note=note,
            )
        )
        for c in SURGE_PARTS:
            v = int(values[c].iloc[i])
            rows.append(
                stat(
                    **common,
                    metric=mapped(mm, "lift_reason", c, spath, f"column {c!r}"),
                    category={"NA": "no lift reason recorded", "other": "other (less frequent lift reasons)"}.get(c, c),
                    value=v,
                    evidence=f"{rel_raw(spath)} row {i + 2}: {c}={r[c]}",
                    note=note,
                )
            )
    return rows, surge_recon


def checks(data: MnData, surge: list[tuple[str, int, int]]) -> list[dict]:
    out = []
    daily = data.daily
    d = daily.assign(month=daily["detainer_prepare_date"].str[:7]).groupby("month")["count"].sum()
    m = dict(zip(data.monthly["month_year"], data.monthly["count"]))
    out.append(
        check(
            "mn_daily_sums_equal_monthly",
            {k: int(v) for k, v in sorted(m.items())},
            {k: int(d.get(k, 0)) for k in sorted(m)},
        )
    )
    out.append(check_expected("mn_total", int(data.monthly["count"].sum())))
    out.append(
        check(
            "mn_surge_parts_equal_totals",
            {f: t for f, t, _ in surge},
            {f: p for f, _, p in surge},
            "per facility: Booked + Declined + No longer in custody + NA + other = total (R NA read as 0)",
        )
    )
    out.append(check_expected("mn_surge_total", sum(t for _, t, _ in surge)))
    return out


def build(data: MnData, ctx: Context) -> Built:
    rows, surge = mn_rows(data, ctx.metric_map, ctx.fac_index)
    return Built(rows=rows, checks=checks(data, surge))
