"""LESA counts as detainer_statistics rows, and the reconciliations that must hold before anything is written.

Metrics (validation/vocabularies.yaml), chosen by data/hand/metric_map.csv: every record of a kind
(``lesa_kind``: arrests → ice_arrests, removals → removals), and records whose apprehension method or
processing disposition has a row (``lesa_apprehension_method``: CAP Local Incarceration →
ice_arrests_at_local_jails, 287(g) Program → ice_arrests_287g; ``lesa_encounter_disposition``: Detainer →
detainer_encounters). The metrics chosen by a method or disposition are also counted by jail.

Rows (contract C2 levels; every row names the one file it is counted from):

- ``nation``: jurisdiction "US", by fiscal year and by month;
- ``ice_aor``: one ICE area of responsibility (its code in ``agency``; "not_recorded" when the record's area is
  blank), by month; jurisdiction "" (an area is not a jurisdiction);
- ``facility``: a facility of the landmark crosswalk, by fiscal year; jurisdiction = its county;
- ``county``: the sum of a county's facility rows (what ICE's records place in the county; records with a
  generic landmark are not in it), by fiscal year;
- ``unplaced``: per area and fiscal year, the records not placed in a county (blank, generic, ambiguous or
  not hand-coded landmark; the note breaks the total down); jurisdiction "", area code in ``agency``.

A period a file does not wholly cover (FY2019 ends 2019-09-01) carries its real last day and the flag
partial_period; the encounters of FY2018 were not obtained, so no encounter row exists for FY2018 (a
coverage gap, never zeros). Detainer encounters carry the flag not_all_detainers.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..coverage import EXPECTED_TOTALS, expected
from ..errors import InputError
from ..manifest import sid
from ..paths import RAW
from ..periods import fiscal_year, month
from ..statistics.common import NATION, check, covered
from ..statistics.facilities import facility_id
from .landmarks import UNPLACED_REASONS, Crosswalk, place
from .records import AOR_NOT_RECORDED, FileResult, LesaFile

SOURCE_TYPE = "foia_data"
# What a reader must know before using a metric's figures (the flag's definition is in the codebook).
METRIC_FLAGS = {"detainer_encounters": "not_all_detainers"}
CATEGORY_SOURCES = {"arrests": "lesa_apprehension_method", "encounters": "lesa_encounter_disposition"}
KIND_SOURCE = "lesa_kind"


@dataclass(frozen=True)
class Metric:
    """A metric counted from one kind of file: all its records (``category`` None) or those whose method or
    disposition is ``category``; ``by_jail`` when it is also counted by landmark."""

    name: str
    kind: str
    category: str | None
    unit: str

    @property
    def by_jail(self) -> bool:
        return self.category is not None


def lesa_metrics(metric_map: dict[tuple[str, str], str]) -> list[Metric]:
    """The metrics data/hand/metric_map.csv defines for LESA files (sources lesa_kind, lesa_apprehension_method,
    lesa_encounter_disposition), sorted by name."""
    out = []
    for (source, value), metric in metric_map.items():
        unit = metric_map.get((source + ":unit", value), "")
        if source == KIND_SOURCE:
            out.append(Metric(metric, value, None, unit))
        for kind, cat_source in CATEGORY_SOURCES.items():
            if source == cat_source:
                out.append(Metric(metric, kind, value, unit))
    return sorted(out, key=lambda m: m.name)


def metric_counts(
    results: list[tuple[LesaFile, FileResult]], metrics: list[Metric], aor_codes: dict[str, str]
) -> pd.DataFrame:
    """One long table of counts: metric, fiscal_year, source_id, month (YYYYMM), aor (code), landmark, n."""
    parts = []
    for lf, res in results:
        counts = res.counts.to_pandas()
        counts["aor"] = counts["aor"].map(aor_codes).fillna(AOR_NOT_RECORDED)
        for m in metrics:
            if m.kind != lf.kind.name:
                continue
            sel = counts if m.category is None else counts[counts["category"] == m.category]
            sel = sel.assign(landmark=sel["landmark"] if m.by_jail else None)
            parts.append(sel.assign(metric=m.name, fiscal_year=lf.fiscal_year, source_id=source_id(lf)))
    cols = ["metric", "fiscal_year", "source_id", "month", "aor", "landmark", "n"]
    if not parts:
        return pd.DataFrame(columns=cols)
    df = pd.concat(parts, ignore_index=True)[cols]
    df["landmark"] = df["landmark"].astype(object).where(df["landmark"].notna(), None)
    return df


def source_id(lf: LesaFile) -> str:
    assert lf.path is not None
    return sid(lf.path)


def describe(lf: LesaFile, m: Metric) -> str:
    """What was counted, for the evidence column."""
    rel = lf.path.relative_to(RAW).as_posix() if lf.path and lf.path.is_relative_to(RAW) else lf.name
    what = f"records with {lf.kind.category} = '{m.category}'" if m.category else "records"
    return f"computed from {rel}: {what}"


@dataclass
class Built:
    """The stage's rows (INTERIM_COLUMNS), the facilities it placed (FACILITY_COLUMNS), its reconciliation
    checks and its metrics."""

    rows: pd.DataFrame
    facilities: pd.DataFrame
    checks: list[dict]
    metrics: dict


def _periods(keys: pd.DataFrame, file_of: dict[str, LesaFile], period: str) -> pd.DataFrame:
    """period_start, period_end, partial flag for each (source_id, fiscal_year | month) key, each key computed
    once: a period the file does not wholly cover carries its real days (flag partial_period)."""
    out = []
    for src, value in keys.itertuples(index=False):
        lf = file_of[src]
        nominal = fiscal_year(int(value)) if period == "fiscal_year" else month(*divmod(int(value), 100))
        out.append((src, value, *covered(*nominal, (lf.first_day, lf.last_day))))
    return pd.DataFrame(out, columns=["source_id", period, "period_start", "period_end", "partial"])


def _frame(g: pd.DataFrame, level: str, period: str, ctx: dict) -> pd.DataFrame:
    """Rows of one level from an aggregate ``g`` (metric, source_id, <period>, n, plus the level's columns)."""
    keys = g[["source_id", period]].drop_duplicates()
    g = g.merge(_periods(keys, ctx["file_of"], period), on=["source_id", period], how="left")
    what = g["metric"] + "|" + g["source_id"]
    when = (
        ("FY" + g[period].astype(str))
        if period == "fiscal_year"
        else g[period].map(lambda ym: f"{int(ym) // 100:04d}-{int(ym) % 100:02d}")
    )
    out = pd.DataFrame(
        {
            "jurisdiction_id": g.get("jurisdiction_id", ""),
            "facility_id": g.get("facility_id", ""),
            "aggregation_level": level,
            "agency": g.get("agency", ""),
            "period_start": g["period_start"],
            "period_end": g["period_end"],
            "period_type": period,
            "metric": g["metric"],
            "category": "",
            "value": g["n"].astype("int64"),
            "value_kind": "count",
            "unit": g["metric"].map(ctx["unit"]),
            "source_id": g["source_id"],
            "source_type": SOURCE_TYPE,
            "source_url": "",
            "evidence": what.map(ctx["describe"]) + ", " + g["source_id"].map(ctx["date_col"]) + " in " + when,
            "flags": "",
            "note": g.get("note", ""),
        }
    )
    flags = [g["partial"], g.get("extra_flag", pd.Series("", index=g.index)), g["metric"].map(ctx["flag"])]
    out["flags"] = [";".join(f for f in fs if f) for fs in zip(*flags, strict=True)]
    return out


def build(
    results: list[tuple[LesaFile, FileResult]],
    files: list[LesaFile],
    metrics: list[Metric],
    aor_codes: dict[str, str],
    aor_names: dict[str, str],
    crosswalk: Crosswalk,
) -> Built:
    mc = metric_counts(results, metrics, aor_codes)
    by_metric = {m.name: m for m in metrics}
    file_of = {source_id(lf): lf for lf, _ in results}
    ctx = {
        "file_of": file_of,
        "unit": {m.name: m.unit for m in metrics},
        "flag": {m.name: METRIC_FLAGS.get(m.name, "") for m in metrics},
        "describe": {
            f"{m.name}|{src}": describe(lf, m) for m in metrics for src, lf in file_of.items() if lf.kind.name == m.kind
        },
        "date_col": {src: lf.kind.period_date for src, lf in file_of.items()},
    }
    area = pd.Series(aor_names)

    def area_of(codes: pd.Series, src: pd.Series) -> pd.Series:
        col = src.map({s: lf.kind.aor for s, lf in file_of.items()})
        named = col + " = '" + codes.map(area).fillna("") + "'"
        return named.where(codes != AOR_NOT_RECORDED, col + " blank")

    parts = []
    fy = mc.groupby(["metric", "source_id", "fiscal_year"], sort=True, as_index=False)["n"].sum()
    note = "ICE ERO-LESA " + fy["source_id"].map({s: lf.kind.name for s, lf in file_of.items()}) + ", FY"
    parts.append(
        _frame(
            fy.assign(jurisdiction_id=NATION, note=note + fy["fiscal_year"].astype(str)), "nation", "fiscal_year", ctx
        )
    )
    mo = mc.groupby(["metric", "source_id", "month"], sort=True, as_index=False)["n"].sum()
    note = mo["source_id"].map({s: f"ICE ERO-LESA {lf.kind.name}, FY{lf.fiscal_year}" for s, lf in file_of.items()})
    parts.append(_frame(mo.assign(jurisdiction_id=NATION, note=note), "nation", "month", ctx))
    ar = mc.groupby(["metric", "source_id", "month", "aor"], sort=True, as_index=False)["n"].sum()
    ar_frame = _frame(ar.assign(agency=ar["aor"], note=ar["aor"].map(area).fillna("")), "ice_aor", "month", ctx)
    ar_frame["evidence"] = ar_frame["evidence"] + ", " + area_of(ar["aor"], ar["source_id"]).to_numpy()
    parts.append(ar_frame)

    # facilities and the unplaced remainder, by fiscal year
    jail = mc[mc["metric"].isin([m.name for m in metrics if m.by_jail])]
    placed = place(jail, crosswalk)
    fac = crosswalk.facilities.assign(
        facility_id=pd.Series(
            [
                facility_id(f, "", s)
                for f, s in zip(crosswalk.facilities["facility"], crosswalk.facilities["state"], strict=True)
            ],
            index=crosswalk.facilities.index,
            dtype=object,
        )
    )
    at = placed[placed["decision"] == "place"].merge(fac, on=["facility", "state", "jurisdiction_id"], how="left")
    fa = at.groupby(["metric", "source_id", "fiscal_year", "facility_id"], sort=True, as_index=False)["n"].sum()
    info = fac.set_index("facility_id")
    spellings = at.groupby("facility_id")["landmark"].nunique()
    if not fa.empty:
        fa = fa.assign(
            jurisdiction_id=fa["facility_id"].map(info["jurisdiction_id"]),
            note=fa["facility_id"].map(info["facility"])
            + " ("
            + fa["facility_id"].map(info["facility_kind"])
            + "); "
            + fa["facility_id"].map(spellings).astype(str)
            + " landmark spelling(s)",
        )
        fa_frame = _frame(fa, "facility", "fiscal_year", ctx)
        fa_frame["evidence"] += ", at the landmarks placed at this facility in data/hand/lesa_landmarks.csv"
        parts.append(fa_frame)
        co = fa.groupby(["metric", "source_id", "fiscal_year", "jurisdiction_id"], sort=True, as_index=False).agg(
            n=("n", "sum"), facilities=("facility_id", "nunique")
        )
        co = co.assign(
            note="the county's jails placed by the crosswalk: " + co["facilities"].astype(str) + " facility(ies)"
        )
        co_frame = _frame(co, "county", "fiscal_year", ctx)
        co_frame["evidence"] += (
            ", at the landmarks data/hand/lesa_landmarks.csv places in this county (the sum of its facility rows; "
            "records with a blank, generic or ambiguous landmark are in the unplaced rows of their area)"
        )
        parts.append(co_frame)
    rest = placed[placed["decision"] != "place"]
    un = rest.pivot_table(
        index=["metric", "source_id", "fiscal_year", "aor"],
        columns="unplaced_reason",
        values="n",
        aggfunc="sum",
        fill_value=0,
    ).reindex(columns=list(UNPLACED_REASONS), fill_value=0)
    un.columns.name = None
    un = un.reset_index()
    un["n"] = un[list(UNPLACED_REASONS)].sum(axis=1)
    breakdown = [
        "; ".join(f"{k.replace('_', ' ')} {int(v):,}" for k, v in zip(UNPLACED_REASONS, r, strict=True))
        for r in un[list(UNPLACED_REASONS)].itertuples(index=False)
    ]
    un = un.assign(
        agency=un["aor"],
        extra_flag="location_unknown",
        note=un["aor"].map(area).fillna("") + ": " + pd.Series(breakdown, index=un.index),
    )
    un_frame = _frame(un, "unplaced", "fiscal_year", ctx)
    un_frame["evidence"] += (
        ", "
        + area_of(un["aor"], un["source_id"]).to_numpy()
        + ", landmark blank, generic, ambiguous or not hand-coded (data/hand/lesa_landmarks.csv)"
    )
    parts.append(un_frame)
    rows = pd.concat(parts, ignore_index=True)
    rows = rows.fillna({"jurisdiction_id": "", "facility_id": "", "agency": "", "note": ""})
    bad = rows["unit"].isna() | (rows["unit"] == "")
    if bad.any():
        raise InputError("data/hand/metric_map.csv", f"metric {rows['metric'][bad].iloc[0]!r} has no unit")
    facilities = facility_table(at, fac)
    checks = reconciliations(rows, mc, results, by_metric)
    return Built(rows, facilities, checks, summary(mc, placed, results, files))


def facility_table(at: pd.DataFrame, fac: pd.DataFrame) -> pd.DataFrame:
    """The facilities the rows name, in FACILITY_COLUMNS: placed by hand (match_method manual); the detainer
    encounters at the facility over every file; the files it appears in."""
    det = at[at["metric"] == "detainer_encounters"].groupby("facility_id")["n"].sum()
    srcs = at.groupby("facility_id")["source_id"].agg(lambda s: ";".join(sorted(set(s))))
    used = fac[fac["facility_id"].isin(srcs.index)].sort_values("facility_id", kind="mergesort")
    return pd.DataFrame(
        {
            "facility_id": used["facility_id"],
            "name": used["facility"],
            "city": "",
            "state": used["state"],
            "jurisdiction_id": used["jurisdiction_id"],
            "match_method": "manual",
            "match_score": "",
            "matched_name": "",
            "detainers_in_records": [int(det.get(f, 0)) for f in used["facility_id"]],
            "source_id": [srcs[f].split(";")[0] for f in used["facility_id"]],
            "source_ids": [srcs[f] for f in used["facility_id"]],
        }
    ).reset_index(drop=True)


def level_sums(rows: pd.DataFrame, levels: tuple[str, ...], period_type: str, by: list[str]) -> dict[str, int]:
    """Sum of the values of the rows at ``levels`` and ``period_type``, per ``by`` ("a | b" keys, sorted)."""
    df = rows[rows["aggregation_level"].isin(levels) & (rows["period_type"] == period_type)]
    if df.empty:
        return {}
    return {" | ".join(map(str, k)): int(v) for k, v in df.groupby(by, sort=True)["value"].sum().items()}


def reconciliations(
    rows: pd.DataFrame, mc: pd.DataFrame, results: list[tuple[LesaFile, FileResult]], by_metric: dict
) -> list[dict]:
    """The checks the stage fails on: rows per file and national totals against data/hand/expected_totals.csv
    (published figures and PROVENANCE counts), and, on the rows themselves: the months of a file sum to its
    fiscal year; the areas of responsibility sum to the nation each month; the facilities plus the unplaced
    rows sum to the nation for every fiscal year and metric counted by jail."""
    out = [check_keyed("lesa_rows_per_file", {lf.path.name: res.rows for lf, res in results if lf.path})]
    declared = expected_checks()
    fy = mc.groupby(["metric", "fiscal_year"], sort=True)["n"].sum()
    for metric in sorted(by_metric):
        if f"lesa_{metric}" in declared:
            out.append(check_keyed(f"lesa_{metric}", {str(y): int(n) for (m, y), n in fy.items() if m == metric}))
    key = ["metric", "source_id"]
    nation_fy = level_sums(rows, ("nation",), "fiscal_year", key)
    out.append(check("lesa_months_equal_fiscal_years", nation_fy, level_sums(rows, ("nation",), "month", key)))
    month_key = ["metric", "period_start"]
    out.append(
        check(
            "lesa_areas_equal_nation_each_month",
            level_sums(rows, ("nation",), "month", month_key),
            level_sums(rows, ("ice_aor",), "month", month_key),
        )
    )
    jail = {k: v for k, v in nation_fy.items() if by_metric[k.split(" | ")[0]].by_jail}
    out.append(
        check(
            "lesa_placed_plus_unplaced_equal_nation",
            jail,
            level_sums(rows, ("facility", "unplaced"), "fiscal_year", key),
            "facility + unplaced rows of every metric counted by jail, per file (fiscal year)",
        )
    )
    return out


def expected_checks() -> set[str]:
    from ..coverage import load_expected

    return set(load_expected())


def check_keyed(name: str, actual: dict[str, int]) -> dict:
    """A check against data/hand/expected_totals.csv whose expected values are keyed (a file, a fiscal year):
    only the keys declared there are compared, and each must be present."""
    e = expected(name)["expected"]
    if not isinstance(e, dict):
        raise InputError(EXPECTED_TOTALS, f"check {name!r} needs one row per key", where=f"check {name}")
    return check(name, e, {k: actual.get(k) for k in e})


def fail_broken(checks: list[dict]) -> None:
    """A reconciliation that does not hold stops the stage (InputError, exit 2; nothing is written)."""
    for c in checks:
        if not c["ok"]:
            bad = {k: (c["expected"].get(k), c["actual"].get(k)) for k in sorted(set(c["expected"]) | set(c["actual"]))}
            bad = {k: v for k, v in bad.items() if v[0] != v[1]}
            raise InputError(
                EXPECTED_TOTALS if c["name"] in expected_checks() else "data/hand/lesa_landmarks.csv",
                f"reconciliation {c['name']} broke (expected, actual): {dict(list(bad.items())[:5])}"
                + (f" ({c['detail']})" if c["detail"] else ""),
                where=f"check {c['name']}",
            )


def summary(
    mc: pd.DataFrame, placed: pd.DataFrame, results: list[tuple[LesaFile, FileResult]], files: list[LesaFile]
) -> dict:
    """metrics/lesa.json content (besides the checks): totals, coverage of the crosswalk, gaps."""
    totals = {
        m: {str(y): int(n) for y, n in g.groupby("fiscal_year", sort=True)["n"].sum().items()}
        for m, g in mc.groupby("metric", sort=True)
    }
    coverage = {}
    unplaced = {}
    for m, g in placed.groupby("metric", sort=True):
        coded = g["unplaced_reason"].isin(["", "generic", "ambiguous", "blank"])
        coverage[m] = round(float(g.loc[coded, "n"].sum() / g["n"].sum()), 4)
        unplaced[m] = {r: int(g.loc[g["unplaced_reason"] == r, "n"].sum()) for r in ("",) + UNPLACED_REASONS}
        unplaced[m]["placed"] = unplaced[m].pop("")
    return {
        "records": int(sum(res.rows for _, res in results)),
        "records_per_file": {lf.path.name: res.rows for lf, res in results if lf.path},
        "coverage_gaps": [
            {"kind": lf.kind.name, "fiscal_year": lf.fiscal_year, "reason": lf.reason}
            for lf in files
            if lf.path is None
        ],
        "totals_by_fiscal_year": totals,
        "landmark_crosswalk_coverage": coverage,
        "records_by_placement": unplaced,
    }
