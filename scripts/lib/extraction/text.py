"""Paragraphs and sentences of a stored article text, as (start, end) code-point offsets."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from ..articletext import paragraphs
from .lexicon import lexicon

OPEN_QUOTES = '“"‘'
CLOSE_QUOTES = '”"’'
_END = re.compile(r"[.!?]+[”\"’)\]]*(?=\s+[“\"‘(\[]?[A-Z0-9—–-])|[.!?]+[”\"’)\]]*$")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int  # 1-based


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    return frozenset(lexicon()["abbreviations"])


def _ends_with_abbreviation(text: str, dot: int) -> bool:
    """Is the period at ``dot`` the end of an abbreviation ("Jan.", "U.S.", a middle initial "J.")?"""
    m = re.search(r"([A-Za-z][A-Za-z.]*)$", text[max(0, dot - 40) : dot])  # a window: linear over the text
    if not m:
        return False
    word = m.group(1)
    return word in _abbreviations() or (len(word) == 1 and word.isupper())


def sentences(text: str) -> list[Sentence]:
    out = []
    for i, (ps, pe) in enumerate(paragraphs(text), start=1):
        start = ps
        for m in _END.finditer(text, ps, pe):
            if (
                text[m.start()] == "."
                and m.group(0).startswith(".")
                and len(m.group(0).rstrip('”"’)]')) == 1
                and _ends_with_abbreviation(text, m.start())
            ):
                continue
            end = m.end()
            if end > start:
                out.append(Sentence(start, end, i))
            start = end
            while start < pe and text[start].isspace():
                start += 1
        if start < pe:
            out.append(Sentence(start, pe, i))
    return out


def sentence_at(sents: list[Sentence], pos: int) -> Sentence | None:
    """The sentence holding ``pos`` (``sents`` in text order, as :func:`sentences` gives them); O(log n)."""
    i = bisect.bisect_right([s.start for s in sents], pos) - 1
    if i >= 0 and sents[i].start <= pos < sents[i].end:
        return sents[i]
    return None


DATELINE = re.compile(
    r"[A-Z][A-Z.\-]+(?:\s[A-Z][A-Z.\-]+)*(?:,\s+[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?"
    r"(?:\s+\([A-Za-z. ]{2,20}\))?(?:\s+[—–]\s+|[—–](?=[A-Z]))"
)


def dateline_end(text: str, start: int) -> int:
    """Where the text after a dateline ("AUSTIN, Texas — ") begins, if ``start`` opens one; else start."""
    m = DATELINE.match(text, start)
    return m.end() if m else start


def strip_span(text: str, start: int, end: int, chars: str = " \t\n,;:") -> tuple[int, int]:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end
