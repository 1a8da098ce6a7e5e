"""Register a new raw file (already placed under data/raw/) in the sources manifest.

    python -m scripts.register_source --path statistics/<folder>/<file> --collection <name> --title TEXT \
        [--upstream "owner/repo@commit:path"] [--role data|provenance] [--source-id ID]

The collection (origin block: publisher, url, licence, ...) must exist in data/raw/manifest.yaml; add a new
one there first for a new upstream. The file's sha256 and size are recorded; the next `dvc repro` verifies
them. To replace a snapshot, add the new file under a new name and register it; never edit a raw file.
"""

from __future__ import annotations

import argparse

from scripts.lib.errors import InputError, run_stage
from scripts.lib.io import sha256_file
from scripts.lib.manifest import (
    field_problem,
    load_manifest,
    registration_lock,
    safe_raw_path,
    save_manifest,
    source_id_for,
)
from scripts.lib.paths import MANIFEST


def register(
    path: str, collection: str, title: str, upstream: str = "none", role: str = "data", source_id: str | None = None
) -> dict:
    with registration_lock():  # concurrent registrations all land
        return _register(path, collection, title, upstream, role, source_id)


def _register(path: str, collection: str, title: str, upstream: str, role: str, source_id: str | None) -> dict:
    for name, value in (("--title", title), ("--upstream", upstream)):
        problem = field_problem(value, name)
        if problem:
            raise InputError(None, problem)
    manifest = load_manifest()
    f = safe_raw_path(path, MANIFEST, "--path")
    if not f.is_file():
        raise InputError(f, "no such file under data/raw/; copy the snapshot there first (byte-identical)")
    if collection not in manifest["collections"]:
        raise InputError(
            MANIFEST,
            f"unknown collection {collection!r}; add its origin block under `collections` first",
            where="--collection",
        )
    if any(e["path"] == path for e in manifest["files"] + manifest["articles"]):
        raise InputError(MANIFEST, f"data/raw/{path} is already registered", where="--path")
    sid = source_id or source_id_for(collection, path)
    if any(e["source_id"] == sid for e in manifest["files"] + manifest["articles"]):
        raise InputError(MANIFEST, f"source_id {sid!r} exists; pass --source-id", where="--source-id")
    entry = {
        "source_id": sid,
        "collection": collection,
        "path": path,
        "title": title,
        "role": role,
        "upstream": upstream,
        "sha256": sha256_file(f),
        "bytes": f.stat().st_size,
    }
    manifest["files"].append(entry)
    save_manifest(manifest)
    return entry


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--path", required=True, help="path relative to data/raw/")
    ap.add_argument("--collection", required=True)
    ap.add_argument("--title", required=True)
    ap.add_argument("--upstream", default="none")
    ap.add_argument("--role", default="data", choices=["data", "provenance"])
    ap.add_argument("--source-id")
    a = ap.parse_args(argv)
    e = register(a.path, a.collection, a.title, a.upstream, a.role, a.source_id)
    print(f"registered {e['source_id']}: data/raw/{e['path']} sha256 {e['sha256']}")


if __name__ == "__main__":
    run_stage(main)
