"""The Pennsylvania record-level file (data/raw/statistics/npr-ice-detainers-pa-2007-2015/pa_detainers.csv):
one row per detainer, read and validated with pyarrow (:mod:`scripts.lib.records`), aggregated through the
facility crosswalk to county x month, county x year x lift reason and state x year.

Checks: records per year and in total = the PROVENANCE figures; county months = county-year lift reasons;
U.S. citizens = NPR's americans_by_state PENNSYLVANIA; declines per facility-year = NPR's
declined_vs_everythingelse (cross-source: reads the ``npr`` module's data).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..coverage import coverage
from ..errors import InputError
from ..geo import state_fips
from ..io import row_dicts
from ..paths import RAW
from ..periods import month
from ..records import aggregate_records_arrow, read_records, validate_records
from .common import (
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

NAME = "pa"
PA = RAW / "statistics" / "npr-ice-detainers-pa-2007-2015" / "pa_detainers.csv"


@dataclass
class PaData:
    path: Path
    records: pa.Table
    keys: pd.DataFrame  # det_facility, city, state (as the records spell it), _state (USPS), n


def read_pa(path=PA, collection: str = PA.parent.name) -> pa.Table:
    """The Pennsylvania record-level file as an Arrow table (every cell text), validated row-wise in
    vectorized form (dates, lift reasons, facility, state: see :mod:`scripts.lib.records`); every record
    must be in the state data/hand/source_coverage.csv gives the collection."""
    records = read_records(path)
    validate_records(records, path)
    check_record_state(records, path, coverage(collection).state)
    return records


def check_record_state(records: pa.Table, path, state: str) -> None:
    """Every record is in the state its collection covers (data/hand/source_coverage.csv)."""
    col = records.column("state")
    bad = [v for v in col.unique().to_pylist() if state_fips(v) != state]
    if bad:
        row = pc.index(pc.is_in(col, value_set=pa.array(bad, pa.string())), True).as_py()
        raise InputError(
            path,
            f"expected every record in state {state} (data/hand/source_coverage.csv), got {col[row].as_py()!r}",
            where=f"row {row + 2}, field 'state'",
        )


def aggregate_records(
    records: pa.Table | pd.DataFrame | str | Path, facilities: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """Aggregate detainer records (one row per detainer: date, lift_reason, det_facility, city, state)
    through a facility crosswalk (name, city, state [USPS or full name as in the records],
    jurisdiction_id, facility_id) into:

    - ``county_month``: jurisdiction_id, month ("YYYY-MM"), count (matched records only)
    - ``county_year_reason``: jurisdiction_id, year, lift_reason ("" = none), count
    - ``state_year_reason``: year, lift_reason, count (every record)
    - ``facility_year_reason``: facility_id, year, lift_reason, count
    - ``matched``: one row: records, matched (records whose facility has a county)

    A path is read and validated first. Records are counted per facility x month x lift reason in
    pyarrow, and the crosswalk is joined to those groups, not to every record.
    """
    if not isinstance(records, (pa.Table, pd.DataFrame)):
        records = read_pa(records)
    return aggregate_records_arrow(records, facilities)


def record_facilities(records: pa.Table) -> pd.DataFrame:
    """det_facility, city, state, n: the distinct facilities of a record-level table and their counts."""
    key = ["det_facility", "city", "state"]
    counts = records.select(key).group_by(key).aggregate([([], "count_all")]).to_pandas()
    return counts.rename(columns={"count_all": "n"}).sort_values(key, kind="mergesort").reset_index(drop=True)


def read(path: Path = PA) -> PaData:
    records = read_pa(path)
    keys = record_facilities(records)
    keys["_state"] = keys["state"].map(state_abbr)  # as the records spell it → USPS
    return PaData(path=path, records=records, keys=keys)


def facility_keys(data: PaData) -> pd.DataFrame:
    k = data.keys
    return pd.DataFrame(
        {
            "name": k["det_facility"],
            "city": k["city"],
            "state": k["_state"],
            "source_id": sid(data.path),
            "detainers_in_records": k["n"],
        }
    )


def aggregate(data: PaData, facilities: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The records aggregated through the crosswalk (with the state as the records spell it), plus
    ``facility_year_reason_named`` (facility_year_reason with the facility's name as det_facility)."""
    pa_fac = (
        data.keys[["det_facility", "city", "state", "_state"]]
        .merge(
            facilities.rename(columns={"name": "det_facility", "state": "_state"}),
            on=["det_facility", "city", "_state"],
            how="left",
            validate="one_to_one",
        )
        .rename(columns={"det_facility": "name"})
    )
    agg = aggregate_records(data.records, pa_fac)
    fid_name = dict(zip(pa_fac["facility_id"], pa_fac["name"]))
    agg["facility_year_reason_named"] = agg["facility_year_reason"].assign(
        det_facility=agg["facility_year_reason"]["facility_id"].map(fid_name)
    )
    return agg


def unplaced_year_reason(agg: dict) -> pd.DataFrame:
    """year, lift_reason, count: records at facilities not placed in a county (state minus the counties)."""
    state = agg["state_year_reason"].set_index(["year", "lift_reason"])["count"]
    counties = agg["county_year_reason"].groupby(["year", "lift_reason"])["count"].sum()
    rest = state.sub(counties.reindex(state.index, fill_value=0), fill_value=0).astype("int64")
    return rest[rest > 0].reset_index()


def pa_rows(agg: dict, mm: dict, path: Path = PA) -> list[dict]:
    cov = coverage(path.parent.name)
    state = cov.state
    rows = []
    ev = f"computed from {rel_raw(path)}:"
    for r in row_dicts(agg["county_month"]):
        where = f"month {r['month']!r} of the records' dates"
        s, e, flag = covered(*month(*year_month(r["month"], path, where)), cov.span)
        rows.append(
            stat(
                jurisdiction_id=r["jurisdiction_id"],
                aggregation_level="county",
                unit="detainers",
                period_start=s,
                period_end=e,
                period_type="month",
                metric="detainers_issued",
                value=r["count"],
                source_id=sid(path),
                source_type="foia_data",
                flags=flag,
                evidence=f"{ev} records with month(date)={r['month']} at facilities matched to this county",
                note="record-level Pennsylvania extract; month of ICE prepare date"
                + coverage_note(flag, s, e, cov.span),
            )
        )
    for level, frame, where in (
        ("county", agg["county_year_reason"], "at facilities matched to this county"),
        ("state", agg["state_year_reason"].assign(jurisdiction_id=state), "all Pennsylvania records"),
        (
            "unplaced",
            unplaced_year_reason(agg).assign(jurisdiction_id=state),
            "at facilities not placed in a county (all records minus those of the county rows)",
        ),
    ):
        totals = frame.groupby(["jurisdiction_id", "year"], sort=True)["count"].sum().reset_index()
        lifted = (
            frame[frame["lift_reason"] != ""]
            .groupby(["jurisdiction_id", "year"], sort=True)["count"]
            .sum()
            .reset_index()
        )
        common = dict(aggregation_level=level, unit="detainers", source_id=sid(path), source_type="foia_data")
        for metric, t in (("detainers_issued", totals), ("detainers_lifted", lifted)):
            for r in row_dicts(t):
                s, e, pt, flag = year_period(int(r["year"]), cov.span)  # int64 from the aggregation
                rows.append(
                    stat(
                        **common,
                        jurisdiction_id=r["jurisdiction_id"],
                        period_start=s,
                        period_end=e,
                        period_type=pt,
                        metric=metric,
                        value=int(r["count"]),
                        flags=flag,
                        evidence=f"{ev} count of records, year={r['year']}, {where}"
                        + (", lift_reason not blank" if metric == "detainers_lifted" else ""),
                        note="calendar year of ICE prepare date",
                    )
                )
        for r in row_dicts(frame):
            s, e, pt, flag = year_period(int(r["year"]), cov.span)
            metric = mapped(mm, "lift_reason", r["lift_reason"], path, f"lift_reason {r['lift_reason']!r}")
            rows.append(
                stat(
                    **common,
                    jurisdiction_id=r["jurisdiction_id"],
                    period_start=s,
                    period_end=e,
                    period_type=pt,
                    metric=metric,
                    category=r["lift_reason"] or "no lift reason recorded",
                    value=int(r["count"]),
                    flags=flag,
                    evidence=f"{ev} records with lift_reason={r['lift_reason']!r}, year={r['year']}, {where}",
                    note="breakdown by ICE lift reason",
                )
            )
    return rows


def checks(agg: dict, npr, path: Path = PA) -> list[dict]:
    """Reconciliations of the aggregates, and against NPR's aggregates for Pennsylvania (``npr``: NprData)."""
    out = []
    pa_state = coverage(path.parent.name).state
    syr = agg["state_year_reason"]
    per_year = syr.groupby("year")["count"].sum()
    out.append(
        check_expected(
            "pa_records_per_year",
            {str(k): int(v) for k, v in per_year.items()},
            "records per calendar year (PROVENANCE figures)",
        )
    )
    out.append(check_expected("pa_records_total", int(per_year.sum())))
    cm = agg["county_month"].assign(year=agg["county_month"]["month"].str[:4].astype(int))
    county_year = cm.groupby("year")["count"].sum()
    cyr = agg["county_year_reason"].groupby("year")["count"].sum()
    out.append(
        check(
            "pa_county_months_equal_county_year_reasons",
            {str(k): int(v) for k, v in cyr.items()},
            {str(k): int(v) for k, v in county_year.items()},
        )
    )
    pa_usc = int(syr[syr["lift_reason"] == "United States Citizen Interviewed"]["count"].sum())
    npr_pa = npr.by_state[npr.by_state["state"].map(state_fips) == pa_state]["count"]
    out.append(
        check(
            "pa_us_citizens_equal_npr_americans_by_state",
            int(npr_pa.iloc[0]) if len(npr_pa) else None,
            pa_usc,
            "record-level PA vs NPR's americans_by_state.csv PENNSYLVANIA",
        )
    )
    dv = npr.declined_vs
    pa_dv = dv[dv["state"].map(state_fips) == pa_state]
    fyr = agg["facility_year_reason_named"]
    declines = fyr[fyr["lift_reason"] == "Detainer Declined by LEA"].groupby(["det_facility", "year"])["count"].sum()
    exp = {f"{r['det_facility']}|{r['year']}": int(r["declined_count"]) for r in row_dicts(pa_dv)}
    act = {k: int(declines.get((k.split("|")[0], int(k.split("|")[1])), 0)) for k in exp}
    out.append(
        check(
            "pa_record_declines_equal_npr_facility_declines",
            exp,
            act,
            "declines per PA facility-year: record-level vs NPR declined_vs_everythingelse",
        )
    )
    return out


def metrics(agg: dict, facilities: pd.DataFrame, path: Path = PA) -> dict:
    m = agg["matched"].iloc[0]
    return {
        "pa_records": int(m["records"]),
        "pa_records_matched_to_county": int(m["matched"]),
        "pa_share_matched": round(float(m["matched"]) / float(m["records"]), 4),
        "pa_records_unplaced": int(m["records"]) - int(m["matched"]),
        "pa_records_by_match_method": {
            k: int(v)
            for k, v in facilities[facilities["source_ids"].str.contains(sid(path), regex=False)]
            .groupby("match_method")["detainers_in_records"]
            .sum()
            .sort_index()
            .items()
        },
    }


def build(data: PaData, ctx: Context) -> Built:
    agg = aggregate(data, ctx.facilities)
    return Built(
        rows=pa_rows(agg, ctx.metric_map, data.path),
        checks=checks(agg, ctx.data["npr"], data.path),
        metrics=metrics(agg, ctx.facilities, data.path),
    )
