"""Stage articles: the registered article texts, normalized once → data/interim/articles/ + articles.csv.

Reads the article metadata verify_sources wrote (data/interim/verified/articles.json) and each raw text
(data/raw/articles/<id>.txt). The text is decoded as UTF-8, a leading byte-order mark is dropped, line
ends become ``\\n`` and the whole text is NFC-normalized — once, here. Every offset in the package
(quotes, claims, entity mentions) counts Unicode code points into this stored text:

- ``data/interim/articles/<article_id>.txt``  the stored text;
- ``data/interim/articles/paragraphs.csv``    one row per paragraph with its offsets;
- ``data/processed/articles.csv``             one row per article: metadata, the publication date with
  its precision and basis, the reference date relative expressions are resolved against, the hash and
  length of the stored text.
"""

from __future__ import annotations

import json

import pandas as pd

from scripts.lib.articletext import paragraphs, publication_dates, text_problem, text_sha256
from scripts.lib.errors import InputError, run_stage
from scripts.lib.io import atomic_write_text, write_table
from scripts.lib.manifest import id_problem, safe_raw_path
from scripts.lib.paths import INTERIM, rel
from scripts.lib.schema import columns, write_processed

METADATA = INTERIM / "verified" / "articles.json"
STORE = INTERIM / "articles"
PARAGRAPHS = STORE / "paragraphs.csv"
PARAGRAPH_COLUMNS = ["paragraph_id", "article_id", "paragraph", "start", "end", "n_chars"]
REQUIRED = (
    "source_id",
    "path",
    "headline",
    "outlet",
    "url",
    "date_published",
    "date_precision",
    "accessed",
    "license",
    "sha256",
)


def load_metadata() -> list[dict]:
    if not METADATA.exists():
        raise InputError(METADATA, "file not found; run `python -m scripts.verify_sources` first")
    try:
        entries = json.loads(METADATA.read_text(encoding="utf-8"))["articles"]
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(METADATA, f'expected JSON {{"articles": [...]}} ({exc})') from None
    for i, e in enumerate(entries):
        where = f"articles[{i}]"
        missing = [f for f in REQUIRED if e.get(f) in (None, "")]
        if missing:
            raise InputError(METADATA, f"missing field(s) {missing}", where=where)
        problem = id_problem(e["source_id"])
        if problem:
            raise InputError(METADATA, problem, where=where)
    return sorted(entries, key=lambda e: e["source_id"])


def read_text(entry: dict) -> str:
    path = safe_raw_path(entry["path"], METADATA, f"article {entry['source_id']}")
    if not path.is_file():
        raise InputError(path, "article text not found; run `python -m scripts.verify_sources`")
    text, problem = text_problem(path.read_bytes())
    if problem:
        raise InputError(path, problem)
    return text


def article_row(entry: dict, text: str, n_paragraphs: int) -> dict:
    article_id = entry["source_id"]
    try:
        dates = publication_dates(entry)
    except ValueError as exc:
        raise InputError(METADATA, str(exc), where=f"article {article_id}") from None
    return {
        "article_id": article_id,
        "source_id": article_id,
        "headline": entry["headline"],
        "outlet": entry["outlet"],
        "url": entry["url"],
        "author": entry.get("author") or "not known",
        **dates,
        "accessed": str(entry["accessed"]),
        "license": entry["license"],
        "raw_sha256": entry["sha256"],
        "text_sha256": text_sha256(text),
        "n_chars": len(text),
        "n_paragraphs": n_paragraphs,
        "text_path": rel(STORE / f"{article_id}.txt"),
    }


def paragraph_rows(article_id: str, text: str) -> list[dict]:
    return [
        {
            "paragraph_id": f"{article_id}:{s}-{e}",
            "article_id": article_id,
            "paragraph": i,
            "start": s,
            "end": e,
            "n_chars": e - s,
        }
        for i, (s, e) in enumerate(paragraphs(text), start=1)
    ]


def write_store(texts: dict[str, str], paras: pd.DataFrame) -> None:
    """The stored texts and paragraphs; texts of articles no longer registered are removed."""
    STORE.mkdir(parents=True, exist_ok=True)
    for article_id, text in texts.items():
        atomic_write_text(STORE / f"{article_id}.txt", text)
    write_table(paras, PARAGRAPHS, PARAGRAPH_COLUMNS, ["article_id", "start"])
    keep = {f"{a}.txt" for a in texts} | {PARAGRAPHS.name}
    for stale in STORE.iterdir():
        if stale.is_file() and stale.name not in keep:
            stale.unlink()


def main() -> None:
    entries = load_metadata()
    texts = {e["source_id"]: read_text(e) for e in entries}
    para_rows = [r for a, t in texts.items() for r in paragraph_rows(a, t)]
    paras = pd.DataFrame(para_rows, columns=PARAGRAPH_COLUMNS)
    counts = paras.groupby("article_id").size().to_dict()
    articles = pd.DataFrame(
        [article_row(e, texts[e["source_id"]], counts.get(e["source_id"], 0)) for e in entries],
        columns=columns("articles"),
    )
    write_store(texts, paras)
    write_processed(articles, "articles")


if __name__ == "__main__":
    run_stage(main)
