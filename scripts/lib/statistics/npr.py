"""NPR's FOIA 15-87693 aggregates (data/raw/statistics/npr-ice-detainers-2007-2015/).

- National series by calendar year (2007 = Oct-Dec, 2015 = Jan 1-Jul 19), month, lift reason and detainer
  type; U.S. citizens by year and by state.
- Declines vs other outcomes by facility x year (declined_vs_everythingelse.csv): the duplicated column names
  are repaired; the second count comes from NPR's join on facility name and year only, so it is kept as
  ``upper_bound`` and rows where the bug shows (one name, one year, several cities) are flagged. Each
  facility is placed through the shared crosswalk; county totals sum the county's facilities.

Checks: months = years = the PROVENANCE total; lift reasons = lifted; U.S. citizens by year = the lift reason
and by state = the total; facility declines vs the lift-reason file (a known difference of one); the join-bug
row count.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..coverage import npr_span
from ..errors import InputError
from ..geo import state_fips
from ..io import read_csv_text, row_dicts, to_int
from ..paths import RAW
from ..periods import month
from .common import (
    NATION,
    Built,
    Context,
    check,
    check_expected,
    coverage_note,
    covered,
    mapped,
    rel_raw,
    sid,
    stat,
    state_abbr,
    year_month,
    year_period,
)

NAME = "npr"
NPR = RAW / "statistics" / "npr-ice-detainers-2007-2015"
DECLINED_VS = "declined_vs_everythingelse.csv"


@dataclass
class NprData:
    folder: Path
    by_year: pd.DataFrame
    lifted: pd.DataFrame
    usc: pd.DataFrame
    monthly: pd.DataFrame
    reasons: pd.DataFrame
    types: pd.DataFrame
    by_state: pd.DataFrame
    declined_vs: pd.DataFrame  # read_declined_vs, plus _state (USPS)


# ------------------------------------------------------------------------------------------------
# readers
# ------------------------------------------------------------------------------------------------
def read_declined_vs(path=NPR / DECLINED_VS) -> pd.DataFrame:
    """NPR's export has duplicated column names (year, det_facility, city, state, count, det_facility,
    year, count). Read it by position with the repaired names and check the repeated keys agree."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "file not found")
    try:
        with open(path, newline="", encoding="utf-8") as f:
            header = next(csv.reader(f), None)
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not valid utf-8 text (byte {exc.start})") from None
    if header is None:
        raise InputError(path, "empty file, expected a header row", where="row 1")
    expected = ["year", "det_facility", "city", "state", "count", "det_facility", "year", "count"]
    if header != expected:
        raise InputError(path, f"expected header {expected}, got {header}", where="header")
    names = [
        "year",
        "det_facility",
        "city",
        "state",
        "declined_count",
        "other_det_facility",
        "other_year",
        "other_outcome_count",
    ]
    df = read_csv_text(path, header=0, names=names)
    joined = df["other_det_facility"] != ""
    bad = joined & ((df["other_det_facility"] != df["det_facility"]) | (df["other_year"] != df["year"]))
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise InputError(path, "the repeated det_facility/year do not match the first ones", where=f"row {i + 2}")
    df["declined_count"] = to_int(df, "declined_count", path)
    df["other_outcome_count"] = to_int(
        df.assign(other_outcome_count=df["other_outcome_count"].replace("", "0")), "other_outcome_count", path
    )
    df["year"] = to_int(df, "year", path)
    df["joined"] = joined
    # join bug visible: one facility name in one year under several (city, state)
    locs = df.drop_duplicates(["year", "det_facility", "city", "state"]).groupby(["year", "det_facility"]).size()
    df["join_bug_visible"] = pd.MultiIndex.from_frame(df[["year", "det_facility"]]).map(locs).to_numpy() > 1
    return df


def read_year_count(path: Path, year_col="year") -> pd.DataFrame:
    df = read_csv_text(path, required=(year_col, "count"))
    df[year_col] = to_int(df, year_col, path)
    df["count"] = to_int(df, "count", path)
    return df


def read(folder: Path = NPR) -> NprData:
    """Every NPR aggregate file, read and checked (whole numbers, months YYYY-MM, known states)."""
    mpath = folder / "detainers_by_year_and_month.csv"
    monthly = read_csv_text(mpath, required=("year_month", "count"))
    monthly["count"] = to_int(monthly, "count", mpath)
    monthly["year"] = [
        year_month(v, mpath, f"row {i}, field 'year_month'")[0] for i, v in enumerate(monthly["year_month"], start=2)
    ]
    reasons_path = folder / "detainers_by_lift_reason_and_year.csv"
    reasons = read_csv_text(reasons_path, required=("year", "lift_reason", "count"))
    reasons["count"] = to_int(reasons, "count", reasons_path)
    reasons["year"] = to_int(reasons, "year", reasons_path)
    types_path = folder / "detainers_by_type_and_year.csv"
    types = read_csv_text(types_path, required=("year", "detainer_type", "count"))
    types["count"] = to_int(types, "count", types_path)
    types["year"] = to_int(types, "year", types_path)
    by_state_path = folder / "americans_by_state.csv"
    by_state = read_csv_text(by_state_path, required=("state", "count"))
    by_state["count"] = to_int(by_state, "count", by_state_path)
    for i, st in enumerate(by_state["state"], start=2):
        if st and state_fips(st) is None:
            raise InputError(by_state_path, f"unknown state {st!r}", where=f"row {i}, field 'state'")
    dv = read_declined_vs(folder / DECLINED_VS)
    dv["_state"] = dv["state"].map(state_abbr)
    return NprData(
        folder=folder,
        by_year=read_year_count(folder / "detainers_by_year.csv"),
        lifted=read_year_count(folder / "lifted_detainers_by_year.csv"),
        usc=read_year_count(folder / "americans_by_year.csv"),
        monthly=monthly,
        reasons=reasons,
        types=types,
        by_state=by_state,
        declined_vs=dv,
    )


def facility_keys(data: NprData) -> pd.DataFrame:
    dv = data.declined_vs
    return pd.DataFrame(
        {
            "name": dv["det_facility"],
            "city": dv["city"],
            "state": dv["_state"],
            "source_id": sid(data.folder / DECLINED_VS),
            "detainers_in_records": 0,
        }
    )


# ------------------------------------------------------------------------------------------------
# rows
# ------------------------------------------------------------------------------------------------
def national_rows(data: NprData, mm: dict) -> list[dict]:
    rows: list[dict] = []
    folder = data.folder
    span = npr_span()
    note_years = f"calendar year of ICE prepare date; data cover {span[0]}..{span[1]}"
    # americans_by_year.csv is not published: it repeats the lift-reason file's "United States Citizen
    # Interviewed" rows figure for figure (check npr_us_citizens_by_year_equal_lift_reason), and one figure is
    # published once.
    for df, path, metric in (
        (data.by_year, folder / "detainers_by_year.csv", "detainers_issued"),
        (data.lifted, folder / "lifted_detainers_by_year.csv", "detainers_lifted"),
    ):
        for r in row_dicts(df):
            s, e, pt, flag = year_period(r["year"])
            rows.append(
                stat(
                    jurisdiction_id=NATION,
                    aggregation_level="nation",
                    unit="detainers",
                    period_start=s,
                    period_end=e,
                    period_type=pt,
                    metric=metric,
                    value=r["count"],
                    source_id=sid(path),
                    source_type="foia_data",
                    evidence=f"{rel_raw(path)}: year={r['year']}, count={r['count']}",
                    flags=flag,
                    note=note_years,
                )
            )
    mpath = folder / "detainers_by_year_and_month.csv"
    for i, r in enumerate(row_dicts(data.monthly), start=2):
        s, e, flag = covered(*month(*year_month(r["year_month"], mpath, f"row {i}, field 'year_month'")), span)
        rows.append(
            stat(
                jurisdiction_id=NATION,
                aggregation_level="nation",
                unit="detainers",
                period_start=s,
                period_end=e,
                period_type="month",
                metric="detainers_issued",
                value=r["count"],
                source_id=sid(mpath),
                source_type="foia_data",
                flags=flag,
                evidence=f"{rel_raw(mpath)}: year_month={r['year_month']}",
                note="month of ICE prepare date" + coverage_note(flag, s, e, span),
            )
        )
    reasons_path = folder / "detainers_by_lift_reason_and_year.csv"
    for i, r in enumerate(row_dicts(data.reasons), start=2):
        s, e, pt, flag = year_period(r["year"])
        rows.append(
            stat(
                jurisdiction_id=NATION,
                aggregation_level="nation",
                unit="detainers",
                period_start=s,
                period_end=e,
                period_type=pt,
                metric=mapped(mm, "lift_reason", r["lift_reason"], reasons_path, f"row {i}"),
                category=r["lift_reason"],
                value=r["count"],
                source_id=sid(reasons_path),
                source_type="foia_data",
                flags=flag,
                evidence=f"{rel_raw(reasons_path)}: year={r['year']}, lift_reason={r['lift_reason']}",
                note="breakdown of detainers_lifted by ICE lift reason; " + note_years,
            )
        )
    types_path = folder / "detainers_by_type_and_year.csv"
    for r in row_dicts(data.types):
        s, e, pt, flag = year_period(r["year"])
        rows.append(
            stat(
                jurisdiction_id=NATION,
                aggregation_level="nation",
                unit="detainers",
                period_start=s,
                period_end=e,
                period_type=pt,
                metric="detainers_issued",
                category=r["detainer_type"],
                value=r["count"],
                source_id=sid(types_path),
                source_type="foia_data",
                flags=flag,
                evidence=f"{rel_raw(types_path)}: year={r['year']}, detainer_type={r['detainer_type']}",
                note="breakdown by detainer form; detainer_type is recorded for only part of the "
                "2014-2015 detainers, so the parts do not sum to the year's total",
            )
        )
    by_state_path = folder / "americans_by_state.csv"
    for r in row_dicts(data.by_state):
        st = state_fips(r["state"])
        rows.append(
            stat(
                jurisdiction_id=st or "",
                aggregation_level="state" if st else "unplaced",
                unit="detainers",
                period_start=span[0],
                period_end=span[1],
                period_type="span",
                metric="us_citizens_detained",
                value=r["count"],
                category="" if st else "state not recorded",
                source_id=sid(by_state_path),
                source_type="foia_data",
                flags="" if st else "location_unknown",
                evidence=f"{rel_raw(by_state_path)}: state={r['state'] or '(blank)'}",
                note="detainers lifted because the person was a U.S. citizen, whole extract"
                + ("" if st else "; the state is blank in the source (not a national total)"),
            )
        )
    return rows


def declined_rows(data: NprData, fac_index: dict, known: set[str]) -> list[dict]:
    path = data.folder / DECLINED_VS
    rows = []
    for i, r in enumerate(row_dicts(data.declined_vs), start=2):
        f = fac_index[(r["det_facility"], r["city"], r["_state"])]
        jid = f["jurisdiction_id"] or state_fips(r["_state"]) or ""
        jid = jid if jid in known else ""  # e.g. a territory without a jurisdictions row
        s, e, pt, partial = year_period(r["year"])
        base_flags = [partial] if partial else []
        if not f["jurisdiction_id"]:
            base_flags.append("facility_unmatched" if jid else "location_unknown")
        common = dict(
            jurisdiction_id=jid,
            facility_id=f["facility_id"],
            aggregation_level="facility",
            unit="detainers",
            period_start=s,
            period_end=e,
            period_type=pt,
            source_id=sid(path),
            source_type="foia_data",
        )
        rows.append(
            stat(
                **common,
                metric="detainers_declined",
                category="Detainer Declined by LEA",
                value=r["declined_count"],
                flags=";".join(base_flags),
                evidence=f"{rel_raw(path)} row {i}: declined count (first 'count' column)",
                note=f"facility {r['det_facility']}, {r['city']}, {r['state']}",
            )
        )
        flags = base_flags + (["npr_join_bug_visible"] if r["join_bug_visible"] else [])
        rows.append(
            stat(
                **common,
                metric="detainers_lifted",
                category="lift reason other than Detainer Declined by LEA",
                value=r["other_outcome_count"],
                value_kind="same_name_total",
                flags=";".join(flags),
                evidence=f"{rel_raw(path)} row {i}: other outcomes (second 'count' column)"
                + ("" if r["joined"] else "; empty join = 0"),
                note="detainers lifted for a reason other than a decline at every facility of this name nationwide "
                "in the year (NPR joined on facility name and year only), listed only for facility-years with at "
                "least one decline; neither a bound nor a count of what this facility handed over to ICE",
            )
        )
    # county x year declines: the sum over every facility matched to the county (declines are exact per
    # facility; the other-outcome upper bounds are not summed)
    df = pd.DataFrame(rows)
    dec = df[(df["metric"] == "detainers_declined") & (df["jurisdiction_id"].str.len() == 5)]
    for (jid, s, e), g in dec.groupby(["jurisdiction_id", "period_start", "period_end"], sort=True):
        year = int(s[:4])
        out_flags = year_period(year)[3]  # s, e are the facility rows' (already cut to the coverage)
        rows.append(
            stat(
                jurisdiction_id=jid,
                aggregation_level="county",
                unit="detainers",
                period_start=s,
                period_end=e,
                period_type="calendar_year",
                metric="detainers_declined",
                category="Detainer Declined by LEA",
                value=int(g["value"].astype(int).sum()),
                source_id=sid(path),
                source_type="foia_data",
                flags=out_flags,
                evidence=f"computed from {rel_raw(path)}: sum of the declined counts of "
                f"the {len(g)} facilities matched to this county in {year}",
                note="county total over facilities; only facility-years with at least one decline are in the source",
            )
        )
    return rows


# ------------------------------------------------------------------------------------------------
# checks and metrics
# ------------------------------------------------------------------------------------------------
def checks(data: NprData) -> list[dict]:
    out = []
    dv = data.declined_vs
    by_year = dict(zip(data.by_year["year"], data.by_year["count"]))
    monthly = data.monthly
    month_sums = monthly.groupby("year")["count"].sum().to_dict()
    out.append(check_expected("npr_yearly_total", int(sum(by_year.values())), "sum of detainers_by_year.csv"))
    out.append(
        check_expected("npr_monthly_total", int(monthly["count"].sum()), "sum of detainers_by_year_and_month.csv")
    )
    out.append(
        check(
            "npr_monthly_equals_yearly_each_year",
            {str(k): int(v) for k, v in sorted(by_year.items())},
            {str(k): int(v) for k, v in sorted(month_sums.items())},
        )
    )
    lifted = dict(zip(data.lifted["year"], data.lifted["count"]))
    reason_sums = data.reasons.groupby("year")["count"].sum().to_dict()
    out.append(
        check(
            "npr_lift_reasons_equal_lifted_each_year",
            {str(k): int(v) for k, v in sorted(lifted.items())},
            {str(k): int(v) for k, v in sorted(reason_sums.items())},
        )
    )
    usc = dict(zip(data.usc["year"], data.usc["count"]))
    usc_reason = data.reasons[data.reasons["lift_reason"] == "United States Citizen Interviewed"]
    out.append(
        check(
            "npr_us_citizens_by_year_equal_lift_reason",
            {str(k): int(v) for k, v in sorted(usc.items())},
            {str(k): int(v) for k, v in sorted(zip(usc_reason["year"], usc_reason["count"]))},
        )
    )
    out.append(check_expected("npr_us_citizens_total", int(sum(usc.values())), "sum of americans_by_year.csv"))
    out.append(
        check(
            "npr_us_citizens_by_state_equal_total",
            int(sum(usc.values())),
            int(data.by_state["count"].sum()),
            "americans_by_state (incl. the blank state) vs by year",
        )
    )
    declined_reason = data.reasons[data.reasons["lift_reason"] == "Detainer Declined by LEA"]["count"].sum()
    out.append(
        check_expected(
            "npr_facility_declines_vs_lift_reason",
            int(dv["declined_count"].sum()),
            "declined_vs_everythingelse has one decline fewer than the lift-reason file (2014: "
            "13,594 vs 13,595), presumably a record without a facility",
            computed=int(declined_reason),
        )
    )
    out.append(check_expected("npr_facility_declines_total", int(dv["declined_count"].sum()), "facility file"))
    out.append(
        check_expected(
            "npr_join_bug_rows_visible",
            int(dv["join_bug_visible"].sum()),
            "rows whose facility name appears under several cities in one year",
        )
    )
    return out


def metrics(data: NprData, fac_index: dict) -> dict:
    dv = data.declined_vs
    placed = [fac_index[k]["jurisdiction_id"] != "" for k in zip(dv["det_facility"], dv["city"], dv["_state"])]
    matched = int(dv.loc[placed, "declined_count"].sum())
    total = int(dv["declined_count"].sum())
    return {
        "npr_declines": total,
        "npr_declines_matched_to_county": matched,
        "npr_share_declines_matched": round(float(matched) / float(total), 4),
    }


def build(data: NprData, ctx: Context) -> Built:
    return Built(
        rows=national_rows(data, ctx.metric_map) + declined_rows(data, ctx.fac_index, ctx.known),
        checks=checks(data),
        metrics=metrics(data, ctx.fac_index),
    )
