"""ICE ERO-LESA record files (UWCHR FOIA 2019-ICFO-53623): read, check, store as Parquet and count.

The files (data/raw/statistics/uwchr-ice-lesa-fy2016-2019/, listed with their kind, fiscal year and date
span in data/hand/lesa_files.csv) are gzip, pipe-delimited, with 5 preamble lines before the header on line
6. Together they hold 2.7 M rows, and the same code must take a 50 M-row file in bounded memory, so nothing
here loops over records in Python, and nothing holds a whole file:

- :func:`read_batches` streams a file with pyarrow's CSV reader, every column dictionary-encoded text (a
  column of 400,000 rows has a few hundred distinct dates, 26 areas, a few thousand landmarks);
- :func:`normalize` works on each batch's *dictionaries*: redaction markers and blanks become nulls (NA),
  ``M/D/YYYY`` dates become ``date32`` (each distinct string parsed once), and the record's month is taken;
- :func:`validate` checks the distinct values (dates inside the file's span, known areas of responsibility,
  required fields present) and finds the first bad row with one vectorized pass: InputError names the file,
  the line and the field;
- :func:`count_batch` counts rows per (month, area, category, landmark) with pyarrow's hash group-by;
- :func:`process_file` writes the normalized batches to one Parquet file (the DVC-cached record store,
  data/interim/lesa/) and returns the counts, summed over batches.

Line numbers are those of the decompressed file: the header is line 6, the first record line 7.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ..errors import InputError
from ..io import read_csv_text, row_dicts
from ..paths import HAND, RAW

LESA = RAW / "statistics" / "uwchr-ice-lesa-fy2016-2019"
FILES = HAND / "lesa_files.csv"
AOR_CODES = RAW / "reference" / "uwchr-ice-aor-reference" / "aor_codes.csv"
AOR_OFFICES = RAW / "reference" / "uwchr-ice-aor-reference" / "aor_ero_field_office.csv"
PREAMBLE_LINES = 5
FIRST_RECORD_LINE = PREAMBLE_LINES + 2
FOIA_REQUEST = "2019-ICFO-53623"
AOR_SUFFIX = " Area of Responsibility"
AOR_NOT_RECORDED = "not_recorded"  # the area code of a record whose area of responsibility is blank
DATE_SHAPE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
TEXT = pa.dictionary(pa.int32(), pa.string())
COUNT_COLUMNS = ["month", "aor", "category", "landmark", "n"]
REDUCE_EVERY = 16  # batches whose counts are summed into one table (memory stays flat on a 50 M-row file)


@dataclass(frozen=True)
class Kind:
    """One kind of LESA file: its columns (in order), the date that places a record in a period, the area of
    responsibility, the column whose values select a metric (data/hand/metric_map.csv), the landmark (the
    jail or place), the fields that must not be blank, and every date column."""

    name: str
    columns: tuple[str, ...]
    period_date: str
    aor: str
    category: str | None
    landmark: str | None
    required: tuple[str, ...]
    dates: tuple[str, ...]


KINDS = {
    k.name: k
    for k in (
        Kind(
            "arrests",
            (
                "Area of Responsibility",
                "Apprehension Date",
                "Apprehension Method",
                "Apprehension Landmark",
                "Operation",
                "Processing Disposition",
                "Birth Date",
                "Citizenship",
                "Gender",
            ),
            period_date="Apprehension Date",
            aor="Area of Responsibility",
            category="Apprehension Method",
            landmark="Apprehension Landmark",
            required=("Apprehension Date", "Apprehension Method"),
            dates=("Apprehension Date", "Birth Date"),
        ),
        Kind(
            "encounters",
            (
                "Event Area of Responsibility",
                "Event Date",
                "Landmark",
                "Operation",
                "Processing Disposition",
                "Birth Date",
                "Citizenship",
                "Gender",
            ),
            period_date="Event Date",
            aor="Event Area of Responsibility",
            category="Processing Disposition",
            landmark="Landmark",
            required=("Event Date",),
            dates=("Event Date", "Birth Date"),
        ),
        Kind(
            "removals",
            (
                "Area of Responsibility",
                "Apprehension Date",
                "Processing Disposition Code",
                "Birth Date",
                "Citizenship",
                "Gender",
                "RC Threat Level",
                "Final Charge Section",
                "Departed Date",
                "Removal Date",
            ),
            period_date="Removal Date",
            aor="Area of Responsibility",
            category=None,
            landmark=None,
            required=("Removal Date", "Departed Date"),
            dates=("Apprehension Date", "Birth Date", "Departed Date", "Removal Date"),
        ),
    )
}


@dataclass(frozen=True)
class LesaFile:
    """One row of data/hand/lesa_files.csv: a file of one kind and fiscal year, the days its records may
    carry (its coverage), and the reason. ``path`` is None for a file that was not obtained (a coverage gap:
    no rows are published for it, never zeros)."""

    kind: Kind
    fiscal_year: int
    path: Path | None
    first_day: str
    last_day: str
    reason: str

    @property
    def name(self) -> str:
        return self.path.name if self.path else f"{self.kind.name} FY{self.fiscal_year} (not obtained)"

    @property
    def stem(self) -> str:
        return self.path.name.split(".")[0] if self.path else ""


def load_files(path: Path = FILES, folder: Path = LESA) -> list[LesaFile]:
    """The LESA files, checked against the folder: every listed file exists, every .gz in it is listed."""
    df = read_csv_text(path, required=("kind", "fiscal_year", "file", "first_day", "last_day", "reason", "evidence"))
    out, seen = [], set()
    for i, r in enumerate(row_dicts(df), start=2):
        where = f"row {i}"
        if r["kind"] not in KINDS:
            raise InputError(path, f"kind {r['kind']!r} is not one of {sorted(KINDS)}", where=f"{where}, field 'kind'")
        if not re.fullmatch(r"\d{4}", r["fiscal_year"]):
            raise InputError(path, f"expected a year, got {r['fiscal_year']!r}", where=f"{where}, field 'fiscal_year'")
        for c in ("first_day", "last_day"):
            try:
                date.fromisoformat(r[c])
            except ValueError:
                raise InputError(path, f"expected YYYY-MM-DD, got {r[c]!r}", where=f"{where}, field {c!r}") from None
        if not r["first_day"] <= r["last_day"] or not r["reason"].strip():
            raise InputError(path, "expected first_day <= last_day and a reason", where=where)
        key = (r["kind"], r["fiscal_year"])
        if key in seen:
            raise InputError(path, f"duplicate row for {key}", where=where)
        seen.add(key)
        f = folder / r["file"] if r["file"] else None
        if f is not None and not f.is_file():
            raise InputError(path, f"listed file {f.name!r} is not in {folder.name}/", where=f"{where}, field 'file'")
        out.append(LesaFile(KINDS[r["kind"]], int(r["fiscal_year"]), f, r["first_day"], r["last_day"], r["reason"]))
    listed = {lf.path.name for lf in out if lf.path}
    unlisted = sorted(p.name for p in folder.glob("*.gz") if p.name not in listed)
    if unlisted:
        raise InputError(path, f"{unlisted[0]!r} is in {folder.name}/ but has no row here; add one")
    return sorted(out, key=lambda lf: (lf.kind.name, lf.fiscal_year))


def aor_codes(codes: Path = AOR_CODES, offices: Path = AOR_OFFICES) -> dict[str, str]:
    """Area of responsibility as the files write it → code: "Dallas Area of Responsibility" → DAL (UWCHR's
    aor_codes.csv); "HQ Area of Responsibility" → HQ (a code of UWCHR's aor_ero_field_office.csv)."""
    names = read_csv_text(codes, required=("aor_name", "aor_code"))
    out = {f"{n}{AOR_SUFFIX}": c for n, c in zip(names["aor_name"], names["aor_code"], strict=True)}
    for code in read_csv_text(offices, required=("aor",))["aor"]:
        if code not in out.values():  # HQ (and HAL), which aor_codes.csv does not name
            out[f"{code}{AOR_SUFFIX}"] = code
    return out


def check_preamble(lf: LesaFile) -> None:
    """The 5 preamble lines name the FOIA request and the fiscal year; line 6 is the kind's header."""
    assert lf.path is not None
    with gzip.open(lf.path, "rt", encoding="utf-8", newline="") as f:
        lines = [f.readline().rstrip("\r\n") for _ in range(PREAMBLE_LINES + 1)]
    cells = [line.split("|")[0].strip('"') for line in lines]
    if cells[2] != FOIA_REQUEST:
        raise InputError(lf.path, f"expected the FOIA request {FOIA_REQUEST!r}, got {cells[2]!r}", where="line 3")
    if f"FY{lf.fiscal_year}" not in cells[4]:
        raise InputError(lf.path, f"expected a title naming FY{lf.fiscal_year}, got {cells[4]!r}", where="line 5")
    header = tuple(c.strip('"') for c in lines[PREAMBLE_LINES].split("|"))
    if header != lf.kind.columns:
        raise InputError(
            lf.path, f"expected the {lf.kind.name} header {list(lf.kind.columns)}, got {list(header)}", where="line 6"
        )


def read_batches(path: Path, kind: Kind, block_size: int, use_threads: bool = True) -> Iterator[pa.RecordBatch]:
    """Stream the records of a LESA file (after the preamble and the header), every column dictionary text.
    ``use_threads=False`` parses on the calling thread only (when several files are read at once)."""
    try:  # the reader parses its first block when it opens
        reader = pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(
                skip_rows=PREAMBLE_LINES + 1,
                column_names=list(kind.columns),
                block_size=block_size,
                use_threads=use_threads,
            ),
            parse_options=pacsv.ParseOptions(delimiter="|"),
            convert_options=pacsv.ConvertOptions(
                column_types={c: TEXT for c in kind.columns},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        yield from reader
    except pa.ArrowInvalid as exc:  # "CSV parse error: Expected 9 columns, got 8: ..."
        raise InputError(path, f"cannot parse the pipe-delimited records: {exc}") from None


class DateParser:
    """``M/D/YYYY`` → date, each distinct string parsed once (None if not a calendar day in that form)."""

    def __init__(self) -> None:
        self.cache: dict[str, date | None] = {}

    def __call__(self, value: str) -> date | None:
        if value not in self.cache:
            m = DATE_SHAPE.fullmatch(value)
            try:
                self.cache[value] = date(int(m.group(3)), int(m.group(1)), int(m.group(2))) if m else None
            except ValueError:  # 2/30/2017
                self.cache[value] = None
        return self.cache[value]


def _null_where(col: pa.DictionaryArray, drop: pa.Array) -> pa.DictionaryArray:
    """The dictionary column with the rows whose dictionary value is flagged in ``drop`` set to null."""
    mask = pc.fill_null(pc.take(drop, col.indices), False)
    return pa.DictionaryArray.from_arrays(pc.if_else(mask, pa.scalar(None, pa.int32()), col.indices), col.dictionary)


@dataclass
class Normalized:
    """A batch with NA as nulls and dates as date32 (``table``, what Parquet stores); for checking, each date
    column as text with its dictionary's values parsed (``dates``: column → :class:`DateColumn`); and the month
    (YYYYMM int) of each record's period date."""

    table: pa.Table
    dates: dict[str, DateColumn]
    month: pa.DictionaryArray


@dataclass
class DateColumn:
    """A date column as read (dictionary text, NA as null), its distinct values parsed (``days``, null where
    not a date) and the distinct values that are neither NA nor a calendar day (``bad``)."""

    text: pa.DictionaryArray
    days: pa.Array
    bad: pa.Array


def normalize(batch: pa.RecordBatch, kind: Kind, na_values: frozenset[str], parse: DateParser) -> Normalized:
    columns, dates = {}, {}
    month = None
    na = pa.array(sorted(na_values | {""}), pa.string())
    for name in kind.columns:
        col = batch.column(name)
        drop = pc.is_in(col.dictionary, value_set=na)
        if pc.any(drop).as_py():  # most columns hold no NA value: leave their indices alone
            col = _null_where(col, drop)
        if name in kind.dates:
            parsed = [parse(v) for v in col.dictionary.to_pylist()]
            days = pa.array(parsed, pa.date32())
            dates[name] = DateColumn(col, days, pc.and_(pc.invert(drop), pc.is_null(days)))
            columns[name] = pc.take(days, col.indices)
            if name == kind.period_date:
                months = pa.array([d.year * 100 + d.month if d else None for d in parsed], pa.int32())
                month = pa.DictionaryArray.from_arrays(col.indices, months)
        else:
            columns[name] = col
    assert month is not None
    return Normalized(pa.table(columns), dates, month)


def _first_row(col: pa.DictionaryArray, bad_values: pa.Array) -> int | None:
    """The first row whose dictionary value is flagged in ``bad_values``; checked on the dictionary first, so
    a clean column costs one pass over its few distinct values, not over its rows."""
    if not pc.any(pc.fill_null(bad_values, False)).as_py():
        return None
    idx = pc.index(pc.fill_null(pc.take(bad_values, col.indices), False), True).as_py()
    return None if idx < 0 else idx


def validate(nb: Normalized, lf: LesaFile, known_aors: frozenset[str], first_line: int) -> None:
    """Required fields present, every date a calendar day (the period date inside the file's span), the area
    of responsibility known or blank. Raises InputError naming the file, the line and the field."""
    kind, t = lf.kind, nb.table

    def fail(pos: int, field: str, message: str) -> None:
        raise InputError(lf.path, message, where=f"line {first_line + pos}, field {field!r}")

    for name, dc in nb.dates.items():
        pos = _first_row(dc.text, dc.bad)
        if pos is not None:
            fail(pos, name, f"expected a date M/D/YYYY that is a calendar day, got {dc.text[pos].as_py()!r}")
    for name in kind.required:
        col = t.column(name)
        if col.null_count:
            pos = pc.index(pc.is_null(col), True).as_py()
            fail(pos, name, "required value is blank or redacted")
    lo, hi = date.fromisoformat(lf.first_day), date.fromisoformat(lf.last_day)
    period = nb.dates[kind.period_date]
    lo_, hi_ = pa.scalar(lo, pa.date32()), pa.scalar(hi, pa.date32())
    pos = _first_row(period.text, pc.or_(pc.less(period.days, lo_), pc.greater(period.days, hi_)))
    if pos is not None:
        value = t.column(kind.period_date)[pos].as_py()
        fail(pos, kind.period_date, f"date {value} is outside the file's span {lo}..{hi} (data/hand/lesa_files.csv)")
    aor = _one_chunk(t.column(kind.aor))
    unknown = pc.invert(pc.is_in(aor.dictionary, value_set=pa.array(sorted(known_aors), pa.string())))
    pos = _first_row(aor, unknown)
    if pos is not None:
        fail(pos, kind.aor, f"unknown area of responsibility {aor[pos].as_py()!r} (not in UWCHR's aor_codes.csv)")


def _one_chunk(col) -> pa.DictionaryArray:
    return col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col


def _codes(col: pa.DictionaryArray) -> tuple[np.ndarray, int]:
    """A dictionary column's indices as int64 (null → one code past the dictionary) and the number of codes."""
    n = len(col.dictionary)
    indices = col.indices if col.null_count == 0 else pc.fill_null(col.indices, n)
    return indices.to_numpy().astype(np.int64), n + 1


def _decode(codes: np.ndarray, dictionary: pa.Array) -> pa.Array:
    """Codes back to values (the code past the dictionary → null)."""
    valid = codes < len(dictionary)
    return pc.take(dictionary, pa.array(np.where(valid, codes, 0), mask=~valid))


def count_batch(nb: Normalized, kind: Kind, detail: frozenset[str] = frozenset()) -> pa.Table:
    """Rows per (month, area, category, landmark) in one batch (:data:`COUNT_COLUMNS`). The landmark is kept only
    for rows whose category is in ``detail`` (the categories counted by jail: CAP Local Incarceration, 287(g)
    Program, Detainer), null otherwise, so the counts still sum to the batch's rows. Landmarks are trimmed of
    surrounding whitespace (" ADELANTO ..." and "ADELANTO ..." are one landmark); blank = null.

    Vectorized on dictionary codes: a ``bincount`` over (date, area, category) for every row, and a sort over
    (date, area, category, landmark) for the detail rows only."""
    t = nb.table
    month_codes, n_month = _codes(nb.month)
    aor = _one_chunk(t.column(kind.aor))
    aor_codes, n_aor = _codes(aor)
    if kind.category is None:
        cat = pa.DictionaryArray.from_arrays(pa.nulls(t.num_rows, pa.int32()), pa.array([], pa.string()))
    else:
        cat = _one_chunk(t.column(kind.category))
    cat_codes, n_cat = _codes(cat)
    key = (month_codes * n_aor + aor_codes) * n_cat + cat_codes
    in_detail = np.zeros(t.num_rows, dtype=bool)
    if kind.landmark is not None and detail:
        wanted = pc.is_in(cat.dictionary, value_set=pa.array(sorted(detail), pa.string())).to_numpy(
            zero_copy_only=False
        )
        in_detail = np.append(wanted, False)[cat_codes]
    totals = np.bincount(key[~in_detail], minlength=n_month * n_aor * n_cat)
    keys = np.flatnonzero(totals)
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray | None, pa.Array | None]] = [(keys, totals[keys], None, None)]
    if in_detail.any():
        lm = _one_chunk(t.column(kind.landmark))
        trimmed = pc.utf8_trim_whitespace(lm.dictionary)
        lm = _null_where(pa.DictionaryArray.from_arrays(lm.indices, trimmed), pc.equal(trimmed, ""))
        lm_codes, n_lm = _codes(lm)
        detail_keys, n = np.unique(key[in_detail] * n_lm + lm_codes[in_detail], return_counts=True)
        parts.append((detail_keys // n_lm, n, detail_keys % n_lm, trimmed))
    tables = []
    for k, n, lm_keys, lm_dict in parts:
        landmark = (
            _decode(lm_keys, lm_dict) if lm_keys is not None and lm_dict is not None else pa.nulls(len(k), pa.string())
        )
        tables.append(
            pa.table(
                {
                    "month": _decode(k // (n_aor * n_cat), nb.month.dictionary),
                    "aor": _decode(k // n_cat % n_aor, aor.dictionary),
                    "category": _decode(k % n_cat, cat.dictionary),
                    "landmark": landmark,
                    "n": pa.array(n, pa.int64()),
                }
            )
        )
    return pa.concat_tables(tables)


def sum_counts(parts: list[pa.Table]) -> pa.Table:
    """Per-batch counts summed into one table, sorted by its keys."""
    if not parts:
        return pa.schema(
            [
                ("month", pa.int32()),
                ("aor", pa.string()),
                ("category", pa.string()),
                ("landmark", pa.string()),
                ("n", pa.int64()),
            ]
        ).empty_table()
    t = pa.concat_tables(parts)
    got = t.group_by(COUNT_COLUMNS[:-1], use_threads=False).aggregate([("n", "sum")])
    got = got.rename_columns(COUNT_COLUMNS).select(COUNT_COLUMNS)
    return got.sort_by([(c, "ascending") for c in COUNT_COLUMNS[:-1]])


@dataclass
class FileResult:
    """What one file gave: its counts (:data:`COUNT_COLUMNS`) and its number of records."""

    counts: pa.Table
    rows: int


def process_file(
    lf: LesaFile,
    parquet: Path | None,
    *,
    na_values: frozenset[str],
    known_aors: frozenset[str],
    block_size: int,
    detail: frozenset[str] = frozenset(),
    compression: str = "zstd",
    use_threads: bool = True,
) -> FileResult:
    """Read one LESA file once: check its preamble, then per batch normalize, validate, append to Parquet
    (written to a temporary name, renamed at the end) and count. Memory is bounded by the batch size."""
    assert lf.path is not None
    check_preamble(lf)
    parse = DateParser()
    parts, rows = [], 0
    tmp = parquet.with_name(parquet.name + ".tmp") if parquet else None
    writer = None
    try:
        for batch in read_batches(lf.path, lf.kind, block_size, use_threads):
            nb = normalize(batch, lf.kind, na_values, parse)
            validate(nb, lf, known_aors, FIRST_RECORD_LINE + rows)
            if tmp is not None:
                if writer is None:
                    tmp.parent.mkdir(parents=True, exist_ok=True)
                    writer = pq.ParquetWriter(tmp, nb.table.schema, compression=compression, write_statistics=False)
                writer.write_table(nb.table)
            parts.append(count_batch(nb, lf.kind, detail))
            if len(parts) >= REDUCE_EVERY:  # keep the partial counts bounded by the distinct groups, not the batches
                parts = [sum_counts(parts)]
            rows += batch.num_rows
        if writer is not None:
            writer.close()
            writer = None
            assert tmp is not None and parquet is not None
            tmp.replace(parquet)
    finally:
        if writer is not None:
            writer.close()
        if tmp is not None and tmp.exists():
            tmp.unlink()
    return FileResult(sum_counts(parts), rows)
