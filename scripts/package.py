"""Stage package: the table schemas in validation/schemas/ + data/processed/*.csv → datapackage.json and
docs/codebook.md, all in the staging area (data/interim/staging/, see scripts/lib/paths.py): the
validate stage checks the staged package and the publish stage copies it to the repository root.

One schema file per table (`validation/schemas/<table>.yaml`, convention in validation/README.md) is the
single source of truth for a table's fields, keys and descriptions. This stage
- refuses a CSV without a schema, a schema without its CSV, and a CSV whose header differs from its
  schema's field list (names and order);
- turns `vocabulary: <name>` on a field into `constraints.enum` from validation/vocabularies.yaml;
- requires a foreign key wherever a field is named like another table's primary key (source_id →
  sources, jurisdiction_id → jurisdictions, claim_id → claims, ...);
- writes a Data Package v2 descriptor with each resource's bytes, sha256 and sources, as sorted JSON;
- generates the codebook from that descriptor, the vocabularies (definitions of allowed values) and
  each schema's `stage` key (the stage and module that write each table; checked against dvc.yaml by a test).

Run `python -m scripts.package --partial` while other stages are still being written: a schema whose
CSV is missing, or a CSV whose schema is missing, is then skipped (and foreign keys to a skipped table
dropped) instead of failing. The DVC stage never uses it.
"""

from __future__ import annotations

import argparse
import copy
import csv
import json
from pathlib import Path

from scripts.lib.citation import is_placeholder
from scripts.lib.errors import InputError, run_stage
from scripts.lib.io import atomic_write_text, read_csv_text, read_yaml, sha256_file
from scripts.lib.paths import ROOT, STAGING

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
SCHEMA_KEYS = {
    "title",
    "description",
    "stage",
    "sources",
    "missingValues",
    "primaryKey",
    "foreignKeys",
    "uniqueKeys",
    "fields",
}
REQUIRED_SCHEMA_KEYS = ("title", "description", "stage", "missingValues", "primaryKey", "fields")
PACKAGE_KEYS = ("name", "title", "version", "description", "homepage", "licenses", "contributors", "keywords")


class Layout:
    """Where the package stage reads and writes. ``root`` holds the package (data/processed/*.csv in,
    datapackage.json and docs/codebook.md out): the staging area for the stage, a temporary copy in
    tests. ``inputs`` holds validation/ (schemas, vocabularies, package metadata): the repository, or
    ``root`` itself when not given."""

    def __init__(self, root: Path = STAGING, inputs: Path | None = None):
        self.root = Path(root)
        inputs = self.root if inputs is None else Path(inputs)
        self.processed = self.root / "data" / "processed"
        self.schemas = inputs / "validation" / "schemas"
        self.vocabularies = inputs / "validation" / "vocabularies.yaml"
        self.package_meta = inputs / "validation" / "package.yaml"
        self.datapackage = self.root / "datapackage.json"
        self.codebook = self.root / "docs" / "codebook.md"

    def rel(self, path: Path) -> str:
        return Path(path).relative_to(self.root).as_posix()


# --------------------------------------------------------------------------------------------- inputs


def match_tables(lay: Layout, allow_missing: bool) -> list[str]:
    """Table names that have both a CSV and a schema; either one alone is an error unless allow_missing."""
    csvs = {p.stem for p in lay.processed.glob("*.csv")}
    schemas = {p.stem for p in lay.schemas.glob("*.yaml")}
    undescribed = sorted(csvs - schemas)
    if undescribed and not allow_missing:
        raise InputError(
            lay.processed / f"{undescribed[0]}.csv",
            f"table has no schema; write validation/schemas/{undescribed[0]}.yaml "
            f"(convention in validation/README.md); tables without a schema: {undescribed}",
        )
    missing = sorted(schemas - csvs)
    if missing and not allow_missing:
        raise InputError(
            lay.schemas / f"{missing[0]}.yaml",
            f"schema describes a table that does not exist: data/processed/{missing[0]}.csv "
            f"is missing (run its stage, see dvc.yaml); schemas without a table: {missing}",
        )
    return sorted(csvs & schemas)


def load_schema(path: Path) -> dict:
    s = read_yaml(path)
    if not isinstance(s, dict):
        raise InputError(path, "expected a mapping (title, description, missingValues, primaryKey, fields)")
    unknown = sorted(set(s) - SCHEMA_KEYS)
    if unknown:
        raise InputError(path, f"unknown key(s) {unknown}; allowed: {sorted(SCHEMA_KEYS)}")
    for key in REQUIRED_SCHEMA_KEYS:
        if key not in s or s[key] in (None, ""):
            raise InputError(path, f'missing {key!r} (missingValues must be set deliberately, e.g. [""])')
    if not isinstance(s["fields"], list) or not s["fields"]:
        raise InputError(path, "expected a non-empty list of fields", where="fields")
    names = []
    for i, f in enumerate(s["fields"]):
        where = f"fields[{i}]"
        if not isinstance(f, dict) or not f.get("name") or not f.get("type"):
            raise InputError(path, "every field needs a name and a type", where=where)
        if not str(f.get("description", "")).strip():
            raise InputError(path, f"field {f['name']!r} has no description", where=where)
        names.append(f["name"])
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise InputError(path, f"duplicate field name(s) {dupes}", where="fields")
    pk = s["primaryKey"] if isinstance(s["primaryKey"], list) else [s["primaryKey"]]
    for name in pk:
        if name not in names:
            raise InputError(path, f"primary key field {name!r} is not a field", where="primaryKey")
    for i, fk in enumerate(s.get("foreignKeys") or []):
        fields = fk.get("fields") if isinstance(fk, dict) else None
        ref = fk.get("reference") if isinstance(fk, dict) else None
        if not fields or not isinstance(ref, dict) or "resource" not in ref or not ref.get("fields"):
            raise InputError(
                path,
                "expected {fields: [...], reference: {resource: <table>, fields: [...]}}",
                where=f"foreignKeys[{i}]",
            )
        for name in _as_list(fields):
            if name not in names:
                raise InputError(path, f"foreign key field {name!r} is not a field", where=f"foreignKeys[{i}]")
    return s


def read_header(path: Path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as f:
        try:
            return next(csv.reader(f))
        except StopIteration:
            raise InputError(path, "file is empty; expected a header row") from None


def check_header(lay: Layout, table: str, schema: dict) -> None:
    path = lay.processed / f"{table}.csv"
    header = read_header(path)
    fields = [f["name"] for f in schema["fields"]]
    if header != fields:
        extra = [c for c in header if c not in fields]
        absent = [c for c in fields if c not in header]
        detail = []
        if extra:
            detail.append(f"in the CSV but not the schema: {extra}")
        if absent:
            detail.append(f"in the schema but not the CSV: {absent}")
        if not detail:
            detail.append("same columns in a different order")
        raise InputError(
            path,
            f"header of table {table!r} does not match validation/schemas/{table}.yaml "
            f"({'; '.join(detail)}); CSV header {header}, schema fields {fields}",
            where="header",
        )


def load_vocabularies(path: Path) -> dict[str, dict[str, str]]:
    v = read_yaml(path)
    if not isinstance(v, dict):
        raise InputError(path, "expected a mapping vocabulary → {term: definition}")
    for name, terms in v.items():
        if not isinstance(terms, dict) or not terms:
            raise InputError(path, "expected a non-empty mapping term → definition", where=name)
    return v


def writer_stages(lay: Layout, pkg: dict) -> dict[str, dict]:
    """data/processed/<table>.csv → {stage, cmd}: the `stage` key of each table's schema (one module per
    stage, named like it); tests/test_validation.py checks it against dvc.yaml, which a DVC stage cannot
    depend on."""
    found = {}
    for r in pkg["resources"]:
        stage = (read_yaml(lay.schemas / f"{r['name']}.yaml") or {})["stage"]
        found[r["path"]] = {"stage": stage, "cmd": f"python -m scripts.{stage}"}
    return found


# ------------------------------------------------------------------------------------------ assembly


def _as_list(x) -> list:
    return list(x) if isinstance(x, (list, tuple)) else [x]


def resolve_fields(schema: dict, vocabularies: dict, schema_path: Path) -> list[dict]:
    """Copy the fields, turning `vocabulary: X` into constraints.enum (the vocabulary name is kept)."""
    fields = []
    for f in schema["fields"]:
        f = copy.deepcopy(f)
        vocab = f.get("vocabulary")
        if vocab is not None:
            if vocab not in vocabularies:
                raise InputError(
                    schema_path,
                    f"unknown vocabulary {vocab!r}; known: {sorted(vocabularies)} "
                    "(add it to validation/vocabularies.yaml)",
                    where=f"field {f['name']!r}",
                )
            constraints = f.setdefault("constraints", {})
            if "enum" in constraints:
                raise InputError(
                    schema_path, "give either vocabulary or constraints.enum, not both", where=f"field {f['name']!r}"
                )
            constraints["enum"] = list(vocabularies[vocab])
        fields.append(f)
    return fields


def check_key_coverage(schemas: dict[str, dict], lay: Layout) -> None:
    """A field named like another table's one-field primary key must be a foreign key to that table."""
    pk_owner = {}
    for table, s in schemas.items():
        pk = _as_list(s["primaryKey"])
        if len(pk) == 1:
            pk_owner[pk[0]] = table
    for table, s in schemas.items():
        covered = {
            (name, fk["reference"]["resource"] or table)
            for fk in s.get("foreignKeys") or []
            for name in _as_list(fk["fields"])
        }
        for f in s["fields"]:
            owner = pk_owner.get(f["name"])
            if owner and owner != table and (f["name"], owner) not in covered:
                raise InputError(
                    lay.schemas / f"{table}.yaml",
                    f"field {f['name']!r} names a row of table {owner!r} but has no foreign key; add "
                    f"{{fields: [{f['name']}], reference: {{resource: {owner}, fields: [{f['name']}]}}}}",
                    where="foreignKeys",
                )


def table_sources(lay: Layout, table: str, schema: dict, sources: dict[str, dict]) -> list[dict]:
    """The raw sources that feed a table: its rows' source_id values plus the schema's `sources` list."""
    ids = set(schema.get("sources") or [])
    unknown = sorted(ids - set(sources))
    if unknown:
        raise InputError(
            lay.schemas / f"{table}.yaml", f"source(s) {unknown} are not in the sources table", where="sources"
        )
    path = lay.processed / f"{table}.csv"
    if table != "sources" and "source_id" in [f["name"] for f in schema["fields"]]:
        ids |= {s for s in read_csv_text(path, required=["source_id"])["source_id"] if s}
    out = []
    for sid in sorted(ids & set(sources)):  # an unknown id is a foreign-key error for the validate stage
        s = sources[sid]
        out.append({"source_id": sid, "title": s["title"], "path": s["path"]})
    return out


def build_resource(lay: Layout, table: str, schema: dict, vocabularies: dict, sources: dict, present: set[str]) -> dict:
    path = lay.processed / f"{table}.csv"
    table_schema = {
        "fields": resolve_fields(schema, vocabularies, lay.schemas / f"{table}.yaml"),
        "missingValues": schema["missingValues"],
        "primaryKey": _as_list(schema["primaryKey"]),
    }
    fks = [fk for fk in schema.get("foreignKeys") or [] if (fk["reference"]["resource"] or table) in present]
    if fks:
        table_schema["foreignKeys"] = [
            {
                "fields": _as_list(fk["fields"]),
                "reference": {"resource": fk["reference"]["resource"], "fields": _as_list(fk["reference"]["fields"])},
            }
            for fk in fks
        ]
    if schema.get("uniqueKeys"):
        table_schema["uniqueKeys"] = schema["uniqueKeys"]
    return {
        "name": table,
        "type": "table",
        "path": lay.rel(path),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": path.stat().st_size,
        "hash": f"sha256:{sha256_file(path)}",
        "title": schema["title"],
        "description": " ".join(str(schema["description"]).split()),
        "sources": table_sources(lay, table, schema, sources),
        "schema": table_schema,
    }


def build_package(lay: Layout, allow_missing: bool = False) -> dict:
    """Check every input, then return the datapackage.json descriptor (nothing is written here)."""
    tables = match_tables(lay, allow_missing)
    if "sources" not in tables:
        raise InputError(lay.processed / "sources.csv", "the sources table is required (run verify_sources)")
    meta = read_yaml(lay.package_meta)
    if not isinstance(meta, dict):
        raise InputError(lay.package_meta, "expected a mapping of package metadata")
    for key in ("name", "title", "version", "description", "licenses"):
        if not meta.get(key):
            raise InputError(lay.package_meta, f"missing {key!r}")
    if "homepage" in meta and is_placeholder(meta["homepage"]):
        raise InputError(
            lay.package_meta,
            f"homepage {meta['homepage']!r} is a placeholder; leave it out until the package has a public address",
            where="homepage",
        )
    vocabularies = load_vocabularies(lay.vocabularies)
    schemas = {t: load_schema(lay.schemas / f"{t}.yaml") for t in tables}
    for t in tables:
        check_header(lay, t, schemas[t])
        for i, fk in enumerate(schemas[t].get("foreignKeys") or []):
            target = fk["reference"]["resource"] or t
            if target not in tables and not allow_missing:
                raise InputError(
                    lay.schemas / f"{t}.yaml", f"foreign key to unknown table {target!r}", where=f"foreignKeys[{i}]"
                )
    check_key_coverage(schemas, lay)
    sources = {
        r["source_id"]: r
        for r in read_csv_text(lay.processed / "sources.csv", required=["source_id", "title", "path"]).to_dict(
            "records"
        )
    }
    present = set(tables)
    resources = [
        build_resource(lay, t, schemas[t], vocabularies, sources, present)
        for t in sorted(tables, key=lambda t: (t != "sources", t))
    ]
    pkg: dict = {"$schema": PROFILE}
    pkg.update({k: meta[k] for k in PACKAGE_KEYS if k in meta})
    pkg["description"] = " ".join(str(pkg["description"]).split())
    pkg["resources"] = resources
    return pkg


def package_json(pkg: dict) -> str:
    return json.dumps(pkg, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# ------------------------------------------------------------------------------------------ codebook


def _md(text) -> str:
    """One-line Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _constraints_text(field: dict) -> str:
    c = {k: v for k, v in (field.get("constraints") or {}).items() if k != "enum"}
    parts = []
    if c.pop("required", False):
        parts.append("required")
    if c.pop("unique", False):
        parts.append("unique")
    for k in sorted(c):
        parts.append(f"{k} `{c[k]}`" if k == "pattern" else f"{k} {c[k]}")
    return ", ".join(parts)


def _key_text(fields) -> str:
    return ", ".join(f"`{f}`" for f in _as_list(fields))


def count_rows(path: Path) -> int:
    with open(path, encoding="utf-8", newline="") as f:
        return max(sum(1 for _ in csv.reader(f)) - 1, 0)


def codebook(pkg: dict, vocabularies: dict, writers: dict, rows: dict[str, int]) -> str:
    L = [
        f"# Codebook: {pkg['title']}",
        "",
        "<!-- Generated by `python -m scripts.package` (DVC stage `package`) from datapackage.json, "
        "validation/vocabularies.yaml and validation/schemas/. "
        "Do not edit by hand: edit validation/schemas/<table>.yaml "
        "or validation/vocabularies.yaml and rebuild. -->",
        "",
        f"Package `{pkg['name']}` version {pkg['version']}. {pkg['description']}",
        "",
        "Conventions: CSV, UTF-8, `\\n` line ends, one header row; rows sorted by the primary key. "
        "A cell is missing only when it is empty (each table's `missingValues`); the text `NA` is a value. "
        "Dates are ISO 8601 (`YYYY-MM-DD`). Character offsets (`start`, `end`) count Unicode code points in "
        "the NFC-normalized article text, `end` exclusive.",
        "",
        "## Tables",
        "",
        "| table | title | primary key | written by |",
        "|---|---|---|---|",
    ]
    for r in pkg["resources"]:
        w = writers.get(r["path"], {})
        L.append(
            f"| [`{r['name']}`](#{r['name']}) | {_md(r['title'])} | {_key_text(r['schema']['primaryKey'])} "
            f"| {('`' + w['stage'] + '`') if w else '—'} |"
        )
    used_vocabs = []
    for r in pkg["resources"]:
        s = r["schema"]
        w = writers.get(r["path"])
        L += [
            "",
            f"## {r['name']}",
            "",
            _md(r["description"]),
            "",
            f"- File: `{r['path']}` ({rows[r['name']]:,} rows when this codebook was generated)",
            f"- Written by: DVC stage `{w['stage']}` (`{w['cmd']}`)" if w else "- Written by: (no stage)",
            f"- Primary key: {_key_text(s['primaryKey'])}",
            f"- Missing values: {', '.join(json.dumps(m) for m in s['missingValues'])}",
        ]
        for fk in s.get("foreignKeys") or []:
            ref = fk["reference"]
            L.append(
                f"- Foreign key: {_key_text(fk['fields'])} → `{ref['resource'] or r['name']}`"
                f" ({_key_text(ref['fields'])})"
            )
        for uk in s.get("uniqueKeys") or []:
            L.append(f"- Unique together: {_key_text(uk)}")
        if r["sources"]:
            if len(r["sources"]) > 12:
                collections = sorted({x["source_id"].split("--")[0] for x in r["sources"]})
                L.append(
                    f"- Sources: {len(r['sources'])} raw files from {len(collections)} collection(s) or "
                    f"article(s): {', '.join('`' + c + '`' for c in collections)} (see the sources table)"
                )
            else:
                L.append("- Sources:")
                L += [f"  - `{x['source_id']}`: {_md(x['title'])}" for x in r["sources"]]
        elif r["name"] == "sources":
            L.append("- Sources: the raw files themselves, as registered in data/raw/manifest.yaml")
        else:
            L.append(
                "- Sources: no source_id column; built from the tables its foreign keys point to (see the description)"
            )
        L += [
            "",
            "| # | field | type | unit | description | allowed values | constraints |",
            "|---|---|---|---|---|---|---|",
        ]
        for i, f in enumerate(s["fields"], 1):
            enum = (f.get("constraints") or {}).get("enum")
            if f.get("vocabulary"):
                allowed = ", ".join(f"`{v}`" for v in enum or []) + f" ([definitions](#vocabulary-{f['vocabulary']}))"
                if f["vocabulary"] not in used_vocabs:
                    used_vocabs.append(f["vocabulary"])
            elif enum:
                allowed = ", ".join(f"`{v}`" for v in enum)
            else:
                allowed = ""
            L.append(
                f"| {i} | `{f['name']}` | {f['type']}{(' (' + f['format'] + ')') if f.get('format') else ''} "
                f"| {_md(f.get('unit', ''))} | {_md(f.get('description', ''))} | {allowed} "
                f"| {_md(_constraints_text(f))} |"
            )
    L += [
        "",
        "## Vocabularies",
        "",
        "Allowed values of the fields marked with a vocabulary, from `validation/vocabularies.yaml`.",
    ]
    for name in sorted(vocabularies):
        users = [
            f"`{r['name']}.{f['name']}`"
            for r in pkg["resources"]
            for f in r["schema"]["fields"]
            if f.get("vocabulary") == name
        ]
        L += [
            "",
            f"### vocabulary: {name}",
            "",
            f"Used by: {', '.join(users) if users else 'no field yet'}.",
            "",
            "| value | definition |",
            "|---|---|",
        ]
        L += [f"| `{term}` | {_md(defn)} |" for term, defn in vocabularies[name].items()]
    return "\n".join(L) + "\n"


# ------------------------------------------------------------------------------------------ main


def run(root: Path = STAGING, allow_missing: bool = False, inputs: Path | None = None) -> dict:
    """Build and write datapackage.json and docs/codebook.md under ``root`` (schemas and vocabularies
    from ``inputs``, default ``root``); return the descriptor."""
    lay = Layout(root, inputs)
    pkg = build_package(lay, allow_missing)
    rows = {r["name"]: count_rows(lay.root / r["path"]) for r in pkg["resources"]}
    text = codebook(pkg, load_vocabularies(lay.vocabularies), writer_stages(lay, pkg), rows)
    atomic_write_text(lay.datapackage, package_json(pkg))
    atomic_write_text(lay.codebook, text)
    return pkg


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--partial", action="store_true", help="development only: skip tables that lack their CSV or their schema"
    )
    args = ap.parse_args(argv)
    pkg = run(STAGING, args.partial, inputs=ROOT)
    for r in pkg["resources"]:
        print(
            f"package: {r['name']}: {r['bytes']} bytes, {len(r['schema']['fields'])} fields, "
            f"{len(r['sources'])} source(s)"
        )


if __name__ == "__main__":
    run_stage(main)
