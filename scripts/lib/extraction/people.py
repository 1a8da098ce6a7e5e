"""People in an article: named people with their roles, later mentions by surname, and the speaker or
claimant a subject phrase refers to (an unnamed role, a pronoun, an agency by "the agency").

Owned with the quote rules (quotes.py). Rules, in order:
2. **Named people**: a title before a name ("former acting ICE Director Tom Homan" — the role is the
   title with the modifiers, agencies and places before it), an appositive ("The agency's acting
   director, Matt Albence,"), or a name followed by its role ("Tom Homan, the former ICE director,").
5. **Later mentions** of a named person by surname ("Albence", "De Blasio").
Unnamed people ("an ICE spokeswoman", "the official") are created by the quote and claim rules when
they speak (:meth:`PeopleFinder.speaker_from_subject`).
"""

from __future__ import annotations

import re

from .lexicon import APOSTROPHE, lexicon
from .mentions import FUNCTION_WORDS, NAME_TOKEN, Mention, MentionIndex, _is_agency_antecedent, slug, straight


class PeopleFinder(MentionIndex):
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
        # title + "of"/"for" + what it heads + name: "Deputy Administrator of Public Safety Dana Ortiz",
        # "Chief of Staff Lee Park" (the office's words are capitalised; the name is the last two words)
        for m in re.finditer(
            rf"(?P<title>(?i:{titles}))\s+(?:of|for)\s+(?:the\s+)?(?P<office>(?:[A-Z][\w&'’.-]*\s+){{1,3}})"
            rf"(?P<name>{NAME_TOKEN}\s+{NAME_TOKEN})(?![\w'’-]|\s+[A-Z])",
            self.text,
        ):
            name = self._clean_name(m.start("name"), m.end("name"), blocked)
            if name is None or not self.free(*name):
                continue
            office = m.group("office").split()
            if any(w.lower() in FUNCTION_WORDS or w.lower() in blocked for w in office):
                continue
            role_start = self._role_before(m.start("title"))
            self._add_person(*name, self.text[role_start : m.end("office")].strip(), role_start, "title")
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
        if tokens[0].lower() in lexicon()["cue_verbs"] and tokens[0].endswith("s"):
            return None  # a title-case headline: "Gwinnett Sheriff Says Jail Population Down"
        if any(t.lower() in FUNCTION_WORDS for t in tokens):
            return None  # a title-case headline: "Sheriff Pledges To Review …"
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
