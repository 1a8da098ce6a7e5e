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

import contextlib
import posixpath
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from .errors import InputError
from .io import read_yaml, write_yaml
from .paths import INTERIM, MANIFEST, RAW

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
ARTICLE_ID = re.compile(r"[a-z0-9][a-z0-9-]{2,80}")  # the whole id (fullmatch): no trailing newline
MANIFEST_FILES = {"manifest.yaml"}  # files under data/raw/ that describe the others
REGISTRATION_LOCK = INTERIM / "manifest.lock"  # held while a registration reads and rewrites the manifest
LOCK_TIMEOUT_S = 120
TEXT_FIELD_MAX_CHARS = 1000


@contextlib.contextmanager
def registration_lock(lock_file: Path = REGISTRATION_LOCK) -> Iterator[None]:
    """Held while add_article or register_source reads, checks and rewrites the manifest, so that
    concurrent registrations all land (one after another) instead of overwriting each other."""
    from filelock import FileLock, Timeout

    lock_file.parent.mkdir(parents=True, exist_ok=True)
    try:
        with FileLock(str(lock_file), timeout=LOCK_TIMEOUT_S):
            yield
    except Timeout:
        raise InputError(
            lock_file,
            f"another registration has held the manifest lock for {LOCK_TIMEOUT_S} s; "
            "wait for it to finish, or remove this file if no add_article/register_source is running",
        ) from None


def id_problem(article_id) -> str | None:
    if not isinstance(article_id, str) or not ARTICLE_ID.fullmatch(article_id):
        return (
            f"{article_id!r} must match {ARTICLE_ID.pattern} (the whole id: lower-case ASCII letters, "
            "digits and hyphens, 3-81 characters, starting with a letter or digit)"
        )
    return None


def url_problem(url) -> str | None:
    """Why ``url`` is not an http(s) address with a host, or None."""
    if not isinstance(url, str) or field_problem(url, "url"):
        return f"{url!r} is not an http(s) URL"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in url):
        return f"{url!r} is not an http(s) URL (expected https://host/path, no spaces)"
    return None


def field_problem(value, name: str) -> str | None:
    """Why a one-line text field (headline, outlet, ...) is not valid text, or None: not a string, empty,
    not encodable as UTF-8 (bytes that were not UTF-8 on the command line), holding control characters or
    line breaks, or longer than TEXT_FIELD_MAX_CHARS."""
    if not isinstance(value, str) or not value.strip():
        return f"{name} must be non-empty text"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"{name} is not valid UTF-8 text (an undecodable byte at character {exc.start}); pass UTF-8"
    bad = next((i for i, c in enumerate(value) if unicodedata.category(c) in ("Cc", "Cs", "Co", "Zl", "Zp")), None)
    if bad is not None:
        return f"{name} holds a control character or line break ({value[bad]!r} at character {bad}); one line of text"
    if len(value) > TEXT_FIELD_MAX_CHARS:
        return f"{name} is {len(value)} characters long; at most {TEXT_FIELD_MAX_CHARS}"
    return None


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
            sid = e.get("source_id") if isinstance(e, dict) else None
            shown = sid if isinstance(sid, str) and sid.isprintable() else repr(sid)
            where = f"{section}[{i}]" + (f" ({shown})" if isinstance(e, dict) else "")
            if not isinstance(e, dict):
                raise InputError(path, "expected a mapping", where=where)
            for f in fields:
                if f not in e or e[f] in (None, ""):
                    raise InputError(path, f"missing field {f!r}", where=where)
            if not isinstance(sid, str):
                raise InputError(path, f"field 'source_id': expected text, got {sid!r}", where=where)
            if e["source_id"] in seen:
                raise InputError(path, f"duplicate source_id {e['source_id']!r}", where=where)
            seen.add(e["source_id"])
            safe_raw_path(e["path"], path, where)
            if section == "files" and e["collection"] not in m["collections"]:
                raise InputError(path, f"unknown collection {e['collection']!r}", where=where)
            if section == "articles":
                check_article_entry(e, path, where)
            elif not isinstance(e["bytes"], int) or isinstance(e["bytes"], bool) or e["bytes"] < 0:
                raise InputError(path, f"field 'bytes': expected a whole number, got {e['bytes']!r}", where=where)
    check_unique_articles(m["articles"], path)


def check_article_entry(e: dict, path: Path, where: str) -> None:
    """One article's metadata: what add_article checks at the door, checked again on a hand-edited manifest."""
    from .dates import PRECISION_RANK, parse_partial_date, partial_date_bounds

    problem = id_problem(e["source_id"])
    if problem:
        raise InputError(path, f"field 'source_id': {problem}", where=where)
    for field in ("headline", "outlet"):
        problem = field_problem(e[field], field)
        if problem:
            raise InputError(path, f"field {field!r}: {problem}", where=where)
    problem = url_problem(e["url"])
    if problem:
        raise InputError(path, f"field 'url': {problem}", where=where)
    for field in ("date_published", "accessed"):
        try:
            parse_partial_date(str(e[field]))
        except ValueError as exc:
            raise InputError(path, f"field {field!r}: {exc}", where=where) from None
    if e["date_precision"] not in PRECISION_RANK:
        raise InputError(
            path, f"field 'date_precision': {e['date_precision']!r} is not day, month or year", where=where
        )
    published_first = partial_date_bounds(str(e["date_published"]))[0]
    accessed_last = partial_date_bounds(str(e["accessed"]))[1]
    if published_first > accessed_last:
        raise InputError(
            path,
            f"field 'date_published': {e['date_published']} is after the date the text was accessed "
            f"({e['accessed']}); expected date_published <= accessed",
            where=where,
        )
    if not isinstance(e["bytes"], int) or isinstance(e["bytes"], bool) or e["bytes"] < 0:
        raise InputError(path, f"field 'bytes': expected a whole number of bytes, got {e['bytes']!r}", where=where)


def check_unique_articles(articles: list[dict], path: Path) -> None:
    """No two articles with the same URL or the same text (sha256 of the raw bytes)."""
    for field, what in (("url", "URL"), ("sha256", "text (sha256)")):
        first: dict[str, str] = {}
        for i, e in enumerate(articles):
            value = str(e[field]).strip()
            if value in first:
                raise InputError(
                    path,
                    f"article {e['source_id']!r} has the same {what} as {first[value]!r}: {value}; "
                    "an article is registered once",
                    where=f"articles[{i}] ({e['source_id']})",
                )
            first[value] = e["source_id"]


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
