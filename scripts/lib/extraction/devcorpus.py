"""The development corpus: gold files (data/annotations/dev/<article_id>.yaml, committed) for real news
articles whose texts are kept out of git (data/external/articles/<article_id>.txt, gitignored).

One YAML file per article (format and coding rules: data/annotations/CODEBOOK.md, "Development corpus"):
the article's metadata, its claims (offsets, form, value, unit, metric, qualifier, jurisdiction GEOIDs,
period, claimant, in_quote) and its quotes (offsets, kind, attribution, speaker, speaker_type). A gold
file never holds article text, only offsets and a 16-hex sha256 of each span.

:func:`load_dev_corpus` reads every gold file, checks it (vocabulary terms, offsets inside the text, span
hashes, the text's sha256) and pairs it with its text when the text is present. A malformed gold file is
an InputError naming the file and the entry; a missing text is not an error (the article is counted as
"no text" by ``make eval``).

Jurisdictions in gold: ``[]`` = national (the whole United States, jurisdiction "US", contract C1),
``["?"]`` = not stated / unknowable (""), otherwise Census GEOIDs.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..articletext import publication_dates, text_sha256
from ..errors import InputError
from ..io import read_yaml

NATIONAL = "US"
FORMS = ("count", "bound", "number_word", "from_to", "comparison", "percent", "multiplier", "fraction", "zero", "range")
SPEAKER_TYPES = ("person", "agency", "group", "document", "unknown")
CLAIM_KEYS = ("start", "end", "value", "qualifier", "unit", "metric", "jurisdiction_ids", "period_basis", "claimant")
QUOTE_KEYS = ("start", "end", "kind", "attribution", "speaker", "speaker_type")


@dataclass
class DevArticle:
    article_id: str
    meta: dict
    claims: list[dict]
    quotes: list[dict]
    path: Path
    text: str | None = None  # None when the text is not present
    problems: list[str] = field(default_factory=list)

    def article_row(self) -> dict:
        """The fields of articles.csv the extractor reads (publication date resolved as `articles` does)."""
        m = self.meta
        dates = publication_dates(
            {
                "date_published": str(m["date_published"]),
                "date_precision": m.get("date_precision", ""),
                "date_basis": m.get("date_basis", ""),
                "date_note": m.get("date_note", ""),
            }
        )
        return {"article_id": self.article_id, "outlet": str(m.get("outlet", "")), **dates}


def jurisdiction_set(ids: list) -> frozenset[str]:
    """Gold jurisdiction list → the set compared with the extractor's: [] → {"US"}; ["?"] → {}."""
    ids = [str(x) for x in ids]
    if not ids:
        return frozenset({NATIONAL})
    return frozenset(x for x in ids if x != "?")


def _h16(s: str) -> str:
    return hashlib.sha256(s.encode("utf-8")).hexdigest()[:16]


def _check_entry(path: Path, where: str, entry: dict, keys: tuple[str, ...], vocab: dict, kind: str) -> None:
    for k in keys:
        if k not in entry:
            raise InputError(path, f"missing key {k!r}", where=where)
    for k in ("start", "end"):
        if not isinstance(entry[k], int) or entry[k] < 0:
            raise InputError(path, f"expected a whole number, got {entry[k]!r}", where=f"{where}, field {k!r}")
    if entry["start"] >= entry["end"]:
        raise InputError(path, f"empty span {entry['start']}-{entry['end']}", where=where)
    if kind == "claim":
        checks = (
            ("metric", "metric"),
            ("qualifier", "qualifier"),
            ("unit", "claim_unit"),
            ("period_basis", "period_basis"),
        )
        for k, voc in checks:
            if entry[k] not in vocab[voc]:
                raise InputError(
                    path, f"{k} {entry[k]!r} is not a term of vocabulary {voc!r}", where=f"{where}, field {k!r}"
                )
        if isinstance(entry["value"], bool) or not isinstance(entry["value"], int | float) or entry["value"] < 0:
            raise InputError(
                path, f"value must be a number >= 0, got {entry['value']!r}", where=f"{where}, field 'value'"
            )
        if not isinstance(entry["jurisdiction_ids"], list):
            raise InputError(path, "jurisdiction_ids must be a list", where=f"{where}, field 'jurisdiction_ids'")
        if entry.get("rate") and entry["rate"] not in vocab["claim_rate"]:
            raise InputError(
                path, f"rate {entry['rate']!r} is not a term of vocabulary 'claim_rate'", where=f"{where}, field 'rate'"
            )
        if entry.get("form", "count") not in FORMS:
            raise InputError(path, f"form {entry.get('form')!r} is not one of {', '.join(FORMS)}", where=where)
    else:
        if entry["speaker_type"] not in SPEAKER_TYPES:
            raise InputError(path, f"speaker_type {entry['speaker_type']!r} is not one of {SPEAKER_TYPES}", where=where)


def load_dev_article(path: Path, texts_dir: Path, vocab: dict) -> DevArticle:
    g = read_yaml(path)
    if not isinstance(g, dict) or "article_id" not in g:
        raise InputError(path, "not a gold file (a mapping with article_id, claims and quotes)")
    aid = str(g["article_id"])
    if aid != path.stem:
        raise InputError(path, f"article_id {aid!r} differs from the file name {path.stem!r}")
    claims, quotes = list(g.get("claims") or []), list(g.get("quotes") or [])
    for i, c in enumerate(claims):
        _check_entry(path, f"claims[{i}]", c, CLAIM_KEYS, vocab, "claim")
    for i, q in enumerate(quotes):
        _check_entry(path, f"quotes[{i}]", q, QUOTE_KEYS, vocab, "quote")
    meta = {k: v for k, v in g.items() if k not in ("claims", "quotes")}
    art = DevArticle(aid, meta, claims, quotes, path)
    text_path = texts_dir / f"{aid}.txt"
    if not text_path.exists():
        return art
    text = text_path.read_text(encoding="utf-8")
    if text_sha256(text) != str(g.get("text_sha256", "")):
        art.problems.append(f"{text_path}: sha256 differs from the gold file's text_sha256 (a different text)")
        return art
    for name, rows in (("claims", claims), ("quotes", quotes)):
        for i, r in enumerate(rows):
            if r["end"] > len(text):
                raise InputError(
                    path, f"span {r['start']}-{r['end']} is past the text's end ({len(text)})", where=f"{name}[{i}]"
                )
            if r.get("span_sha256") and _h16(text[r["start"] : r["end"]]) != str(r["span_sha256"]):
                raise InputError(
                    path, f"span_sha256 does not match text[{r['start']}:{r['end']}]", where=f"{name}[{i}]"
                )
    art.text = text
    return art


def load_dev_corpus(gold_dir: Path, texts_dir: Path, vocab: dict) -> list[DevArticle]:
    """Every gold file of ``gold_dir`` (sorted by article id), each with its text when present."""
    return [load_dev_article(p, texts_dir, vocab) for p in sorted(gold_dir.glob("*.yaml"))]
