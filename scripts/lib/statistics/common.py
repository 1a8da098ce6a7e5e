"""What every statistics source module shares: the row shape, source ids, periods, the metric map,
reconciliation checks, and the context a source module is built in.

A source module (see :mod:`scripts.lib.statistics`) reads its raw files into a data object, names the
facilities it mentions, and builds :class:`Built` (its rows, reconciliation checks and metrics) in a
:class:`Context` that holds the shared facility crosswalk.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import us

from ..coverage import expected, is_partial, npr_span
from ..errors import InputError
from ..geo import state_fips
from ..io import read_csv_text, row_dicts
from ..manifest import sid
from ..paths import HAND, RAW
from ..periods import calendar_year
from ..schema import columns

METRIC_MAP = HAND / "metric_map.csv"

STAT_COLUMNS = columns("detainer_statistics")  # validation/schemas/detainer_statistics.yaml
NATION = "US"  # jurisdiction_id of the whole United States (contract C1); "" = the place is unknown
# aggregation_level (contract C2; validation/vocabularies.yaml): what a row's figure is the total of
LEVELS = ("nation", "ice_aor", "state", "county", "place", "facility", "agency", "unplaced")
# the facility keys a source module names: one row per (name, city, state) per source, with the number of
# records at that facility (record-level sources; 0 for aggregates)
FACILITY_KEY_COLUMNS = ["name", "city", "state", "source_id", "detainers_in_records"]


@dataclass
class Built:
    """What a source module contributes: rows (dicts with STAT_COLUMNS but stat_id), reconciliation checks
    (:func:`check`) in the order they are reported, and metrics (merged into metrics/statistics.json)."""

    rows: list[dict] = field(default_factory=list)
    checks: list[dict] = field(default_factory=list)
    metrics: dict = field(default_factory=dict)


@dataclass
class Context:
    """Shared inputs of every source module's ``build``: the jurisdiction resolver and its ids, the hand-coded
    metric map, the facility crosswalk (one row per facility, and indexed by (name, city, USPS state)), the
    stage's params, and every source's ``read`` result by module name (for cross-source reconciliations)."""

    resolver: Any
    known: set[str]
    metric_map: dict[tuple[str, str], str]
    facilities: pd.DataFrame
    fac_index: dict[tuple[str, str, str], dict]
    params: Any  # scripts.lib.params.StatisticsParams
    data: dict[str, Any]


def rel_raw(path: Path) -> str:
    return path.relative_to(RAW).as_posix()


def source_file(source_id: str) -> Path | None:
    """The raw file a source_id names (for error messages), or None."""
    collection = source_id.split("--")[0]
    for folder in sorted(RAW.glob(f"*/{collection}")):
        for f in sorted(folder.iterdir()):
            if f.is_file() and sid(f) == source_id:
                return f
    return None


def state_abbr(name: str) -> str:
    """A state as a source spells it (name, USPS code or FIPS) → USPS code, or ""."""
    st = state_fips(name)
    return getattr(us.states.lookup(st), "abbr", "") if st else ""


def year_month(value: str, path, where: str) -> tuple[int, int]:
    """ "YYYY-MM" → (year, month), or InputError naming the file and row/field."""
    m = re.fullmatch(r"(\d{4})-(\d{2})", value.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise InputError(path, f"expected a month YYYY-MM, got {value!r}", where=where)
    return int(m.group(1)), int(m.group(2))


def check_day(value: str, span: tuple[str, str], path, where: str) -> str:
    """A calendar day YYYY-MM-DD inside the source's coverage span, or InputError."""
    try:
        ok = bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)) and date.fromisoformat(value).isoformat() == value
    except ValueError:  # 2023-02-30
        ok = False
    if not ok or not span[0] <= value <= span[1]:
        raise InputError(
            path,
            f"expected a date YYYY-MM-DD from {span[0]} to {span[1]} (data/hand/source_coverage.csv), got {value!r}",
            where=where,
        )
    return value


def covered(start: str, end: str, span: tuple[str, str]) -> tuple[str, str, str]:
    """A period cut to the days its source covers: (start, end, flag). A period not wholly inside the span
    (data/hand/source_coverage.csv) carries the real first and last covered day and the flag partial_period;
    its period_type stays the nominal one (calendar_year, month)."""
    if not is_partial((start, end), span):
        return start, end, ""
    return max(start, span[0]), min(end, span[1]), "partial_period"


def coverage_note(flag: str, start: str, end: str, span: tuple[str, str]) -> str:
    """What a partial period's note adds: where the source's data end or start inside it."""
    if not flag:
        return ""
    return (f"; data end {span[1]}" if end == span[1] else "") + (f"; data start {span[0]}" if start == span[0] else "")


def year_period(year: int, span: tuple[str, str] | None = None) -> tuple[str, str, str, str]:
    """NPR years are calendar years; one not wholly inside the source's span (default NPR's, from
    data/hand/source_coverage.csv: 2007 = Oct 1-Dec 31, 2015 = Jan 1-Jul 19) carries its real coverage and
    the flag partial_period."""
    s, e, flag = covered(*calendar_year(year), npr_span() if span is None else span)
    return s, e, "calendar_year", flag


# ------------------------------------------------------------------------------------------------
# rows
# ------------------------------------------------------------------------------------------------
def stat(**kw) -> dict:
    """One detainer_statistics row: every column present ("" when not given), value_kind count by default;
    aggregation_level and unit are required (a row that does not say what it sums or counts is a bug)."""
    row = {c: "" for c in STAT_COLUMNS}
    row.update({k: ("" if v is None else v) for k, v in kw.items()})
    row["value_kind"] = row["value_kind"] or "count"
    if row["aggregation_level"] not in LEVELS:
        raise ValueError(f"aggregation_level {row['aggregation_level']!r} not one of {LEVELS}: {row['evidence']}")
    if not row["unit"]:
        raise ValueError(f"unit is required: {row['evidence']}")
    return row


def assign_ids(df: pd.DataFrame) -> pd.DataFrame:
    """stat_id = <source_id>:<hash of what the figure is about> (not of its value or wording), so a corrected
    value or snippet keeps its id and a diff between versions shows it as a changed row."""
    key_cols = [
        "source_id",
        "jurisdiction_id",
        "facility_id",
        "agency",
        "period_start",
        "period_end",
        "metric",
        "category",
        "value_kind",
        "source_url",
    ]
    text = df[key_cols].astype(str)
    keys = text[key_cols[0]].str.cat([text[c] for c in key_cols[1:]], sep="|")
    df = df.copy()
    df["stat_id"] = df["source_id"] + ":" + keys.map(lambda k: hashlib.sha1(k.encode("utf-8")).hexdigest()[:12])
    dup = df["stat_id"].duplicated(keep=False)
    if dup.any():
        first = df[dup].iloc[0]
        raise InputError(
            source_file(first["source_id"]) or first["source_id"],
            f"two statistics rows share the key {keys[dup].iloc[0]!r}",
            where=first["evidence"] or None,
        )
    return df


def check_jurisdictions(stats: pd.DataFrame, known: set[str]) -> None:
    """Every non-empty jurisdiction_id is a row of jurisdictions.csv."""
    bad = stats[(stats["jurisdiction_id"] != "") & ~stats["jurisdiction_id"].isin(known)]
    if not bad.empty:
        first = bad.iloc[0]
        raise InputError(
            source_file(first["source_id"]) or first["source_id"],
            f"jurisdiction_id {first['jurisdiction_id']!r} not in data/processed/jurisdictions.csv",
            where=first["evidence"] or None,
        )


# ------------------------------------------------------------------------------------------------
# hand-coded metric map
# ------------------------------------------------------------------------------------------------
def load_metric_map(path=METRIC_MAP) -> dict[tuple[str, str], str]:
    """(source, source_value) → metric (lift reasons, curated metrics, curated source types); and
    (source + ":unit", source_value) → what the figure counts (claim_unit vocabulary), where the row gives it."""
    df = read_csv_text(path, required=("source", "source_value", "metric", "unit", "reason"))
    out = {}
    for i, r in enumerate(row_dicts(df), start=2):
        if not r["reason"].strip() or not r["metric"].strip():
            raise InputError(path, "metric and reason are required", where=f"row {i}")
        if r["source"] != "curated_source_type" and not r["unit"].strip():
            raise InputError(path, "unit is required (what the figure counts)", where=f"row {i}, field 'unit'")
        out[(r["source"], r["source_value"])] = r["metric"]
        if r["unit"].strip():
            out[(r["source"] + ":unit", r["source_value"])] = r["unit"].strip()
    return out


def mapped(mm: dict, source: str, value: str, file, where: str) -> str:
    try:
        return mm[(source, value)]
    except KeyError:
        raise InputError(
            file,
            f"{source} {value!r} has no row in data/hand/metric_map.csv; add one "
            "(source, source_value, metric, reason)",
            where=where,
        ) from None


# ------------------------------------------------------------------------------------------------
# reconciliations
# ------------------------------------------------------------------------------------------------
def check(name: str, expected, actual, detail: str = "", known_difference=None) -> dict:
    ok = expected == actual
    out = {"name": name, "expected": expected, "actual": actual, "ok": bool(ok), "detail": detail}
    if known_difference is not None:
        out["known_difference"] = known_difference
        out["ok"] = bool(actual - expected == known_difference) if isinstance(actual, int) else False
    return out


def check_expected(name: str, actual, detail: str = "", computed=None) -> dict:
    """A check whose expected value (or accepted difference from ``computed``) is a row of
    data/hand/expected_totals.csv."""
    e = expected(name)
    return check(
        name,
        computed if e["expected"] is None else e["expected"],
        actual,
        detail,
        known_difference=e["known_difference"],
    )


def by_key(pairs) -> dict[str, int]:
    """{str(key): int(value)} sorted by key, for checks that compare per-year or per-month figures."""
    return {str(k): int(v) for k, v in sorted(pairs)}
