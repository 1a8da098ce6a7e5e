"""The curated figures (data/raw/statistics/curated-detainer-figures-from-pages/): national figures (TRAC, ICE,
OIG) and jurisdiction figures (NYPD via news, the 2017 DDOR, sheriffs' statements), each with its URL and a
short quote. Their metrics and source types are mapped to the shared vocabularies by data/hand/metric_map.csv;
the periods and value kinds of the national figures come from data/hand/curated_national_periods.csv.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from ..io import read_csv_text, row_dicts, to_int
from ..paths import HAND, RAW
from ..periods import fiscal_year, month, period_type
from .common import NATION, Built, Context, mapped, sid, stat

NAME = "curated"
CURATED = RAW / "statistics" / "curated-detainer-figures-from-pages"
NATIONAL_PERIODS = HAND / "curated_national_periods.csv"


def period_of(start: str, end: str) -> tuple[str, str, str]:
    """Curated periods: YYYY-MM-DD or YYYY-MM (a month: first / last day)."""

    def one(v: str, last: bool) -> str:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            return v
        if re.fullmatch(r"\d{4}-\d{2}", v):
            s, e = month(int(v[:4]), int(v[5:]))
            return e if last else s
        raise ValueError(v)

    s, e = one(start, False), one(end, True)
    return s, e, period_type(s, e)


def curated_rows(mm: dict, resolver, folder: Path = CURATED) -> list[dict]:
    rows = []
    path = folder / "jurisdiction_detainer_claims.csv"
    df = read_csv_text(
        path,
        required=(
            "jurisdiction",
            "state",
            "agency_or_facility",
            "period_start",
            "period_end",
            "metric",
            "value",
            "source_url",
            "source_type",
            "quote_snippet_under_25_words",
            "claimant",
            "outlet",
            "published_date",
        ),
    )
    df["value"] = to_int(df, "value", path)
    for i, r in enumerate(row_dicts(df), start=2):
        where = f"row {i}"
        jid = resolver.resolve_strict(
            r["jurisdiction"], r["state"] or None, file=path, where=f"{where}, field 'jurisdiction'"
        )
        try:
            s, e, pt = period_of(r["period_start"], r["period_end"])
        except ValueError as exc:
            raise InputError(path, f"expected a date YYYY-MM-DD or YYYY-MM, got {exc}", where=where) from None
        rows.append(
            stat(
                jurisdiction_id=jid,
                aggregation_level="agency",
                unit=mapped(mm, "curated_metric:unit", r["metric"], path, f"{where}, field 'metric'"),
                agency=r["agency_or_facility"],
                period_start=s,
                period_end=e,
                period_type=pt,
                metric=mapped(mm, "curated_metric", r["metric"], path, f"{where}, field 'metric'"),
                value=r["value"],
                source_id=sid(path),
                source_type=mapped(mm, "curated_source_type", r["source_type"], path, f"{where}, field 'source_type'"),
                source_url=r["source_url"],
                evidence=r["quote_snippet_under_25_words"],
                note=f"{r['agency_or_facility']}; claimant: {r['claimant']}; outlet: {r['outlet']}"
                + (f" ({r['published_date']})" if r["published_date"] else "")
                + f"; source metric: {r['metric']}",
            )
        )
    npath = folder / "national_detainer_figures.csv"
    nat = read_csv_text(
        npath,
        required=(
            "fiscal_year",
            "metric",
            "value",
            "source_title",
            "page_or_table",
            "source_url",
            "quote_snippet_under_25_words",
        ),
    )
    nat["value"] = to_int(nat, "value", npath)
    periods = read_csv_text(
        NATIONAL_PERIODS,
        required=(
            "fiscal_year",
            "source_metric",
            "metric",
            "value_kind",
            "unit",
            "period_type",
            "period_start",
            "period_end",
            "source_type",
            "reason",
        ),
    )
    pmap = {(p["fiscal_year"], p["source_metric"]): p for p in row_dicts(periods)}
    for i, r in enumerate(row_dicts(nat), start=2):
        p = pmap.get((r["fiscal_year"], r["metric"]))
        if p is None:
            raise InputError(
                npath,
                f"no row for fiscal_year={r['fiscal_year']}, metric={r['metric']!r} in "
                "data/hand/curated_national_periods.csv",
                where=f"row {i}",
            )
        if not re.fullmatch(r"\d{4}", r["fiscal_year"]):
            raise InputError(
                npath, f"expected a year YYYY, got {r['fiscal_year']!r}", where=f"row {i}, field 'fiscal_year'"
            )
        if p["period_type"] == "fiscal_year" and (p["period_start"], p["period_end"]) != fiscal_year(
            int(r["fiscal_year"])
        ):
            raise InputError(
                NATIONAL_PERIODS,
                f"fiscal_year period for FY{r['fiscal_year']} is not Oct-Sep",
                where=f"fiscal_year={r['fiscal_year']}, source_metric={r['metric']}",
            )
        rows.append(
            stat(
                jurisdiction_id=NATION,
                aggregation_level="nation",
                unit=p["unit"],
                period_start=p["period_start"],
                period_end=p["period_end"],
                period_type=p["period_type"],
                metric=p["metric"],
                value=r["value"],
                value_kind=p["value_kind"],
                source_id=sid(npath),
                source_type=p["source_type"],
                source_url=r["source_url"],
                evidence=r["quote_snippet_under_25_words"],
                note=f"{r['source_title']}; {r['page_or_table']}; source metric: {r['metric']}",
            )
        )
    return rows


def read(folder: Path = CURATED) -> Path:
    """The curated files are read and checked in :func:`build` (their rows need the resolver)."""
    return folder


def facility_keys(data: Path) -> None:
    """The curated figures name agencies (column ``agency``), not facilities of the crosswalk."""
    return None


def build(data: Path, ctx: Context) -> Built:
    return Built(rows=curated_rows(ctx.metric_map, ctx.resolver, data))
