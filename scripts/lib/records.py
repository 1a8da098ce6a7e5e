"""Record-level detainer files (one row per detainer): read, validate and aggregate them, vectorized.

Files shaped like NPR's ``requests`` table (data/raw/statistics/npr-ice-detainers-pa-2007-2015/
pa_detainers.csv): ``date`` (``YYYY-MM-DD`` or ``YYYY-MM-DD 00:00:00``), ``lift_reason`` (blank = none
recorded), ``det_facility``, ``city``, ``state``, optionally ``detainer_type``. They can hold millions of
rows (the national ICE extract has 1.8 M), so nothing here loops over records in Python:

- :func:`read_records` reads every column as text with pyarrow (no NA guessing: "NA" stays "NA");
- :func:`validate_records` checks each column's *distinct values* (a few thousand dates, a dozen lift
  reasons, a hundred facilities), then finds the first row holding a bad one with one pyarrow
  ``is_in`` pass; it raises :class:`InputError` naming the file, the row and the field;
- :func:`aggregate_records_arrow` counts rows per (facility, city, state, month, lift reason) in pyarrow
  first, then joins the facility crosswalk to that small table in pandas. Its result is identical to
  ``scripts.lib.statistics.pa.aggregate_records`` (tests/test_records.py checks it on the real PA file).

``bench/run.py`` measures both paths on a synthetic 2,000,000-row file against a bare pyarrow read.
Rows are numbered as in the other readers: the header is row 1, the first record row 2.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from .coverage import npr_span
from .errors import InputError
from .geo import state_fips
from .io import read_csv_text
from .paths import HAND

REQUIRED = ("date", "lift_reason", "det_facility", "city", "state")
NONBLANK = ("date", "det_facility", "state")  # city may be blank (some facilities have none)
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}( 00:00:00)?$"
METRIC_MAP = HAND / "metric_map.csv"


def known_lift_reasons(path: Path | str = METRIC_MAP) -> frozenset[str]:
    """The lift reasons data/hand/metric_map.csv maps to a metric (rows with source = lift_reason)."""
    df = read_csv_text(path, required=("source", "source_value"))
    return frozenset(df.loc[df["source"] == "lift_reason", "source_value"])


def read_records(path: Path | str) -> pa.Table:
    """Read a record-level CSV with pyarrow, every column as text ("" stays "", "NA" stays "NA")."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "file not found")
    with open(path, newline="", encoding="utf-8") as f:
        header = next(csv.reader(f), None)
    if not header:
        raise InputError(path, "empty file, expected a header row", where="row 1")
    convert = pacsv.ConvertOptions(
        column_types={c: pa.string() for c in header}, strings_can_be_null=False, quoted_strings_can_be_null=False
    )
    try:
        return pacsv.read_csv(path, convert_options=convert)
    except pa.ArrowInvalid as exc:  # e.g. "CSV parse error: Expected 6 columns, got 5: ..."
        raise InputError(path, f"cannot parse CSV: {exc}") from None


def _column(records: pa.Table | pd.DataFrame, name: str) -> pa.ChunkedArray:
    if isinstance(records, pa.Table):
        col = records.column(name)
    else:
        s = records[name]  # pandas' pyarrow-backed strings convert without a copy; object columns by value
        col = pa.array(s.array) if hasattr(s.array, "__arrow_array__") else pa.array(s, from_pandas=True)
        col = col if isinstance(col, pa.ChunkedArray) else pa.chunked_array([col])
    return col if pa.types.is_string(col.type) or pa.types.is_large_string(col.type) else col.cast(pa.string())


def _bad_dates(values: pa.Array, lo: str, hi: str) -> tuple[pa.Array, str]:
    """The distinct date values that are malformed, not a calendar day, or outside [lo, hi]."""
    shaped = pc.fill_null(pc.match_substring_regex(values, DATE_PATTERN), False)
    day = pc.utf8_slice_codeunits(values, 0, 10)
    parsed = pc.strptime(day, format="%Y-%m-%d", unit="s", error_is_null=True)
    real = pc.fill_null(pc.equal(pc.strftime(parsed, format="%Y-%m-%d"), day), False)  # 2013-02-30 fails
    inside = pc.and_(pc.greater_equal(day, lo), pc.less_equal(day, hi))
    ok = pc.and_(pc.and_(shaped, real), pc.fill_null(inside, False))
    return pc.filter(values, pc.invert(ok)), f"a date YYYY-MM-DD[ 00:00:00] from {lo} to {hi}"


def validate_records(
    records: pa.Table | pd.DataFrame,
    path,
    *,
    lift_reasons=None,
    date_range=None,
    required=REQUIRED,
    nonblank=NONBLANK,
    row_offset: int = 2,
) -> None:
    """Check a record-level detainer table; raise InputError at the first bad row (file, row, field).

    - the ``required`` columns exist;
    - ``date``: ``YYYY-MM-DD`` (optionally `` 00:00:00``), a real calendar day, inside ``date_range``
      (default: NPR's FOIA 15-87693 span, from data/hand/source_coverage.csv via
      :func:`scripts.lib.coverage.npr_span`);
    - ``lift_reason``: one of ``lift_reasons`` (default: those data/hand/metric_map.csv maps; blank is
      allowed because the map has a row for it);
    - ``nonblank`` columns (facility, state): not empty or only spaces;
    - ``state``: a U.S. state or territory (name, USPS code or FIPS);
    - no missing values (NaN / null) in the required columns: read the file as text, with
      ``keep_default_na=False`` (or :func:`read_records`).
    """
    columns = records.column_names if isinstance(records, pa.Table) else list(records.columns)
    missing = [c for c in required if c not in columns]
    if missing:
        raise InputError(path, f"expected column(s) {missing}; found {columns}", where="header")
    reasons = known_lift_reasons() if lift_reasons is None else frozenset(lift_reasons)
    lo, hi = npr_span() if date_range is None else date_range
    first: tuple[int, int, str, str] | None = None  # (row, column position, field, message)
    for pos, name in enumerate(required):
        col = _column(records, name)
        values = col.unique()
        problems: list[tuple[pa.Array, str]] = []
        if values.null_count:
            problems.append(
                (
                    pa.array([None], col.type),
                    "a value, got a missing value (read the file as text: keep_default_na=False)",
                )
            )
        values = values.drop_null()
        if name == "date":
            problems.append(_bad_dates(values, lo, hi))
        elif name == "lift_reason":
            ok = pc.is_in(values, value_set=pa.array(sorted(reasons), pa.string()))
            problems.append(
                (
                    pc.filter(values, pc.invert(ok)),
                    "a lift reason listed in data/hand/metric_map.csv (source = lift_reason)",
                )
            )
        elif name == "state":
            bad = [v for v in values.to_pylist() if state_fips(v) is None]  # distinct values only
            problems.append((pa.array(bad, pa.string()), "a U.S. state (name, USPS code or FIPS)"))
        if name in nonblank and name != "date":
            blank = pc.equal(pc.utf8_trim_whitespace(values), "")
            problems.append((pc.filter(values, blank), "a non-blank value"))
        for bad, expected in problems:
            if len(bad) == 0:
                continue
            hit = pc.is_null(col) if bad.null_count else pc.is_in(col, value_set=bad)
            row = pc.index(hit, True).as_py()
            if first is None or (row, pos) < first[:2]:
                got = col[row].as_py()
                message = expected if got is None else f"expected {expected}, got {got!r}"
                first = (row, pos, name, message)
    if first is not None:
        row, _, name, message = first
        raise InputError(path, message, where=f"row {row + row_offset}, field {name!r}")


def aggregate_records_arrow(records: pa.Table | pd.DataFrame, facilities: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Same contract and result as ``scripts.lib.statistics.pa.aggregate_records`` (see there), computed by
    counting records per (det_facility, city, state, month, lift_reason) in pyarrow first and joining the
    crosswalk to those few thousand groups, not to every record."""
    key = ["det_facility", "city", "state"]
    table = (
        records
        if isinstance(records, pa.Table)
        else pa.Table.from_pandas(records[["date", "lift_reason", *key]], preserve_index=False)
    )
    month = pc.utf8_slice_codeunits(table.column("date"), 0, 7)
    slim = pa.table({"month": month, **{c: table.column(c) for c in ["lift_reason", *key]}})
    groups = slim.group_by(["month", "lift_reason", *key], use_threads=True).aggregate([([], "count_all")])
    small = groups.to_pandas().rename(columns={"count_all": "count"})
    fac = facilities.rename(columns={"name": "det_facility"})[[*key, "jurisdiction_id", "facility_id"]]
    merged = small.merge(fac, on=key, how="left", validate="many_to_one")
    if merged["facility_id"].isna().any():
        miss = merged.loc[merged["facility_id"].isna(), key].sort_values(key).iloc[0].tolist()
        raise ValueError(f"record facility {miss} is not in the facility crosswalk")
    merged["year"] = merged["month"].str.slice(0, 4).astype("int64")
    merged["jurisdiction_id"] = merged["jurisdiction_id"].fillna("")
    matched = merged[merged["jurisdiction_id"] != ""]

    def total(frame, by):
        return frame.groupby(by, sort=True, observed=True)["count"].sum().astype("int64").reset_index()

    return {
        "county_month": total(matched, ["jurisdiction_id", "month"]),
        "county_year_reason": total(matched, ["jurisdiction_id", "year", "lift_reason"]),
        "state_year_reason": total(merged, ["year", "lift_reason"]),
        "facility_year_reason": total(merged, ["facility_id", "year", "lift_reason"]),
        "matched": pd.DataFrame([{"records": int(merged["count"].sum()), "matched": int(matched["count"].sum())}]),
    }
