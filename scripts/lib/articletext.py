"""Article texts as the package stores them, and their publication dates with an honest precision.

One normalization, applied once by the ``articles`` stage: decode UTF-8, drop a leading byte-order mark,
turn ``\\r\\n`` / ``\\r`` into ``\\n``, then Unicode NFC. Nothing else changes (curly quotes, dashes and
spacing stay as published), so every offset is a code-point offset into text a reader can compare with
the original.

Paragraphs: when the text has blank lines, a paragraph is a block between blank lines (hard-wrapped
lines stay together); otherwise every non-empty line is a paragraph. Offsets exclude surrounding spaces.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date

from .dates import parse_partial_date, partial_date_bounds
from .limits import MAX_ARTICLE_CHARS

DATE_BASIS_TERMS = ("explicit", "relative_to_publication", "inferred", "unspecified")
_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")


def normalize_text(raw: str) -> str:
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    return unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every paragraph, in order."""
    splitter = _BLANK_LINE if _BLANK_LINE.search(text.strip()) else re.compile(r"\n")
    out, pos = [], 0
    for m in list(splitter.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        s, e = pos, end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
        pos = m.end() if m else len(text)
    return out


def date_basis(entry: dict) -> tuple[str, str]:
    """(basis term, note) of the publication date, as add_article records it.

    A metadata ``date_basis`` that is a term is used with ``date_note``; "term: explanation" gives both;
    free text without a term is an inferred date explained by that text (the rule add_article applies).
    """
    basis = str(entry.get("date_basis") or "").strip()
    note = str(entry.get("date_note") or "").strip()
    if not basis:
        return "explicit", note or "publication date as stated by the outlet"
    m = re.match(r"^([a-z_]+)\s*(?::\s*(.*))?$", basis, flags=re.S)
    if m and m.group(1) in DATE_BASIS_TERMS:
        return m.group(1), (m.group(2) or note).strip()
    return "inferred", basis if not note else f"{basis}; {note}"


def publication_dates(entry: dict) -> dict:
    """The publication date fields of articles.csv.

    ``date_earliest``/``date_latest`` bound the day of publication (the metadata may narrow the bounds a
    partial date gives, e.g. "2020-01, on or after 2020-01-21"). ``reference_date`` is the day relative
    expressions ("Tuesday", "last week") are resolved against: the publication day when known, else the
    earliest possible day when the metadata states one, else empty (then only expressions no finer than
    the date's precision are resolved: "last year" against "2020-01", but not "Tuesday").
    """
    value, precision = parse_partial_date(str(entry["date_published"]))
    declared = str(entry.get("date_precision") or precision)
    if declared != precision:
        raise ValueError(f"date_precision {declared!r} does not match date_published {value!r} ({precision})")
    lo, hi = partial_date_bounds(value)
    earliest = str(entry.get("date_earliest") or "") or lo
    latest = str(entry.get("date_latest") or "") or hi
    for name, d in (("date_earliest", earliest), ("date_latest", latest)):
        try:
            date.fromisoformat(d)
        except ValueError:
            raise ValueError(f"{name} {d!r} is not a date YYYY-MM-DD") from None
        if not lo <= d <= hi:
            raise ValueError(f"{name} {d} lies outside the published date {value}")
    if earliest > latest:
        raise ValueError(f"date_earliest {earliest} is after date_latest {latest}")
    if precision == "day":
        reference = value
    elif entry.get("date_earliest"):
        reference = earliest
    else:
        reference = ""
    basis, note = date_basis(entry)
    return {
        "date_published": value,
        "date_precision": precision,
        "date_basis": basis,
        "date_note": note,
        "date_earliest": earliest,
        "date_latest": latest,
        "reference_date": reference,
    }


def text_problem(raw: bytes) -> tuple[str, str | None]:
    """(the stored text, or "" ; why the raw bytes cannot be an article, or None). Refused: longer than
    limits.MAX_ARTICLE_CHARS, not UTF-8, control characters (anything but line breaks and tabs: a NUL
    byte, an escape sequence), and a text with no visible character (empty, spaces, a lone byte-order
    mark)."""
    too_long = (
        f"the text is longer than the limit of {MAX_ARTICLE_CHARS:,} characters "
        "(scripts/lib/limits.py MAX_ARTICLE_CHARS): keep the article's own text only"
    )
    if len(raw) > 4 * MAX_ARTICLE_CHARS:  # UTF-8 takes at most 4 bytes a character: too long for sure
        return "", too_long
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return "", f"not UTF-8 text (invalid byte at offset {exc.start}); convert it to UTF-8 first"
    text = normalize_text(decoded)
    if len(text) > MAX_ARTICLE_CHARS:
        return "", f"{too_long} ({len(text):,} characters)"
    for i, ch in enumerate(text):
        if unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\t":
            line = text.count("\n", 0, i) + 1
            return "", f"control character {ch!r} at character {i} (line {line}); remove it (only text is stored)"
    if not any(not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Zs") for ch in text):
        return "", "the article text is empty (no visible character)"
    return text, None
