"""The sources manifest (data/raw/manifest.yaml): every raw file, its sha256, and its origin.

Structure:
  collections: {name: origin block — kind, title, producer, publisher, url, upstream_repo,
                upstream_commit, date_published, accessed, license, citation, caveats}
  files:       [{source_id, collection, path, title, role, upstream, sha256, bytes}]
  articles:    [{source_id (= article_id), path, sha256, bytes, headline, outlet, url, author,
                 date_published, date_precision, date_basis, accessed, license}]
Paths are relative to data/raw/ and may not leave it.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from .errors import InputError
from .io import read_yaml, write_yaml
from .paths import MANIFEST, RAW

COLLECTION_FIELDS = (
    "kind",
    "title",
    "producer",
    "publisher",
    "url",
    "date_published",
    "accessed",
    "license",
    "citation",
    "caveats",
)
FILE_FIELDS = ("source_id", "collection", "path", "title", "role", "upstream", "sha256", "bytes")
ARTICLE_FIELDS = (
    "source_id",
    "path",
    "sha256",
    "bytes",
    "headline",
    "outlet",
    "url",
    "date_published",
    "date_precision",
    "date_basis",
    "accessed",
    "license",
)
KINDS = ("article", "statistics", "reference", "compilation")
ARTICLE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{2,80}$")
MANIFEST_FILES = {"manifest.yaml"}  # files under data/raw/ that describe the others


def source_id_for(collection: str, filename: str) -> str:
    """The conventional source_id of a raw file: ``<collection>--<slug of the file stem>``
    (register_source assigns it; stages use it to name the file a row comes from; the package's
    foreign keys check every such id against the sources table)."""
    stem = filename.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return f"{collection}--{re.sub(r'[^a-z0-9]+', '-', stem.lower()).strip('-')}"


def sid(path: Path) -> str:
    """The source_id of a raw file under data/raw/<kind>/<collection>/ (the one helper every stage uses; the
    package's foreign keys check each id against the manifest's sources)."""
    return source_id_for(path.parent.name, path.name)


def load_manifest(path: Path = MANIFEST) -> dict:
    m = read_yaml(path)
    if not isinstance(m, dict):
        raise InputError(path, "expected a mapping with collections, files, articles")
    m.setdefault("collections", {})
    m.setdefault("files", [])
    m.setdefault("articles", [])
    check_manifest(m, path)
    return m


def safe_raw_path(rel_path: str, manifest_path: Path, where: str) -> Path:
    """The file a manifest path names, refusing absolute paths and any path that escapes data/raw/."""
    if not isinstance(rel_path, str) or not rel_path:
        raise InputError(manifest_path, "expected a path relative to data/raw/", where=where)
    norm = posixpath.normpath(rel_path)
    if rel_path.startswith("/") or norm.startswith("..") or norm != rel_path.replace("\\", "/"):
        raise InputError(
            manifest_path,
            f"path {rel_path!r} escapes data/raw/ or is not normalized; "
            "expected a plain relative path such as statistics/x/y.csv",
            where=where,
        )
    return RAW / norm


def check_manifest(m: dict, path: Path = MANIFEST) -> None:
    seen: set[str] = set()
    for name, c in m["collections"].items():
        for f in COLLECTION_FIELDS:
            if f not in c or c[f] in (None, ""):
                raise InputError(path, f"collection lacks field {f!r}", where=f"collections.{name}")
        if c["kind"] not in KINDS:
            raise InputError(path, f"kind {c['kind']!r} not one of {KINDS}", where=f"collections.{name}.kind")
    for section, fields in (("files", FILE_FIELDS), ("articles", ARTICLE_FIELDS)):
        for i, e in enumerate(m[section]):
            where = f"{section}[{i}]" + (f" ({e.get('source_id')})" if isinstance(e, dict) else "")
            if not isinstance(e, dict):
                raise InputError(path, "expected a mapping", where=where)
            for f in fields:
                if f not in e or e[f] in (None, ""):
                    raise InputError(path, f"missing field {f!r}", where=where)
            if e["source_id"] in seen:
                raise InputError(path, f"duplicate source_id {e['source_id']!r}", where=where)
            seen.add(e["source_id"])
            safe_raw_path(e["path"], path, where)
            if section == "files" and e["collection"] not in m["collections"]:
                raise InputError(path, f"unknown collection {e['collection']!r}", where=where)
            if section == "articles":
                check_article_entry(e, path, where)


def check_article_entry(e: dict, path: Path, where: str) -> None:
    from .dates import PRECISION_RANK, parse_partial_date

    if not ARTICLE_ID.match(e["source_id"]):
        raise InputError(path, f"article id {e['source_id']!r} does not match {ARTICLE_ID.pattern}", where=where)
    for field in ("date_published", "accessed"):
        try:
            _, form = parse_partial_date(str(e[field]))
        except ValueError as exc:
            raise InputError(path, f"field {field!r}: {exc}", where=where) from None
    if e["date_precision"] not in PRECISION_RANK:
        raise InputError(
            path, f"field 'date_precision': {e['date_precision']!r} is not day, month or year", where=where
        )


def entries(m: dict):
    """Every registered file, articles included, as (section, entry)."""
    for e in m["files"]:
        yield "files", e
    for e in m["articles"]:
        yield "articles", e


def save_manifest(m: dict, path: Path = MANIFEST) -> None:
    m["files"] = sorted(m["files"], key=lambda e: e["path"])
    m["articles"] = sorted(m["articles"], key=lambda e: e["source_id"])
    write_yaml(path, m)
