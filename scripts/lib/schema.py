"""Each published table's columns and primary key, declared once: in validation/schemas/<table>.yaml.

Writers take both from there (:func:`write_processed`): the column order of the CSV is the schema's
field order, rows are sorted by its primary key, and the file is data/processed/<table>.csv in the
staging area (scripts/lib/paths.py). Code that builds a table's rows uses :func:`columns` instead of a
list of its own, so a field added to or renamed in the schema changes the output, and the package
stage refuses a CSV whose header differs from its schema.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from .errors import InputError
from .io import read_yaml, write_table
from .paths import PROCESSED, VALIDATION

SCHEMAS = VALIDATION / "schemas"


@cache
def _schema(table: str, folder: Path = SCHEMAS) -> tuple[tuple[str, ...], tuple[str, ...]]:
    path = folder / f"{table}.yaml"
    s = read_yaml(path)
    if not isinstance(s, dict) or not isinstance(s.get("fields"), list):
        raise InputError(path, "expected a table schema with a list of fields (validation/README.md)")
    names = []
    for i, f in enumerate(s["fields"]):
        if not isinstance(f, dict) or not isinstance(f.get("name"), str):
            raise InputError(path, "expected a field with a name", where=f"fields[{i}]")
        names.append(f["name"])
    key = s.get("primaryKey")
    key = [key] if isinstance(key, str) else key
    if not isinstance(key, list) or not key or any(k not in names for k in key):
        raise InputError(path, f"expected a primaryKey made of the table's fields, got {key!r}", where="primaryKey")
    return tuple(names), tuple(key)


def columns(table: str) -> list[str]:
    """The table's columns in their published order."""
    return list(_schema(table)[0])


def primary_key(table: str) -> list[str]:
    return list(_schema(table)[1])


def write_processed(df: pd.DataFrame, table: str, path: Path | None = None) -> None:
    """Write the table to data/processed/<table>.csv in the staging area (or ``path``): the schema's
    columns in order, rows sorted by its primary key."""
    write_table(df, PROCESSED / f"{table}.csv" if path is None else path, columns(table), primary_key(table))
