"""What changed in the published tables between two git revisions, row by row.

    python -m scripts.diff_tables REV_A REV_B [--table T ...] [--repo PATH] [--keys-only]

REV_A and REV_B are anything git understands (tags such as v0.1.0, branches, commits, HEAD~3). For
every CSV in data/processed/ at either revision, the command prints the rows added (+), removed (-)
and changed (~, with each changed field as old -> new), keyed on the table's primary key, then a
one-line summary per table and the smallest version bump the diff allows (see CHANGELOG.md).

A row removed under one key and added under another with every other published field the same was
re-keyed (its id re-derived): CHANGELOG.md calls that a MAJOR change, because an id a user kept no longer
finds the row. Such rows are listed as re-keyed (=) rather than as removed and added.

Files are read with `git show REV:path`, so nothing in the work tree is touched. The primary key of a
table is read at each revision from datapackage.json (resource `schema.primaryKey`), or else from
validation/schemas/<table>.yaml; REV_B's key wins when both exist and every key field is in both
versions of the table. A table without a known key is compared on whole rows (added and removed
only). Every cell is compared as the published text, so "1.0" -> "1" is a change.
"""

from __future__ import annotations

import argparse
import io
import json
import posixpath
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from scripts.lib.errors import InputError, run_stage
from scripts.lib.io import row_dicts
from scripts.lib.paths import ROOT

PROCESSED_DIR = "data/processed"
PACKAGE_PATH = "datapackage.json"
SCHEMAS_DIR = "validation/schemas"
BUMPS = ("patch", "minor", "major")


class GitError(InputError):
    pass


def git(repo: Path, *args: str) -> bytes:
    proc = subprocess.run(["git", "-C", str(repo), *args], capture_output=True)
    if proc.returncode != 0:
        raise GitError(None, f"git {' '.join(args)} failed: {proc.stderr.decode(errors='replace').strip()}")
    return proc.stdout


def resolve(repo: Path, rev: str) -> str:
    """The commit a revision names; a clear error if it names none."""
    try:
        return git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").decode().strip()
    except GitError:
        raise InputError(None, f"revision {rev!r} is not a commit in {repo}") from None


def list_files(repo: Path, commit: str, folder: str) -> list[str]:
    out = git(repo, "ls-tree", "-r", "--name-only", commit, "--", folder + "/").decode()
    return [p for p in out.splitlines() if p]


def show(repo: Path, commit: str, path: str) -> bytes | None:
    """The bytes of ``path`` at ``commit``; None when the file does not exist there."""
    proc = subprocess.run(["git", "-C", str(repo), "show", f"{commit}:{path}"], capture_output=True)
    return proc.stdout if proc.returncode == 0 else None


def show_listed(repo: Path, commit: str, path: str) -> bytes:
    """The bytes of a file that ``git ls-tree`` listed at ``commit``."""
    data = show(repo, commit, path)
    if data is None:
        raise InputError(None, f"cannot read {path} at {commit}")
    return data


def tables_at(repo: Path, commit: str) -> dict[str, str]:
    """Table name → path of every CSV directly in data/processed/ at a commit."""
    return {
        posixpath.basename(p)[:-4]: p
        for p in list_files(repo, commit, PROCESSED_DIR)
        if p.endswith(".csv") and posixpath.dirname(p) == PROCESSED_DIR
    }


def _as_list(key) -> list[str]:
    if key is None:
        return []
    return [key] if isinstance(key, str) else list(key)


def primary_keys_at(repo: Path, commit: str) -> dict[str, list[str]]:
    """Table name → primary key fields, from datapackage.json, else validation/schemas/*.yaml."""
    keys: dict[str, list[str]] = {}
    for path in list_files(repo, commit, SCHEMAS_DIR):
        if path.endswith((".yaml", ".yml")):
            try:
                schema = yaml.safe_load(show(repo, commit, path) or b"") or {}
            except yaml.YAMLError:
                continue
            if isinstance(schema, dict) and _as_list(schema.get("primaryKey")):
                keys[posixpath.basename(path).rsplit(".", 1)[0]] = _as_list(schema["primaryKey"])
    raw = show(repo, commit, PACKAGE_PATH)
    if raw:
        try:
            package = json.loads(raw)
        except json.JSONDecodeError:
            package = {}
        for res in package.get("resources", []):
            schema = res.get("schema")
            if not isinstance(schema, dict):  # a schema given by path is not followed
                continue
            name = res.get("name") or posixpath.basename(str(res.get("path", "")))[:-4]
            if _as_list(schema.get("primaryKey")):
                keys[name] = _as_list(schema["primaryKey"])
    return keys


def read_table(data: bytes, where: str) -> pd.DataFrame:
    try:
        return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, na_filter=False)
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise InputError(None, f"{where}: cannot parse CSV: {exc}") from None
    except pd.errors.EmptyDataError:
        return pd.DataFrame()


@dataclass
class TableDiff:
    table: str
    key: list[str]  # [] = compared on whole rows
    status: str = "same"  # same | added | removed | changed
    rows_a: int = 0
    rows_b: int = 0
    columns_added: list[str] = field(default_factory=list)
    columns_removed: list[str] = field(default_factory=list)
    key_changed: bool = False
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    changed: list[tuple[dict, dict]] = field(default_factory=list)  # (key values, {col: (old, new)})
    rekeyed: list[tuple[dict, dict]] = field(default_factory=list)  # (old key values, new key values), same row

    @property
    def bump(self) -> str:
        if self.status == "removed" or self.columns_removed or self.key_changed or self.rekeyed:
            return "major"
        if self.status == "added" or self.columns_added or self.added or self.removed or self.changed:
            return "minor"
        return "patch"


def _keyed(df: pd.DataFrame, key: list[str], where: str) -> dict[tuple, dict]:
    rows: dict[tuple, dict] = {}
    for rec in row_dicts(df):
        k = tuple(rec[c] for c in key)
        if k in rows:
            raise InputError(None, f"{where}: primary key {key} is not unique: {dict(zip(key, k))} repeats")
        rows[k] = rec
    return rows


def _rekeyed(
    removed: list[dict], added: list[dict], key: list[str], fields: list[str]
) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """Pair each removed row with an added row that has the same value in every non-key field (the same row
    under a re-derived key); returns the pairs and the rows left removed and added. Without non-key fields
    nothing pairs (a key-only table has no content to recognise a row by)."""
    if not fields:
        return [], removed, added
    waiting: dict[tuple, list[dict]] = defaultdict(list)
    for row in added:
        waiting[tuple(row[c] for c in fields)].append(row)
    pairs, still_removed = [], []
    for row in removed:
        match = waiting.get(tuple(row[c] for c in fields))
        if match:
            new = match.pop(0)
            pairs.append(({c: row[c] for c in key}, {c: new[c] for c in key}))
        else:
            still_removed.append(row)
    paired = {tuple(new[c] for c in key) for _, new in pairs}
    return pairs, still_removed, [r for r in added if tuple(r[c] for c in key) not in paired]


def diff_frames(
    table: str,
    a: pd.DataFrame | None,
    b: pd.DataFrame | None,
    key_a: list[str],
    key_b: list[str],
    where_a: str = "A",
    where_b: str = "B",
) -> TableDiff:
    """Compare two versions of one table (None = absent at that revision)."""
    if a is None or b is None:
        present = b if a is None else a
        assert present is not None, "a table absent at both revisions is never compared"
        d = TableDiff(table, key_b or key_a, status="added" if a is None else "removed")
        d.rows_a, d.rows_b = (0, len(present)) if a is None else (len(present), 0)
        (d.added if a is None else d.removed).extend(row_dicts(present))
        return d
    cols_a, cols_b = list(a.columns), list(b.columns)
    common = [c for c in cols_b if c in cols_a]
    key = next((k for k in (key_b, key_a) if k and all(c in common for c in k)), [])
    d = TableDiff(
        table,
        key,
        rows_a=len(a),
        rows_b=len(b),
        columns_added=[c for c in cols_b if c not in cols_a],
        columns_removed=[c for c in cols_a if c not in cols_b],
        key_changed=bool(key_a and key_b and key_a != key_b),
    )
    if key:
        ra, rb = _keyed(a, key, where_a), _keyed(b, key, where_b)
        d.added = [rb[k] for k in sorted(rb.keys() - ra.keys())]
        d.removed = [ra[k] for k in sorted(ra.keys() - rb.keys())]
        for k in sorted(ra.keys() & rb.keys()):
            delta = {c: (ra[k][c], rb[k][c]) for c in common if c not in key and ra[k][c] != rb[k][c]}
            if delta:
                d.changed.append((dict(zip(key, k)), delta))
        d.rekeyed, d.removed, d.added = _rekeyed(d.removed, d.added, key, [c for c in common if c not in key])
    else:
        sa = set(a[common].itertuples(index=False, name=None))
        sb = set(b[common].itertuples(index=False, name=None))
        d.added = [dict(zip(common, r)) for r in sorted(sb - sa)]
        d.removed = [dict(zip(common, r)) for r in sorted(sa - sb)]
    if d.columns_added or d.columns_removed or d.key_changed or d.added or d.removed or d.changed or d.rekeyed:
        d.status = "changed"
    return d


def diff_revisions(rev_a: str, rev_b: str, *, repo: Path = ROOT, tables: list[str] | None = None) -> list[TableDiff]:
    """One TableDiff per table in data/processed/ at either revision (or per requested table)."""
    repo = Path(repo)
    ca, cb = resolve(repo, rev_a), resolve(repo, rev_b)
    ta, tb = tables_at(repo, ca), tables_at(repo, cb)
    ka, kb = primary_keys_at(repo, ca), primary_keys_at(repo, cb)
    names = sorted(ta.keys() | tb.keys())
    if tables:
        unknown = [t for t in tables if t not in names]
        if unknown:
            raise InputError(
                None,
                f"no table {unknown} in {PROCESSED_DIR}/ at {rev_a} or {rev_b}; tables: {', '.join(names) or 'none'}",
            )
        names = [n for n in names if n in tables]
    out = []
    for name in names:
        a = read_table(show_listed(repo, ca, ta[name]), f"{rev_a}:{ta[name]}") if name in ta else None
        b = read_table(show_listed(repo, cb, tb[name]), f"{rev_b}:{tb[name]}") if name in tb else None
        out.append(
            diff_frames(
                name, a, b, ka.get(name, []), kb.get(name, []), f"{rev_a}:{ta.get(name)}", f"{rev_b}:{tb.get(name)}"
            )
        )
    return out


def _fmt_row(row: dict, key: list[str], keys_only: bool) -> str:
    head = ", ".join(f"{c}={row[c]!r}" for c in key) if key else ""
    if keys_only and key:
        return head
    rest = "; ".join(f"{c}={v!r}" for c, v in row.items() if c not in key)
    return f"{head}: {rest}" if head else rest


def format_diff(diffs: list[TableDiff], rev_a: str, rev_b: str, keys_only: bool = False) -> str:
    lines = [f"diff of {PROCESSED_DIR}/ from {rev_a} to {rev_b}"]
    for d in diffs:
        key = f"key: {', '.join(d.key)}" if d.key else "no primary key: whole rows compared"
        lines.append(f"== {d.table} ({key})")
        if d.status == "added":
            lines.append(f"  table added in {rev_b}")
        elif d.status == "removed":
            lines.append(f"  table removed in {rev_b}")
        if d.columns_added:
            lines.append(f"  fields added: {', '.join(d.columns_added)}")
        if d.columns_removed:
            lines.append(f"  fields removed: {', '.join(d.columns_removed)}")
        if d.key_changed:
            lines.append("  primary key changed")
        lines += [f"  + {_fmt_row(r, d.key, keys_only)}" for r in d.added]
        lines += [f"  - {_fmt_row(r, d.key, keys_only)}" for r in d.removed]
        for k, delta in d.changed:
            change = "; ".join(f"{c}: {old!r} -> {new!r}" for c, (old, new) in delta.items())
            lines.append(f"  ~ {_fmt_row(k, d.key, True)}: {change}")
        for old, new in d.rekeyed:
            lines.append(f"  = {_fmt_row(old, d.key, True)} -> {_fmt_row(new, d.key, True)} (same row, new key)")
        unchanged = d.rows_b - len(d.added) - len(d.changed) - len(d.rekeyed) if d.status != "removed" else 0
        lines.append(
            f"  {d.table}: {len(d.added)} added, {len(d.removed)} removed, {len(d.changed)} changed, "
            + (f"{len(d.rekeyed)} re-keyed, " if d.rekeyed else "")
            + f"{unchanged} unchanged ({d.rows_a} -> {d.rows_b} rows)"
        )
    bump = max((d.bump for d in diffs), key=BUMPS.index, default="patch")
    reason = {
        "major": "a table or field was removed, a primary key changed or rows were re-keyed (ids re-derived)",
        "minor": "values, rows, fields or tables were changed or added",
        "patch": "no published value changed",
    }[bump]
    lines.append(f"suggested version bump: {bump} ({reason}; see CHANGELOG.md)")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m scripts.diff_tables", description=__doc__.split("\n\n")[0])
    ap.add_argument("rev_a", help="old revision (tag, branch or commit), e.g. v0.1.0")
    ap.add_argument("rev_b", help="new revision, e.g. HEAD")
    ap.add_argument("--table", action="append", help="only this table (repeatable), e.g. claims")
    ap.add_argument("--repo", type=Path, default=ROOT, help="git repository (default: this one)")
    ap.add_argument("--keys-only", action="store_true", help="print only the keys of added/removed rows")
    args = ap.parse_args(argv)
    diffs = diff_revisions(args.rev_a, args.rev_b, repo=args.repo, tables=args.table)
    sys.stdout.write(format_diff(diffs, args.rev_a, args.rev_b, keys_only=args.keys_only))


if __name__ == "__main__":
    run_stage(main)
