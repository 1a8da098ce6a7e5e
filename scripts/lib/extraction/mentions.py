"""Mentions found in an article and the queries over them, shared by the people finder (people.py)
and the places/agencies finder (places.py)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .lexicon import lexicon

# Letters of names, the Latin-1 accented ones included ("Doña Ana County", "José Núñez", "Cañon City").
UPPER, LOWER = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"
WORD = re.compile(rf"[{UPPER}{LOWER}][{UPPER}{LOWER}’'\-]*(?:\.[{UPPER}{LOWER}]+)*\.?")
NAME_TOKEN = (
    rf"(?:[{UPPER}][{LOWER}]?[{UPPER}][{LOWER}]+|[{UPPER}][{LOWER}]*[’'][{UPPER}][{LOWER}]+"  # McCain, O'Keefe
    rf"|[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?|[{UPPER}]\.)"
    rf"(?![{UPPER}{LOWER}])"
)
FUNCTION_WORDS = {
    "in",
    "the",
    "at",
    "from",
    "for",
    "on",
    "across",
    "outside",
    "inside",
    "like",
    "near",
    "to",
    "and",
    "but",
    "while",
    "with",
    "of",
    "by",
    "as",
    "since",
    "after",
    "before",
    "under",
    "unlike",
    "meanwhile",
    "both",
    "neither",
    "a",
    "an",
}
AGENCY_WORDS = {"sheriff", "sheriff's", "police", "jail", "office", "department", "board", "council", "court"}
COUNTY_WORD = re.compile(r"\s(?:County|Parish|Borough|Census Area)$")


def slug(text: str) -> str:
    s = (
        unicodedata.normalize("NFKD", text.replace("’", "").replace("'", ""))
        .encode("ascii", "ignore")
        .decode("ascii")
        .lower()
    )
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def straight(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'")


@dataclass
class Mention:
    start: int
    end: int
    exact: str
    entity_id: str
    entity_type: str  # person / agency / jurisdiction
    name: str  # canonical name of the entity
    role: str = ""  # the role the text gives at this mention ("acting DHS Secretary")
    jurisdiction_id: str = ""
    affiliation_id: str = ""
    method: str = ""  # how the mention was linked (vocabulary mention_link)


@dataclass
class MentionIndex:
    """The mentions of one article, with the context the finders need."""

    article_id: str
    text: str
    resolver: Any  # scripts.lib.geo.JurisdictionResolver
    place_min_population: int = 50000
    mentions: list[Mention] = field(default_factory=list)

    # --- queries -----------------------------------------------------------------------------------
    def overlapping(self, start: int, end: int, types=None) -> list[Mention]:
        return [
            m for m in self.mentions if m.start < end and start < m.end and (types is None or m.entity_type in types)
        ]

    def within(self, start: int, end: int, types=None) -> list[Mention]:
        return sorted(
            (
                m
                for m in self.mentions
                if start <= m.start and m.end <= end and (types is None or m.entity_type in types)
            ),
            key=lambda m: (m.start, -m.end),
        )

    def before(self, pos: int, types=None) -> list[Mention]:
        """Mentions ending at or before ``pos``, nearest first."""
        return sorted(
            (m for m in self.mentions if m.end <= pos and (types is None or m.entity_type in types)),
            key=lambda m: (-m.end, m.start),
        )

    def add(self, m: Mention) -> Mention:
        self.mentions.append(m)
        return m

    def free(self, start: int, end: int) -> bool:
        return not self.overlapping(start, end)


def _is_agency_antecedent(entity_id: str) -> bool:
    """Can "the agency" refer to this entity? (lexicon: `agency_anaphor: false` says no)."""
    key = entity_id.split(":", 1)[1]
    return lexicon()["agencies"].get(key, {}).get("agency_anaphor", True)
