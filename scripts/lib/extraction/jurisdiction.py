"""The jurisdiction a claim is about, as Census GEOID(s), with the basis it was read from.

Bases (claims.csv ``jurisdiction_basis``), tried in order:

- ``explicit``: the claim's sentence names the place, directly or through an agency ("Franklin County
  Sheriff's Office" → 39049, "NYPD" → 3651000, "Oregon" → 41), or through a definite description of an
  earlier one ("the county", "the sheriff's office", "the jail" → the latest such jurisdiction or agency);
  the mention nearest before the number wins, else the nearest after it;
- ``national``: the sentence says the figure is national ("nationwide", "across the country", "in the
  United States", contract C1) → "US";
- ``speaker_office``: the claim is inside a quote whose speaker's office has a jurisdiction ("Sheriff Tom
  Dart" of the Cook County Sheriff's Office → 17031);
- ``national_agency``: the sentence's only actor is a national agency (ICE, DHS) and nothing local has
  been named in the paragraph so far ("The 7,117 detainers issued by ICE during October 2015") → "US";
- ``article_context``: the latest place named earlier in the paragraph, else the article's main local
  jurisdiction (the county or city named most often);
- ``unresolved``: none of these → "" (never national).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass

from .entities import ArticleEntities, Mention
from .lexicon import APOSTROPHE, lexicon
from .places import NATIONAL_ID

DEFINITE = re.compile(
    rf"\b(?:[Tt]he|[Ii]ts|[Tt]hat|[Tt]his)\s+(?:(?P<county>county(?:\s+jail)?|sheriff{APOSTROPHE}s\s+(?:office|department)|"
    rf"jail|sheriff)|(?P<city>city|police\s+department|police))(?![\w-])"
)
PLACED_TYPES = ("jurisdiction", "agency")


@dataclass
class Placed:
    ids: tuple[str, ...] = ()
    basis: str = "unresolved"
    exact: str = ""
    mention: Mention | None = None


def _level(resolver, geoid: str) -> str:
    row = resolver.get(geoid) if geoid else None
    return row["level"] if row else ""


class ArticlePlaces:
    """The places and local agencies of one article (a dateline's place left out: it is where the reporter
    is, not what the article is about), sorted, for look-ups by position in O(log n)."""

    def __init__(self, ents: ArticleEntities, resolver):
        self.ents = ents
        self.resolver = resolver
        self.placed = sorted(
            (
                m
                for m in ents.mentions
                if m.jurisdiction_id and m.entity_type in PLACED_TYPES and m.method != "dateline"
            ),
            key=lambda m: (m.start, m.end),
        )
        self.starts = [m.start for m in self.placed]
        self.national_actors = sorted(
            (
                m
                for m in ents.mentions
                if m.entity_type == "agency" and m.entity_id.split(":", 1)[1] in lexicon()["national_actor_set"]
            ),
            key=lambda m: m.start,
        )
        self.main = main_jurisdiction(self.placed, resolver)
        # the main jurisdiction is the article's subject when the headline or lede names it (or a place
        # within it); an article that names no local place there reports figures of the national agencies
        lede = _lede_end(ents.text)
        lede_ids = {m.jurisdiction_id for m in self.placed if m.start < lede}
        self.main_in_lede = self.main is not None and bool(
            lede_ids & ({self.main.jurisdiction_id} | set(resolver.counties_of(self.main.jurisdiction_id)))
            or any(self.main.jurisdiction_id in resolver.counties_of(g) for g in lede_ids)
        )
        self.national_scope = not any(_level(resolver, g) in ("county", "place") for g in lede_ids)

    def national_in(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.national_actors if start <= m.start < end]

    def within(self, start: int, end: int) -> list[Mention]:
        i = bisect.bisect_left(self.starts, start)
        out = []
        while i < len(self.placed) and self.placed[i].start < end:
            if self.placed[i].end <= end:
                out.append(self.placed[i])
            i += 1
        return out

    def latest_before(self, pos: int, level: str) -> Mention | None:
        i = bisect.bisect_left(self.starts, pos)
        best = None
        for m in self.placed[max(0, i - 200) : i]:  # the nearest few hundred mentions are plenty
            if m.end <= pos and _level(self.resolver, m.jurisdiction_id) == level:
                if best is None or m.end >= best.end:
                    best = m
        return best


def _lede_end(text: str) -> int:
    """End of the headline and first paragraphs (the first ~600 characters, to a paragraph end)."""
    cut = text.find("\n", 600)
    return len(text) if cut == -1 else cut


def _definite(text: str, start: int, end: int, places: ArticlePlaces) -> list[tuple[int, int, Mention]]:
    """ "the county", "the sheriff's office", "the city": the latest earlier mention of that kind."""
    out = []
    for m in DEFINITE.finditer(text, start, end):
        prior = places.latest_before(m.start(), "county" if m.group("county") else "place")
        if prior is not None:
            out.append((m.start(), m.end(), prior))
    return out


def _listed(found, after: int, level: str, resolver) -> list[tuple[int, int, Mention]]:
    """The places of ``level`` named after a count of such places ("four states: Washington, Kansas, ...")."""
    if not level:
        return []
    return sorted(
        (f for f in found if f[0] >= after and _level(resolver, f[2].jurisdiction_id) == level),
        key=lambda f: f[0],
    )


def _speaker_jurisdiction(m: Mention | None, ents: ArticleEntities) -> str:
    if m is None:
        return ""
    if m.jurisdiction_id:
        return m.jurisdiction_id
    for x in ents.mentions:
        if x.entity_id == m.entity_id and x.affiliation_id:
            parts = x.affiliation_id.split(":")
            if len(parts) >= 2 and parts[1].isdigit():
                return parts[1]
    return ""


def _paragraph_start(text: str, pos: int) -> int:
    p = text.rfind("\n", 0, pos)
    return p + 1


def main_jurisdiction(placed: list[Mention], resolver) -> Mention | None:
    """The local jurisdiction the article names most often (counties and cities before states; ties: the
    earliest)."""
    local = [m for m in placed if _level(resolver, m.jurisdiction_id) in ("county", "place")]
    pool = local or placed
    if not pool:
        return None
    counts = Counter(m.jurisdiction_id for m in pool)
    first: dict[str, Mention] = {}
    for m in sorted(pool, key=lambda m: m.start):
        first.setdefault(m.jurisdiction_id, m)
    best = max(counts, key=lambda g: (counts[g], -first[g].start))
    return first[best]


def place_claim(
    text: str,
    s0: int,
    s1: int,
    n0: int,
    n1: int,
    places: ArticlePlaces,
    quote,
    previous,
    phrase_end: int = 0,
    actor_spans: tuple[tuple[int, int], ...] = (),
    counted_level: str = "",
) -> Placed:
    """The jurisdiction of a claim whose number is text[n0:n1] in the sentence text[s0:s1]; ``phrase_end``
    is the end of the counted noun phrase (a place inside it wins: "23 Oregon law enforcement agencies");
    ``actor_spans`` are the subject / agent of the claim's verb (for ``national_agency``)."""
    lx = lexicon()
    ents = places.ents
    named = [(m.start, m.end, m) for m in places.within(s0, s1)]
    found = named + _definite(text, s0, s1, places)
    inside = [f for f in found if n1 <= f[0] and f[1] <= phrase_end]
    before = [f for f in found if f[1] <= n0]
    after = [f for f in found if f[0] >= n1]
    listed = _listed(found, n1, counted_level, places.resolver)
    if len(listed) >= 2:  # "three Oregon counties: Clackamas, Multnomah and Washington"
        ids = tuple(dict.fromkeys(m.jurisdiction_id for _, _, m in listed))
        return Placed(ids, "explicit", text[listed[0][0] : listed[-1][1]], listed[0][2])
    if inside:
        s, e, m = inside[0]
        return Placed((m.jurisdiction_id,), "explicit", text[s:e], m)
    if before or after:
        s, e, m = max(before, key=lambda f: (f[1], f[1] - f[0])) if before else min(after, key=lambda f: f[0])
        if _level(places.resolver, m.jurisdiction_id) == "state":  # a county or city of that state is more specific
            local = [
                f
                for f in named
                if f[1] <= n0
                and _level(places.resolver, f[2].jurisdiction_id) in ("county", "place")
                and places.resolver.get(f[2].jurisdiction_id)["state_fips"] == m.jurisdiction_id
                and not (n1 <= f[0] and f[1] <= phrase_end)
            ]
            if local:
                s, e, m = min(local, key=lambda f: abs(f[0] - n0))
        return Placed((m.jurisdiction_id,), "explicit", text[s:e], m)
    sentence = text[s0:s1]
    nat = lx["national_terms_re"].search(sentence)
    if nat:
        return Placed((NATIONAL_ID,), "national", nat.group(0))
    if quote is not None:
        g = _speaker_jurisdiction(getattr(quote, "mention", None), ents)
        if g:
            return Placed((g,), "speaker_office", "", quote.mention)
    p0 = _paragraph_start(text, s0)
    earlier = places.within(p0, s0)
    actors = [m for m in places.national_actors if s0 <= m.start < s1 and any(a <= m.start < b for a, b in actor_spans)]
    if actors and not earlier:
        return Placed((NATIONAL_ID,), "national_agency", text[actors[0].start : actors[0].end], actors[0])
    if earlier:
        m = max(earlier, key=lambda m: m.end)
        return Placed((m.jurisdiction_id,), "article_context", text[m.start : m.end], m)
    if previous is not None and previous.place.ids and previous.start >= p0:
        return Placed(previous.place.ids, "article_context", previous.place.exact, previous.place.mention)
    main = places.main
    if places.national_scope and places.national_actors:
        a = places.national_actors[0]
        return Placed((NATIONAL_ID,), "national_agency", text[a.start : a.end], a)
    if main is not None:
        return Placed((main.jurisdiction_id,), "article_context", text[main.start : main.end], main)
    return Placed()
