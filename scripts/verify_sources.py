"""Stage verify_sources: every file under data/raw/ matches the manifest → data/processed/sources.csv.

Fails (exit 2, nothing written) on a changed byte (names the file and both hashes), a file that is not
registered (says how to register it), or a manifest entry whose file is missing.
"""

from __future__ import annotations

import pandas as pd

from scripts.lib.errors import InputError, run_stage
from scripts.lib.io import atomic_write_text, sha256_file, write_json
from scripts.lib.manifest import MANIFEST_FILES, entries, load_manifest, safe_raw_path
from scripts.lib.paths import INTERIM, MANIFEST, RAW
from scripts.lib.schema import columns, write_processed

STAMPS = INTERIM / "verified"


def raw_files_on_disk() -> set[str]:
    return {
        p.relative_to(RAW).as_posix()
        for p in RAW.rglob("*")
        if p.is_file() and p.name not in MANIFEST_FILES and not p.name.startswith(".")
    }


def verify(manifest: dict) -> None:
    registered = set()
    for section, e in entries(manifest):
        where = f"{section} ({e['source_id']})"
        f = safe_raw_path(e["path"], MANIFEST, where)
        registered.add(e["path"])
        if not f.is_file():
            raise InputError(
                MANIFEST,
                f"registered file data/raw/{e['path']} does not exist; restore it (git checkout) or remove the entry",
                where=where,
            )
        actual = sha256_file(f)
        if actual != e["sha256"]:
            raise InputError(
                f,
                f"sha256 mismatch: manifest has {e['sha256']}, file has {actual}. "
                "Raw snapshots are never edited: restore the file, or register a new snapshot",
            )
        size = f.stat().st_size
        if size != e["bytes"]:
            raise InputError(
                MANIFEST,
                f"field 'bytes': the manifest has {e['bytes']} for data/raw/{e['path']}, whose {size} bytes "
                "match its sha256; correct the entry",
                where=where,
            )
    unregistered = sorted(raw_files_on_disk() - registered)
    if unregistered:
        raise InputError(
            RAW / unregistered[0],
            "file is not registered in data/raw/manifest.yaml; register it with "
            "`python -m scripts.register_source --path <path> --collection <name> --title <text>` "
            "(or `python -m scripts.add_article` for an article)"
            + (f"; {len(unregistered) - 1} more unregistered" if len(unregistered) > 1 else ""),
        )


def sources_table(manifest: dict) -> pd.DataFrame:
    rows = []
    for e in manifest["files"]:
        c = manifest["collections"][e["collection"]]
        rows.append(
            {
                **{
                    k: c.get(k, "")
                    for k in (
                        "publisher",
                        "producer",
                        "url",
                        "kind",
                        "accessed",
                        "date_published",
                        "license",
                        "citation",
                        "caveats",
                    )
                },
                "source_id": e["source_id"],
                "title": e["title"],
                "role": e["role"],
                "path": f"data/raw/{e['path']}",
                "sha256": e["sha256"],
                "bytes": int(e["bytes"]),
                "upstream": e["upstream"],
            }
        )
    for a in manifest["articles"]:
        rows.append(
            {
                "source_id": a["source_id"],
                "title": a["headline"],
                "publisher": a["outlet"],
                "producer": a.get("author", "not known"),
                "url": a["url"],
                "kind": "article",
                "role": "data",
                "path": f"data/raw/{a['path']}",
                "sha256": a["sha256"],
                "bytes": int(a["bytes"]),
                "accessed": str(a["accessed"]),
                "date_published": str(a["date_published"]),
                "license": a["license"],
                "upstream": "none",
                "citation": f'{a["outlet"]}, "{a["headline"]}", {a["date_published"]}, {a["url"]}',
                "caveats": a.get("caveats", ""),
            }
        )
    df = pd.DataFrame(rows, columns=columns("sources"))
    return df.astype({c: str for c in df.columns if c != "bytes"})


def write_stamps(manifest: dict) -> None:
    """One stamp per collection (`<sha256>  <path>` lines) and articles.json (article metadata).

    Downstream stages depend on the stamps of the collections they read, so DVC runs them only after
    their inputs are verified, and only when those inputs changed.
    """
    by_collection: dict[str, list[str]] = {name: [] for name in manifest["collections"]}
    for e in manifest["files"]:
        by_collection[e["collection"]].append(f"{e['sha256']}  data/raw/{e['path']}")
    STAMPS.mkdir(parents=True, exist_ok=True)
    expected = {f"{name}.sha256" for name in by_collection} | {"articles.json"}
    for stale in STAMPS.iterdir():
        if stale.name not in expected:
            stale.unlink()
    for name, lines in by_collection.items():
        atomic_write_text(STAMPS / f"{name}.sha256", "".join(f"{line}\n" for line in sorted(lines)))
    write_json(STAMPS / "articles.json", {"articles": sorted(manifest["articles"], key=lambda a: a["source_id"])})


def main() -> None:
    manifest = load_manifest()
    verify(manifest)
    write_processed(sources_table(manifest), "sources")
    write_stamps(manifest)


if __name__ == "__main__":
    run_stage(main)
