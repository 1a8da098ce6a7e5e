"""Reading and writing tables the same way everywhere.

Writers are atomic (temporary file in the same folder, fsync, rename): a killed run leaves either the old
file or the new one. Output is deterministic: fixed column order, rows sorted by the key, `\n` line ends,
no index, floats written with a fixed format, UTF-8.

Readers never turn strings such as "NA" (Namibia, North America) into missing values: every CSV is read
as text with ``keep_default_na=False``; a stage converts the columns it needs, explicitly.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from .errors import InputError
from .limits import MAX_COUNT

FLOAT_FORMAT = "%.6g"


def sha256_file(path: Path | str, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(chunk), b""):
            h.update(block)
    return h.hexdigest()


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def remove_stale_temporaries(path: Path) -> None:
    """Remove the temporary files of ``path`` left by writers that were killed mid-write. A temporary
    file is named ``.<name>.<pid>.<random>.tmp``; one whose process is still running belongs to a
    concurrent writer and is left alone (one without a pid is from an older version of this writer)."""
    for tmp in path.parent.glob(f".{path.name}.*.tmp"):
        pid = tmp.name[len(path.name) + 2 :].split(".", 1)[0]
        if not pid.isdigit() or not _process_alive(int(pid)):
            tmp.unlink(missing_ok=True)


def atomic_write_bytes(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename (atomic on POSIX)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:  # a read-only or full file system: name the file being written
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError) and exc.errno is not None:  # name the file being written, not its temporary
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise


def atomic_write_text(path: Path | str, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def write_json(path: Path | str, obj) -> None:
    atomic_write_text(path, json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def write_yaml(path: Path | str, obj) -> None:
    atomic_write_text(path, yaml.safe_dump(obj, sort_keys=False, allow_unicode=True, width=100))


def table_bytes(df: pd.DataFrame, columns: Sequence[str], sort_by: Sequence[str]) -> bytes:
    """The canonical CSV bytes of a table: given columns in order, rows sorted, fixed float format."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"table lacks columns {missing}")
    out = df.loc[:, list(columns)].sort_values(list(sort_by), kind="mergesort").reset_index(drop=True)
    buf = io.StringIO()
    out.to_csv(buf, index=False, lineterminator="\n", float_format=FLOAT_FORMAT, na_rep="")
    return buf.getvalue().encode("utf-8")


def write_table(df: pd.DataFrame, path: Path | str, columns: Sequence[str], sort_by: Sequence[str]) -> None:
    """Write a published table atomically; rows sorted by ``sort_by`` (normally the primary key)."""
    atomic_write_bytes(path, table_bytes(df, columns, sort_by))


def read_csv_text(path: Path | str, *, required: Iterable[str] = (), encoding: str = "utf-8", **kw) -> pd.DataFrame:
    """Read a CSV with every cell as a string and no NA guessing; check the required columns exist."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "file not found")
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding=encoding, **kw)
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not valid {encoding} text (byte {exc.start})") from None
    except (pd.errors.ParserError, csv.Error) as exc:
        raise InputError(path, f"cannot parse CSV: {' '.join(str(exc).split())}") from None
    check_columns(df, path, required)
    if not isinstance(df.index, pd.RangeIndex):  # pandas took a row with one field too many as an index
        message, where = _first_long_row(path, encoding)
        raise InputError(path, message, where=where)
    return df


def _first_long_row(path: Path, encoding: str) -> tuple[str, str]:
    """(message, where) for the first row with more fields than the header."""
    with open(path, encoding=encoding, newline="") as f:
        rows = csv.reader(f)
        header = next(rows, [])
        for i, row in enumerate(rows, start=2):
            if len(row) > len(header):
                extra = row[len(header) :]
                message = f"expected {len(header)} fields as in the header, found {len(row)} (extra: {extra!r})"
                return message, f"row {i}"
    return f"a row has more fields than the header ({len(header)})", "header"


def check_columns(df: pd.DataFrame, path, required: Iterable[str]) -> None:
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise InputError(path, f"expected column(s) {missing}; found {list(df.columns)}", where="header")


def to_int(df: pd.DataFrame, column: str, path, *, row_offset: int = 2) -> pd.Series:
    """Convert a text column to integers (ASCII digits, at most limits.MAX_COUNT, never through a
    float); the first bad cell is reported by row number and value."""
    s = df[column].astype(str).str.strip()
    ok = s.str.fullmatch(f"-?[0-9]{{1,{len(str(MAX_COUNT))}}}")
    if ok.all():
        ok = s.map(lambda v: abs(int(v)) <= MAX_COUNT).astype(bool)
    if not ok.all():
        i = int((~ok).to_numpy().nonzero()[0][0])
        raise InputError(
            path,
            f"expected a whole number in ASCII digits, at most {MAX_COUNT:,}; got {df[column].iloc[i]!r}",
            where=f"row {i + row_offset}, field {column!r}",
        )
    return s.map(int).astype("int64")


def _plain_column(dtype) -> bool:
    """Columns whose ``tolist()`` holds exactly the values ``to_dict("records")`` gives: NumPy bools, numbers and
    datetimes, and pandas' default text dtype (missing = NaN). Not object columns (to_dict turns NumPy scalars
    inside them into Python ones) nor nullable ones (to_dict turns pd.NA into None)."""
    if isinstance(dtype, pd.StringDtype):
        return dtype.na_value is not pd.NA
    return isinstance(dtype, np.dtype) and dtype.kind in "biufM"


def row_dicts(df: pd.DataFrame) -> list[dict]:
    """``row_dicts(df)``: the same list of row dicts (same keys, values and types), built column by column.
    pandas boxes every value of a text column on its own there (the bulk of several stages' time on the 35,000
    jurisdictions); ``tolist()`` converts a whole column at once. Other frames go through to_dict itself."""
    columns = list(df.columns)
    if not columns or not df.columns.is_unique or not all(_plain_column(t) for t in df.dtypes):
        return df.to_dict("records")
    return [dict(zip(columns, row)) for row in zip(*(df[c].tolist() for c in columns))]


def read_yaml(path: Path | str):
    """Safe YAML only: tags such as !!python/object are refused with a clear error."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "file not found")
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.safe_load(f)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else None
        raise InputError(path, f"not safe YAML ({getattr(exc, 'problem', None) or exc})", where=where) from None
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not valid UTF-8 (byte {exc.start})") from None
