"""Gold annotations (data/annotations/<article_id>/{quotes,claims}.csv), validated on load.

Hand-coded under data/annotations/CODEBOOK.md. Every row is checked before anything is used: the
article exists, ``text[start:end] == exact`` on the stored text, ids (``<article_id>:<start>-<end>``)
are unique, terms come from validation/vocabularies.yaml, dates are real, a claim's ``quote_id`` names
a gold quote. Any failure is an InputError naming the file and the row. An article without a folder
simply has no gold (extraction never needs it).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..io import read_csv_text, row_dicts

QUOTE_COLUMNS = [
    "article_id",
    "start",
    "end",
    "exact",
    "kind",
    "attribution",
    "speaker",
    "speaker_name",
    "speaker_type",
    "speaker_role",
    "cue",
    "medium",
    "statement_date",
    "statement_date_basis",
    "note",
]
CLAIM_COLUMNS = [
    "article_id",
    "start",
    "end",
    "exact",
    "claimant",
    "claimant_type",
    "jurisdiction_id",
    "jurisdiction_name",
    "metric",
    "value",
    "qualifier",
    "unit",
    "period_start",
    "period_end",
    "period_type",
    "period_basis",
    "quote_id",
    "source_type",
    "note",
]
FILES = {"quotes": ("quotes.csv", QUOTE_COLUMNS), "claims": ("claims.csv", CLAIM_COLUMNS)}


def load_gold(folder: Path, texts: dict[str, str], vocab: dict, jurisdiction_ids: set[str]) -> dict[str, pd.DataFrame]:
    """{"quotes": DataFrame, "claims": DataFrame, "annotated": {"quotes": {article ids}, "claims": {...}}}.

    An article is annotated for a table when its folder has that file, even with no rows (an article
    coded as having no claims)."""
    out: dict[str, list[pd.DataFrame]] = {name: [] for name in FILES}
    annotated: dict[str, set[str]] = {name: set() for name in FILES}
    if folder.exists():
        for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
            for name, (fname, cols) in FILES.items():
                path = sub / fname
                if path.exists():
                    out[name].append(_load_file(path, sub.name, cols, texts))
                    annotated[name].add(sub.name)
    quotes = (
        pd.concat(out["quotes"], ignore_index=True)
        if out["quotes"]
        else pd.DataFrame(columns=QUOTE_COLUMNS + ["quote_id"])
    )
    claims = (
        pd.concat(out["claims"], ignore_index=True)
        if out["claims"]
        else pd.DataFrame(columns=CLAIM_COLUMNS + ["claim_id"])
    )
    _check_quotes(quotes, folder, vocab)
    _check_claims(claims, folder, vocab, set(quotes["quote_id"]), jurisdiction_ids)
    return {"quotes": quotes, "claims": claims, "annotated": annotated}


def _load_file(path: Path, article_id: str, cols: list[str], texts: dict[str, str]) -> pd.DataFrame:
    df = read_csv_text(path, required=cols)
    if article_id not in texts:
        raise InputError(
            path,
            f"annotations for article {article_id!r}, which is not in data/processed/articles.csv; "
            "register the article (python -m scripts.add_article) or rename the folder",
        )
    text = texts[article_id]
    ids: list[str] = []
    seen: dict[str, int] = {}
    for i, r in enumerate(row_dicts(df), start=2):
        where = f"row {i}"
        if r["article_id"] != article_id:
            raise InputError(
                path,
                f"article_id {r['article_id']!r} differs from the folder {article_id!r}",
                where=f"{where}, field 'article_id'",
            )
        for col in ("start", "end"):
            if not re.fullmatch(r"\d+", r[col].strip()):
                raise InputError(path, f"expected a whole number, got {r[col]!r}", where=f"{where}, field {col!r}")
        s, e = int(r["start"]), int(r["end"])
        if not 0 <= s < e <= len(text):
            raise InputError(path, f"span {s}-{e} is outside the text (0-{len(text)})", where=where)
        if text[s:e] != r["exact"]:
            raise InputError(
                path,
                f"text[{s}:{e}] is {text[s:e][:60]!r}, not the annotated exact "
                f"{r['exact'][:60]!r}; fix start/end (code points into data/interim/articles/"
                f"{article_id}.txt)",
                where=f"{where}, field 'exact'",
            )
        key = f"{article_id}:{s}-{e}"
        if key in seen:
            raise InputError(path, f"duplicate id {key!r} (same span as row {seen[key]})", where=where)
        seen[key] = i
        ids.append(key)
    df = df.copy()
    df["_file"] = str(path)
    df["_row"] = range(2, len(df) + 2)
    df["quote_id" if "kind" in cols else "claim_id"] = ids
    return df


def _term(r: dict, col: str, vocab: dict, name: str, *, empty_ok: bool = False) -> None:
    v = r[col]
    if v == "" and empty_ok:
        return
    if v not in vocab.get(name, {}):
        raise InputError(
            r["_file"],
            f"{col} {v!r} is not a term of vocabulary {name!r} ({', '.join(vocab.get(name, {}))})",
            where=f"row {r['_row']}, field {col!r}",
        )


def _date(r: dict, col: str) -> None:
    if r[col]:
        try:
            date.fromisoformat(r[col])
        except ValueError:
            raise InputError(
                r["_file"], f"expected a date YYYY-MM-DD, got {r[col]!r}", where=f"row {r['_row']}, field {col!r}"
            ) from None


def _check_quotes(df: pd.DataFrame, folder: Path, vocab: dict) -> None:
    for r in row_dicts(df):
        _term(r, "kind", vocab, "quote_kind")
        _term(r, "attribution", vocab, "quote_attribution")
        _term(r, "speaker_type", vocab, "entity_type", empty_ok=True)
        _term(r, "statement_date_basis", vocab, "date_basis")
        _date(r, "statement_date")
        if bool(r["statement_date"]) == (r["statement_date_basis"] == "unspecified"):
            raise InputError(
                r["_file"],
                "statement_date and statement_date_basis disagree (a date needs a basis "
                "other than 'unspecified'; no date needs 'unspecified')",
                where=f"row {r['_row']}",
            )


def _check_claims(df: pd.DataFrame, folder: Path, vocab: dict, quote_ids: set[str], jurisdiction_ids: set[str]) -> None:
    for r in row_dicts(df):
        where = f"row {r['_row']}"
        _term(r, "metric", vocab, "metric")
        _term(r, "qualifier", vocab, "qualifier")
        _term(r, "unit", vocab, "claim_unit")
        _term(r, "period_basis", vocab, "period_basis")
        _term(r, "period_type", vocab, "period_type", empty_ok=True)
        _term(r, "claimant_type", vocab, "entity_type", empty_ok=True)
        _term(r, "source_type", vocab, "source_type")
        if not re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", r["value"]):
            raise InputError(
                r["_file"],
                f"expected a number in ASCII digits (0.5 for 'about half'), got {r['value']!r}",
                where=f"{where}, field 'value'",
            )
        if r["jurisdiction_id"] and r["jurisdiction_id"] not in jurisdiction_ids:
            raise InputError(
                r["_file"],
                f"jurisdiction_id {r['jurisdiction_id']!r} is not in data/processed/jurisdictions.csv",
                where=f"{where}, field 'jurisdiction_id'",
            )
        for col in ("period_start", "period_end"):
            _date(r, col)
        if bool(r["period_start"]) != bool(r["period_end"]) or (
            r["period_start"] and r["period_start"] > r["period_end"]
        ):
            raise InputError(
                r["_file"],
                "period_start and period_end must both be given, start <= end",
                where=f"{where}, field 'period_start'",
            )
        if bool(r["period_start"]) == (r["period_basis"] == "unspecified"):
            raise InputError(
                r["_file"],
                "a period needs a basis other than 'unspecified'; no period needs 'unspecified'",
                where=f"{where}, field 'period_basis'",
            )
        if r["quote_id"] and r["quote_id"] not in quote_ids:
            raise InputError(
                r["_file"],
                f"quote_id {r['quote_id']!r} is not a gold quote of this article",
                where=f"{where}, field 'quote_id'",
            )
