"""Build the release bundle a journal or a data repository can host: `make release`.

    python -m scripts.release [--out dist]

Writes ``dist/<name>-<version>.zip`` (name and version from datapackage.json) holding:

- the published package: ``datapackage.json`` and every table it lists (data/processed/);
- the documentation: README.md, CHANGELOG.md, CITATION.cff, LICENSE, DATA-LICENSE, docs/, the coders' codebook
  and the hand-coded files (data/hand/, data/annotations/ — offsets, hashes and codes, never article text);
- the raw snapshots that may be redistributed: every file of a collection whose manifest block says
  ``redistribute: true``, with the manifest and the PROVENANCE.md files;
- ``NOT-INCLUDED.csv``: every raw file that may not be redistributed (news article texts, unless their
  licence allows it), by path, source_id, URL, sha256 and bytes, so a reader can verify a copy they obtained.

Each manifest collection and article states ``redistribute`` (true/false) and ``redistribute_reason``; a
missing or non-boolean value stops the build. The zip is deterministic: entries sorted, fixed timestamps and
permissions, so the same commit gives the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import zipfile
from pathlib import Path

from scripts.lib.errors import InputError, run_stage
from scripts.lib.io import atomic_write_bytes
from scripts.lib.manifest import load_manifest
from scripts.lib.paths import MANIFEST, RAW, ROOT, rel

PACKAGE = ROOT / "datapackage.json"
DOCUMENTS = ("README.md", "CHANGELOG.md", "CITATION.cff", "LICENSE", "DATA-LICENSE")
FOLDERS = ("docs", "data/hand", "data/annotations")
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry: no clock in the bundle
NOT_INCLUDED_COLUMNS = ("path", "source_id", "url", "sha256", "bytes", "license", "reason")


def redistributable(block: dict, where: str) -> bool:
    """The ``redistribute`` flag of a manifest collection or article; it must be stated."""
    flag = block.get("redistribute")
    if not isinstance(flag, bool):
        raise InputError(MANIFEST, f"expected `redistribute: true|false`, got {flag!r}", where=where)
    if not str(block.get("redistribute_reason", "")).strip():
        raise InputError(MANIFEST, "expected a `redistribute_reason`", where=where)
    return flag


def raw_files(manifest: dict) -> tuple[list[str], list[dict]]:
    """(raw paths to include, rows of NOT-INCLUDED.csv)."""
    allowed = {name: redistributable(c, f"collections.{name}") for name, c in manifest["collections"].items()}
    include, excluded = ["data/raw/manifest.yaml"], []
    for e in manifest["files"]:
        if e["collection"] not in allowed:
            raise InputError(MANIFEST, f"unknown collection {e['collection']!r}", where=f"files: {e['path']}")
        if allowed[e["collection"]]:
            include.append(f"data/raw/{e['path']}")
        else:
            block = manifest["collections"][e["collection"]]
            excluded.append(not_included_row(e, block.get("url", ""), block))
    for a in manifest["articles"]:
        if redistributable(a, f"articles: {a['source_id']}"):
            include.append(f"data/raw/{a['path']}")
        else:
            excluded.append(not_included_row(a, a.get("url", ""), a))
    for readme in sorted(RAW.rglob("*.md")):
        path = rel(readme)
        if path not in include and not any(r["path"] == path for r in excluded):
            include.append(path)
    return include, sorted(excluded, key=lambda r: r["path"])


def not_included_row(entry: dict, url: str, block: dict) -> dict:
    return {
        "path": f"data/raw/{entry['path']}",
        "source_id": entry["source_id"],
        "url": url,
        "sha256": entry["sha256"],
        "bytes": entry["bytes"],
        "license": " ".join(str(block.get("license", "")).split()),
        "reason": " ".join(str(block.get("redistribute_reason", "")).split()),
    }


def package_files(package: dict) -> list[str]:
    paths = ["datapackage.json"]
    for res in package.get("resources", []):
        p = res.get("path")
        paths.extend(p if isinstance(p, list) else [p])
    return paths


def document_files() -> list[str]:
    out = [d for d in DOCUMENTS if (ROOT / d).is_file()]
    for folder in FOLDERS:
        out.extend(rel(p) for p in sorted((ROOT / folder).rglob("*")) if p.is_file() and "__pycache__" not in p.parts)
    return out


def not_included_csv(rows: list[dict]) -> bytes:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=NOT_INCLUDED_COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def bundle_bytes(files: list[str], extra: dict[str, bytes], prefix: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        entries = {f: (ROOT / f).read_bytes() for f in files} | extra
        for name in sorted(entries):
            info = zipfile.ZipInfo(f"{prefix}/{name}", date_time=ZIP_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, entries[name], compresslevel=9)
    return buf.getvalue()


def build(out_dir: Path) -> Path:
    if not PACKAGE.is_file():
        raise InputError(PACKAGE, "not found; run `dvc repro` first")
    package = json.loads(PACKAGE.read_text(encoding="utf-8"))
    name, version = package.get("name"), package.get("version")
    if not name or not version:
        raise InputError(PACKAGE, "expected `name` and `version`")
    include, excluded = raw_files(load_manifest())
    files = sorted(set(package_files(package) + document_files() + include))
    missing = [f for f in files if not (ROOT / f).is_file()]
    if missing:
        raise InputError(ROOT / missing[0], "listed for the bundle but not found; run `dvc repro` first")
    prefix = f"{name}-{version}"
    data = bundle_bytes(files, {"NOT-INCLUDED.csv": not_included_csv(excluded)}, prefix)
    target = out_dir / f"{prefix}.zip"
    atomic_write_bytes(target, data)
    print(f"wrote {rel(target)}: {len(files) + 1} files, {len(excluded)} raw files listed in NOT-INCLUDED.csv")
    return target


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "dist"), help="output folder (default dist/)")
    args = ap.parse_args()
    build(Path(args.out))


if __name__ == "__main__":
    run_stage(main)
