"""Add a news article to the corpus; the next `dvc repro` extracts its quotes, claims and checks.

    python -m scripts.add_article --id ID --text FILE --headline TEXT --outlet TEXT --url URL \
        --published DATE [--published-precision day|month|year] [--published-basis TEXT] [--accessed DATE]

DATE is YYYY-MM-DD, YYYY-MM or YYYY; the precision follows the form unless given (it may only be coarser
than the form, never finer: "2020-01" cannot have day precision). --published-basis says how the date is
known: a basis term (explicit, inferred, relative_to_publication, unspecified), optionally followed by
": explanation"; free text without a term is recorded as an inferred basis with that explanation; with no
--published-basis the date is taken as stated by the outlet (explicit). --accessed defaults to today's date
(when the text was captured; the build itself never reads the clock).

The text is copied byte-identical to data/raw/articles/<ID>.txt and registered with its sha256 in
data/raw/manifest.yaml. Every check runs before anything is written: a bad call changes nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import re
from datetime import date
from pathlib import Path

from scripts.lib.articletext import text_problem
from scripts.lib.dates import PRECISION_RANK, parse_partial_date, partial_date_bounds
from scripts.lib.errors import InputError, run_stage
from scripts.lib.io import atomic_write_bytes, read_yaml
from scripts.lib.manifest import (
    check_unique_articles,
    field_problem,
    id_problem,
    load_manifest,
    registration_lock,
    save_manifest,
    url_problem,
)
from scripts.lib.paths import ARTICLES_RAW, MANIFEST, VALIDATION

ARTICLE_REDISTRIBUTION = "copyrighted news text; the release bundle lists it by URL and sha256 only"
ARTICLE_LICENSE = (
    "Copyrighted news text, kept for research (quotation and verification); republish spans, not the whole text"
)


def check_id(article_id: str, manifest: dict) -> None:
    problem = id_problem(article_id)
    if problem:
        raise InputError(None, f"--id {problem}")
    taken = {e["source_id"] for e in manifest["files"] + manifest["articles"]}
    if article_id in taken or (ARTICLES_RAW / f"{article_id}.txt").exists():
        raise InputError(MANIFEST, f"an article or source with id {article_id!r} already exists; choose another --id")


def read_article_text(path: Path) -> bytes:
    """The raw bytes, refused unless the articles stage would accept them (articletext.text_problem)."""
    if path.is_dir():
        raise InputError(path, "is a directory; --text expects the article's text file")
    if not path.is_file():
        raise InputError(path, "no such file (--text)")
    data = path.read_bytes()
    _, problem = text_problem(data)
    if problem:
        raise InputError(path, problem)
    return data


def resolve_published(published: str, precision: str | None) -> tuple[str, str]:
    try:
        value, form_precision = parse_partial_date(published)
    except ValueError as exc:
        raise InputError(None, f"--published: {exc}") from None
    if precision is None:
        return value, form_precision
    if PRECISION_RANK[precision] > PRECISION_RANK[form_precision]:
        raise InputError(
            None,
            f"--published-precision {precision} is finer than the date {value!r} "
            f"({form_precision}); give the full date or a coarser precision",
        )
    return value[: {"year": 4, "month": 7, "day": 10}[precision]], precision


def resolve_accessed(accessed: str | None, date_published: str) -> str:
    accessed = accessed or date.today().isoformat()
    try:
        value, precision = parse_partial_date(accessed)
    except ValueError as exc:
        raise InputError(None, f"--accessed: {exc}") from None
    if precision != "day":
        raise InputError(None, f"--accessed {accessed!r} must be a real date YYYY-MM-DD")
    if partial_date_bounds(date_published)[0] > value:
        raise InputError(
            None, f"--published {date_published} is after --accessed {value}: an article is read after it appears"
        )
    return value


def resolve_basis(text: str | None) -> tuple[str, str]:
    """(basis term, note) from --published-basis."""
    terms = list((read_yaml(VALIDATION / "vocabularies.yaml") or {}).get("date_basis", {}))
    if not text:
        return "explicit", "publication date as stated by the outlet"
    problem = field_problem(text, "--published-basis")
    if problem:
        raise InputError(None, problem)
    m = re.match(r"^\s*([a-z_]+)\s*(?::\s*(.*))?$", text, flags=re.S)
    if m and m.group(1) in terms:
        return m.group(1), (m.group(2) or "").strip()
    return "inferred", text.strip()


def check_fields(headline: str, outlet: str, url: str) -> None:
    for name, value in (("--headline", headline), ("--outlet", outlet)):
        problem = field_problem(value, name)
        if problem:
            raise InputError(None, problem)
    problem = url_problem(url)
    if problem:
        raise InputError(None, f"--url {problem}")


def add_article(
    article_id: str,
    text_file: Path,
    headline: str,
    outlet: str,
    url: str,
    published: str,
    precision: str | None = None,
    basis: str | None = None,
    accessed: str | None = None,
) -> dict:
    """Check everything the pipeline would reject later, then register the article under the manifest
    lock (so concurrent runs all land); nothing is written when a check fails."""
    check_fields(headline, outlet, url)
    data = read_article_text(Path(text_file))
    date_published, date_precision = resolve_published(published, precision)
    accessed = resolve_accessed(accessed, date_published)
    date_basis, date_note = resolve_basis(basis)
    entry = {
        "source_id": article_id,
        "path": f"articles/{article_id}.txt",
        "sha256": hashlib.sha256(data).hexdigest(),
        "bytes": len(data),
        "headline": headline.strip(),
        "outlet": outlet.strip(),
        "url": url.strip(),
        "author": "not known",
        "date_published": date_published,
        "date_precision": date_precision,
        "date_basis": date_basis,
        "date_note": date_note,
        "accessed": accessed,
        "license": ARTICLE_LICENSE,
        "redistribute": False,
        "redistribute_reason": ARTICLE_REDISTRIBUTION,
    }
    with registration_lock():
        manifest = load_manifest()
        check_id(article_id, manifest)
        check_unique_articles(manifest["articles"] + [entry], MANIFEST)
        manifest["articles"].append(entry)
        target = ARTICLES_RAW / f"{article_id}.txt"
        atomic_write_bytes(target, data)
        try:
            save_manifest(manifest)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
    return entry


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--id", required=True, dest="article_id")
    ap.add_argument("--text", required=True, type=Path)
    ap.add_argument("--headline", required=True)
    ap.add_argument("--outlet", required=True)
    ap.add_argument("--url", required=True)
    ap.add_argument("--published", required=True)
    ap.add_argument("--published-precision", choices=["day", "month", "year"])
    ap.add_argument("--published-basis")
    ap.add_argument("--accessed")
    a = ap.parse_args(argv)
    e = add_article(
        a.article_id,
        a.text,
        a.headline,
        a.outlet,
        a.url,
        a.published,
        a.published_precision,
        a.published_basis,
        a.accessed,
    )
    print(
        f"added article {e['source_id']} ({e['bytes']} bytes, published {e['date_published']} "
        f"[{e['date_precision']}, {e['date_basis']}]); run `dvc repro` (or `make repro`) to extract it"
    )


if __name__ == "__main__":
    run_stage(main)
