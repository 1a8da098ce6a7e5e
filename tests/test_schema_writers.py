"""Each table's column order and primary key are declared once, in validation/schemas/<table>.yaml, and the
writers take them from there (scripts/lib/schema.py): no list of a table's columns is typed again in code."""

from __future__ import annotations

import ast
import csv

import yaml

from conftest import ROOT, STAGED, run_module
from scripts.lib import schema

SCHEMAS = sorted((ROOT / "validation/schemas").glob("*.yaml"))


def schema_fields(path) -> list[str]:
    return [f["name"] for f in yaml.safe_load(path.read_text())["fields"]]


def test_no_column_list_of_a_table_is_written_in_code():
    """A list or tuple literal in scripts/ holding most of a table's fields is a second declaration of its
    columns (a drift waiting to happen): use scripts.lib.schema.columns(table)."""
    tables = {p.stem: set(schema_fields(p)) for p in SCHEMAS}
    found = []
    for path in sorted((ROOT / "scripts").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, (ast.List, ast.Tuple)) or len(node.elts) < 5:
                continue
            names = {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
            for table, fields in tables.items():
                if len(names & fields) >= max(5, 0.8 * len(fields)):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} lists the columns of {table}")
    assert not found, found


def test_columns_and_keys_come_from_the_schemas():
    for path in SCHEMAS:
        s = yaml.safe_load(path.read_text())
        assert schema.columns(path.stem) == schema_fields(path)
        key = s["primaryKey"] if isinstance(s["primaryKey"], list) else [s["primaryKey"]]
        assert schema.primary_key(path.stem) == key


def test_published_headers_follow_the_schemas():
    for path in SCHEMAS:
        with open(ROOT / f"data/processed/{path.stem}.csv", encoding="utf-8", newline="") as f:
            assert next(csv.reader(f)) == schema_fields(path), path.stem


def test_a_changed_schema_changes_what_the_writer_writes(repo_copy):
    """Move a field in the sources schema: the stage writes the new order (so code and schema cannot drift)."""
    path = repo_copy / "validation/schemas/sources.yaml"
    s = yaml.safe_load(path.read_text())
    s["fields"].append(s["fields"].pop(1))  # title goes last
    path.write_text(yaml.safe_dump(s, sort_keys=False, allow_unicode=True))
    r = run_module(repo_copy, "scripts.verify_sources")
    assert r.returncode == 0, r.stderr
    with open(repo_copy / STAGED / "data/processed/sources.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][-1] == "title" and rows[0][:2] == ["source_id", "publisher"]
    assert rows[1:] == sorted(rows[1:], key=lambda r: r[0])  # sorted by the primary key
