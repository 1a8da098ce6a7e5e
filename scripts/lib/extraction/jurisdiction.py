"""The jurisdiction a claim is about, as Census GEOID(s), with the basis it was read from.

Bases (claims.csv ``jurisdiction_basis``), tried in order:

- ``explicit``: the claim's sentence names the place, directly or through an agency ("Franklin County
  Sheriff's Office" → 39049, "NYPD" → 3651000, "Oregon" → 41), an ICE field office (its area of
  responsibility → the states it covers, as the text lists them or as jurisdictions.csv maps them), a
  definite description of an earlier one ("the county", "the Sheriff's Office" → the latest such
  jurisdiction), or a plural one ("both of these states" → the states of the sentence before). In order:
  a list of places after the claim ("three Oregon counties — Multnomah, Clackamas and Washington", "319 …
  — 132 in Maui, 115 in Honolulu"); for a count of counties or cities with no list in the sentence, the
  first later sentence that names that many of them ("Nebraska's four largest counties … Douglas County has
  joined Sarpy, Hall and Lancaster Counties"), else their state; a place inside the counted phrase ("23
  Oregon agencies"); a place right after the claim's phrase ("132 in Maui", "detainers … in Salt Lake
  County"); a national term right after the claim's phrase, with no place in the clause before it and no
  other figure between ("206 of 3,083 requests across the country" → "US", basis ``national``); the
  nearest place before the number; the nearest after it. A state that only describes a local
  unit ("the most populous Texas county") is the article's main county or city when that lies in it;
- ``national``: the sentence says the figure is national ("nationwide", "across the country", "in 43
  states", a count of states with no list, contract C1) → "US";
- ``national_agency`` (before the speaker's office): the sentence's actor is a national agency and the count
  is one no local jurisdiction reaches (lexicon `national_actor_min_count`: "ICE arrested 143,000 people"),
  even in an article about one place or inside a sheriff's statement → "US";
- ``article_context`` (before the speaker's office): a share of the figure the sentence just gave ("143,000
  people, more than 86% of whom …", lexicon `geo_share_of_previous`) takes that figure's place;
- ``speaker_office``: the claim is inside a quote whose speaker's office has a jurisdiction ("Sheriff Tom
  Dart" of the Cook County Sheriff's Office → 17031; a role the text gives: "Sacramento County Sheriff
  Scott Jones");
- ``national_agency``: in an article about no particular county or city (none in its headline or lede),
  the sentence's actor is a national agency (ICE, DHS) and nothing local has been named in the paragraph
  so far ("The 7,117 detainers issued by ICE during October 2015"), or an administration is ("The Obama
  administration deported …") → "US". The writer's own office ("my office", "our deputies") is a local
  actor: its figure is the article's county, else unresolved, never national;
- ``article_context``: the latest place named earlier in the paragraph, else the previous claim's place
  in the paragraph, else the latest place of the paragraph before, else the article's main local
  jurisdiction (the county or city named most often; a state the lede names when no county or city is
  there); a state from the context gives way to the main local jurisdiction when that lies in the state;
- ``unresolved``: none of these → "" (never national).

A city that is one government with its county, or fills it (Census names "(balance)", "metropolitan
government", ...; or ≥ 97% of the county's people in the city), is given as the county: its jail and its
statistics are the county's (FORMAT D18: "Denver Sheriff Department" → 08031).

Everything is indexed once per article (:class:`ArticlePlaces`); a claim's look-ups are O(log n) plus the
size of its sentence and paragraph.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .entities import ArticleEntities, Mention
from .lexicon import APOSTROPHE, lexicon, widen
from .places import NATIONAL_ID, lead_words

DEFINITE = re.compile(
    rf"\b(?:[Tt]he|[Ii]ts|[Tt]hat|[Tt]his)\s+(?:(?P<county>(?i:county(?:\s+jail)?|sheriff{APOSTROPHE}s\s+"
    rf"(?:office|department)|jail|sheriff))|(?P<city>(?i:city|police\s+department|police)))(?![\w-])"
)
PLACED_TYPES = ("jurisdiction", "agency")
LOCAL_LEVELS = ("county", "place")
CONTEXT_CHARS = 5000  # the farthest back a claim's context (its paragraph) reaches
CONSOLIDATED = re.compile(r"\(balance\)|consolidated|unified|metro(?:politan)? government|urban county")


NAME = r"[A-Z][a-z]+(?:\s+[A-Z][a-z.]+){0,2}"
CLAUSE_BREAK = re.compile(r"[,;:(]\s*|\b(?:compared\s+(?:to|with)|versus|vs\.|while|whereas)\s+")
DEFINITE_COUNT = re.compile(r"\b(?:[Tt]he|[Tt]hose|[Tt]hese|[Aa]ll|[Bb]oth)\s+$")  # right before a count of places
ONE_OF = re.compile(r"\b(?:[Oo]ne|[Aa]mong)\s+(?:of\s+)?(?:(?:just|only|the)\s+)*$")
OUT_OF = re.compile(r"\s+(?:out\s+)?of\s+(?:the\s+)?\d[\d,.]*")


@lru_cache(maxsize=1)
def patterns() -> dict:
    """The jurisdiction regexes of lexicon.yaml (keys ``geo_*``), compiled once."""
    lx = lexicon()
    words = sorted(lx["number_words"], key=len, reverse=True)
    number = r"\d{1,2}|(?:" + "|".join(words) + r")(?:-(?:" + "|".join(words) + r"))?"

    def c(p: str, flags: int = 0) -> re.Pattern:
        return re.compile(widen(p.replace("NAME", NAME).replace("NUMBER", number)), flags)

    return {
        "field_office": [c(p) for p in lx["geo_field_office"]],
        "field_office_short": c(lx["geo_field_office_short"]),
        "office_covers": c(lx["geo_office_covers"]),
        "group_anaphor": c(lx["geo_group_anaphor"], re.IGNORECASE),
        "local_noun_after": c(lx["geo_local_noun_after"], re.IGNORECASE),
        "state_institution_after": c(lx["geo_state_institution_after"]),
        "place_after": c(lx["geo_place_after"]),
        "states_count": c(lx["geo_states_count"], re.IGNORECASE),
        "surrounding_states": c(lx["geo_surrounding_states"]),
        "national_actor_terms": c(lx["geo_national_actor_terms"]),
        "first_person_office": c(lx["geo_first_person_office"]),
        "venue_before": c(lx["geo_venue_before"], re.IGNORECASE),
        "national_source_before": c(lx["geo_national_source_before"], re.IGNORECASE),
        "plural_local_actor": c(lx["geo_plural_local_actor"], re.IGNORECASE),
        "share_of_previous": c(lx["geo_share_of_previous"], re.IGNORECASE),
    }


@dataclass
class Placed:
    ids: tuple[str, ...] = ()
    basis: str = "unresolved"
    exact: str = ""
    mention: Mention | None = None


@dataclass(frozen=True)
class Spot:
    """A stretch of text that names one or more jurisdictions."""

    start: int
    end: int
    ids: tuple[str, ...]
    level: str  # nation / state / county / place / "" (several levels)
    mention: Mention | None = None


def _level(resolver, geoid: str) -> str:
    row = resolver.get(geoid) if geoid else None
    return row["level"] if row else ""


def _state_of(resolver, geoid: str) -> str:
    row = resolver.get(geoid) if geoid else None
    return row["state_fips"] if row else ""


# --- ICE field offices -------------------------------------------------------------------------------------
def field_offices(resolver) -> dict[str, tuple[str, ...]]:
    """ICE field office name (comparison form) → the states of its area of responsibility, from the
    counties' ``ice_field_office_2025`` in jurisdictions.csv."""
    cached = getattr(resolver, "_geo_field_offices", None)
    if cached is not None:
        return cached
    out: dict[str, set[str]] = {}
    for r in resolver.rows.values():
        office = r.get("ice_field_office_2025", "")
        if r.get("level") == "county" and office:
            out.setdefault(_key(office), set()).add(r["state_fips"])
    offices = {k: tuple(sorted(v)) for k, v in out.items()}
    try:
        resolver._geo_field_offices = offices
    except AttributeError:  # a frozen resolver: no cache
        pass
    return offices


def _key(name: str) -> str:
    return re.sub(r"[^a-z ]", "", name.lower().replace("saint", "st")).strip()


def _office_states(name: str, offices: dict[str, tuple[str, ...]]) -> tuple[str, tuple[str, ...]] | None:
    """("salt lake city", states) for "Salt Lake City" or "Salt Lake"; None when no office has the name."""
    k = _key(name)
    if k in offices:
        return k, offices[k]
    hits = [o for o in offices if o.startswith(k + " ")]
    return (hits[0], offices[hits[0]]) if len(hits) == 1 else None


def _office_spots(text: str, resolver) -> list[Spot]:
    """ "ICE's Boston office", "the Salt Lake City office of Immigration and Customs Enforcement", "ICE
    Enforcement and Removal Operations (ERO) Atlanta", "the Salt Lake office" (after one of those): the
    states of the office's area of responsibility. When the text says which states it covers ("which is
    responsible for Utah, Nevada, Idaho and Montana"), those."""
    offices = field_offices(resolver)
    if not offices:
        return []
    found: list[tuple[int, int, str, tuple[str, ...]]] = []
    for rx in patterns()["field_office"]:
        for m in rx.finditer(text):
            hit = _office_states(m.group("office"), offices)
            if hit:
                found.append((m.start("office"), m.end(), hit[0], hit[1]))
    named = {k for _, _, k, _ in found}
    if not named:
        return []
    defined: dict[str, tuple[str, ...]] = {}
    for i, (s, e, k, st) in enumerate(found):
        cover = patterns()["office_covers"].match(text, e, min(len(text), e + 300))
        if cover:
            states = _states_listed(cover.group("list"), resolver)
            if len(states) >= 1:
                defined.setdefault(k, states)
                found[i] = (s, cover.end("list"), k, st)  # the listed states belong to the office's name
    for m in patterns()["field_office_short"].finditer(text):  # "the Salt Lake office" once the office is known
        hit = _office_states(m.group("office"), offices)
        if hit and hit[0] in named:
            found.append((m.start("office"), m.end(), hit[0], hit[1]))
    for m in patterns()["surrounding_states"].finditer(text):  # "Utah and surrounding states"
        st = resolver.resolve(m.group("state"), level="state")
        areas = {defined.get(k, states) for _, _, k, states in found}
        hits = [a for a in areas if st and st in a and len(a) > 1]
        if len(hits) == 1:
            found.append((m.start(), m.end(), "", hits[0]))
    spots = {}
    for s, e, k, states in found:
        spots[(s, e)] = Spot(s, e, defined.get(k, states), "state" if len(defined.get(k, states)) == 1 else "")
    return sorted(spots.values(), key=lambda x: (x.start, x.end))


def _states_listed(words: str, resolver) -> tuple[str, ...]:
    out = []
    for item in re.split(r",\s*(?:and\s+)?|\s+and\s+|\s+as\s+well\s+as\s+", words):
        item = re.sub(r"\s+state$", "", item.strip(" .;"))
        g = resolver.resolve(item, level="state") if item else None
        if g:
            out.append(g)
    return tuple(dict.fromkeys(out))


# --- the places of one article ---------------------------------------------------------------------------
class ArticlePlaces:
    """The places and local agencies of one article (a dateline's place left out: it is where the reporter
    is, not what the article is about; so is the venue of an event), sorted, for look-ups by position in
    O(log n)."""

    def __init__(self, ents: ArticleEntities, resolver):
        self.ents = ents
        self.text = ents.text
        self.resolver = resolver
        self._canonical: dict[str, str] = {}
        offices = _office_spots(self.text, resolver)
        office_starts = [o.start for o in offices]

        def in_office(m: Mention) -> bool:
            i = bisect.bisect_right(office_starts, m.start) - 1
            return i >= 0 and offices[i].start <= m.start < offices[i].end

        named = [
            Spot(m.start, m.end, (self.canonical(m.jurisdiction_id),), "", m)
            for m in ents.mentions
            if m.jurisdiction_id
            and m.entity_type in PLACED_TYPES
            and m.method != "dateline"
            and not in_office(m)
            and not patterns()["venue_before"].search(self.text, max(0, m.start - 40), m.start)
        ]
        named = [Spot(s.start, s.end, s.ids, _level(resolver, s.ids[0]), s.mention) for s in named]
        self.spots = sorted(named + offices, key=lambda s: (s.start, s.end))
        self.starts = [s.start for s in self.spots]
        self.placed = [s.mention for s in self.spots if s.mention is not None]
        self.newlines = [i for i, ch in enumerate(self.text) if ch == "\n"]
        self.national_actors = sorted(
            (
                m
                for m in ents.mentions
                if m.entity_type == "agency" and m.entity_id.split(":", 1)[1] in lexicon()["national_actor_set"]
            ),
            key=lambda m: m.start,
        )
        self.national_actor_starts = [m.start for m in self.national_actors]
        self.main = main_jurisdiction(self.placed, resolver)
        self.local_main = (
            self.main
            if self.main is not None
            and self.main.jurisdiction_id
            and _level(resolver, self.main.jurisdiction_id) in LOCAL_LEVELS
            else None
        )
        # the main jurisdiction is the article's subject when the headline or lede names it (or a place
        # within it); an article that names no local place there reports figures of the national agencies
        lede = _lede_end(self.text)
        lede_ids = {m.jurisdiction_id for m in self.placed if m.start < lede}
        self.main_in_lede = self.main is not None and bool(
            lede_ids & ({self.main.jurisdiction_id} | set(resolver.counties_of(self.main.jurisdiction_id)))
            or any(self.main.jurisdiction_id in resolver.counties_of(g) for g in lede_ids)
        )
        self.national_scope = not any(_level(resolver, g) in LOCAL_LEVELS for g in lede_ids) and not any(
            s.start < lede for s in offices
        )
        lede_states = [m for m in self.placed if m.start < lede and _level(resolver, m.jurisdiction_id) == "state"]
        if lede_states and not self.main_in_lede:  # "Federal immigration officials in Massachusetts say ..."
            self.main, self.main_in_lede = lede_states[0], True
            self.national_scope = False
        self._offices: dict[str, str] = {}
        self._by_entity: dict[str, list[Mention]] | None = None

    # --- ids -------------------------------------------------------------------------------------------
    def canonical(self, geoid: str) -> str:
        """A city that is one government with its county, or fills it, → the county; else the id."""
        if geoid not in self._canonical:
            self._canonical[geoid] = _canonical(self.resolver, geoid)
        return self._canonical[geoid]

    @property
    def main_id(self) -> str:
        return self.canonical(self.main.jurisdiction_id) if self.main is not None else ""

    # --- look-ups --------------------------------------------------------------------------------------
    def within(self, start: int, end: int) -> list[Spot]:
        i = bisect.bisect_left(self.starts, start)
        out = []
        while i < len(self.spots) and self.spots[i].start < end:
            if self.spots[i].end <= end:
                out.append(self.spots[i])
            i += 1
        return out

    def latest_before(self, pos: int, level: str) -> Spot | None:
        i = bisect.bisect_left(self.starts, pos)
        best = None
        for s in self.spots[max(0, i - 200) : i]:  # the nearest few hundred mentions are plenty
            if s.end <= pos and s.level == level:
                if best is None or s.end >= best.end:
                    best = s
        return best

    def national_in(self, start: int, end: int) -> list[Mention]:
        i = bisect.bisect_left(self.national_actor_starts, start)
        out = []
        while i < len(self.national_actors) and self.national_actors[i].start < end:
            out.append(self.national_actors[i])
            i += 1
        return out

    def paragraph_start(self, pos: int) -> int:
        """Where the paragraph holding ``pos`` starts; at most CONTEXT_CHARS back (a text with no line
        breaks must not make every claim scan it all)."""
        i = bisect.bisect_left(self.newlines, pos)
        return max(self.newlines[i - 1] + 1 if i > 0 else 0, pos - CONTEXT_CHARS)

    def state_context(self, pos: int, s0: int, s1: int) -> str:
        """The state a bare county name is read in: one named in the sentence, else the latest named
        before, else the main jurisdiction's."""
        in_sentence = sorted(self.within(s0, s1), key=lambda s: (s.start > pos, abs(s.start - pos)))
        for s in in_sentence:
            if s.level == "state":
                return s.ids[0]
        for s in in_sentence:
            if s.level in LOCAL_LEVELS:
                return _state_of(self.resolver, s.ids[0])
        prior = self.latest_before(pos, "state")
        if prior is not None:
            return prior.ids[0]
        return _state_of(self.resolver, self.main.jurisdiction_id) if self.main is not None else ""

    def count_in_state(self, state: str, level: str) -> int:
        """How many counties (or places) the state has: a count above it is not about the state."""
        counts = getattr(self.resolver, "_geo_level_counts", None)
        if counts is None:
            counts = Counter((r["state_fips"], r["level"]) for r in self.resolver.rows.values())
            try:
                self.resolver._geo_level_counts = counts
            except AttributeError:
                pass
        return counts[(state, level)]

    def office_of(self, m: Mention | None) -> str:
        """The jurisdiction of a speaker's own office: the mention's, its affiliation's, or a place named in
        the role the text gives the speaker ("Sacramento County Sheriff Scott Jones")."""
        if m is None:
            return ""
        if m.jurisdiction_id:
            return self.canonical(m.jurisdiction_id)
        if m.entity_id in self._offices:
            return self._offices[m.entity_id]
        if self._by_entity is None:
            self._by_entity = {}
            for x in self.ents.mentions:
                self._by_entity.setdefault(x.entity_id, []).append(x)
        out = ""
        for x in self._by_entity.get(m.entity_id, []):
            parts = x.affiliation_id.split(":")
            if len(parts) >= 2 and parts[1].isdigit():
                out = parts[1]
                break
            role = x.role
            if role and len(role) < 120:
                near = self.within(max(0, x.start - len(role) - 4), x.end + len(role) + 4)
                hits = [s for s in near if s.level in LOCAL_LEVELS + ("state",) and s.mention is not None]
                hits = [s for s in hits if s.mention is not None and s.mention.exact in role]
                if hits:
                    out = hits[0].ids[0]
                    break
        self._offices[m.entity_id] = self.canonical(out) if out else ""
        return self._offices[m.entity_id]


def _canonical(resolver, geoid: str) -> str:
    row = resolver.get(geoid) if geoid else None
    if row is None or row["level"] != "place":
        return geoid
    counties = resolver.counties_of(geoid)
    if len(counties) != 1:
        return geoid
    county = resolver.get(counties[0])
    if county is None:
        return geoid
    if CONSOLIDATED.search(row["name"]):
        return counties[0]
    pop, cpop = row.get("population", ""), county.get("population", "")
    if str(pop).isdigit() and str(cpop).isdigit() and int(cpop) and int(pop) >= 0.97 * int(cpop):
        return counties[0]
    return geoid


def _lede_end(text: str) -> int:
    """End of the headline and first paragraphs (the first ~600 characters, to a paragraph end)."""
    cut = text.find("\n", 600)
    return len(text) if cut == -1 else cut


def main_jurisdiction(placed: list[Mention], resolver) -> Mention | None:
    """The local jurisdiction the article names most often (counties and cities before states; ties: the
    earliest)."""
    local = [m for m in placed if _level(resolver, m.jurisdiction_id) in LOCAL_LEVELS]
    pool = local or placed
    if not pool:
        return None
    counts = Counter(m.jurisdiction_id for m in pool)
    first: dict[str, Mention] = {}
    for m in sorted(pool, key=lambda m: m.start):
        first.setdefault(m.jurisdiction_id, m)
    best = max(counts, key=lambda g: (counts[g], -first[g].start))
    return first[best]


# --- descriptions and lists ------------------------------------------------------------------------------
def _definite(text: str, start: int, end: int, places: ArticlePlaces) -> list[Spot]:
    """ "the county", "the Sheriff's Office", "the city": the latest earlier mention of that kind."""
    out = []
    for m in DEFINITE.finditer(text, start, end):
        prior = places.latest_before(m.start(), "county" if m.group("county") else "place")
        if prior is not None:
            out.append(Spot(m.start(), m.end(), prior.ids, prior.level, prior.mention))
    return out


def _groups(text: str, start: int, end: int, places: ArticlePlaces) -> list[Spot]:
    """ "both of these states", "those counties", "the two cities": the jurisdictions of that level named
    in the sentence or paragraph before (two or more)."""
    out = []
    for m in patterns()["group_anaphor"].finditer(text, start, end):
        level = LEVEL_OF_PLURAL[m.group("noun").lower()]
        p0 = places.paragraph_start(start)
        prior = [s for s in places.within(max(0, p0 - 1), m.start()) if s.level == level]
        ids = tuple(dict.fromkeys(i for s in prior for i in s.ids))
        if len(ids) >= 2:
            out.append(Spot(m.start(), m.end(), ids, level))
    return out


LEVEL_OF_PLURAL = {"states": "state", "counties": "county", "cities": "place", "parishes": "county"}
LEVEL_WORDS = {
    "state": "states?",
    "county": "count(?:y|ies)|parish(?:es)?",
    "place": "cit(?:y|ies)|towns?",
}
LIST_SEPARATOR = re.compile(r"\s*(?:—|–|--|:|\(|\b(?:including|namely|such\s+as)\b)\s*")
NAMES = r"[A-Z][\w'’.]*(?:\s[A-Z][\w'’.]*)*"
ITEM_NAME = re.compile(
    r"[A-Z][\w'’.-]*(?:\s+(?:of\s+)?[A-Z][\w'’.-]*)*(?:\s+(?i:county|counties|parish|city|state)\b)?"
)
DISTRIBUTIVE = re.compile(rf"(?:{NAMES}(?:,\s*(?:and\s+)?|\s+and\s+))+{NAMES}\s+(?i:counties)\b")
ITEM_SPLIT = re.compile(r"\s*(?:,|;|\band\b|\bor\b|\balong\s+with\b|\bas\s+well\s+as\b|\bplus\b)\s*")


def _named_in(text: str, a: int, b: int, places: ArticlePlaces, level: str, state: str) -> list[tuple[int, int, str]]:
    """The jurisdictions named in text[a:b] as (start, end, id): each run of capitalized words read at
    ``level`` in ``state`` ("Multnomah, Clackamas, and Washington" after "Oregon counties"; "Douglas County
    has joined Sarpy, Hall and Lancaster Counties"; "132 in Maui, 115 in Honolulu"), else a jurisdiction the
    article found there; with no level, only names that say what they are ("Baltimore city", "Prince
    George's counties") or were found."""
    resolver = places.resolver
    out: list[tuple[int, int, str]] = []
    typed_word = re.compile(r"\s+(county|counties|parish|parishes|city|state)$", re.IGNORECASE)
    for m in ITEM_NAME.finditer(text, a, b):
        s, e, name = m.start(), m.end(), m.group(0)
        lead = re.match(r"([\w-]+)\s+(?=[A-Z])", name)
        if lead and lead.group(1).lower() in lead_words():  # "Both Delaware and Bucks County": not a name
            s, name = s + lead.end(), name[lead.end() :]
        typed = typed_word.search(name)
        base = name[: typed.start()] if typed else name
        lv = level
        if not lv and typed:
            word = typed.group(1).lower()
            lv = "place" if word == "city" else "state" if word == "state" else "county"
        geoid = ""
        if lv == "state":
            geoid = resolver.resolve(base, level="state") or ""
        elif lv and state:
            geoid = resolver.resolve(base, state, lv) or ""
            if not geoid and lv == "place":  # "Baltimore city" is a county-level independent city
                geoid = resolver.resolve(f"{base} city", state, "county") or ""
        if not geoid:
            inside = [x for x in places.within(s, e) if (not level or x.level == level) and len(x.ids) == 1]
            geoid = inside[0].ids[0] if inside else ""
        if geoid:
            out.append((s, e, places.canonical(geoid)))
    # distributive plurals: "Montgomery and Prince George's counties" → each name a county
    if not level and state:
        for m in DISTRIBUTIVE.finditer(text, a, b):
            for n in re.split(r",\s*(?:and\s+)?|\s+and\s+", re.sub(r"\s*(?i:counties)$", "", m.group(0))):
                g = resolver.resolve(n.strip(), state, "county") if n.strip() else None
                if g and all(x[2] != g for x in out):
                    out.append((m.start(), m.end(), g))
    return sorted(out)


def _level_word_before(text: str, s0: int, pos: int) -> str:
    """The level of the jurisdiction word nearest before ``pos`` ("... went to county police departments —"
    → county); "" when none ("the state's prisons" does not make a list of states)."""
    best, level = -1, ""
    for lv, w in LEVEL_WORDS.items():
        for m in re.finditer(rf"\b(?:{w})\b(?!['’]s)", text[s0:pos], re.IGNORECASE):
            if m.start() > best:
                best, level = m.start(), lv
    return level


def _list_item(text: str, s0: int, n0: int, n1: int, s1: int, places: ArticlePlaces) -> Placed | None:
    """A claim that is itself an item of a list of places ("— 132 in Maui, 115 in Honolulu, 67 in Hawaii"):
    its place is read at the list's level ("Hawaii" among county police departments is Hawaii County)."""
    seps = list(LIST_SEPARATOR.finditer(text, s0, n0))
    if not seps:
        return None
    sep = seps[-1]
    level = _level_word_before(text, s0, sep.start())
    if level not in LOCAL_LEVELS:
        return None
    stop = ITEM_SPLIT.search(text, n1, s1)
    end = stop.start() if stop else s1
    named = _named_in(text, n0, end, places, level, places.state_context(n0, s0, s1))
    if not named:
        return None
    s, e, g = named[0]
    return Placed((g,), "explicit", text[s:e])


def _list_after(text: str, frm: int, s1: int, places: ArticlePlaces, level: str, s0: int) -> Placed | None:
    """Two or more jurisdictions listed after a dash, colon or "including" that follows the claim
    ("three Oregon counties — Multnomah, Clackamas, and Washington")."""
    sep = LIST_SEPARATOR.search(text, frm, s1)
    if sep is None:
        return None
    if not level:
        level = _level_word_before(text, s0, sep.start())
    state = places.state_context(frm, s0, s1)
    named = _named_in(text, sep.end(), s1, places, level, state)
    if len({g for _, _, g in named}) < 2 and level:  # "zero sanctuary cities – Alabama, North Carolina, ..."
        named = [(f.start, f.end, f.ids[0]) for f in places.within(sep.end(), s1) if len(f.ids) == 1]
    # a list is of places of one level, its first item's: not the state after "— in Harris, Travis and Dallas
    # counties — ... in Texas", nor a county and a state in "including Rio Blanco County Sheriff Si Woodruff,
    # have confirmed to the ACLU of Colorado" (one example of the group, no list)
    if named:
        first = _level(places.resolver, min(named)[2])
        named = [x for x in named if _level(places.resolver, x[2]) == first]
    ids = tuple(dict.fromkeys(g for _, _, g in named))
    if len(ids) < 2:
        return None
    return Placed(ids, "explicit", text[min(s for s, _, _ in named) : max(e for _, e, _ in named)])


def _list_later(text: str, frm: int, n: int, level: str, places: ArticlePlaces, s0: int, s1: int) -> Placed | None:
    """A count of ``n`` counties or cities whose names come in a later sentence: the first sentence of the
    next ~1,500 characters that names exactly ``n`` of them."""
    state = places.state_context(frm, s0, s1)
    limit = min(len(text), s1 + 1500)
    pos = s1
    while pos < limit:
        m = re.search(r"(?<=[.!?])\s+|\n+", text[pos:limit])
        end = pos + m.start() if m else limit
        named = _named_in(text, pos, end, places, level, state)
        named += [(s.start, s.end, s.ids[0]) for s in places.within(pos, end) if s.level == level]
        ids = tuple(dict.fromkeys(g for _, _, g in named))
        if len(ids) == n and (not state or all(_state_of(places.resolver, g) == state for g in ids)):
            return Placed(ids, "explicit", text[min(s for s, _, _ in named) : max(e for _, e, _ in named)])
        pos = pos + m.end() if m else limit
    return None


def _list_earlier(text: str, n0: int, n: int, level: str, places: ArticlePlaces, s0: int, s1: int) -> Placed | None:
    """A definite count of ``n`` counties or cities ("those three counties", "all four collar counties") whose
    names came before: the nearest sentence of the previous ~1,500 characters that names exactly ``n`` of
    them."""
    state = places.state_context(n0, s0, s1)
    lo = max(0, s0 - 1500)
    bounds = [lo, *(lo + m.end() for m in re.finditer(r"(?<=[.!?])\s+|\n+", text[lo:s0]) if lo + m.end() < s0)]
    for a, b in reversed(list(zip(bounds, [*bounds[1:], s0]))):
        named = _named_in(text, a, b, places, level, state)
        named += [(s.start, s.end, s.ids[0]) for s in places.within(a, b) if s.level == level]
        ids = tuple(dict.fromkeys(g for _, _, g in named))
        if len(ids) == n and (not state or all(_state_of(places.resolver, g) == state for g in ids)):
            return Placed(ids, "explicit", text[min(s for s, _, _ in named) : max(e for _, e, _ in named)])
    return None


# --- the claim's place ------------------------------------------------------------------------------------
def _speaker_jurisdiction(quote, places: ArticlePlaces) -> str:
    g = getattr(quote, "speaker_jurisdiction_id", "") or ""
    if g:
        return places.canonical(g)
    return places.office_of(getattr(quote, "mention", None))


def _describes_local(text: str, spot: Spot, places: ArticlePlaces) -> bool:
    """Is a state named only to describe a county or city ("the most populous Texas county", "a Georgia
    sheriff") whose identity the article gives (its main local jurisdiction, in that state)?"""
    local = places.local_main
    if spot.level != "state" or local is None:
        return False
    if not patterns()["local_noun_after"].match(text, spot.end):
        return False
    if not re.search(
        r"\b(?:the|a|an|one|that|this|its|most|least|largest|biggest|smallest)\s+(?:[\w-]+\s+){0,2}$",
        text[max(0, spot.start - 40) : spot.start],
        re.IGNORECASE,
    ):
        return False
    return _state_of(places.resolver, places.canonical(local.jurisdiction_id)) == spot.ids[0]


def _number_value(text: str, n0: int, n1: int) -> int | None:
    w = text[n0:n1].lower().replace(",", "")
    if w.isascii() and w.isdigit():
        return int(w)
    nums = lexicon()["number_words"]
    parts = re.split(r"[\s-]+", w)
    if parts and all(p in nums for p in parts):
        return sum(nums[p] for p in parts)
    return None


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
    ``actor_spans`` are the subject / agent of the claim's verb (for ``national_agency``);
    ``counted_level`` is "state" / "county" / "place" when the claim counts jurisdictions of that level."""
    lx = lexicon()
    resolver = places.resolver
    phrase_end = max(phrase_end, n1)
    found = places.within(s0, s1) + _definite(text, s0, s1, places) + _groups(text, s0, s1, places)
    found.sort(key=lambda f: (f.start, f.end))
    # 1. a list of places after the claim
    listed = _list_after(text, phrase_end, s1, places, counted_level, s0)
    if listed is not None:
        return listed
    # 2. a count of jurisdictions: states → national; counties / cities → named later, else their state
    if counted_level:
        same = [f for f in found if f.start >= n1 and f.level == counted_level]
        ids = tuple(dict.fromkeys(i for f in same for i in f.ids))
        if len(ids) >= 2:  # "Fifteen states have no such city, among them Alabama, ... and Wyoming"
            return Placed(ids, "explicit", text[same[0].start : same[-1].end], same[0].mention)
    n = _number_value(text, n0, n1)  # None for a percent, a ratio, a sum of money
    if counted_level == "state" and n is not None and not [f for f in found if f.start >= n1 and f.level == "state"]:
        return Placed((NATIONAL_ID,), "national", text[n0:phrase_end])
    if counted_level in LOCAL_LEVELS and n is not None:
        if 2 <= n <= 12:
            definite = DEFINITE_COUNT.search(text, max(s0, n0 - 15), n0)  # "those three counties": named before
            named_before = _list_earlier(text, n0, n, counted_level, places, s0, s1) if definite else None
            listed = named_before or _list_later(text, phrase_end, n, counted_level, places, s0, s1)
            if listed is not None:
                return listed
        enclosing = [  # a state; a county or city before the count; a city after a count of counties, which it
            f  # cannot hold ("15 counties between Houston and the border"): their state
            for f in found
            if f.level == "state"
            or (f.level in LOCAL_LEVELS and f.start < n0)
            or (f.level == "place" and counted_level == "county" and f.start >= n1)
        ]
        if enclosing:
            f = min(enclosing, key=lambda f: abs(f.start - n0))
            st = f.ids[0] if f.level == "state" else _state_of(resolver, f.ids[0])
            return Placed((st,), "explicit", text[f.start : f.end], f.mention)
        st = places.state_context(n0, s0, s1) if not places.national_scope else ""
        if st and n <= places.count_in_state(st, counted_level):  # "four 287(g) counties" in a Georgia story
            return Placed((st,), "article_context", "")
    item = _list_item(text, s0, n0, n1, s1, places)
    if item is not None:
        return item
    inside = [f for f in found if n1 <= f.start and f.end <= phrase_end]
    if inside:
        f = inside[0]
        return Placed(f.ids, "explicit", text[f.start : f.end], f.mention)
    # 3. a place right after the claim's phrase ("132 in Maui", "... detainers on inmates in Salt Lake County")
    for f in [f for f in found if f.start >= phrase_end][:3]:
        if patterns()["place_after"].fullmatch(text, phrase_end, f.start):
            return Placed(f.ids, "explicit", text[f.start : f.end], f.mention)
    # 3b. a national term right after the claim's phrase, with no place before the number nor between them, and
    # no other figure between ("206 of 3,083 requests across the country", "fell 45% nationally and 38% in
    # Ohio"; not "63 percent, compared to 54 percent nationwide", nor "County X released 172, in the top 30
    # nationally"): the figure is national whatever the rest of the sentence names
    base = OUT_OF.match(text, n1)  # "206 out of 3,083 requests": one figure of a total, read from the total on
    reach = min(s1, max(phrase_end, base.end() if base else n1) + lx["national_term_reach"])
    nat_after = lx["national_terms_re"].search(text, n1, reach)
    if nat_after:
        clause = max([s0, *(m.end() for m in CLAUSE_BREAK.finditer(text, s0, n0))])
        if ONE_OF.search(text, s0, n0):  # "The sheriff's office is one of just 37 agencies in America": the
            clause = n0  # group the subject belongs to, not the subject's own figure
        between = text[max(phrase_end, base.end() if base else n1) : nat_after.start()]
        if not [f for f in found if clause <= f.start < nat_after.start() and not (n0 <= f.start < n1)] and not (
            re.search(r"[;:]|\d", between)
        ):
            return Placed((NATIONAL_ID,), "national", nat_after.group(0))
    states_count = patterns()["states_count"].search(text, s0, s1)
    before = [f for f in found if f.end <= n0]
    after = [
        f
        for f in found
        if f.start >= n1  # not a state named after the figure as its law or body ("... to the California AG")
        and not (f.level == "state" and patterns()["state_institution_after"].match(text, f.end))
    ]
    if states_count and not (before and before[-1].start > states_count.end()):
        if not [f for f in after if f.level == "state"]:
            return Placed((NATIONAL_ID,), "national", states_count.group(0))
    if before or after:
        f = max(before, key=lambda f: (f.end, f.end - f.start)) if before else min(after, key=lambda f: f.start)
        joint = _coordinated_subject(text, f, before, actor_spans)
        if joint is not None:  # "Georgia, Maine and Wisconsin have only one each": every place of the subject
            return joint
        if f.level == "state" and len(f.ids) == 1:
            if _describes_local(text, f, places) and places.local_main is not None:
                m = places.local_main
                return Placed((places.canonical(m.jurisdiction_id),), "article_context", text[f.start : f.end], m)
            # a county or city of that state named before the number is more specific
            local = [
                x
                for x in found
                if x.end <= n0
                and x.level in LOCAL_LEVELS
                and _state_of(resolver, x.ids[0]) == f.ids[0]
                and not (n1 <= x.start and x.end <= phrase_end)
            ]
            if local:
                f = min(local, key=lambda x: abs(x.start - n0))
        return Placed(f.ids, "explicit", text[f.start : f.end], f.mention)
    # 4. national, as the sentence says
    nat = lx["national_terms_re"].search(text, s0, s1)
    if nat:
        return Placed((NATIONAL_ID,), "national", nat.group(0))
    # 4b. the sentence credits a national agency as its source ("..., according to ICE") and names no place,
    # nor a local body by description ("the jail", "our deputies"): the agency's own, national figure
    sources = [
        m
        for m in places.national_in(s0, s1)
        if patterns()["national_source_before"].search(text, max(s0, m.start - 60), m.start)
    ]
    if sources and not DEFINITE.search(text, s0, s1) and not patterns()["first_person_office"].search(text, s0, s1):
        return Placed((NATIONAL_ID,), "national_agency", text[sources[0].start : sources[0].end], sources[0])
    # 5. a national agency's count no local jurisdiction reaches ("ICE arrested 143,000 people"), even quoted
    actors = [m for m in places.national_in(s0, s1) if any(a <= m.start < b for a, b in actor_spans)]
    if actors and n is not None and n >= lx["national_actor_min_count"]:
        return Placed((NATIONAL_ID,), "national_agency", text[actors[0].start : actors[0].end], actors[0])
    # 5a. a share of the figure the sentence just gave ("143,000 …, more than 86% of whom"): that figure's place
    if (
        previous is not None
        and previous.place.ids
        and previous.start >= s0
        and patterns()["share_of_previous"].match(text, n1)
    ):
        return Placed(previous.place.ids, "article_context", previous.place.exact, previous.place.mention)
    # 5b. the speaker's own office
    if quote is not None:
        g = _speaker_jurisdiction(quote, places)
        if g:
            return Placed((g,), "speaker_office", "", getattr(quote, "mention", None))
    # 6. a national agency's own figure, in an article about no particular place
    p0 = places.paragraph_start(s0)
    administration = patterns()["national_actor_terms"].search(text, s0, n0)
    if administration:
        return Placed((NATIONAL_ID,), "national_agency", administration.group(0))
    earlier = places.within(p0, s0)
    own = patterns()["first_person_office"].search(text, places.paragraph_start(max(0, p0 - 2)), n0)
    if own and not earlier:  # "my office partnered with ICE ... There have been 1,753 detainers": the writer's office
        if places.main is not None and places.main_in_lede and _level(resolver, places.main_id) in LOCAL_LEVELS:
            return Placed((places.main_id,), "article_context", text[places.main.start : places.main.end], places.main)
        return Placed((), "unresolved", own.group(0))
    earlier = places.within(p0, s0)
    before_paragraph = places.within(places.paragraph_start(max(0, p0 - 2)), p0) if p0 > 0 else []
    if actors and not earlier and places.national_scope:
        return Placed((NATIONAL_ID,), "national_agency", text[actors[0].start : actors[0].end], actors[0])
    # 6b. the subject is local units in general ("County jails received 5,844 requests"): a state-level count (D18)
    plural = [text[a:b] for a, b in actor_spans if patterns()["plural_local_actor"].fullmatch(text[a:b])]
    state = places.state_context(n0, s0, s1) if plural and not places.national_scope else ""
    if state:
        return Placed((state,), "article_context", plural[0])
    # 7. the context: the paragraph, the previous claim, the article
    if earlier:
        f = max(earlier, key=lambda f: f.end)
        if f.level == "state" and len(f.ids) == 1 and _main_within(places, f.ids[0]):
            return Placed((places.main_id,), "article_context", text[f.start : f.end], places.main)
        return Placed(f.ids, "article_context", text[f.start : f.end], f.mention)
    if previous is not None and previous.place.ids and previous.start >= p0:
        return Placed(previous.place.ids, "article_context", previous.place.exact, previous.place.mention)
    if before_paragraph and not places.national_scope:  # a paragraph with no place continues the one before
        f = max(before_paragraph, key=lambda f: f.end)
        if f.level == "state" and len(f.ids) == 1 and _main_within(places, f.ids[0]):
            return Placed((places.main_id,), "article_context", text[f.start : f.end], places.main)
        return Placed(f.ids, "article_context", text[f.start : f.end], f.mention)
    main = places.main
    if places.national_scope and places.national_actors:
        a = places.national_actors[0]
        return Placed((NATIONAL_ID,), "national_agency", text[a.start : a.end], a)
    if main is not None:
        return Placed((places.main_id,), "article_context", text[main.start : main.end], main)
    return Placed()


def _coordinated_subject(
    text: str, last: Spot, before: list[Spot], actor_spans: tuple[tuple[int, int], ...]
) -> Placed | None:
    """Places of one level listed as the subject of the claim's verb ("Georgia, Maine and Wisconsin have one
    each", "Denver and Boulder declined 40 detainers"): all of them, when the list starts in the subject."""
    if last not in before or last.level not in ("state", "county", "place") or len(last.ids) != 1:
        return None
    chain = [last]
    for spot in sorted((b for b in before if b.end <= last.start), key=lambda b: -b.end):
        if spot.level != last.level or not LIST_JOINER.fullmatch(text, spot.end, chain[-1].start):
            break
        chain.append(spot)
    first = chain[-1]
    if len(chain) < 2 or not any(a <= first.start < b for a, b in actor_spans):
        return None
    ids = tuple(dict.fromkeys(i for spot in reversed(chain) for i in spot.ids))
    return Placed(ids, "explicit", text[first.start : last.end], first.mention)


LIST_JOINER = re.compile(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")


def _main_within(places: ArticlePlaces, state: str) -> bool:
    return (
        places.main is not None
        and places.main_in_lede
        and _level(places.resolver, places.main_id) in LOCAL_LEVELS
        and _state_of(places.resolver, places.main_id) == state
    )


__all__ = ["ArticlePlaces", "Placed", "Spot", "main_jurisdiction", "place_claim"]
