"""Stage validate: datapackage.json + data/processed/ + validation/expectations/ → metrics/details/validation.json
and the validation report (GX Data Docs) in reports/validation/.

It checks the staged package (data/interim/staging/, see scripts/lib/paths.py), before anything is
published: the publish stage runs only after this stage has passed, and publishes only the descriptor
whose sha256 this stage recorded (metrics/details/validation.json: datapackage_sha256).

Two layers, both fail the build (exit 1) after the report is written:
1. Frictionless: the whole package — types, constraints and enums, primary keys, foreign keys across
   tables, bytes and sha256 of each file (the same check as `frictionless validate datapackage.json`).
2. Great Expectations 1.x suites, one JSON file or more per table in validation/expectations/
   (`<table>.json`, `<table>__<aspect>.json`), run with an ephemeral context on pandas frames typed from
   datapackage.json. A suite's `meta.batch` says what frame it runs on:
     {"table": T}                                 the table itself;
     "join": [{"table": U, "on": [k], "columns": {"u_col": "new_name"}, "where": {"col": value}}]
                                                  columns looked up in another table (left join on k,
                                                  optionally on the rows of U where col == value);
     "computed": [{"name": n, "op": OP, ...}]     per-row values: "length" (column: len of text),
                                                  "prefix" (column, length), "subtract" (columns [a, b]:
                                                  a - b), "sum" (columns), "days" (columns [start, end]:
                                                  inclusive length of a date period), "has_flag" (column,
                                                  term: "yes" if the ;-list holds term), "span_id" (columns
                                                  [article_id, start, end] → "<article_id>:<start>-<end>"),
                                                  "quoted_length" (columns [end, start]: the length a
                                                  quoting column must have, min(end - start,
                                                  MAX_QUOTED_CHARS), scripts/lib/limits.py);
     {"derived": NAME, "params": {...}}           a frame built by DERIVED[NAME] below: period_rollups
                                                  (finer periods sum to coarser ones), reconciliations
                                                  (declared parts sum to declared totals) or level_rollups
                                                  (a level's rows sum to the level above).
   `meta.index_columns` names the columns that identify a failing row in messages (default: the PK).
   A value set may be {"$PARAMETER": "vocabulary_<name>"}: the terms of that vocabulary in
   validation/vocabularies.yaml, so suites and schemas share one list.

The report is deterministic (same bytes on every run): the run name and time come from params.yaml
(validate.run_name, validate.run_time), ids GX draws at random are replaced by ids derived from the
suite, and the GX page templates that load CDN assets or stamp the wall clock are overridden (see
scripts/lib/gx_docs.py). The suite pages are rendered by GX's own ValidationResultsPageRenderer; the
index page is ours.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import multiprocessing
import os
import sys
import time
import uuid
import warnings
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import pandas as pd

from scripts.lib.coverage import load_expected
from scripts.lib.errors import InputError, run_stage
from scripts.lib.gx_docs import import_gx, render_docs
from scripts.lib.io import atomic_write_text, read_csv_text, read_yaml, write_json
from scripts.lib.limits import MAX_COUNT, MAX_QUOTED_CHARS
from scripts.lib.params import stage_params
from scripts.lib.paths import METRICS, ROOT, STAGING

EXIT_VALIDATION_FAILED = 1
MAX_EXAMPLES = 5
NAMESPACE = uuid.UUID("6f1c5d2e-4b1a-4c8e-9a57-2f0e6c1d9b33")  # fixed: ids derived from suite names


class Layout:
    """``root`` holds the package to check (datapackage.json, data/processed/) and receives
    metrics/details/validation.json: the staging area for the stage, a temporary copy in tests. ``inputs`` holds
    validation/ (expectations, vocabularies) and reports/ (the report); both default to ``root``."""

    def __init__(self, root: Path = STAGING, inputs: Path | None = None):
        self.root = Path(root)
        inputs = self.root if inputs is None else Path(inputs)
        self.datapackage = self.root / "datapackage.json"
        self.expectations = inputs / "validation" / "expectations"
        self.vocabularies = inputs / "validation" / "vocabularies.yaml"
        self.expected_totals = inputs / "data" / "hand" / "expected_totals.csv"
        self.metrics = self.root / METRICS.relative_to(STAGING) / "validation.json"
        self.docs = inputs / "reports" / "validation"
        self.cache = inputs / "data" / "interim" / "validation_cache"


@dataclass
class Outcome:
    metrics: dict
    failures: list[str] = field(default_factory=list)
    results: dict = field(default_factory=dict)  # suite name → scrubbed GX result (json dict)
    cache: dict | None = None  # relative path in the cache folder → entry (None: no cache kept)

    @property
    def ok(self) -> bool:
        return not self.failures


# --------------------------------------------------------------------------------- 1. frictionless


def frictionless_check(lay: Layout, tables: list[str]) -> dict:
    """The descriptor against the Data Package profile, then each table's rows: types, constraints and
    enums, primary key, foreign keys into the other tables, bytes and sha256 (what `frictionless
    validate datapackage.json` does, one resource at a time, each referenced table read once for all
    foreign keys into it). table → {valid, errors, examples, rows}."""
    from frictionless import Package

    out: dict[str, dict] = {}
    meta_report = Package.validate_descriptor(str(lay.datapackage))
    if not meta_report.valid:
        entry = out.setdefault("(package)", {"valid": True, "errors": 0, "error_types": {}, "examples": []})
        for err in meta_report.errors:
            _add_error(entry, err)
        return out
    package = Package(str(lay.datapackage))
    with shared_key_sets(package):
        reports = {table: package.get_resource(table).validate() for table in tables}
    for table in tables:
        report = reports[table]
        entry = out.setdefault(table, {"valid": True, "errors": 0, "error_types": {}, "examples": []})
        for task in report.tasks:
            entry["rows"] = task.stats.get("rows")
            for err in task.errors:
                _add_error(entry, err)
        for err in report.errors:
            _add_error(entry, err)
        entry["valid"] = entry["errors"] == 0
    return out


def key_set(package, table: str, fields: tuple[str, ...]) -> set[tuple]:
    """The key set Frictionless looks a foreign key into ``table`` up in (TableResource.__open_lookup, with its
    public API): the ``fields`` cells of every typed row, rows whose cells are all missing left out. Raises what
    reading the table raises."""
    resource = package.get_resource(table).to_copy()
    if resource.schema:
        resource.schema.foreign_keys = []
    found: set[tuple] = set()
    with resource:
        for row in resource.row_stream:
            cells = tuple(row.get(f) for f in fields)
            if set(cells) != {None}:
                found.add(cells)
    return found


@contextmanager
def shared_key_sets(package):
    """Frictionless builds a resource's foreign-key lookup each time it opens the resource, reading every table
    the keys point to row by row: `jurisdictions` (35,000 rows) was read eight times per run, half of the
    Frictionless time. Inside this block each (table, fields) key set is read once (``key_set``) and shared by
    every resource of ``package`` that points to it; the lookup is otherwise the one Frictionless builds (same
    tables, same fields, same rows left out), so the reports are the same. Frictionless 5 has no public hook for
    this: the block replaces TableResource's private lookup builder and restores it on exit, and does nothing if
    that builder is not there (another Frictionless version)."""
    from frictionless.resources.table import Lookup, TableResource

    attr = "_TableResource__open_lookup"
    original = TableResource.__dict__.get(attr)
    if original is None:
        yield
        return
    memo: dict[tuple[str, tuple[str, ...]], set[tuple]] = {}

    def open_lookup(self) -> None:
        if self.package is not package:
            return original(self)
        lookup = Lookup()
        for fk in self.schema.foreign_keys:
            source = fk["reference"]["resource"] or self.name
            fields = tuple(fk["reference"]["fields"])
            lookup.setdefault(source, {})
            if fields in lookup[source]:
                continue
            if not package.has_resource(source):  # Frictionless' own error for a missing resource
                return original(self)
            if (source, fields) not in memo:
                memo[(source, fields)] = key_set(package, source, fields)
            lookup[source][fields] = memo[(source, fields)]
        self._TableResource__lookup = lookup

    setattr(TableResource, attr, open_lookup)
    try:
        yield
    finally:
        setattr(TableResource, attr, original)


def _add_error(entry: dict, err) -> None:
    """Count an error; keep the first few with the offending row's first cells (its key, usually)."""
    entry["valid"] = False
    entry["errors"] += 1
    entry["error_types"][err.type] = entry["error_types"].get(err.type, 0) + 1
    if len(entry["examples"]) < MAX_EXAMPLES:
        message = err.message
        cells = getattr(err, "cells", None)
        if cells:
            message += f" [row starts {_short(list(cells[:3]), 160)}]"
        entry["examples"].append({"type": err.type, "message": message})


# --------------------------------------------------------------------------------- frames for GX


def typed_frame(lay: Layout, resource: dict) -> pd.DataFrame:
    """A table as pandas, typed from its schema: missing values → NA, integers/numbers → numbers,
    booleans → bool, dates stay ISO text (valid ones only). What does not parse becomes NA (frictionless
    reports it)."""
    schema = resource["schema"]
    df = read_csv_text(lay.root / resource["path"])
    missing = set(schema.get("missingValues", [""]))
    out = {}
    for f in schema["fields"]:
        if f["name"] not in df.columns:
            raise InputError(
                lay.root / resource["path"], f"column {f['name']!r} of the schema is missing", where="header"
            )
        s = df[f["name"]].where(~df[f["name"]].isin(missing), None)
        t = f["type"]
        if t == "integer":  # beyond limits.MAX_COUNT → NA (frictionless reports the schema's maximum)
            s = pd.to_numeric(s, errors="coerce").astype("float64")
            s = s.where(s.abs() <= MAX_COUNT)
            s = s.astype("int64") if s.notna().all() else s
        elif t == "number":
            s = pd.to_numeric(s, errors="coerce").astype("float64")
        elif t == "date":  # kept as ISO text (orders like the dates; reads well in messages), bad → NA
            parsed = pd.to_datetime(s, format="%Y-%m-%d", errors="coerce")
            s = s.astype(object).where(parsed.notna(), None)
        elif t == "boolean":
            s = s.map({"true": True, "false": False, "True": True, "False": False})
        else:
            s = s.astype(object).where(s.notna(), None)
        out[f["name"]] = s
    return pd.DataFrame(out)


def _series_text(df: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    out = df.copy()
    for c in cols:
        out[c] = out[c].map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v))
    return out


def period_rollups(frames: dict[str, pd.DataFrame], params: dict) -> pd.DataFrame:
    """detainer_statistics: every coarser row (month, calendar or fiscal year, span) of a series against
    the sum of its finer rows (day, month) that fall inside its period.

    A series is one collection (source_id up to "--"), metric, category, value kind, jurisdiction,
    facility, agency (an ICE area of responsibility) and aggregation level. Only series whose rows all have
    a source_type in params["source_types"] (default foia_data: record-derived counts that must add up;
    compilations of claims need not) and parents with at least one child are listed. The suite expects
    child_sum == value.

    Vectorized: parents are joined to the child rows of their series, the children inside the parent's
    period are kept and summed per parent (one group-by, no loop over rows).
    """
    st = frames[params.get("table", "detainer_statistics")]
    st = st[st["source_type"].isin(params.get("source_types", ["foia_data"]))].copy()
    st["collection"] = st["source_id"].astype(str).str.split("--").str[0]
    dims = [
        "collection",
        "metric",
        "category",
        "value_kind",
        "jurisdiction_id",
        "facility_id",
        "agency",
        "aggregation_level",
    ]
    dims = [c for c in dims if c in st.columns]
    st = _series_text(st, dims)
    rank = {"day": 0, "week": 1, "month": 2, "calendar_year": 3, "fiscal_year": 3, "span": 4}
    st["_rank"] = st["period_type"].map(rank).fillna(9)
    st["_row"] = range(len(st))  # a parent's identity (its position), whatever its stat_id
    cols = dims + [
        "series",
        "parent_stat_id",
        "parent_period_type",
        "child_period_type",
        "period_start",
        "period_end",
        "value",
        "child_sum",
        "n_children",
    ]
    parts = []
    for child_type in ("day", "month"):
        children = st.loc[st["period_type"] == child_type, dims + ["period_start", "period_end", "value"]]
        parents = st.loc[
            st["_rank"] > rank[child_type],
            dims + ["_row", "stat_id", "period_type", "period_start", "period_end", "value"],
        ]
        pairs = parents.merge(children, on=dims, how="inner", suffixes=("", "_child"))
        inside = pairs[
            (pairs["period_start_child"] >= pairs["period_start"]) & (pairs["period_end_child"] <= pairs["period_end"])
        ]
        if inside.empty:
            continue
        agg = inside.groupby("_row", sort=True)["value_child"].agg(child_sum="sum", n_children="size")
        got = parents.set_index("_row").loc[agg.index].reset_index(drop=True)
        got["child_sum"] = agg["child_sum"].to_numpy()
        got["n_children"] = agg["n_children"].to_numpy()
        got["child_period_type"] = child_type
        parts.append(got)
    if not parts:
        return pd.DataFrame([], columns=cols)
    out = pd.concat(parts, ignore_index=True)
    out["series"] = out[dims].agg(" | ".join, axis=1)
    out = out.rename(columns={"stat_id": "parent_stat_id", "period_type": "parent_period_type"})
    # built from records, as a list of rows would be, so the columns get the same inferred dtypes
    out = pd.DataFrame(out[cols].to_dict("records"), columns=cols)
    return out.sort_values(["parent_stat_id", "child_period_type"], kind="mergesort").reset_index(drop=True)


def _select(df: pd.DataFrame, where: dict) -> pd.DataFrame:
    """Rows where every column matches: a scalar (==), a list (one of), null (missing), or
    {"not": x} (!= x; {"not": null} = present)."""
    mask = pd.Series(True, index=df.index)
    for col, cond in where.items():
        negate = isinstance(cond, dict)
        v = cond["not"] if negate else cond
        if v is None:
            m = df[col].isna()
        elif isinstance(v, list):
            m = df[col].isin(v)
        else:
            m = df[col] == v
        mask &= ~m if negate else m
    return df[mask]


def reconciliations(frames: dict[str, pd.DataFrame], params: dict) -> pd.DataFrame:
    """One row per declared check and key: the sum of the `parts` rows against the sum of the `total`
    rows of the same key (`by` columns). Declared in the suite (meta.batch.params.checks):
      {"name", "parts": {col: cond}, "total": {col: cond}, "by": [cols],
       "known_differences": [{"key": "...", "parts_minus_total": n, "reason": "..."}]}
    (n is normally {"$PARAMETER": "known_difference_<check>"}: the difference declared once, with its reason, in
    data/hand/expected_totals.csv)
    A key present on one side only gets NA on the other, so it fails the equality expectation.
    """
    st = frames[params.get("table", "detainer_statistics")]
    rows = []
    for chk in params["checks"]:
        by = list(chk.get("by", []))
        known = {k["key"]: -k["parts_minus_total"] for k in chk.get("known_differences", [])}
        sides = {}
        for side in ("parts", "total"):
            sel = _series_text(_select(st, chk[side]), by)
            if by:
                g = sel.groupby(by, sort=True)["value"].agg(["sum", "count"])
                g.index = [" | ".join(k) if isinstance(k, tuple) else k for k in g.index]
            else:
                g = pd.DataFrame({"sum": [sel["value"].sum()], "count": [len(sel)]}, index=["(all)"])
            sides[side] = g
        keys = sorted(set(sides["parts"].index) | set(sides["total"].index))
        for k in keys:
            p = sides["parts"].loc[k] if k in sides["parts"].index else None
            t = sides["total"].loc[k] if k in sides["total"].index else None
            parts_sum = float(p["sum"]) if p is not None else None
            total = float(t["sum"]) if t is not None else None
            rows.append(
                {
                    "check": chk["name"],
                    "key": k,
                    "parts_sum": parts_sum,
                    "total": total,
                    "n_parts": int(p["count"]) if p is not None else 0,
                    "n_totals": int(t["count"]) if t is not None else 0,
                    "expected_diff": float(known.get(k, 0)),
                    "diff": (total - parts_sum) if parts_sum is not None and total is not None else None,
                }
            )
    cols = ["check", "key", "parts_sum", "total", "n_parts", "n_totals", "expected_diff", "diff"]
    return pd.DataFrame(rows, columns=cols)


def level_rollups(frames: dict[str, pd.DataFrame], params: dict) -> pd.DataFrame:
    """detainer_statistics: every row of a parent aggregation level against the sum of the rows of its child
    levels that lie inside it, for the same source_id, source_url, metric, category, value kind and period.

    Declared in the suite (meta.batch.params.rollups): [{"parent": level, "children": [levels]}]. A child lies
    inside a parent when its jurisdiction_id is the parent's (county ⊃ its facilities, state ⊃ its ``unplaced``
    rows), starts with the parent's state GEOID (state ⊃ its counties), or any when the parent is the nation
    (an ``unplaced`` child of the nation has an empty jurisdiction_id). Parents with at least one child are
    listed; the suite expects child_sum == value.
    """
    st = frames[params.get("table", "detainer_statistics")]
    keys = ["source_id", "source_url", "metric", "category", "value_kind", "period_start", "period_end"]
    st = _series_text(st, keys + ["jurisdiction_id", "aggregation_level"])
    cols = ["parent_stat_id", "parent_level", "child_levels", "jurisdiction_id", *keys, "value", "child_sum"]
    cols += ["n_children"]
    # the pairs are joined on one integer code of the keys, and carry only the columns the test needs (as Python
    # objects): joining on the seven text keys copied every key column of every pair, the bulk of this function
    st["_key"] = st.groupby(keys, sort=False).ngroup()
    parts = []
    for rule in params["rollups"]:
        parents = st.loc[st["aggregation_level"] == rule["parent"], ["stat_id", "jurisdiction_id", *keys, "value"]]
        children = st.loc[st["aggregation_level"].isin(rule["children"]), ["jurisdiction_id", "_key", "value"]]
        children = children.rename(columns={"value": "value_child"})
        slim = st.loc[parents.index, ["stat_id", "jurisdiction_id", "_key"]]
        pairs = slim.astype({"stat_id": object, "jurisdiction_id": object}).merge(
            children.astype({"jurisdiction_id": object}), on="_key", how="inner", suffixes=("", "_child")
        )
        jp, jc = pairs["jurisdiction_id"], pairs["jurisdiction_id_child"]
        if rule["parent"] == "nation":
            inside = pd.Series(True, index=pairs.index)
        elif rule["parent"] == "state":
            inside = jc.str[:2] == jp
        else:
            inside = jc == jp
        pairs = pairs[inside]
        if pairs.empty:
            continue
        agg = pairs.groupby("stat_id", sort=True)["value_child"].agg(child_sum="sum", n_children="size")
        got = parents.set_index("stat_id").loc[agg.index].reset_index()
        got["child_sum"] = agg["child_sum"].to_numpy()
        got["n_children"] = agg["n_children"].to_numpy()
        got["parent_level"] = rule["parent"]
        got["child_levels"] = " + ".join(rule["children"])
        parts.append(got.rename(columns={"stat_id": "parent_stat_id"}))
    if not parts:
        return pd.DataFrame([], columns=cols)
    out = pd.concat(parts, ignore_index=True)
    out = pd.DataFrame(out[cols].to_dict("records"), columns=cols)
    return out.sort_values(["parent_stat_id", "child_levels"], kind="mergesort").reset_index(drop=True)


DERIVED = {"period_rollups": period_rollups, "reconciliations": reconciliations, "level_rollups": level_rollups}


def batch_frame(spec: dict, frames: dict[str, pd.DataFrame], suite_path: Path) -> pd.DataFrame:
    if "derived" in spec:
        return DERIVED[spec["derived"]](frames, spec.get("params") or {})
    df = frames[spec["table"]].copy()
    for j in spec.get("join", []):
        on = j["on"]
        right = frames[j["table"]]
        for col, value in (j.get("where") or {}).items():
            right = right[right[col] == value]
        right = right[on + list(j["columns"])].rename(columns=j["columns"])
        if right.duplicated(on).any():
            raise InputError(suite_path, f"join key {on} is not unique in table {j['table']!r}", where="meta.batch")
        df = df.merge(right, on=on, how="left", validate="many_to_one")
    for c in spec.get("computed", []):
        if c["op"] == "length":
            df[c["name"]] = df[c["column"]].map(lambda v: len(v) if isinstance(v, str) else None)
        elif c["op"] == "prefix":
            df[c["name"]] = df[c["column"]].map(lambda v, n=int(c["length"]): v[:n] if isinstance(v, str) else None)
        elif c["op"] == "subtract":
            a, b = c["columns"]
            df[c["name"]] = df[a] - df[b]
        elif c["op"] == "quoted_length":  # a span longer than the limit is published cut to it
            a, b = c["columns"]
            df[c["name"]] = (df[a] - df[b]).clip(upper=MAX_QUOTED_CHARS)
        elif c["op"] == "span_id":
            a, st, en = c["columns"]
            df[c["name"]] = [
                f"{x}:{int(y)}-{int(z)}" if x is not None and pd.notna(y) and pd.notna(z) else None
                for x, y, z in zip(df[a], df[st], df[en])
            ]
        elif c["op"] == "sum":
            df[c["name"]] = df[list(c["columns"])].sum(axis=1, min_count=len(c["columns"]))
        elif c["op"] == "has_flag":  # a ;-separated list (flags) holds the term → "yes" / "no"
            df[c["name"]] = df[c["column"]].map(
                lambda v, t=c["term"]: "yes" if isinstance(v, str) and t in v.split(";") else "no"
            )
        elif c["op"] == "days":
            a, b = c["columns"]
            start, end = (pd.to_datetime(df[x], format="%Y-%m-%d", errors="coerce") for x in (a, b))
            df[c["name"]] = (end - start).dt.days + 1
        else:
            raise InputError(
                suite_path,
                f"unknown computed op {c['op']!r} "
                "(length, prefix, subtract, quoted_length, sum, days, span_id, has_flag)",
                where="meta.batch",
            )
    return df


def suite_tables(spec: dict) -> list[str]:
    if "derived" in spec:
        return [(spec.get("params") or {}).get("table", "detainer_statistics")]
    return [spec["table"]] + [j["table"] for j in spec.get("join", [])]


# --------------------------------------------------------------------------------- result cache


GROWN_MAX_BYTES = 1_000_000  # referenced tables up to this size are compared by key set (sources: 80 kB)


class ResultCache:
    """Per-table Frictionless results and per-suite GX results of the last run, each kept with the sha256 of
    everything it was computed from (data/interim/validation_cache/, a `persist` output of the stage), so that a
    run re-checks only the tables and suites whose inputs changed (adding an article leaves the detainer
    statistics, jurisdictions and facilities, most of the GX work, unchanged).

    A key covers the code (scripts/validate.py and the scripts/lib modules it imports), the tool versions, the run
    name and time, and the bytes and descriptor of every table the result reads: for Frictionless the table and
    the tables its foreign keys point to (a small one, such as `sources`, by its descriptor and the key set looked
    up in it: see get_frictionless); for a GX suite the suite (its parameters substituted), every suite parameter
    and the tables of its batch. A hit is the stored result, which is what the check returns on the
    same inputs (the results are deterministic), so the outputs are byte-identical to a full run. After a run the
    folder holds exactly the current tables' and suites' entries."""

    def __init__(self, folder: Path, lay: Layout, resources: dict[str, dict], salt: dict):
        self.folder = folder
        self.lay = lay
        self.resources = resources
        code = hashlib.sha256()
        modules = [m for name, m in sys.modules.items() if name == __name__ or name.startswith("scripts.lib")]
        for path in sorted({Path(f).resolve() for m in modules if (f := getattr(m, "__file__", None))}):
            code.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
        self.salt = {**salt, "code": code.hexdigest()}
        self._sha: dict[str, str | None] = {}
        self._lookups: dict[tuple, set[tuple] | None] = {}
        self._package: Any = None  # frictionless.Package, opened for key sets only when needed
        self.entries: dict[str, dict] = {}  # what the folder holds after this run
        self.hits: list[str] = []

    def table(self, name: str) -> dict:
        """A table's descriptor and the sha256 of its file (None when it is not one readable file)."""
        if name not in self._sha:
            path = self.resources.get(name, {}).get("path")
            f = self.lay.root / path if isinstance(path, str) else None
            self._sha[name] = hashlib.sha256(f.read_bytes()).hexdigest() if f is not None and f.is_file() else None
        return {"resource": self.resources.get(name), "sha256": self._sha[name]}

    def key(self, payload: dict) -> str:
        text = json.dumps({"salt": self.salt, **payload}, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def get(self, relp: str, key: str):
        path = self.folder / relp
        if not path.is_file():
            return None
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            return None
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        self.entries[relp] = entry
        self.hits.append(relp)
        return entry["result"]

    def put(self, relp: str, key: str, result) -> None:
        self.entries[relp] = {"key": key, "result": result}

    def references(self, table: str) -> tuple[list[str], dict[str, list[tuple[str, ...]]]]:
        """The tables a table's foreign keys point to: those whose bytes its key covers, and the small ones
        (GROWN_MAX_BYTES, text keys on both sides) it depends on only through their key sets → [key fields]."""
        schema = (self.resources.get(table) or {}).get("schema") or {}
        types = {f.get("name"): f.get("type", "string") for f in schema.get("fields", [])}
        exact: set[str] = set()
        grown: dict[str, set[tuple[str, ...]]] = {}
        for fk in schema.get("foreignKeys", []):
            ref = fk.get("reference") or {}
            r = ref.get("resource") or table
            own, theirs = (
                tuple([f] if isinstance(f, str) else f) for f in (fk.get("fields", []), ref.get("fields", []))
            )
            r_schema = (self.resources.get(r) or {}).get("schema") or {}
            r_types = {f.get("name"): f.get("type", "string") for f in r_schema.get("fields", [])}
            path = (self.resources.get(r) or {}).get("path")
            f = self.lay.root / path if isinstance(path, str) else None
            small = f is not None and f.is_file() and f.stat().st_size <= GROWN_MAX_BYTES
            text = all(types.get(c) == "string" for c in own) and all(r_types.get(c) == "string" for c in theirs)
            if r != table and small and text:
                grown.setdefault(r, set()).add(theirs)
            else:
                exact.add(r)
        return sorted(exact), {r: sorted(k) for r, k in sorted(grown.items()) if r not in exact}

    def frictionless_key(self, table: str) -> str:
        exact, grown = self.references(table)
        descriptors = {
            r: {k: v for k, v in (self.resources.get(r) or {}).items() if k not in ("bytes", "hash")} for r in grown
        }
        return self.key(
            {
                "frictionless": self.table(table),
                "references": {r: self.table(r) for r in exact},
                "grown": {r: {"descriptor": descriptors[r], "keys": grown[r]} for r in grown},
            }
        )

    def lookup(self, table: str, fields: tuple[str, ...]) -> set[tuple] | None:
        """The key set Frictionless looks a foreign key up in (Resource.__open_lookup, with its public API): the
        key cells of every row of the table, rows whose cells are all missing left out. None when the table cannot
        be read (then the tables pointing to it are checked afresh, and Frictionless reports it)."""
        if (table, fields) not in self._lookups:
            from frictionless import Package

            keys: set[tuple] | None
            try:
                if self._package is None:
                    self._package = Package(str(self.lay.datapackage))
                keys = key_set(self._package, table, fields)
            except Exception:  # any failure to read it: no reuse
                keys = None
            self._lookups[(table, fields)] = keys
        return self._lookups[(table, fields)]

    def lookups(self, table: str) -> dict | None:
        out: dict = {}
        for r, keysets in self.references(table)[1].items():
            for fields in keysets:
                keys = self.lookup(r, fields)
                if keys is None:
                    return None
                out.setdefault(r, {})["|".join(fields)] = sorted(map(list, keys), key=json.dumps)
        return out

    def _grown_only(self, stored: dict, r: str, fields: tuple[str, ...]) -> bool:
        old, new = stored.get(r, {}).get("|".join(fields)), self.lookup(r, fields)
        return old is not None and new is not None and {tuple(x) for x in old} <= new

    def get_frictionless(self, table: str, key: str):
        """A table's cached result, also when a small table its foreign keys point to changed: if the result had
        no error and every key set it was checked against only grew, the same check gives the same result (every
        key it looked up is still there; nothing else of that table is read)."""
        relp = f"frictionless/{table}.json"
        result = self.get(relp, key)
        grown = self.references(table)[1]
        if result is None or not grown:
            return result
        stored = self.entries[relp].get("lookups") or {}
        ok = result.get("errors") == 0 and all(
            self._grown_only(stored, r, fields) for r, keysets in grown.items() for fields in keysets
        )
        lookups = self.lookups(table) if ok else None
        if lookups is None:
            del self.entries[relp]
            self.hits.remove(relp)
            return None
        self.entries[relp] = {**self.entries[relp], "lookups": lookups}  # what a full run writes
        return result

    def put_frictionless(self, table: str, key: str, result) -> None:
        self.put(f"frictionless/{table}.json", key, result)
        if self.references(table)[1] and result.get("errors") == 0:
            lookups = self.lookups(table)
            if lookups is not None:  # without them the entry is reused only while nothing it points to changes
                self.entries[f"frictionless/{table}.json"]["lookups"] = lookups

    def suite_key(self, suite: dict, parameters: dict, pks: dict) -> str:
        tables = {t: self.table(t) for t in suite_tables(suite["meta"]["batch"])}
        return self.key({"suite": suite, "parameters": parameters, "pks": pks, "tables": tables})


# --------------------------------------------------------------------------------- 2. GX suites


def load_suites(lay: Layout, tables: list[str], partial: bool) -> list[tuple[str, dict, Path]]:
    suites = []
    for path in sorted(lay.expectations.glob("*.json")):
        try:
            d = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise InputError(path, f"not valid JSON ({exc.msg})", where=f"line {exc.lineno}") from None
        meta = d.get("meta") or {}
        spec = meta.get("batch")
        if not isinstance(spec, dict) or not ({"table", "derived"} & set(spec)):
            raise InputError(path, "expected meta.batch with 'table' or 'derived'", where="meta.batch")
        if "derived" in spec and spec["derived"] not in DERIVED:
            raise InputError(
                path, f"unknown derived frame {spec['derived']!r}; known: {sorted(DERIVED)}", where="meta.batch"
            )
        if d.get("name") != path.stem:
            raise InputError(path, f"suite name {d.get('name')!r} must equal the file name {path.stem!r}")
        if not meta.get("table"):
            raise InputError(path, "expected meta.table: the table this suite is about", where="meta.table")
        absent = [t for t in suite_tables(spec) + [meta["table"]] if t not in tables]
        if absent:
            if partial:
                continue
            raise InputError(path, f"suite needs table(s) {absent} that datapackage.json does not describe")
        suites.append((path.stem, d, path))
    if not partial:
        uncovered = sorted(set(tables) - {d["meta"]["table"] for _, d, _ in suites})
        if uncovered:
            raise InputError(
                lay.expectations,
                f"table(s) without an expectation suite: {uncovered}; add validation/expectations/<table>.json",
            )
    return suites


def vocabulary_parameters(lay: Layout) -> dict[str, list[str]]:
    vocabs = read_yaml(lay.vocabularies)
    if not isinstance(vocabs, dict):
        raise InputError(lay.vocabularies, "expected a mapping vocabulary → {term: definition}")
    return {f"vocabulary_{name}": list(terms) for name, terms in vocabs.items()}


def expected_parameters(lay: Layout) -> dict[str, int]:
    """The expected totals of data/hand/expected_totals.csv (the one declaration, also read by the statistics
    stage) as suite parameters: ``expected_<check>`` (or ``expected_<check>__<key>``) and
    ``known_difference_<check>`` (actual - expected, as the stage computes it)."""
    out: dict[str, int] = {}
    for check, e in load_expected(lay.expected_totals).items():
        if isinstance(e["expected"], dict):
            out.update({f"expected_{check}__{k}": v for k, v in e["expected"].items()})
        elif e["expected"] is not None:
            out[f"expected_{check}"] = e["expected"]
        if e["known_difference"] is not None:
            out[f"known_difference_{check}"] = e["known_difference"]
    return out


def with_parameters(obj, parameters: dict, where: Path):
    """``obj`` with every {"$PARAMETER": name} replaced by its value (for derived-frame params)."""
    if isinstance(obj, dict):
        if set(obj) == {"$PARAMETER"}:
            if obj["$PARAMETER"] not in parameters:
                raise InputError(where, f"unknown parameter {obj['$PARAMETER']!r}", where="meta.batch.params")
            return parameters[obj["$PARAMETER"]]
        return {k: with_parameters(v, parameters, where) for k, v in obj.items()}
    if isinstance(obj, list):
        return [with_parameters(v, parameters, where) for v in obj]
    return obj


def run_suites(suites, frames, pks: dict[str, list[str]], parameters: dict, run_name: str, run_time: str) -> dict:
    """Run every suite on its frame with an ephemeral GX context; return name → scrubbed result dict."""
    gx = import_gx()
    from great_expectations.core.run_identifier import RunIdentifier

    warnings.filterwarnings("ignore", category=DeprecationWarning)
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = context.data_sources.add_pandas("processed")
    results = {}
    for name, d, path in suites:
        spec = d["meta"]["batch"]
        df = batch_frame(spec, frames, path)
        index_cols = d["meta"].get("index_columns") or pks.get(spec.get("table", ""), [])
        missing = [c for c in index_cols if c not in df.columns]
        if missing:
            raise InputError(path, f"index column(s) {missing} not in the batch", where="meta.index_columns")
        body = {k: v for k, v in d.items() if k not in ("id",)}
        body["expectations"] = [{k: v for k, v in e.items() if k != "id"} for e in d.get("expectations", [])]
        try:
            suite = context.suites.add(gx.ExpectationSuite(**body))
        except Exception as exc:  # GX raises pydantic / its own errors for a bad expectation
            raise InputError(path, f"not a valid GX suite: {exc}") from None
        asset = source.add_dataframe_asset(name=name)
        batch_def = asset.add_batch_definition_whole_dataframe("all_rows")
        vd = context.validation_definitions.add(gx.ValidationDefinition(name=name, data=batch_def, suite=suite))
        result_format = {"result_format": "SUMMARY", "partial_unexpected_count": 20}
        if index_cols:
            result_format["unexpected_index_column_names"] = index_cols
        res = vd.run(
            batch_parameters={"dataframe": df},
            result_format=result_format,
            expectation_parameters=parameters,
            run_id=RunIdentifier(run_name=run_name, run_time=dt.datetime.fromisoformat(run_time)),
        )
        results[name] = scrub(res.to_json_dict(), name, run_time)
        results[name]["_rows"] = len(df)
    return results


def scrub(result: dict, suite_name: str, run_time: str) -> dict:
    """Replace what GX draws from the clock or at random by values fixed by the suite and params."""
    meta = result.get("meta", {})
    meta["validation_id"] = str(uuid.uuid5(NAMESPACE, f"validation:{suite_name}"))
    meta["validation_time"] = run_time
    if isinstance(meta.get("run_id"), dict):
        meta["run_id"]["run_time"] = run_time
    markers = meta.get("batch_markers") or {}
    if "ge_load_time" in markers:
        markers["ge_load_time"] = dt.datetime.fromisoformat(run_time).strftime("%Y%m%dT%H%M%S.%fZ")
    for i, r in enumerate(result.get("results", [])):
        cfg = r.get("expectation_config") or {}
        cfg["id"] = str(uuid.uuid5(NAMESPACE, f"{suite_name}:{i}"))
    result["id"] = None
    return json.loads(json.dumps(result, sort_keys=True, default=str))


def describe_failure(table: str, suite: str, r: dict) -> str:
    cfg = r["expectation_config"]
    kwargs = {k: v for k, v in cfg["kwargs"].items() if k not in ("batch_id", "result_format")}
    check = (cfg.get("meta") or {}).get("check", "")
    res = r.get("result") or {}
    parts = [f"FAIL {table} [GX suite {suite}] {cfg['type']}({_short(kwargs)})"]
    if check:
        parts.append(f"check: {check}")
    if r.get("exception_info", {}).get("raised_exception"):
        parts.append(f"error: {r['exception_info'].get('exception_message')}")
    if "unexpected_count" in res:
        parts.append(f"{res['unexpected_count']} of {res.get('element_count')} rows unexpected")
    if "observed_value" in res:
        parts.append(f"observed {_short(res['observed_value'])}")
    examples = res.get("partial_unexpected_index_list") or res.get("partial_unexpected_list") or []
    if examples:
        parts.append(f"examples: {_short(examples[:MAX_EXAMPLES])}")
    return "; ".join(parts)


def _short(obj, limit: int = 400) -> str:
    s = json.dumps(obj, sort_keys=True, default=str, ensure_ascii=False)
    return s if len(s) <= limit else s[:limit] + "…"


@contextmanager
def utc_process_time_zone():
    """GX localizes run times to the process time zone when it serializes results; pin it to UTC while
    validating (and restore it after) so the report does not depend on the machine's TZ."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


def validate_directory(
    root: Path = STAGING,
    *,
    inputs: Path | None = None,
    run_name: str,
    run_time: str,
    partial: bool = False,
    only: list[str] | None = None,
    progress=print,
    cache: bool = False,
) -> tuple[Outcome, dict, dict]:
    """Run both layers on the package under ``root``; return (outcome, frictionless results, docs files).

    Nothing is written here, so tests can point it at a temporary copy of the repository. ``only``
    restricts the run to some tables (their rows, keys and suites; foreign keys still look up the
    whole package) — for tests and debugging; the stage checks every table. ``cache``: reuse the results of
    unchanged tables and suites from the result cache (ResultCache) and return the new cache in the outcome.
    """
    with utc_process_time_zone():
        return _validate_directory(
            Layout(root, inputs),
            run_name=run_name,
            run_time=run_time,
            partial=partial,
            only=only,
            progress=progress,
            use_cache=cache and not (partial or only),
        )


def _validate_directory(lay: Layout, *, run_name: str, run_time: str, partial: bool, only, progress, use_cache):
    import frictionless

    gx = import_gx()
    if not lay.datapackage.exists():
        raise InputError(lay.datapackage, "not found; run `python -m scripts.package` first")
    descriptor = lay.datapackage.read_bytes()
    try:
        pkg = json.loads(descriptor.decode("utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(lay.datapackage, f"not valid JSON ({exc.msg})", where=f"line {exc.lineno}") from None
    except UnicodeDecodeError as exc:
        raise InputError(lay.datapackage, f"not valid UTF-8 (byte {exc.start})") from None
    resources = {r["name"]: r for r in pkg.get("resources", [])}
    tables = sorted(resources)
    if only:
        unknown = sorted(set(only) - set(tables))
        if unknown:
            raise InputError(lay.datapackage, f"no resource(s) {unknown}")
    checked = sorted(only) if only else tables
    failures: list[str] = []
    pks = {t: list(r["schema"].get("primaryKey", [])) for t, r in resources.items()}
    cache = None
    fl_cached: dict[str, dict] = {}
    if use_cache:
        versions = {"frictionless": frictionless.__version__, "gx": gx.__version__, "pandas": pd.__version__}
        cache = ResultCache(lay.cache, lay, resources, {**versions, "run": [run_name, run_time]})
        fl_keys = {t: cache.frictionless_key(t) for t in checked}
        for t in checked:
            hit = cache.get_frictionless(t, fl_keys[t])
            if hit is not None:
                fl_cached[t] = hit

    # the two layers are independent: frictionless runs in a second process while GX is imported and
    # runs here (one CPU each); its results are merged below in the same order as a serial run
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        fl_future = pool.submit(frictionless_check, lay, [t for t in checked if t not in fl_cached])
        try:
            suites = load_suites(lay, tables, partial or bool(only))
            parameters = {**vocabulary_parameters(lay), **expected_parameters(lay)}
            for _, d, path in suites:
                batch = d["meta"]["batch"]
                if "params" in batch:
                    batch["params"] = with_parameters(batch["params"], parameters, path)
            if only:
                suites = [x for x in suites if x[1]["meta"]["table"] in only]
            results: dict = {}
            suite_keys = {}
            if cache is not None:
                for name, d, _ in suites:
                    suite_keys[name] = cache.suite_key(d, parameters, pks)
                    hit = cache.get(f"gx/{name}.json", suite_keys[name])
                    if hit is not None:
                        results[name] = hit
            to_run = [x for x in suites if x[0] not in results]
            needed = sorted({t for _, d, _ in to_run for t in suite_tables(d["meta"]["batch"])})
            frames = {t: typed_frame(lay, resources[t]) for t in needed}
            if to_run:
                results.update(run_suites(to_run, frames, pks, parameters, run_name, run_time))
        except BaseException:
            fl_future.cancel()
            raise
        fl = fl_future.result()
    if "(package)" in fl:  # the descriptor itself is invalid: that is the whole frictionless result
        fl_cached = {}
    fl = {**fl_cached, **fl}
    if cache is not None:
        if "(package)" not in fl:
            for t in checked:
                if t not in fl_cached:
                    cache.put_frictionless(t, fl_keys[t], fl[t])
        for name, _, _ in suites:
            if name in suite_keys and f"gx/{name}.json" not in cache.entries:
                cache.put(f"gx/{name}.json", suite_keys[name], results[name])
        progress(f"validate: {len(cache.hits)} of {len(checked) + len(suites)} results unchanged (validation cache)")

    for table in sorted(fl):
        f = fl[table]
        progress(
            f"validate: {table}: frictionless {'valid' if f['valid'] else 'INVALID'}"
            f" ({f.get('rows', '?')} rows, {f['errors']} errors)"
        )
        for x in f["examples"]:
            failures.append(f"FAIL {table} [frictionless {x['type']}] {x['message']}")
        if f["errors"] > len(f["examples"]):
            failures.append(
                f"FAIL {table} [frictionless] … {f['errors'] - len(f['examples'])} more errors "
                f"({_short(f['error_types'])})"
            )

    suite_metrics = {}
    for name, d, _ in suites:
        res = results[name]
        st = res["statistics"]
        table = d["meta"]["table"]
        suite_metrics[name] = {
            "table": table,
            "rows": res["_rows"],
            "evaluated": st["evaluated_expectations"],
            "passed": st["successful_expectations"],
            "failed": st["unsuccessful_expectations"],
            "success": bool(res["success"]),
        }
        progress(
            f"validate: {table}: GX suite {name}: {st['successful_expectations']}/"
            f"{st['evaluated_expectations']} expectations passed on {res['_rows']} rows"
        )
        for r in res["results"]:
            if not r["success"]:
                failures.append(describe_failure(table, name, r))

    metrics: dict = {
        "frictionless_version": frictionless.__version__,
        "great_expectations_version": gx.__version__,
        "run_name": run_name,
        "run_time": run_time,
        "frictionless": {
            t: {"valid": f["valid"], "rows": f.get("rows"), "errors": f["errors"], "error_types": f["error_types"]}
            for t, f in fl.items()
        },
        "suites": suite_metrics,
        "totals": {
            "tables": len(checked),
            "suites": len(suite_metrics),
            "expectations": sum(s["evaluated"] for s in suite_metrics.values()),
            "passed": sum(s["passed"] for s in suite_metrics.values()),
            "failed": sum(s["failed"] for s in suite_metrics.values()),
            "frictionless_errors": sum(f["errors"] for f in fl.values()),
        },
    }
    metrics["valid"] = not failures
    # what was validated: the publish stage publishes only this descriptor (and the files it hashes)
    metrics["datapackage_sha256"] = hashlib.sha256(descriptor).hexdigest()
    outcome = Outcome(
        metrics=metrics, failures=failures, results=results, cache=None if cache is None else cache.entries
    )
    suites_meta = {name: d["meta"].get("description", "") for name, d, _ in suites}
    docs = render_docs(results, metrics, failures, fl, suites_meta, run_name, run_time)
    return outcome, fl, docs


def write_outputs(lay: Layout, outcome: Outcome, docs: dict) -> None:
    write_json(lay.metrics, outcome.metrics)
    expected = set(docs) | {f"results/{n}.json" for n in outcome.results}
    if lay.docs.exists():  # remove pages of suites that no longer exist
        for p in sorted(lay.docs.rglob("*"), reverse=True):
            relp = p.relative_to(lay.docs).as_posix()
            if p.is_file() and relp not in expected:
                p.unlink()
    for relp, text in sorted(docs.items()):
        atomic_write_text(lay.docs / relp, text)
    for name, res in sorted(outcome.results.items()):
        write_json(lay.docs / "results" / f"{name}.json", {k: v for k, v in res.items() if not k.startswith("_")})
    if outcome.cache is not None:
        for relp, entry in sorted(outcome.cache.items()):
            if not (lay.cache / relp).is_file() or json.loads((lay.cache / relp).read_text("utf-8")) != entry:
                write_json(lay.cache / relp, entry)
        if lay.cache.exists():  # entries of tables and suites that no longer exist
            for p in sorted(lay.cache.rglob("*.json")):
                if p.relative_to(lay.cache).as_posix() not in outcome.cache:
                    p.unlink()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--partial",
        action="store_true",
        help="development only: skip suites whose tables are not in datapackage.json yet; writes nothing",
    )
    ap.add_argument(
        "--table",
        action="append",
        dest="only",
        metavar="TABLE",
        help="debugging: check only this table (repeatable); prints, writes nothing",
    )
    args = ap.parse_args(argv)
    p = stage_params("validate")
    outcome, _, docs = validate_directory(
        STAGING,
        inputs=ROOT,
        run_name=p.run_name,
        run_time=p.run_time,
        partial=args.partial,
        only=args.only,
        cache=True,
    )
    t = outcome.metrics["totals"]
    summary = (
        f"validate: {t['tables']} tables, {t['suites']} suites, {t['passed']}/{t['expectations']} "
        f"expectations passed, {t['frictionless_errors']} frictionless errors"
    )
    if args.partial or args.only:  # debugging runs never overwrite the stage's outputs
        print(f"{summary}; nothing written (--partial/--table)")
    else:
        write_outputs(Layout(STAGING, ROOT), outcome, docs)
        print(f"{summary}; report: reports/validation/index.html")
    if not outcome.ok:
        for line in outcome.failures:
            print(line, file=sys.stderr)
        print(f"error: validation failed ({len(outcome.failures)} problem(s) listed above)", file=sys.stderr)
        sys.exit(EXIT_VALIDATION_FAILED)


if __name__ == "__main__":
    run_stage(main)
