"""Corrections to upstream values, declared as data (data/hand/corrections.csv), applied by code.

A raw snapshot is never edited. A wrong value upstream is fixed by one row:

    target,key,field,old,new,reason,evidence
    statistics/ice-287g-.../participatingAgencies07182025pm.xlsx,"state=X;agency=Y;support_type=Z",
        signed_raw,5025-07-07,2025-07-07,<why>,<what supports it>     (one line in the file)

- ``target``: the raw file (path under data/raw/) the value comes from;
- ``key``: ``column=value`` pairs separated by ``;`` that pick exactly one row (after the reader's own
  normalisation, e.g. stripped text);
- ``field``/``old``/``new``: the column, the value the reader produced, the value to use instead.

:func:`apply_corrections` fails with an :class:`InputError` naming the corrections row when the key no
longer picks exactly one row or the field no longer holds ``old`` (the upstream file changed: review the
correction instead of applying it blindly). Each applied correction is returned for the stage's metrics.
"""

from __future__ import annotations

import pandas as pd

from .errors import InputError
from .io import read_csv_text, row_dicts
from .paths import HAND

CORRECTIONS = HAND / "corrections.csv"
COLUMNS = ("target", "key", "field", "old", "new", "reason", "evidence")


def load_corrections(path=CORRECTIONS) -> pd.DataFrame:
    df = read_csv_text(path, required=COLUMNS)
    for i, r in enumerate(row_dicts(df), start=2):
        for c in ("target", "key", "field", "reason", "evidence"):
            if not r[c].strip():
                raise InputError(path, f"{c} is required", where=f"row {i}, field {c!r}")
    df["_row"] = range(2, len(df) + 2)
    return df


def parse_key(key: str, path, where: str) -> dict[str, str]:
    out = {}
    for part in key.split(";"):
        if "=" not in part:
            raise InputError(path, f"key part {part!r} is not column=value", where=where)
        col, val = part.split("=", 1)
        out[col.strip()] = val.strip()
    return out


def apply_corrections(
    df: pd.DataFrame, target: str, corrections: pd.DataFrame, path=CORRECTIONS
) -> tuple[pd.DataFrame, list[dict]]:
    """Apply the corrections whose target is ``target`` to ``df`` (text columns); return the new frame
    and a record of what was applied."""
    df = df.copy()
    applied = []
    for r in row_dicts(corrections[corrections["target"] == target]):
        where = f"row {r['_row']}"
        key = parse_key(r["key"], path, where)
        for col in list(key) + [r["field"]]:
            if col not in df.columns:
                raise InputError(path, f"column {col!r} not in {target}; columns are {list(df.columns)}", where=where)
        mask = pd.Series(True, index=df.index)
        for col, val in key.items():
            mask &= df[col].astype(str) == val
        n = int(mask.sum())
        if n != 1:
            raise InputError(path, f"key {r['key']!r} picks {n} rows of {target}; expected exactly 1", where=where)
        current = str(df.loc[mask, r["field"]].iloc[0])
        if current != r["old"]:
            raise InputError(
                path,
                f"{r['field']} is {current!r} in {target}, not the expected old value "
                f"{r['old']!r}; the upstream file changed, review this correction",
                where=where,
            )
        df.loc[mask, r["field"]] = r["new"]
        applied.append(
            {
                "target": target,
                "key": r["key"],
                "field": r["field"],
                "old": r["old"],
                "new": r["new"],
                "reason": r["reason"],
            }
        )
    return df, applied


def check_targets(corrections: pd.DataFrame, targets: set[str], path=CORRECTIONS) -> None:
    """Every row of the corrections file targets a file the stage reads: with apply_corrections (one row
    picked per correction, holding ``old``), every correction then applies to exactly the row it names.
    A row with another target (a typo, a file renamed upstream) stops the build instead of being ignored."""
    for r in row_dicts(corrections):
        if r["target"] not in targets:
            raise InputError(
                path,
                f"target {r['target']!r} is not a file this build corrects, so the correction would never apply; "
                f"expected one of {sorted(targets)}",
                where=f"row {r['_row']}, field 'target'",
            )
