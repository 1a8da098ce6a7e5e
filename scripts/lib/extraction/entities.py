"""People, agencies and jurisdictions mentioned in an article, with their offsets.

Rules, in order (each later step skips text an earlier one claimed):
1. **National agencies** by the names in lexicon.yaml (`ICE`, `Department of Homeland Security`, ...).
2. **Named people**: a title before a name ("former acting ICE Director Tom Homan" — the role is the
   title with the modifiers, agencies and places before it), an appositive ("The agency's acting
   director, Matt Albence,"), or a name followed by its role ("Tom Homan, the former ICE director,").
3. **Jurisdictions**: runs of capitalized words are looked up with the jurisdiction resolver
   (scripts/lib/geo.py: the Census table and data/hand/jurisdiction_aliases.csv). A county or place
   name needs a state: from a possessive before it ("Ohio's Franklin County", "Chicago's Cook County"),
   a state after it ("Travis County, Texas", "Marietta, Ga."), a name that only one state has, or else
   the nearest state the article mentioned before. A bare place name with no state context must be a
   large place (params `extract.place_min_population`) that dwarfs every namesake. A shorter name after
   a longer one is the same jurisdiction ("New York" after "New York City").
4. **Local agencies**: a jurisdiction followed by an agency word ("Franklin County Sheriff's Office",
   "Chicago Police Department") and police acronyms known to the aliases file ("NYPD").
5. **Later mentions** of a named person by surname ("Albence", "De Blasio").
Unnamed people ("an ICE spokeswoman", "the official") are created by the quote and claim rules when
they speak (:meth:`ArticleEntities.speaker_from_subject`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import us

from ..geo import norm
from .lexicon import APOSTROPHE, lexicon, phrase_regex

WORD = re.compile(r"[A-Za-z][A-Za-z’'\-]*(?:\.[A-Za-z]+)*\.?")
NAME_TOKEN = r"(?:[A-Z][a-z]?[A-Z][a-z]+|[A-Z][a-z]+(?:[’'\-][A-Z][a-z]+)?|[A-Z]\.)(?![A-Za-z])"
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
class ArticleEntities:
    article_id: str
    text: str
    resolver: object
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

    # --- 2. named people ---------------------------------------------------------------------------
    def _name_regex(self) -> str:
        particles = "|".join(re.escape(p) for p in lexicon()["name_particles"])
        return rf"{NAME_TOKEN}(?:\s+(?:(?:{particles})\s+)?{NAME_TOKEN}){{1,2}}"

    def _role_before(self, title_start: int) -> int:
        """Extend a title backwards over modifiers, agencies and places ("former acting ICE")."""
        mods = {w.lower() for w in lexicon()["role_modifiers"]}
        pos = title_start
        while True:
            m = re.search(r"(\S+)\s+$", self.text[max(0, pos - 60) : pos])
            if not m:
                return pos
            word_start = pos - len(m.group(0))
            word = m.group(1)
            agency = [
                x
                for x in self.overlapping(word_start, word_start + len(word), ("agency", "jurisdiction"))
                if x.end == word_start + len(word)
            ]
            if word.lower().rstrip("-") in mods or word.lower() in mods:
                pos = word_start
            elif agency:
                pos = agency[0].start
            elif re.fullmatch(r"[A-Z]{2,6}|[A-Z][a-z]+", word) and word.lower() not in FUNCTION_WORDS:
                pos = word_start
            else:
                # "spokeswoman for the mayor": a role head, a preposition and the title
                pm = re.search(
                    r"(?:^|\s)(\w+)\s+(?:for|of|with|at|to)\s+(?:the\s+)?$", self.text[max(0, pos - 40) : pos]
                )
                if pm and (
                    lexicon()["role_head_re"].fullmatch(pm.group(1)) or lexicon()["title_re"].fullmatch(pm.group(1))
                ):
                    pos = pos - len(pm.group(0)) + (1 if pm.group(0)[0].isspace() else 0)
                    continue
                return pos

    def find_people(self) -> None:
        lx = lexicon()
        name_re = self._name_regex()
        blocked = {w.lower() for w in lx["titles"]} | {w.lower() for w in lx["role_modifiers"]}
        # title + name: "Acting DHS Secretary Chad Wolf"
        titles = lx["title_re"].pattern
        for m in re.finditer(rf"(?P<title>(?i:{titles}))\s+(?P<name>{name_re})", self.text):
            name_start, name_end = m.start("name"), m.end("name")
            name = self._clean_name(name_start, name_end, blocked)
            if name is None:
                continue
            name_start, name_end = name
            if not self.free(name_start, name_end):
                continue
            role_start = self._role_before(m.start("title"))
            role = self.text[role_start : m.end("title")]
            self._add_person(name_start, name_end, role, role_start, "title")
        # appositive: "the agency's acting director, Matt Albence,"
        for m in re.finditer(rf"(?P<title>(?i:{titles})),\s+(?P<name>{name_re})\s*[,.]", self.text):
            name = self._clean_name(m.start("name"), m.end("name"), blocked)
            if name is None or not self.free(*name):
                continue
            role_start = self._role_before(m.start("title"))
            self._add_person(*name, self.text[role_start : m.end("title")], role_start, "appositive")
        # name + role: "Tom Homan, the former acting director of ICE,"
        for m in re.finditer(
            rf"(?P<name>{name_re}),\s+(?:the|a|an)\s+(?P<role>[^,.;“”\"]{{3,80}}?)\s*[,.;]", self.text
        ):
            if not lx["title_re"].search(m.group("role")):
                continue
            name = self._clean_name(m.start("name"), m.end("name"), blocked)
            if name is None or not self.free(*name):
                continue
            self._add_person(*name, m.group("role"), None, "name_role")

    def _clean_name(self, start: int, end: int, blocked: set) -> tuple[int, int] | None:
        """Trim a possessive; refuse names made of titles, agency acronyms or place words."""
        text = self.text[start:end]
        pm = re.search(rf"{APOSTROPHE}s$", text)
        if pm:
            end -= len(pm.group(0))
        tokens = self.text[start:end].split()
        if len(tokens) < 2 or any(t.lower() in blocked or t.isupper() and len(t) > 1 for t in tokens):
            return None
        if self.overlapping(start, end, ("agency",)):
            return None
        return start, end

    def person_id(self, name: str) -> str:
        return f"person:{slug(name)}"

    def _add_person(self, start: int, end: int, role: str, role_start: int | None, how: str) -> Mention:
        name = straight(self.text[start:end])
        affiliation = ""
        agencies = self.within(role_start, end, ("agency",)) if role_start is not None else []
        if agencies:
            affiliation = agencies[0].entity_id
        elif role_start is not None and re.search(
            r"\bagency['’]s\s*", self.text[max(0, role_start - 14) : role_start + 14]
        ):
            prior = [a for a in self.before(role_start, ("agency",)) if _is_agency_antecedent(a.entity_id)]
            affiliation = prior[0].entity_id if prior else ""
        return self.add(
            Mention(
                start,
                end,
                self.text[start:end],
                self.person_id(name),
                "person",
                name,
                role=straight(role).strip(),
                affiliation_id=affiliation,
                method=how,
            )
        )

    def named_people(self) -> dict[str, Mention]:
        """Full name → first mention with a role."""
        out: dict[str, Mention] = {}
        for m in sorted(self.mentions, key=lambda m: m.start):
            if m.entity_type == "person" and " " in m.name and not m.entity_id.startswith(f"person:{self.article_id}:"):
                out.setdefault(m.name, m)
        return out

    # --- 5. surnames -------------------------------------------------------------------------------
    def find_surnames(self) -> None:
        people = self.named_people()
        particles = {p.lower() for p in lexicon()["name_particles"]}
        for full, first in people.items():
            tokens = full.split()
            i = 1
            while i < len(tokens) - 1 and tokens[i].lower() not in particles:
                i += 1
            surname = " ".join(tokens[i:]) if tokens[i].lower() in particles else tokens[-1]
            pattern = re.escape(surname)
            if surname[0].islower():
                pattern = f"[{surname[0]}{surname[0].upper()}]" + re.escape(surname[1:])
            for m in re.finditer(rf"(?<![\w’'\-])(?:(?:Mr|Mrs|Ms|Dr)\.\s+)?{pattern}(?![\w\-])", self.text):
                if m.start() < first.start or not self.free(m.start(), m.end()):
                    continue
                # the nearest earlier full mention with this surname wins (two people, one surname)
                owners = [
                    p
                    for p in people.values()
                    if p.start < m.start()
                    and (p.name.endswith(" " + surname) or p.name.lower().endswith(" " + surname.lower()))
                ]
                owner = max(owners, key=lambda p: p.start) if owners else first
                self.add(
                    Mention(m.start(), m.end(), m.group(0), owner.entity_id, "person", owner.name, method="surname")
                )

    # --- 3. jurisdictions --------------------------------------------------------------------------
    def find_jurisdictions(self) -> None:
        runs = self._capitalized_runs()
        leftovers = []
        for run in runs:  # first pass: names that resolve by themselves or by their local context
            leftovers.extend(self._scan_run(run, None))
        for cand in leftovers:  # second pass: an ambiguous county takes the article's nearest state
            st = self._article_state(cand["start"])
            if st and self.free(cand["start"], cand["end"]):
                geoid = self.resolver.resolve(cand["name"], st, "county")
                if geoid:
                    self._add_jurisdiction(cand, geoid, "article_state")
        self._short_form_coreference()
        self._jurisdiction_anaphora()

    def _jurisdiction_anaphora(self) -> None:
        """ "the city", "this city's", "the county", "the state": the latest jurisdiction (or local agency)
        of that level mentioned before."""
        levels = {"city": "place", "county": "county", "state": "state"}
        for m in re.finditer(
            rf"\b(?:[Tt]he|[Tt]his|[Tt]hat)\s+(city|county|state)(?:{APOSTROPHE}s)?(?![\w-])", self.text
        ):
            if not self.free(m.start(), m.end()):
                continue
            for prior in self.before(m.start()):
                row = self.resolver.get(prior.jurisdiction_id) if prior.jurisdiction_id else None
                if row and row["level"] == levels[m.group(1)]:
                    e = m.end(1)
                    self.add(
                        Mention(
                            m.start(),
                            e,
                            self.text[m.start() : e],
                            f"jurisdiction:{prior.jurisdiction_id}",
                            "jurisdiction",
                            row["name"],
                            jurisdiction_id=prior.jurisdiction_id,
                            method="anaphora",
                        )
                    )
                    break

    def _scan_run(self, run, state) -> list[dict]:
        """Resolve the sub-spans of a capitalized run, longest first; return unresolved county names."""
        lx = lexicon()
        after_ok = (
            {w.split()[0].lower() for w in lx["titles"]}
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
            }
        )
        words = [straight(w).lower() for _, _, w in run]
        leftovers, i, accepted_end = [], 0, -1
        while i < len(run):
            if words[i] in FUNCTION_WORDS or (i > 0 and words[i - 1] not in FUNCTION_WORDS and accepted_end != i):
                i += 1
                continue
            for j in range(len(run), i, -1):
                if j < len(run) and words[j] not in after_ok:
                    continue
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
            else:
                i += 1
        return leftovers

    def _capitalized_runs(self) -> list[list[tuple[int, int, str]]]:
        """Runs of capitalized words joined by single spaces ("New York City Mayor Bill"); a possessive
        ("Ohio's") or punctuation ends a run, and the possessive is dropped from the word."""
        runs, current, last_end = [], [], None
        for m in WORD.finditer(self.text):
            w = m.group(0)
            if w.endswith(".") and not re.fullmatch(r"(?:[A-Z]\.)+", w):
                w = w[:-1]
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
            if current and (poss or (last_end < len(self.text) and self.text[last_end] in ',.;:!?)—–"“”')):
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
        "Chicago's Cook County" (the place's state)."""
        s, e = cand["start"], cand["end"]
        before = re.search(rf"([A-Z][\w.\- ]*?){APOSTROPHE}s\s+$", self.text[max(0, s - 40) : s])
        if before:
            prior = [
                m
                for m in self.mentions
                if m.entity_type == "jurisdiction" and m.end == s - len(before.group(0)) + len(before.group(1))
            ]
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
        if dateline:
            g = self._dominant_place(name)
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
            hits = {x for x in (r.resolve(name, s.fips, "county") for s in _states()) if x}
            return (hits.pop(), "unique_county") if len(hits) == 1 else (None, "")
        g = self._dominant_place(name)
        return (g, "dominant_place") if g else (None, "")

    def _dominant_place(self, name: str) -> str | None:
        hits = {x for x in (self.resolver.resolve(name, s.fips, "place") for s in _states()) if x}
        if not hits:
            return None
        pops = sorted(((_population(self.resolver.get(g)), g) for g in hits), reverse=True)
        top_pop, top = pops[0]
        if top_pop < self.place_min_population:
            return None
        if len(pops) > 1 and pops[1][0] * 10 > top_pop:
            return None
        return top

    def _article_state(self, pos: int) -> str | None:
        states = [
            (m.start, self._state_of(m.jurisdiction_id))
            for m in self.mentions
            if m.entity_type == "jurisdiction" and m.jurisdiction_id
        ]
        before = [st for s, st in sorted(states) if s < pos and st]
        if before:
            return before[-1]
        after = [st for s, st in sorted(states) if s > pos and st]
        return after[0] if after else None

    def _add_jurisdiction(self, cand: dict, geoid: str, method: str) -> None:
        row = self.resolver.get(geoid)
        self.add(
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

    def _short_form_coreference(self) -> None:
        """ "New York" after "New York City" is the city: a name that begins a longer jurisdiction name
        mentioned earlier in the same state denotes that jurisdiction."""
        js = sorted((m for m in self.mentions if m.entity_type == "jurisdiction"), key=lambda m: m.start)
        for i, m in enumerate(js):
            for earlier in reversed(js[:i]):
                a, b = norm(m.exact), norm(earlier.exact)
                if (
                    b != a
                    and b.startswith(a + " ")
                    and earlier.jurisdiction_id != m.jurisdiction_id
                    and (
                        self._state_of(earlier.jurisdiction_id) == self._state_of(m.jurisdiction_id)
                        or m.jurisdiction_id == self._state_of(earlier.jurisdiction_id)
                    )
                ):
                    m.entity_id, m.jurisdiction_id, m.name = earlier.entity_id, earlier.jurisdiction_id, earlier.name
                    m.method = "coreference"
                    break

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

    # --- speakers and claimants without a name -------------------------------------------------------
    def speaker_from_subject(self, start: int, end: int, *, create: bool = True) -> Mention | None:
        """The entity a subject phrase text[start:end] refers to (a person or an agency), adding a
        mention for it. Named person > role phrase (definite: the latest person with that role head;
        indefinite: a new unnamed person) > agency > pronoun (the latest person)."""
        lx = lexicon()
        text = self.text[start:end]
        people = self.within(start, end, ("person",))
        if people:
            return people[-1] if len(people) > 1 and people[-1].method == "surname" else people[0]
        anaphor = self._agency_anaphor(start, end)
        if anaphor is not None:
            return anaphor
        role = re.search(
            rf"(?:^|\s)(?P<det>a|an|the|one|two|three|four|five|several|some|another|other)\s+"
            rf"(?P<mods>(?:[\w’'\-]+\s+){{0,4}}?)(?P<head>{lx['role_head_re'].pattern})(?![\w’'-])",
            text,
            re.IGNORECASE,
        ) or re.fullmatch(
            rf"\s*(?P<det>)(?P<mods>(?:[\w’'\-]+\s+){{0,3}}?)(?P<head>{lx['role_head_re'].pattern})"
            rf"(?:\s+(?:with|of|from|at|for)\s+.+?)?\s*",
            text,
            re.IGNORECASE,
        )
        if role:
            s, e = (
                start + role.start("mods") if not role.group("det") else start + role.start("det"),
                start + role.end("head"),
            )
            det, head, mods = role.group("det").lower(), role.group("head").lower(), role.group("mods").strip()
            if det == "the":
                antecedent = self._antecedent(head, mods, s)
                if antecedent is not None:
                    return self.add(
                        Mention(
                            s,
                            e,
                            self.text[s:e],
                            antecedent.entity_id,
                            antecedent.entity_type,
                            antecedent.name,
                            role=antecedent.role,
                            method="anaphora",
                            affiliation_id=antecedent.affiliation_id,
                        )
                    )
            if not create:
                return None
            role_text = straight(" ".join(([mods] if mods else []) + [role.group("head")]))
            name = role_text if det in ("", "a", "an", "the", "one", "another") else f"{det} {role_text}"
            aff = self.within(s, e, ("agency",))
            return self.add(
                Mention(
                    s,
                    e,
                    self.text[s:e],
                    f"person:{self.article_id}:{slug(name)}",
                    "person",
                    name,
                    role=role_text,
                    affiliation_id=aff[0].entity_id if aff else "",
                    method="role",
                )
            )
        agencies = self.within(start, end, ("agency",))
        if agencies:
            return agencies[0]
        pron = re.fullmatch(r"\s*(he|she|they)\s*", text, re.IGNORECASE)
        if pron:
            prior = self.before(start, ("person",))
            if prior:
                p = prior[0]
                return self.add(
                    Mention(
                        start + pron.start(1),
                        start + pron.end(1),
                        pron.group(1),
                        p.entity_id,
                        "person",
                        p.name,
                        role=p.role,
                        method="pronoun",
                    )
                )
        single = re.fullmatch(rf"\s*((?:(?:Mr|Mrs|Ms|Dr)\.\s+)?({NAME_TOKEN}))\s*", text)
        if single:  # a surname of someone named earlier ("Ramos" after "Lucia Ramos")
            known = [
                m for m in self.before(start, ("person",)) if " " in m.name and m.name.split()[-1] == single.group(2)
            ]
            if known:
                s, e = start + single.start(1), start + single.end(1)
                return self.add(
                    Mention(s, e, self.text[s:e], known[0].entity_id, "person", known[0].name, method="surname")
                )
        bare = re.fullmatch(rf"\s*({self._name_regex()})\s*", text)
        if bare and create:
            s, e = start + bare.start(1), start + bare.end(1)
            return self._add_person(s, e, "", None, "speaker_name")
        return None

    def _agency_anaphor(self, start: int, end: int) -> Mention | None:
        """ "the agency", "the department", "the sheriff's office": the latest agency whose name has that
        head word ("the agency" never names an office such as the White House)."""
        m = re.search(
            rf"\b[Tt]he\s+(agency|department|(?:sheriff{APOSTROPHE}s\s+)?office|sheriff{APOSTROPHE}s\s+department"
            r"|police\s+department|police|jail)(?![\w-])",
            self.text[start:end],
        )
        if not m:
            return None
        head = straight(m.group(1)).lower()
        for a in self.before(start + m.start(), ("agency",)):
            name = straight(a.name).lower()
            if (head == "agency" and _is_agency_antecedent(a.entity_id)) or (
                head != "agency" and head.split()[-1] in name and all(w in name for w in head.split())
            ):
                s, e = start + m.start(), start + m.end()
                return self.add(
                    Mention(
                        s,
                        e,
                        self.text[s:e],
                        a.entity_id,
                        "agency",
                        a.name,
                        jurisdiction_id=a.jurisdiction_id,
                        method="anaphora",
                    )
                )
        return None

    def _antecedent(self, head: str, mods: str, pos: int) -> Mention | None:
        """The latest person before ``pos`` whose role has this head noun (and modifiers, if any)."""
        for m in self.before(pos, ("person",)):
            role = m.role.lower()
            if re.search(rf"\b{re.escape(head)}\b", role) and all(w.lower() in role for w in mods.split()):
                return m
        return None


def is_dateline(text: str, start: int, end: int) -> bool:
    """Is text[start:end] the place of a dateline ("AUSTIN, Texas — ", "NEW YORK — ") at a paragraph start?"""
    line_start = text.rfind("\n", 0, start) + 1
    return text[line_start:start].strip() == "" and bool(
        re.match(r"(?:,\s+[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?\s+[—–]\s", text[end : end + 40])
    )


def _is_agency_antecedent(entity_id: str) -> bool:
    """Can "the agency" refer to this entity? (lexicon: `agency_anaphor: false` says no)."""
    key = entity_id.split(":", 1)[1]
    return lexicon()["agencies"].get(key, {}).get("agency_anaphor", True)


def _population(row: dict | None) -> int:
    p = (row or {}).get("population", "")
    return int(p) if str(p).isdigit() else 0


_STATES = None


def _states():
    global _STATES
    if _STATES is None:
        _STATES = sorted(list(us.states.STATES_AND_TERRITORIES) + [us.states.DC], key=lambda s: s.fips)
    return _STATES


def _ap_state(word: str) -> str | None:
    """A state in AP style ("Ill.", "Calif.", "Ga.") → FIPS, via the ``us`` package."""
    for s in _states():
        if s.ap_abbr and s.ap_abbr == word:
            return s.fips
    return None


def find_entities(article_id: str, text: str, resolver, place_min_population: int) -> ArticleEntities:
    ents = ArticleEntities(article_id, text, resolver, place_min_population)
    ents.find_agencies()
    ents.find_people()
    ents.find_surnames()
    ents.find_jurisdictions()
    ents.find_local_agencies()
    return ents
