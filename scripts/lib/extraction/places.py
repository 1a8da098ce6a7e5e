"""Places and agencies in an article, resolved to Census GEOIDs.

Rules, in order (each later step skips text an earlier one claimed):
1. **National agencies** by the names in lexicon.yaml (`ICE`, `Department of Homeland Security`, ...).
3. **Jurisdictions**: runs of capitalized words are looked up with the jurisdiction resolver
   (scripts/lib/geo.py: the Census table and data/hand/jurisdiction_aliases.csv). A county or place
   name needs a state: from a possessive before it ("Ohio's Franklin County", "Chicago's Cook County"),
   a state after it ("Travis County, Texas", "Marietta, Ga."), a name that only one state has, or else
   the nearest state the article mentioned before. A bare place name with no state context must be a
   large place (params `extract.place_min_population`) that dwarfs every namesake. A shorter name after
   a longer one is the same jurisdiction ("New York" after "New York City").
4. **Local agencies**: a jurisdiction followed by an agency word ("Franklin County Sheriff's Office",
   "Chicago Police Department") and police acronyms known to the aliases file ("NYPD").
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

import us

from ..geo import norm
from .lexicon import APOSTROPHE, lexicon, phrase_regex, widen
from .mentions import AGENCY_WORDS, COUNTY_WORD, FUNCTION_WORDS, WORD, Mention, MentionIndex, slug, straight


class PlaceFinder(MentionIndex):
    # --- overlap look-ups, indexed (same answers as MentionIndex's scans, in O(log n + k)) ------------
    def add(self, m: Mention) -> Mention:
        idx = self.__dict__.setdefault("_span_index", [[], [], [0]])
        starts, spans, longest = idx
        i = bisect.bisect_right(starts, m.start)
        starts.insert(i, m.start)
        spans.insert(i, (m.start, m.end, len(self.mentions)))
        longest[0] = max(longest[0], m.end - m.start)
        self.mentions.append(m)
        return m

    def overlapping(self, start: int, end: int, types=None) -> list[Mention]:
        idx = self.__dict__.get("_span_index")
        if idx is None or len(idx[0]) != len(self.mentions):
            return super().overlapping(start, end, types)
        starts, spans, longest = idx
        lo = bisect.bisect_left(starts, start - longest[0])
        hi = bisect.bisect_left(starts, end)
        hits = sorted(k for s, e, k in spans[lo:hi] if s < end and start < e)
        return [self.mentions[k] for k in hits if types is None or self.mentions[k].entity_type in types]

    def free(self, start: int, end: int) -> bool:
        return not self.overlapping(start, end)

    # --- 1. national agencies ----------------------------------------------------------------------
    def find_agencies(self) -> None:
        for key, a in lexicon()["agencies"].items():
            for alias in a["aliases"]:
                flags = 0 if alias.isupper() else re.IGNORECASE
                for m in re.finditer(rf"(?<![\w.])(?:U\.S\.\s+)?{re.escape(alias)}(?![\w])", self.text, flags):
                    if alias.isupper() and not m.group(0).isupper():
                        continue
                    if self.free(m.start(), m.end()):
                        self.add(
                            Mention(
                                m.start(), m.end(), m.group(0), f"agency:{key}", "agency", a["name"], method="lexicon"
                            )
                        )

    # --- 3. jurisdictions --------------------------------------------------------------------------
    def find_jurisdictions(self) -> None:
        runs = self._capitalized_runs()
        leftovers = []
        for run in runs:  # first pass: names that resolve by themselves or by their local context
            leftovers.extend(self._scan_run(run, None))
        states = sorted(
            (m.start, st)
            for m in self.mentions
            if m.entity_type == "jurisdiction" and m.jurisdiction_id and (st := self._state_of(m.jurisdiction_id))
        )
        starts = [x[0] for x in states]
        for cand in leftovers:  # second pass: an ambiguous county or place takes the article's nearest state
            st = _nearest_state(states, starts, cand["start"])
            if not self.free(cand["start"], cand["end"]):
                continue
            level = cand.get("level", "county")
            if st:
                geoid = self.resolver.resolve(cand["name"], st, level)
                row = self.resolver.get(geoid) if geoid else None
                if row and (level == "county" or _population(row) >= MIN_PLACE_IN_ARTICLE_STATE):
                    self._add_jurisdiction(cand, geoid, "article_state")
            elif not states and level == "county":  # an article that names no state at all
                geoid = self._dominant(self._namesakes(cand["name"], "county"), ratio=NO_STATE_DOMINANCE)
                if geoid:
                    self._add_jurisdiction(cand, geoid, "dominant_county")
        self._bare_county_coreference()
        self._short_form_coreference()
        self._jurisdiction_anaphora()

    def _bare_county_coreference(self) -> None:
        """A county the article names without the word County ("Chesterfield Sheriff Karl Leonard", "Broward
        jail") is that county wherever the same bare name stands alone ("ICE placed the most detainers in
        Chesterfield: 370"), not inside a longer capitalized name."""
        bare: dict[str, Mention] = {}
        for m in self.mentions:
            row = self.resolver.get(m.jurisdiction_id) if m.entity_type == "jurisdiction" else None
            if row and row["level"] == "county" and not COUNTY_WORD.search(m.exact) and m.exact[:1].isupper():
                bare.setdefault(m.exact, m)
        for name, m in bare.items():
            for x in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", self.text):
                s, e = x.start(), x.end()
                if not self.free(s, e) or re.search(r"[A-Z][\w'’.-]*\s$", self.text[max(0, s - 30) : s]):
                    continue
                if re.match(r"\s[A-Z]", self.text[e : e + 2]) and not lx_re("geo_county_metonym_next").match(
                    self.text, e
                ):
                    continue  # "Chesterfield Road"
                self._add_jurisdiction({"start": s, "end": e, "name": name}, m.jurisdiction_id, "coreference")

    def _jurisdiction_anaphora(self) -> None:
        """ "the city", "this city's", "the county", "the state": the latest jurisdiction of that level
        mentioned before ("the state" also: the state of the latest county or city); with none before, the
        first one named later in the same sentence ("All of the state's 67 counties ..., the Florida
        Sheriffs Association announced"). One pass over the text in order."""
        levels = {"city": "place", "county": "county", "state": "state"}
        named = sorted(
            (m for m in self.mentions if m.entity_type == "jurisdiction" and m.jurisdiction_id), key=lambda m: m.end
        )
        taken = sorted((m.start, m.end) for m in self.mentions)
        taken_starts = [t[0] for t in taken]
        longest = max((e - s for s, e in taken), default=0)
        latest: dict[str, Mention] = {}
        k = 0
        for m in re.finditer(
            rf"\b(?:[Tt]he|[Tt]his|[Tt]hat)\s+(city|county|state)(?:{APOSTROPHE}s)?(?![\w-])", self.text
        ):
            while k < len(named) and named[k].end <= m.start():
                row = self.resolver.get(named[k].jurisdiction_id)
                if row:
                    latest[row["level"]] = named[k]
                    if row["level"] in ("county", "place") and row["state_fips"]:
                        latest["state_of_local"] = named[k]
                k += 1
            i = bisect.bisect_left(taken_starts, m.start() - longest)
            if any(ts < m.end() and m.start() < te for ts, te in taken[i : bisect.bisect_left(taken_starts, m.end())]):
                continue
            level = levels[m.group(1)]
            prior = latest.get(level)
            geoid = prior.jurisdiction_id if prior is not None else ""
            if not geoid and level == "state" and "state_of_local" in latest:
                geoid = self._state_of(latest["state_of_local"].jurisdiction_id) or ""
            if not geoid:
                stop = self.text.find(".", m.end())
                stop = len(self.text) if stop == -1 else stop
                for x in named[k:]:
                    if x.start >= stop:
                        break
                    row = self.resolver.get(x.jurisdiction_id)
                    if row and row["level"] == level:
                        geoid = x.jurisdiction_id
                        break
            row = self.resolver.get(geoid) if geoid else None
            if row is None:
                continue
            e = m.end(1)
            self.add(
                Mention(
                    m.start(),
                    e,
                    self.text[m.start() : e],
                    f"jurisdiction:{geoid}",
                    "jurisdiction",
                    row["name"],
                    jurisdiction_id=geoid,
                    method="anaphora",
                )
            )

    def _scan_run(self, run, state) -> list[dict]:
        """Resolve the sub-spans of a capitalized run, longest first; return unresolved county names."""
        lx = lexicon()
        after_ok = (
            {w.lower() for w in lx["titles"] if " " not in w}  # a title of several words must follow whole
            | {straight(x).split()[0].lower() for x in lx["local_agency_suffixes"]}
            | {
                "police",
                "sheriff's",
                "officials",
                "democrats",
                "republicans",
                "authorities",
                "government",
                "state",
                "residents",
                "jails",
                "jail",
                "voters",
                "leaders",
                "lawmakers",
                "sheriffs",
                "association",
                "counties",
                "cities",
                "legislature",
                "legislators",
            }
        )
        words = [straight(w).lower().rstrip("'") for _, _, w in run]  # "Sheriffs’" (a plural possessive): "sheriffs"
        lead = lead_words()
        leftovers, i, accepted_end = [], 0, -1
        while i < len(run):
            if words[i] in FUNCTION_WORDS or (
                i > 0 and words[i - 1] not in FUNCTION_WORDS and words[i - 1] not in lead and accepted_end != i
            ):
                i += 1
                continue
            for j in range(len(run), i, -1):
                if (
                    j < len(run)
                    and words[j] not in after_ok
                    and not COUNTY_WORD.search(" " + run[j - 1][2])
                    and not _title_re().match(self.text, run[j][0])
                ):  # "Washington Post", "Grand Rapids Press" are no place; "Orange County Register" still names
                    continue  # the county; a title after the name ("Austin Police Chief") leaves it a place
                if j < len(run) and COUNTY_WORD.search(" " + run[j][2]):
                    continue  # "Washington County" unresolved here is a county still, never the state Washington
                s, e = run[i][0], run[j - 1][1]
                if (
                    not self.free(s, e)
                    or words[j - 1] in AGENCY_WORDS
                    or lx["police_acronym_re"].fullmatch(self.text[s:e])
                ):
                    continue
                cand = {"start": s, "end": e, "name": self.text[s:e]}
                geoid, method = self._resolve(cand)
                if geoid:
                    self._add_jurisdiction(cand, geoid, method)
                    i = accepted_end = j
                    break
                if COUNTY_WORD.search(cand["name"]):
                    leftovers.append(cand)
                elif (j == len(run) or lx_re("geo_county_metonym_next").match(self.text, e)) and (
                    level := self._bare_level(s, e)
                ):  # "Chesterfield Sheriff Karl Leonard": a county of the article's state
                    leftovers.append({**cand, "level": level})
            else:
                i += 1
        return leftovers

    def _bare_level(self, s: int, e: int) -> str:
        """A name with no county word may still be a county ("Broward jail", "Broward Sheriff's Office"),
        or, after "in"/"at", a place of the article's state ("at a plant in Sanford")."""
        if lx_re("geo_county_metonym_next").match(self.text, e):
            return "county"
        if lx_re("geo_place_preposition_before").search(self.text[max(0, s - 12) : s]):
            return "place"
        return ""

    def _capitalized_runs(self) -> list[list[tuple[int, int, str]]]:
        """Runs of capitalized words joined by single spaces ("New York City Mayor Bill"); a possessive
        ("Ohio's") or punctuation ends a run, and the possessive is dropped from the word."""
        runs: list[list[tuple[int, int, str]]] = []
        current: list[tuple[int, int, str]] = []
        last_end: int | None = None
        abbreviations = set(lexicon()["abbreviations"])
        for m in WORD.finditer(self.text):
            w = m.group(0)
            sentence_end = False
            if w.endswith(".") and not re.fullmatch(r"(?:[A-Z]\.)+", w):
                w = w[:-1]
                sentence_end = w not in abbreviations  # "Salt Lake County. Of all ..." ends the run
            s, e = m.start(), m.start() + len(w)
            poss = re.search(rf"{APOSTROPHE}s$", w)
            if poss:
                w, e = w[: poss.start()], s + poss.start()
            capital = bool(w) and (w[0].isupper() or (w == "of" and bool(current)))
            joined = last_end is not None and self.text[last_end:s] == " "
            if capital and current and joined:
                current.append((s, e, w))
            else:
                if current:
                    runs.append(current)
                current = [(s, e, w)] if capital else []
            last_end = m.start() + len(m.group(0))
            if current and (
                poss or sentence_end or (last_end < len(self.text) and self.text[last_end] in ',.;:!?)—–"“”')
            ):
                runs.append(current)
                current = []
                last_end = None
        if current:
            runs.append(current)
        out = []
        for run in runs:
            while run and run[-1][2] == "of":
                run = run[:-1]
            if run:
                out.append(run)
        return out

    def _state_of(self, geoid: str) -> str | None:
        row = self.resolver.get(geoid)
        return row["state_fips"] if row else None

    def _explicit_state(self, cand: dict) -> str | None:
        """A state given next to the name: "Ohio's Franklin County", "Travis County, Texas",
        "Chicago's Cook County" (the place's state), "Franklin County Iowa" (a state's full name right after a
        county's name)."""
        s, e = cand["start"], cand["end"]
        before = re.search(rf"([A-Z][\w.\- ]*?){APOSTROPHE}s\s+$", self.text[max(0, s - 40) : s])
        if before:
            prior = self.__dict__.get("_jurisdiction_ends", {}).get(s - len(before.group(0)) + len(before.group(1)), [])
            if prior:
                return self._state_of(prior[0].jurisdiction_id)
            st = self.resolver.resolve(before.group(1), level="state")
            if st:
                return st
        after = re.match(r",\s+([A-Z][A-Za-z.]*(?:\s[A-Z][a-z]+)?\.?)", self.text[e : e + 30])
        if after:
            word = after.group(1)
            for cand_state in (word, word.rstrip(".") + "." if not word.endswith(".") else word, word.split()[0]):
                st = _ap_state(cand_state) or self.resolver.resolve(cand_state.rstrip(","), level="state")
                if st:
                    return st
        if re.search(r"\b(?:County|Parish|Borough)$", self.text[s:e]):  # "Franklin County Iowa" (a headline)
            bare = re.match(r"\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\b", self.text[e : e + 30])
            if bare:
                for word in (bare.group(1), bare.group(1).split()[0]):
                    state = us.states.lookup(word)
                    if state is not None and state.name == word:  # the full name only, never "Sheriff"
                        return self.resolver.resolve(word, level="state")
        return None

    def _resolve(self, cand: dict) -> tuple[str | None, str]:
        """(GEOID, how) for a candidate name, or (None, "")."""
        r, name = self.resolver, cand["name"]
        st = self._explicit_state(cand)
        dateline = is_dateline(self.text, cand["start"], cand["end"])
        if dateline and st:
            g = r.resolve(name, st, "place")
            if g:
                return g, "dateline"
        if st:
            g = r.resolve(name, st)
            if g:
                return g, "state_context"
        if dateline:  # the town the page named before with its state ("Washington, IA" … "WASHINGTON —")
            same = [m for m in self.mentions if m.entity_type == "jurisdiction" and norm(m.exact) == norm(name)]
            g = same[-1].jurisdiction_id if same else self._dominant_place(name)
            if g:
                return g, "dateline"
        if norm(name) in r.aliases:
            g = r.resolve(name)
            if g:
                return g, "alias"
        g = r.resolve(name, level="state")
        if g:
            return g, "state_name"
        if COUNTY_WORD.search(name):
            hits = self._namesakes(name, "county")
            if len(hits) == 1:
                return hits.pop(), "unique_county"
            g = self._dominant(hits)
            return (g, "dominant_county") if g else (None, "")
        if lx_re("geo_facility_region_next").match(self.text, cand["end"]) or re.search(
            re.escape(name) + lx_re("geo_facility_region_next").pattern, self.text
        ):  # "Riverside Regional Jail", and "Riverside" alone after it: a facility named for a region, not the
            return None, ""  # city elsewhere
        g = self._dominant_place(name)
        if g:
            return g, "dominant_place"
        if lx_re("geo_county_metonym_next").match(self.text, cand["end"]):  # "Broward jail deputies"
            hits = self._namesakes(name, "county")
            if len(hits) == 1:
                return hits.pop(), "unique_county"
        return None, ""

    def _dominant_place(self, name: str) -> str | None:
        return self._dominant(self._namesakes(name, "place"))

    def _namesakes(self, name: str, level: str) -> set[str]:
        """Every state's jurisdiction of that name and level (memoized per article)."""
        memo = self.__dict__.setdefault("_namesakes_memo", {})
        if (name, level) not in memo:
            memo[(name, level)] = {x for x in (self.resolver.resolve(name, s.fips, level) for s in _states()) if x}
        return set(memo[(name, level)])

    def _dominant(self, hits: set[str], ratio: int = 10) -> str | None:
        """The one jurisdiction of a shared name that is large (params `extract.place_min_population`) and
        dwarfs every namesake tenfold ("Cook County" is Illinois's, not Georgia's or Minnesota's); in an
        article that names no state at all, twice as large is enough ("Frederick County" is Maryland's)."""
        if not hits:
            return None
        pops = sorted(((_population(self.resolver.get(g)), g) for g in hits), reverse=True)
        top_pop, top = pops[0]
        if top_pop < self.place_min_population:
            return None
        if len(pops) > 1 and pops[1][0] * ratio > top_pop:
            return None
        return top

    def _add_jurisdiction(self, cand: dict, geoid: str, method: str) -> None:
        row = self.resolver.get(geoid)
        m = self.add(
            Mention(
                cand["start"],
                cand["end"],
                self.text[cand["start"] : cand["end"]],
                f"jurisdiction:{geoid}",
                "jurisdiction",
                row["name"] if row else cand["name"],
                jurisdiction_id=geoid,
                method=method,
            )
        )
        self.__dict__.setdefault("_jurisdiction_ends", {}).setdefault(m.end, []).append(m)

    def _short_form_coreference(self) -> None:
        """ "New York" after "New York City" is the city: a name that begins a longer jurisdiction name
        mentioned earlier in the same state denotes that jurisdiction (the nearest such earlier name). A state's
        name does so only when lexicon.yaml lists it (`geo_state_names_short_for_city`).
        Earlier names are indexed by their word prefixes, so the pass is linear."""
        js = sorted((m for m in self.mentions if m.entity_type == "jurisdiction"), key=lambda m: m.start)
        by_prefix: dict[str, list[Mention]] = {}
        city_short = {norm(n) for n in lexicon()["geo_state_names_short_for_city"]}
        for m in js:
            a = norm(m.exact)
            if len(m.jurisdiction_id) == 2 and a not in city_short:  # "Oklahoma" after "Oklahoma City": the state
                candidates: list[Mention] = []
            else:
                candidates = by_prefix.get(a, [])
            for earlier in reversed(candidates):
                if earlier.jurisdiction_id != m.jurisdiction_id and (
                    self._state_of(earlier.jurisdiction_id) == self._state_of(m.jurisdiction_id)
                    or m.jurisdiction_id == self._state_of(earlier.jurisdiction_id)
                ):
                    m.entity_id, m.jurisdiction_id, m.name = earlier.entity_id, earlier.jurisdiction_id, earlier.name
                    m.method = "coreference"
                    break
            words = a.split(" ")
            for k in range(1, len(words)):
                by_prefix.setdefault(" ".join(words[:k]), []).append(m)

    # --- 4. local agencies -------------------------------------------------------------------------
    def find_local_agencies(self) -> None:
        lx = lexicon()
        suffix_re = phrase_regex(lx["local_agency_suffixes"], flags=0)
        for m in suffix_re.finditer(self.text):
            jur = [j for j in self.mentions if j.entity_type == "jurisdiction" and 0 < m.start() - j.end <= 1]
            if not jur or not self.free(m.start(), m.end()):
                continue
            j = jur[0]
            suffix = straight(m.group(0))
            geoid = (
                self.resolver.resolve(f"{straight(j.exact)} {suffix}", self._state_of(j.jurisdiction_id))
                or j.jurisdiction_id
            )
            base = straight(j.exact)
            self.add(
                Mention(
                    j.start,
                    m.end(),
                    self.text[j.start : m.end()],
                    f"agency:{geoid}:{slug(suffix)}",
                    "agency",
                    f"{base} {suffix}",
                    jurisdiction_id=geoid,
                    method="local_agency",
                )
            )
        for m in lx["police_acronym_re"].finditer(self.text):
            geoid = self.resolver.resolve(m.group(0))
            if geoid and self.free(m.start(), m.end()):
                self.add(
                    Mention(
                        m.start(),
                        m.end(),
                        m.group(0),
                        f"agency:{geoid}:police-department",
                        "agency",
                        m.group(0),
                        jurisdiction_id=geoid,
                        method="police_acronym",
                    )
                )


DATELINE_TAIL = re.compile(
    r"(?:,\s+[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?\s*(?:\((?:AP|Reuters|AFP|UPI|CNN|[A-Z][A-Za-z.]{1,12})\)\s*)?"
    r"(?:[—–]|--)"
)


# A bare place name read in the article's state needs this many residents ("in Sanford" → Sanford, N.C.).
MIN_PLACE_IN_ARTICLE_STATE = 10_000
# In an article that names no state, a county name shared by several states is the largest namesake when it
# has this many times the people of the next ("Frederick County": Maryland's 280,000 to Virginia's 90,000).
NO_STATE_DOMINANCE = 2


@lru_cache(maxsize=16)
def lx_re(key: str) -> re.Pattern:
    """A regex of lexicon.yaml (case-sensitive), compiled once."""
    return re.compile(widen(lexicon()[key]))


@lru_cache(maxsize=1)
def _title_re() -> re.Pattern:
    """A title of lexicon ``titles`` (e.g. "Press Secretary"), matched where it starts."""
    return phrase_regex(lexicon()["titles"])


@lru_cache(maxsize=1)
def lead_words() -> frozenset[str]:
    """Capitalized words that may open a sentence or headline before a place name ("Twenty-three Oregon
    agencies", "All Texas counties"): number words and lexicon ``geo_lead_words``."""
    lx = lexicon()
    numbers = set(lx["number_words"]) | {f"{a}-{b}" for a in lx["number_words"] for b in lx["number_words"]}
    return frozenset(numbers | set(lx["geo_lead_words"]))


def is_dateline(text: str, start: int, end: int) -> bool:
    """Is text[start:end] the place of a dateline at a paragraph start ("AUSTIN, Texas — ", "NEW YORK– ",
    "LOS ANGELES (AP) — ", "WASHINGTON—", "CHARLOTTE, N.C. (AP) --"), or of a news release's header ("July 31,
    2017Grapevine, TX, United States")?"""
    lo = max(0, start - 100)  # a dateline opens its line: look back no farther than that could be
    i = text.rfind("\n", lo, start)
    if i == -1 and lo > 0:
        return False
    if lx_re("geo_release_header_before").fullmatch(text, i + 1, start) and lx_re("geo_release_header_after").match(
        text, end
    ):  # a news release's header: "July 31, 2017Grapevine, TX, United States"
        return True
    return text[i + 1 : start].strip() == "" and bool(DATELINE_TAIL.match(text, end, min(len(text), end + 40)))


def _nearest_state(states: list[tuple[int, str]], starts: list[int], pos: int) -> str | None:
    """The state of the nearest jurisdiction named before ``pos``, else of the first one after it."""
    i = bisect.bisect_left(starts, pos)
    if i > 0:
        return states[i - 1][1]
    j = bisect.bisect_right(starts, pos)
    return states[j][1] if j < len(states) else None


def _population(row: dict | None) -> int:
    p = (row or {}).get("population", "")
    return int(p) if str(p).isdigit() else 0


_STATES = None


def _states():
    global _STATES
    if _STATES is None:
        _STATES = sorted(list(us.states.STATES_AND_TERRITORIES) + [us.states.DC], key=lambda s: str(s.fips))
    return _STATES


def _ap_state(word: str) -> str | None:
    """A state in AP style ("Ill.", "Calif.", "Ga.") → FIPS, via the ``us`` package."""
    for s in _states():
        if s.ap_abbr and s.ap_abbr == word:
            return s.fips
    return None


# --- the nation (contract C1) --------------------------------------------------------------------------
NATIONAL_ID = "US"
NATIONAL_ROW = {
    "jurisdiction_id": NATIONAL_ID,
    "name": "United States",
    "level": "nation",
    "state_fips": "",
    "county_fips": "",
    "state_abbr": "",
    "parent_ids": "",
    "population": "",
}


def with_national(resolver):
    """The resolver with the "US" row of contract C1 (added to jurisdictions.csv by the `stats` helper);
    unchanged when the table already has it. For `make eval` and tests until that row is on main."""
    if resolver.get(NATIONAL_ID) is not None:
        return resolver
    from ..geo import ALIASES, resolver_from_rows

    return resolver_from_rows({**resolver.rows, NATIONAL_ID: dict(NATIONAL_ROW)}, ALIASES)
