"""Who said it: the subject of a reporting verb resolved to a named person, an unnamed person described by a
role, a group, or an organisation.

The parse (spaCy) gives the subject phrase of a cue verb; this module says whom it denotes. Resolution is a
single sweep in text order (:class:`SpeakerResolver`): the named people, agencies and organisations met so
far are kept in small indexes (surname → full name, role word → latest person, latest agency, latest
organisation, latest person in subject position), and each subject is resolved against what was said
before it, in constant time per subject. Forms, in order of preference:

1. a named person in the subject ("Sheriff Dana Ortiz", "Ortiz", "Mr. Ortiz") → the full name the article
   gave first ("Dana Ortiz"); a name in apposition ("a spokesman for the county, Luis Mendez,") likewise;
2. a pronoun ("she", "he") → the latest person in subject position before it, else the latest person
   named (outside quotations, and of the same gender when the article shows it); "it" → the latest
   organisation;
3. a role phrase: definite ("the sheriff", "the spokeswoman") → the latest person whose role has that head
   word; indefinite ("an ICE spokeswoman", "two senior administration officials") → an unnamed person
   named by the role ("ICE spokeswoman");
4. an organisation: a lexicon or local agency, an organisation the NER finds, or an anaphor ("the agency",
   "the sheriff's office", "the group") → its name;
5. a group of people ("immigrant advocates", "county officials") → the phrase without its determiner;
6. a document ("the report", "data released by the sheriff's office") → its author when the phrase names
   one, else nothing (a document with no author is not a speaker: data/annotations/CODEBOOK.md).

Every word list is data in lexicon.yaml (`speaker_*` keys, `role_heads`, `titles`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from .entities import ArticleEntities
from .lexicon import lexicon
from .mentions import Mention, _is_agency_antecedent, slug, straight

if TYPE_CHECKING:  # spaCy is imported when a text is parsed (a fully cached run never loads it)
    from spacy.tokens import Doc, Span, Token

LOOKBACK = 40  # how many earlier people a definite role phrase is compared with (keeps the sweep linear)
DOCUMENT_LOOKBACK = 150  # how many tokens back "the statement" looks for the statement someone issued
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
CUT_DEPS = {"appos", "relcl", "acl", "advcl", "punct", "cc", "conj", "parataxis"}


# --- word lists ---------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def words() -> dict[str, frozenset[str]]:
    lx = lexicon()

    def low(key: str) -> frozenset[str]:
        return frozenset(straight(w).lower() for w in lx[key])

    return {
        "role_heads": low("role_heads"),
        "role_modifiers": low("role_modifiers"),
        "titles": frozenset(straight(t).lower().rstrip(".") for t in lx["titles"]),
        "honorifics": low("speaker_honorifics"),
        "groups": low("speaker_group_nouns"),
        "org_anaphors": low("speaker_organisation_anaphors"),
        "documents": low("speaker_document_nouns"),
        "generic_orgs": low("speaker_generic_organisation_nouns"),
        "female": low("speaker_female_words"),
        "male": low("speaker_male_words"),
        "pronouns_person": low("speaker_person_pronouns"),
        "pronouns_org": low("speaker_organisation_pronouns"),
        "name_particles": low("name_particles"),
        "org_parts": low("speaker_organisation_part_nouns"),
        "quantifiers": low("speaker_quantifiers"),
        "plural_groups": low("speaker_group_nouns") | low("role_heads") | low("speaker_plural_organisation_nouns"),
        "plural_orgs": low("speaker_plural_organisation_nouns") - low("role_heads"),
    }


def _lower(tok: Token) -> str:
    return straight(tok.text).lower().rstrip(".")


def core_tokens(head: Token) -> list[Token]:
    """The noun phrase of ``head`` without appositions, relative clauses, participles and what follows a
    comma: "Jessica Vaughan, director of ..., who ..." → "Jessica Vaughan"."""
    keep = [head]
    stack = [c for c in head.children if c.dep_ not in CUT_DEPS or c.tag_ == "HYPH"]
    while stack:
        t = stack.pop()
        keep.append(t)
        # a hyphen inside a compound stays ("law-enforcement agencies")
        stack.extend(c for c in t.children if c.dep_ not in ("relcl", "acl", "appos", "punct") or c.tag_ == "HYPH")
    keep.sort(key=lambda t: t.i)
    # a contiguous run around the head (a stray dependent across a comma is dropped)
    run = [head]
    by_i = {t.i: t for t in keep}
    i = head.i - 1
    while i in by_i:
        run.insert(0, by_i[i])
        i -= 1
    i = head.i + 1
    while i in by_i:
        run.append(by_i[i])
        i += 1
    return run


def _name_before_abbreviation(head: Token) -> tuple[int, int] | None:
    """The span of the words that modify a role noun from before its abbreviation in parentheses
    ("Immigration and Customs Enforcement (ICE) officials": the parser hangs the name on the noun but the
    parenthesis breaks the phrase), or None."""
    doc = head.doc
    if head.i < 4 or doc[head.i - 1].text != ")" or doc[head.i - 3].text != "(":
        return None
    end = head.i - 4
    if not (doc[end].pos_ == "PROPN" and head in doc[end].ancestors):
        return None
    start = end
    while start > 0 and head in doc[start - 1].ancestors and not doc[start - 1].is_punct:
        start -= 1
    return doc[start].idx, doc[end].idx + len(doc[end].text)


def _plural_phrase_end(head: Token) -> Token:
    """The last word of a plural speaker phrase with its prepositional modifiers and conjuncts ("federal
    officials in North Carolina", "officials and advocates"; not "officials familiar with …" nor a time:
    "advocates on Tuesday"); the head itself for a singular noun."""
    last = head
    deps = ("prep", "conj", "cc") if head.tag_ in ("NNS", "NNPS") else ("prep",)
    for c in head.children:
        if c.i > head.i and c.dep_ in deps and c.lower_ not in ("with", "familiar"):
            if any(t.ent_type_ in ("DATE", "TIME") for t in c.subtree if t.dep_ == "pobj"):
                continue
            last = max(last, max(c.subtree, key=lambda t: t.i), key=lambda t: t.i)
    return last


def span_of(tokens: list[Token]) -> tuple[int, int]:
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


# --- named people the title rules missed ----------------------------------------------------------------
def _person_tokens(ent: Span) -> list[Token]:
    """The name inside a PERSON entity: without titles, honorifics, a possessive or punctuation."""
    w = words()
    toks = [t for t in ent if not t.is_punct and t.tag_ != "POS"]
    while toks and (_lower(toks[0]) in w["titles"] or _lower(toks[0]) in w["honorifics"]):
        toks = toks[1:]
    while toks and toks[-1].text in ("’s", "'s", "’", "'"):
        toks = toks[:-1]
    cut = [k for k, t in enumerate(toks[:-1]) if _lower(t) in w["titles"] or _lower(t) in w["role_heads"]]
    if cut:  # "Santa Clara County Public Defender Molly O'Neal" → "Molly O'Neal"
        toks = toks[cut[-1] + 1 :]
    if not toks or any(not (t.text[0].isupper() or _lower(t) in w["name_particles"]) for t in toks):
        return []
    if any(t.like_num or (t.is_upper and len(t.text) > 2) for t in toks):
        return []
    return toks


def _role_of_name(root: Token, first: Token, last: Token) -> str:
    """The role the parse attaches to a name: a title or description before it in the same noun phrase
    ("ICE spokesman Bryan Cox"), an apposition after it ("Vaughan, director of policy studies at ..."), or
    the noun it is in apposition to ("a spokesman for the county, Luis Mendez")."""
    w = words()

    def is_role(tokens: list[Token]) -> bool:
        return any(_lower(t) in w["role_heads"] or _lower(t) in w["titles"] for t in tokens)

    # title words before the name, inside its noun phrase
    pre = [t for t in root.subtree if t.i < first.i and t.dep_ not in ("det", "punct", "case")]
    pre = [t for t in pre if not any(a.i >= first.i and a != root for a in t.ancestors if a.i <= root.i)]
    if pre and pre[-1].i == first.i - 1 and is_role(pre):
        run = [pre[-1]]
        for t in reversed(pre[:-1]):
            if t.i != run[0].i - 1:
                break
            run.insert(0, t)
        return _text(run)
    for c in root.children:
        if c.dep_ == "appos" and c.i > last.i:
            toks = [t for t in c.subtree if t.dep_ not in ("relcl",)]
            toks = _until_comma(toks)
            toks = [t for t in toks if not (t.i == toks[0].i and t.dep_ == "det")]
            if toks and is_role(toks):
                return _text(toks[:14])
    if root.dep_ == "appos" and root.head.i < first.i:
        head = root.head
        toks = [t for t in head.subtree if t.i < first.i and t.dep_ != "det"]
        toks = _until_comma(toks)
        if toks and is_role(toks):
            return _text(toks[:14])
    return ""


def _appositive_role(text: str, end: int) -> str:
    """The role set off by commas right after a name when the parse did not attach it ("[Butch] Conway,
    Gwinnett's sheriff since 1997, pointed ..."): the words up to the next comma, if they hold a role word."""
    m = re.match(r",\s+([^,.;\n]{3,60}),", text[end : end + 70])
    if not m:
        return ""
    w = words()
    ws = [straight(x).lower().rstrip(".") for x in re.findall(r"[\w'’.-]+", m.group(1))]
    ws = [x[:-2] if x.endswith("'s") else x for x in ws]
    return straight(m.group(1)) if any(x in w["role_heads"] or x in w["titles"] for x in ws) else ""


def _until_comma(toks: list[Token]) -> list[Token]:
    out = []
    for t in toks:
        if t.text in (",", ";", "(", ")", "—", "–"):
            break
        out.append(t)
    return out


def _entity_at(tok: Token) -> Span | None:
    """The named entity holding this token (found from the token's IOB tags, so in time of the entity's
    length, not of the document's)."""
    if not tok.ent_type_:
        return None
    doc, start, end = tok.doc, tok.i, tok.i + 1
    while (
        start > 0 and tok.ent_iob_ != "B" and doc[start].ent_iob_ != "B" and doc[start - 1].ent_type_ == tok.ent_type_
    ):
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    from spacy.tokens import Span

    return Span(doc, start, end, label=tok.ent_type_)


def _runs(toks: list[Token]) -> list[list[Token]]:
    """Consecutive stretches of a token list (a name with a parenthesis left out is two)."""
    out: list[list[Token]] = []
    for t in toks:
        if out and out[-1][-1].i == t.i - 1:
            out[-1].append(t)
        else:
            out.append([t])
    return out


def _text(toks: list[Token]) -> str:
    if not toks:
        return ""
    doc = toks[0].doc
    return straight(doc[toks[0].i : toks[-1].i + 1].text)  # a Span's text: doc.text would join the whole document


BRACKETED = re.compile(r"\[([A-Z][a-z]+)\]\s+([A-Z][\w'’-]+)")
NICKNAMED = re.compile(r"\b([A-Z][a-z]+)\s+([\"“](?:[A-Z][a-z]+|(?:[A-Z]\.){1,3})[\"”])\s+([A-Z][\w'’-]+)")


def add_named_people(ents: ArticleEntities, doc: Doc) -> None:
    """Add the people spaCy's NER finds and the title rules missed, with the role the parse gives them, in
    text order; a single name is linked to the latest full name it ends (or begins) with. A name with a
    quoted nickname (Isiah "Ike" Leggett) is one name, nickname included (FORMAT D11)."""
    taken0 = [(m.start, m.end) for m in ents.mentions if m.entity_type in ("person", "agency")]
    for hit in [*NICKNAMED.finditer(ents.text), *BRACKETED.finditer(ents.text)]:
        if any(s < hit.end() and hit.start() < e for s, e in taken0):
            continue
        first, last = doc.char_span(*hit.span(1)), doc.char_span(*hit.span(hit.lastindex or 1))
        role = _role_of_name(last.root, first[0], last[-1]) if first is not None and last is not None else ""
        name = straight(hit.group(0)).replace("“", '"').replace("”", '"')
        if hit.re is BRACKETED:  # "[Butch] Conway": the first name the editor added is part of the name
            name = f"{hit.group(1)} {hit.group(2)}"
        role = role or _appositive_role(ents.text, hit.end())
        ents.add(
            Mention(hit.start(), hit.end(), hit.group(0), ents.person_id(name), "person", name, role=role, method="ner")
        )
        taken0.append(hit.span())
    taken = sorted(taken0)
    full: dict[str, Mention] = {}
    for m in sorted(ents.mentions, key=lambda m: m.start):
        if m.entity_type == "person" and " " in m.name:
            full.setdefault(_surname_key(m.name), m)
    ti = 0
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        toks = _person_tokens(ent)
        if not toks:
            continue
        s, e = span_of(toks)
        while ti < len(taken) and taken[ti][1] <= s:
            ti += 1
        if ti < len(taken) and taken[ti][0] < e:
            continue  # already a mention (title rule, surname, agency)
        name = straight(ents.text[s:e])
        if len(toks) >= 2:
            role = _role_of_name(ent.root, toks[0], toks[-1])
            m = ents.add(Mention(s, e, ents.text[s:e], ents.person_id(name), "person", name, role=role, method="ner"))
            full[_surname_key(name)] = m
            full.setdefault(_first_key(name), m)
        else:
            known = full.get(name.lower())
            if known is not None:
                ents.add(Mention(s, e, ents.text[s:e], known.entity_id, "person", known.name, method="surname"))


def _role_fits(role: str, head: str, mods: list[str], loose: bool = False) -> bool:
    """Does a person's role (lower case) fit a role phrase: its head word, and every modifier — or, when
    ``loose`` (the modifiers are names: "the Davidson County sheriff"), a bare role ("sheriff", "former
    sheriff") that names no place of its own?"""
    if not re.search(rf"\b{re.escape(head)}\b", role):
        return False
    if all(x in role for x in mods):
        return True
    rest = [x for x in re.findall(r"[\w'-]+", role) if x != head]
    return loose and all(x in words()["role_modifiers"] for x in rest)


def _surname_key(name: str) -> str:
    parts = [p for p in name.split() if p.rstrip(".").lower() not in ("jr", "sr", "ii", "iii")]
    return parts[-1].lower() if parts else name.lower()


def _first_key(name: str) -> str:
    return "first:" + name.split()[0].lower()


# --- abbreviations the article defines ---------------------------------------------------------------
DEFINITION = re.compile(
    r"((?:[A-Z][\w'’.&-]*\s+(?:(?:of|for|and|on|the|de|in)\s+){0,2}){0,9}[A-Z][\w'’.&-]*)\s+\(([A-Z][A-Za-z&]{1,9})\)"
)


def long_forms(text: str) -> dict[str, str]:
    """Abbreviations the article defines, "Transactional Records Access Clearinghouse (TRAC)" → {"TRAC":
    "Transactional Records Access Clearinghouse"}: the shortest run of words before the parenthesis whose
    capitalised words' initials spell the abbreviation (a "U.S." right before it kept). Linear: one scan."""
    out: dict[str, str] = {}
    for m in DEFINITION.finditer(text):
        words_, abbr = m.group(1).split(), m.group(2)
        letters = [c for c in abbr if c.isupper()]
        if len(letters) < 2:
            continue
        for k in range(len(words_) - 1, -1, -1):
            run = words_[k:]
            initials = [w[0] for w in run if w[0].isupper() and w != "U.S."]
            if initials == letters and run[0][0].isupper():
                if k > 0 and words_[k - 1] == "U.S.":
                    run = words_[k - 1 :]
                out.setdefault(abbr, straight(" ".join(run)))
                break
            if len(initials) > len(letters):
                break
    return out


# --- the sweep ------------------------------------------------------------------------------------------
@dataclass
class Request:
    """A subject to resolve: the head token of the subject phrase, and where it stands."""

    head: Token
    pos: int


@dataclass
class SpeakerResolver:
    """Resolve subjects in text order against the people and organisations named before them."""

    ents: ArticleEntities
    doc: Doc
    in_quote: list[bool]  # per token: inside a direct quotation
    headline_end: int = 0  # a role in the headline may name a person the article introduces later
    _stream: list[Mention] = field(default_factory=list)
    _next: int = 0
    surnames: dict[str, Mention] = field(default_factory=dict)
    firsts: dict[str, Mention] = field(default_factory=dict)
    recent_people: list[Mention] = field(default_factory=list)  # outside quotes, latest last
    recent_subjects: list[Mention] = field(default_factory=list)
    recent_agencies: list[Mention] = field(default_factory=list)
    recent_agency_subjects: list[Mention] = field(default_factory=list)
    recent_places: list[Mention] = field(default_factory=list)
    gender: dict[str, str] = field(default_factory=dict)
    roles: dict[str, list[str]] = field(default_factory=dict)  # entity id → roles seen
    _token_starts: list[int] = field(default_factory=list)
    _streamed: set[int] = field(default_factory=set)
    _index: list[tuple[int, int, Mention]] = field(default_factory=list)  # (start, seq, mention), sorted
    _spelled: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # acronym → full names in the text
    _seq: int = 0
    _orgs: list[tuple[int, str]] | None = None  # (start, name) of the NER's organisations, made when first asked

    def __post_init__(self):
        self._stream = sorted(
            (m for m in self.ents.mentions if m.entity_type in ("person", "agency", "jurisdiction")),
            key=lambda m: (m.start, -m.end),
        )
        self._streamed = {id(m) for m in self._stream}
        self._token_starts = [t.idx for t in self.doc]
        self._index = sorted((m.start, i, m) for i, m in enumerate(self.ents.mentions))
        self._seq = len(self._index)
        self.long_forms = long_forms(self.ents.text)

    def add(self, m: Mention) -> Mention:
        """Add a mention to the article's entities and to the position index."""
        self.ents.add(m)
        self._seq += 1
        insort(self._index, (m.start, self._seq, m))
        return m

    def within(self, start: int, end: int, types: tuple[str, ...]) -> list[Mention]:
        """Mentions of these types inside text[start:end], in text order (mentions are short, so this looks
        at a handful of entries)."""
        i = bisect_left(self._index, (start, -1))
        out = []
        while i < len(self._index) and self._index[i][0] < end:
            m = self._index[i][2]
            if m.end <= end and m.entity_type in types:
                out.append(m)
            i += 1
        return out

    def _starting(self, start: int, end: int, types: tuple[str, ...]) -> Mention | None:
        """The first mention of these types that starts inside text[start:end]."""
        i = bisect_left(self._index, (start, -1))
        while i < len(self._index) and self._index[i][0] < end:
            if self._index[i][2].entity_type in types:
                return self._index[i][2]
            i += 1
        return None

    # --- feeding the indexes ----------------------------------------------------------------------------
    def _token_at(self, pos: int) -> Token | None:
        i = bisect_right(self._token_starts, pos) - 1
        return self.doc[i] if 0 <= i < len(self.doc) else None

    def advance(self, pos: int) -> None:
        """Take in every mention that ends at or before ``pos``."""
        while self._next < len(self._stream) and self._stream[self._next].end <= pos:
            self.feed(self._stream[self._next])
            self._next += 1

    def feed(self, m: Mention) -> None:
        tok = self._token_at(m.start)
        quoted = tok is not None and self.in_quote[tok.i]
        if m.entity_type == "jurisdiction":
            self.recent_places.append(m)
            return
        if m.entity_type == "agency":
            if not quoted:
                self.recent_agencies.append(m)
                if tok is not None and self._in_subject(tok, m):
                    self.recent_agency_subjects.append(m)
            return
        if m.role:
            self.roles.setdefault(m.entity_id, []).append(m.role.lower())
            g = self._gender_of_words(m.role.lower().split())
            if g:
                self.gender.setdefault(m.entity_id, g)
        if " " in m.name and not m.entity_id.startswith(f"person:{self.ents.article_id}:"):
            self.surnames[_surname_key(m.name)] = m
            self.firsts.setdefault(m.name.split()[0].lower(), m)
        honor = re.match(r"(Mr|Mrs|Ms|Miss)\.?\s", self.ents.text[max(0, m.start - 5) : m.start + 1])
        if honor is None:
            honor = re.search(r"\b(Mr|Mrs|Ms|Miss)\.?\s+$", self.ents.text[max(0, m.start - 6) : m.start])
        if honor:
            self.gender.setdefault(m.entity_id, "male" if honor.group(1) == "Mr" else "female")
        if quoted:
            return
        self.recent_people.append(m)
        if tok is not None and self._in_subject(tok, m):
            self.recent_subjects.append(m)

    def _in_subject(self, tok: Token, m: Mention) -> bool:
        last = self._token_at(m.end - 1) or tok
        for t in (last, tok):
            h = t
            while h.dep_ in ("compound", "flat", "appos") and h.head is not h:
                h = h.head
            if h.dep_ in SUBJECT_DEPS:
                return True
        return False

    def _gender_of_words(self, ws) -> str:
        w = words()
        if any(x in w["female"] for x in ws):
            return "female"
        if any(x in w["male"] for x in ws):
            return "male"
        return ""

    # --- resolving ---------------------------------------------------------------------------------------
    def resolve(self, head: Token, floor: int = 0) -> Mention | None:
        """The speaker a subject head token denotes (a mention added to the article's entities), or None.
        Words of the subject phrase before ``floor`` (a dateline the parser took in) are left out."""
        self.advance(head.idx)
        core = [t for t in core_tokens(head) if t.idx >= floor] or [head]
        cs, ce = span_of(core)
        found = self._resolve(head, core, cs, ce)
        if found is not None and id(found) not in self._streamed:
            self._streamed.add(id(found))
            self.feed(found)
        return found

    def _resolve(self, head: Token, core: list[Token], cs: int, ce: int) -> Mention | None:
        w = words()
        low = _lower(head)
        # 0. an office or chapter named by its owner ("Gary McFadden's office", "the office of the state
        # attorney general", "the Florida chapter of the ACLU"), also in apposition ("Sheriff, X's office")
        office = self._office(head)
        if office is not None:
            return office
        # 1. a named person in the subject, or in apposition to it
        person = self._person_in(cs, ce, head)
        if person is not None:
            return person
        if all(_lower(t) in w["titles"] or _lower(t) in w["honorifics"] for t in core):
            # "said Sgt. Jo Lee": the parser made the abbreviated title the subject; the name follows it
            after = self._starting(ce, ce + 3, ("person",))
            if after is not None:
                return after
        if low in w["role_heads"] or low in w["groups"] or low in w["org_anaphors"]:
            for c in head.children:
                if c.dep_ == "appos":
                    acore = core_tokens(c)
                    p = self._person_in(*span_of(acore), c)
                    if p is not None and low not in w["org_anaphors"]:
                        return p
                    if not self._generic(core, head):
                        continue
                    org = self._agency_in(*span_of(acore), c) or self._organisation(c, *span_of(acore))
                    if org is not None:  # "the same Syracuse-based organization, the Transactional ..."
                        return org
        # a quantifier: "Some in the audience", "All of them", "Many of the deputies"
        if low in w["quantifiers"] and head.pos_ in ("PRON", "DET", "ADJ", "NOUN"):
            return self._quantified(head, core)
        if head.pos_ == "PROPN" and len([t for t in core if t.pos_ == "PROPN"]) == 1:
            known = self._known_name(_lower(head)) or self._name_ahead(_lower(head))
            if known is not None:
                s, e = head.idx, head.idx + len(head.text)
                return self.add(Mention(s, e, head.text, known.entity_id, "person", known.name, method="surname"))
        # 2. pronouns
        if head.tag_ in ("PRP", "PRP$") and len(core) == 1:
            if low in w["pronouns_person"]:
                return self._pronoun(head, low)
            if low in w["pronouns_org"]:
                ante = self._agency_subject_before(head)
                if ante is not None:
                    return self._link(ante, head)
                document = self._document_before(head) if head.tag_ == "PRP" else None
                if document is not None:  # "It" is the document just named: its author, if named (FORMAT D8)
                    return self.author_of(document)
                return self._link(self._latest_agency_subject(head) or self._latest_agency(None), head)
            if low in ("they", "them", "their"):
                return self._plural_antecedent(head)
            return None
        # 3. a role phrase
        if low in w["role_heads"] or (head.tag_ in ("NNS", "NNPS") and low[:-1] in w["role_heads"]):
            return self._role(head, core)  # "two county clerks": the plural of a role word is a role too
        # 4. organisations
        agency = self._agency_in(cs, ce, head)
        if agency is not None:
            return agency
        if low in w["org_anaphors"] and self._generic(core, head):
            ante = self._latest_agency(low) if self._definite(head, core) else None
            if ante is not None:
                # "the sheriff's office" after a sheriff named with his county ("Hennepin County Sheriff Rich
                # Stanek") newer than the office named before: that county's office
                newer = self._local_agency(head, core, after=ante.end, titled=True)
                return newer or self._link(ante, head, cs, ce)
            local = self._local_agency(head, core) if self._definite(head, core) else None
            if local is None and self._definite(head, core) and len(core) == 2:
                local = self._place_government(head)  # "the county reported …" → the county named before
            return local or self._named_by_phrase(head, core, "agency")
        # 5. documents: their author
        if low in w["documents"]:
            return self.author_of(head)
        acronym = self._acronym(head, core)
        if acronym is not None:
            return acronym
        org = self._organisation(head, cs, ce)
        if org is not None:
            return org
        # 6. groups of people, and organisations named only by a plural noun ("many police departments",
        # "law-enforcement agencies")
        if low in w["groups"]:
            return self._named_by_phrase(head, core, "person")
        if low in w["plural_orgs"] and head.tag_ in ("NNS", "NNPS"):
            return self._named_by_phrase(head, core, "agency")
        if head.pos_ == "NOUN" and low not in w["documents"]:  # "Syracuse University's TRAC program"
            owner = next((c for c in head.children if c.dep_ == "compound" and c.ent_type_ == "ORG"), None)
            org = self._organisation(owner, cs, ce) if owner is not None else None
            if org is not None:
                return org
        # 7. a proper name the NER missed; an acronym the article never spells out ("TRAC previously reported")
        if head.pos_ == "PROPN":
            named = self._bare_name(core, cs, ce)
            if named is not None:
                return named
        if re.fullmatch(r"[A-Z]{3,8}", head.text) and all(t.i == head.i or t.dep_ == "det" for t in core):
            s, e = head.idx, head.idx + len(head.text)
            return self.add(Mention(s, e, head.text, f"agency:{slug(head.text)}", "agency", head.text, method="ner"))
        return None

    def is_document(self, head: Token) -> bool:
        """Does this subject stand for a document ("the report", "The letter", "It" right after one)?"""
        low = _lower(head)
        if low in words()["documents"]:
            return True
        return head.tag_ == "PRP" and low in words()["pronouns_org"] and self._document_before(head) is not None

    def _document_before(self, head: Token) -> Token | None:
        """Is the latest noun of the sentence before "it" (or of its own sentence) a document noun named
        after the latest organisation ("Trump issued an executive order ... It said"; "obtained the data
        ... It shows")? Then "it" is the document."""
        w = words()
        start = head.sent.start
        if start > 0:
            start = self.doc[start - 1].sent.start
        latest_agency = self.recent_agencies[-1].start if self.recent_agencies else -1
        for t in reversed(self.doc[start : head.i]):
            if t.idx < latest_agency:
                return None
            if t.pos_ == "NOUN" and not self.in_quote[t.i] and _lower(t) in w["documents"]:
                return t
        return None

    def author_of(self, doc_head: Token) -> Mention | None:
        """The author a document phrase names: "a report from the sheriff's office", "data released by
        ICE", "ICE's annual report", "a statement from Ortiz"."""
        w = words()
        for c in doc_head.children:
            if c.dep_ == "poss":
                # "the Sheriff's Office data", parsed with "Sheriff" as the owner: the office is the author, the
                # latest organisation named with both words ("Fresno County Sheriff's Office")
                office = next(
                    (x for x in doc_head.children if x.dep_ == "compound" and x.i == c.i + 2),
                    None,
                )
                if office is not None and (_lower(office) in w["org_anaphors"] or _lower(office) in w["org_parts"]):
                    pair = (_lower(c), _lower(office))
                    for agency in reversed(self.recent_agencies[-LOOKBACK:]):
                        name = straight(agency.name).lower()
                        if all(re.search(rf"\b{re.escape(x)}\b", name) for x in pair):
                            return self._link(agency, office, c.idx, office.idx + len(office.text))
                return self.resolve(c)
        for c in doc_head.children:
            if c.dep_ == "prep" and c.lower_ in ("from", "by", "of", "out"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        return self.resolve(p)
                    if p.dep_ == "prep":  # "a report out of Rutgers Law School"
                        for pp in p.children:
                            if pp.dep_ == "pobj":
                                return self.resolve(pp)
            if c.dep_ in ("acl", "relcl"):  # "data released by ICE", "figures the office shared"
                # also a participle joined to it: "a report researched and written by …"
                for verb in [c, *(x for x in c.children if x.dep_ == "conj" and x.tag_ == "VBN")]:
                    for a in verb.children:
                        if a.dep_ == "agent" or (a.dep_ == "prep" and a.lower_ == "by"):
                            for p in a.children:
                                if p.dep_ == "pobj":
                                    return self.resolve(p)
                for a in c.children:
                    if a.dep_ == "nsubj" and c.dep_ == "relcl" and a.tag_ not in ("WDT", "WP"):
                        return self.resolve(a)
        head = doc_head.head
        if doc_head.dep_ in ("nsubj", "nsubjpass") and head.tag_ == "VBN" and head.dep_ == "csubj":
            # "Data provided to a TV station from the sheriff's offices shows …", parsed with the participle
            # as the head of the document noun: the participle's "from"/"by" phrase names the author
            for a in head.children:
                if a.dep_ == "agent" or (a.dep_ == "prep" and a.lower_ in ("by", "from")):
                    for p in a.children:
                        if p.dep_ == "pobj":
                            return self.resolve(p)
        for c in doc_head.children:  # "the sheriff's office report", "A Baltimore Sun analysis": a compound name
            if c.dep_ in ("compound", "nmod"):
                found = self._agency_in(*span_of(core_tokens(c)), c) or self._organisation(c, *span_of(core_tokens(c)))
                if found is not None:
                    return found
                found = self._place_government(c)
                if found is not None:
                    return found
        # the parser hung the author's clause elsewhere: "figures the sheriff's office shared"
        sent_end = doc_head.sent.end
        for t in doc_head.doc[doc_head.i + 1 : min(sent_end, doc_head.i + 8)]:
            if t == doc_head.head or (t.dep_ == "mark" and t.lower_ == "that"):
                break  # the document's own verb: what follows is what it says ("the report shows that X …")
            if t.dep_ in ("nsubj", "pobj") and t.tag_ not in ("WDT", "WP", "PRP") and t.head.i > t.i - 2:
                if t.dep_ == "pobj" and t.head.lower_ != "by":
                    continue
                return self.resolve(t)
            if t.is_punct and t.text != "’":
                break
        if any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in doc_head.children):
            return self._earlier_document_author(doc_head)
        return None

    def _earlier_document_author(self, doc_head: Token) -> Mention | None:
        """ "The statement reads …" after "The sheriff's office has released a statement …": a definite
        document noun with no author of its own is the latest document of that name some subject issued
        (its verb's subject), within the last DOCUMENT_LOOKBACK tokens."""
        doc = doc_head.doc
        for t in reversed(doc[max(0, doc_head.i - DOCUMENT_LOOKBACK) : doc_head.i]):
            if t.lower_ != doc_head.lower_ or t.dep_ != "dobj" or self.in_quote[t.i]:
                continue
            subj = next((c for c in t.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and subj.tag_ not in ("WDT", "WP"):
                return self.resolve(subj)
            return None
        return None

    # --- the forms ------------------------------------------------------------------------------------
    def _person_in(self, cs: int, ce: int, head: Token) -> Mention | None:
        """A person mention inside the subject phrase, or one that covers its head word (the parser may
        leave the first name outside the phrase)."""
        people = self.within(max(0, cs - 40), ce, ("person",))
        hs = head.idx
        on_head = [p for p in people if p.start <= hs < p.end]
        if on_head:
            return on_head[0]
        inside = [p for p in people if p.start >= cs]
        return inside[-1] if inside else None

    def _pronoun(self, head: Token, low: str) -> Mention | None:
        want = {"he": "male", "him": "male", "his": "male", "she": "female", "her": "female"}.get(low, "")
        if low in ("they", "them"):
            return None
        sent_start = head.sent.start_char
        same = [m for m in self.recent_people[-4:] if m.start >= sent_start]
        pools = [same, self.recent_subjects[-6:], self.recent_people[-12:]]
        if self.recent_people and self.recent_subjects:
            latest, subject = self.recent_people[-1], self.recent_subjects[-1]
            if latest.start > subject.end and "\n" in self.ents.text[subject.end : latest.start]:
                pools = [same, self.recent_people[-1:], *pools[1:]]  # a newer paragraph named someone else
        for pool in pools:
            for m in reversed(pool):
                g = self.gender.get(m.entity_id, "")
                if want and g and g != want:
                    continue
                if m.entity_id.startswith(f"person:{self.ents.article_id}:") and m.name.split()[0].isdigit():
                    continue
                found = self._link(m, head, method="pronoun")
                if want and found is not None:
                    self.gender.setdefault(found.entity_id, want)
                return found
        return None

    def _office(self, head: Token) -> Mention | None:
        """An office, chapter or branch named by its owner: a person's possessive ("Gary McFadden's
        office") or an "of" phrase ("the office of the Maryland attorney general", "the Florida chapter of
        the American Civil Liberties Union"), the subject itself or in apposition to it. Named by the
        phrase as the article writes it, without its determiner (FORMAT D11)."""
        w = words()
        named = bool(self.within(head.idx, head.idx + len(head.text), ("person",))) or (
            head.ent_type_ == "PERSON" and _lower(head) not in w["titles"] and _lower(head) not in w["role_heads"]
        )
        for h in [head, *(c for c in head.children if c.dep_ == "appos" and not named)]:
            if _lower(h) not in w["org_parts"]:
                continue
            owner = next((c for c in h.children if c.dep_ == "poss"), None)
            person_owner = owner is not None and (
                owner.ent_type_ == "PERSON" or bool(self.within(owner.idx, owner.idx + len(owner.text), ("person",)))
            )
            of = next((c for c in h.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            of_obj = next((p for p in of.children if p.dep_ == "pobj"), None) if of is not None else None
            if not person_owner and (of_obj is None or of_obj.tag_ in ("PRP", "WP", "WDT")):
                continue
            toks = core_tokens(h)
            if owner is not None and person_owner:  # the name and its possessive, not a title before it
                toks = [t for t in toks if t.i >= min(x.i for x in owner.subtree)]
            toks = [t for t in toks if not (t.i == toks[0].i and t.dep_ == "det")]
            if not toks:
                continue
            return self._phrase_mention(toks, "agency")
        return None

    def _mention_of_words(self, toks: list[Token], entity_type: str) -> Mention:
        """An unnamed person, group or office, its id and name the words as written."""
        s, e = span_of(toks)
        name = straight(self.ents.text[s:e])
        prefix = "person" if entity_type == "person" else "agency"
        return self.add(
            Mention(
                s,
                e,
                self.ents.text[s:e],
                f"{prefix}:{self.ents.article_id}:{slug(name)}",
                entity_type,
                name,
                role=name if entity_type == "person" else "",
                method="role" if entity_type == "person" else "anaphora",
            )
        )

    def _phrase_mention(self, toks: list[Token], entity_type: str) -> Mention:
        """An unnamed person, group or office named by its words as written (a time the parser hung on
        the noun is left out: "Immigrant advocates on Tuesday")."""
        while len(toks) > 1 and (toks[-1].ent_type_ in ("DATE", "TIME") or toks[-1].is_punct):
            toks = toks[:-1]
            if toks[-1].dep_ == "prep" and len(toks) > 1:
                toks = toks[:-1]
        return self._mention_of_words(toks, entity_type)

    def _quantified(self, head: Token, core: list[Token]) -> Mention | None:
        """ "All of them" → what "them" refers to; "Some in the audience", "Many of the deputies" → the phrase."""
        for c in head.children:
            if c.dep_ == "prep":
                obj = next((p for p in c.children if p.dep_ == "pobj"), None)
                if obj is not None and _lower(obj) in ("them", "they"):
                    return self._plural_antecedent(obj)
                if obj is not None:
                    return self._phrase_mention(core, "person")
        return None

    def _plural_antecedent(self, head: Token) -> Mention | None:
        """ "they"/"them": the nearest plural noun for people or organisations before it, in its sentence or
        the two before ("several sheriff's offices ... All of them said"; "Immigrant advocates called ...
        they took the opportunity ... warning"), named by its phrase as written; a subject is preferred
        over other nouns of the same sentence. Names inside an organisation's name ("Board of
        Supervisors") and words inside quotations do not count."""
        w = words()
        sent = head.sent
        first = sent.start
        for _ in range(2):
            if first > 0:
                first = self.doc[first - 1].sent.start
        best: Token | None = None
        for t in reversed(self.doc[first : head.i]):
            if t.tag_ not in ("NNS", "NNPS") or self.in_quote[t.i] or t.ent_type_ in ("ORG", "GPE", "FAC"):
                continue
            if _lower(t) not in w["plural_groups"] or t.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "conj"):
                continue
            if best is None:
                best = t
            if t.dep_ in ("nsubj", "nsubjpass"):
                best = t if t.sent == best.sent else best
                break
            if t.sent != best.sent:
                break
        if best is None:
            return None
        toks = core_tokens(best)
        kind = "agency" if _lower(best) in w["plural_groups"] - w["groups"] - w["role_heads"] else "person"
        return self._phrase_mention(toks, kind)

    def _agency_subject_before(self, head: Token) -> Mention | None:
        """For "it": an organisation that is the subject of an earlier clause of the same sentence ("When the
        sheriff's office was required to ..., it reported ...")."""
        w = words()
        for t in reversed(head.doc[head.sent.start : head.i]):
            if t.dep_ not in SUBJECT_DEPS or t.tag_ in ("PRP", "WDT", "WP") or self.in_quote[t.i]:
                continue
            if _lower(t) in w["org_anaphors"] or (t.pos_ == "PROPN" and t.ent_type_ == "ORG"):
                m = self.resolve(t)
                return m if m is not None and m.entity_type == "agency" else None
        return None

    def _latest_agency_subject(self, head: Token) -> Mention | None:
        """For "it": the latest organisation that was the subject of a sentence, when it stands in this
        sentence or the one before."""
        if not self.recent_agency_subjects:
            return None
        m = self.recent_agency_subjects[-1]
        start = head.sent.start
        if start > 0:
            start = self.doc[start - 1].sent.start
        return m if m.start >= self.doc[start].idx else None

    def _generic(self, core: list[Token], head: Token) -> bool:
        """Is the phrase a common description ("the sheriff's office", "the advocacy group") rather than a
        name ("the Center for Immigration Studies")?"""
        w = words()
        generic = w["org_anaphors"] | w["titles"] | w["role_heads"] | w["groups"]
        for t in core:
            if t.dep_ in ("det", "case") or t.is_punct or t.tag_ == "POS":
                continue
            if t.i + 1 < len(t.doc) and t.doc[t.i + 1].tag_ == "HYPH":
                continue  # a name inside a hyphenated modifier: "the Syracuse-based organization"
            if t.pos_ == "PROPN" and _lower(t) not in generic:
                return False
        return True

    def _definite(self, head: Token, core: list[Token]) -> bool:
        return any(t.dep_ == "det" and t.lower_ in ("the", "this", "that") for t in core if t.i < head.i)

    def _role(self, head: Token, core: list[Token]) -> Mention | None:
        w = words()
        det = next((t for t in core if t.i < head.i and t.dep_ == "det"), None)
        mods = [t for t in core if t.i < head.i and t.dep_ not in ("det", "poss", "case", "punct")]
        mods = [t for t in mods if not (t.dep_ == "nummod" and t.lower_ in ("one", "1"))]
        cs, ce = span_of(core[: core.index(head) + 1])
        if det is not None and det.lower_ in ("the", "this", "that", "these", "those"):
            words_ = [_lower(t) for t in mods if t.dep_ != "nummod"]
            # "the Davidson County sheriff" may refer to "Sheriff Jane Doe", whose role names no place
            loose = bool(mods) and all(t.pos_ == "PROPN" for t in mods)
            ante = self._role_antecedent(_lower(head), words_)
            if ante is None and loose:
                ante = self._role_antecedent(_lower(head), words_, loose=True)
            if ante is None and head.tag_ in ("NN", "NNP"):  # a lede's "the sheriff says", named further on
                ante = self._role_ahead(_lower(head), words_, loose)
            if ante is not None:
                return self._link(ante, head, cs, ce, method="anaphora")
        if head.idx < self.headline_end and head.tag_ in ("NN", "NNP"):  # "Gwinnett Sheriff Says …"
            later = self._role_later(_lower(head), [_lower(t) for t in mods if t.dep_ != "nummod"])
            if later is not None:
                return self._link(later, head, cs, ce, method="anaphora")
        else:
            poss = [t for t in core if t.i < head.i and t.dep_ == "poss"]
            if poss and _lower(poss[-1]) in ("his", "her", "their", "its"):
                return None
        start_tok = mods[0] if mods else head
        last = _plural_phrase_end(head)
        name = straight(self.ents.text[start_tok.idx : last.idx + len(last.text)])
        pre = [t for t in core if t.i < head.i and t.dep_ == "poss"]
        if pre and not mods:
            name = straight(self.ents.text[pre[0].idx : head.idx + len(head.text)])
        before = _name_before_abbreviation(head) if not mods and not pre else None
        if before is not None:  # "Immigration and Customs Enforcement (ICE) officials": the name, not "(ICE)"
            name = f"{straight(self.ents.text[before[0] : before[1]])} {name}"
        role = name
        if det is not None and det.lower_ in ("two", "three", "four", "several", "some"):
            name = f"{det.lower_} {name}"
        gender = self._gender_of_words([_lower(head)])
        s = (det or start_tok).idx if det is not None and det.lower_ not in ("a", "an", "the") else start_tok.idx
        s = min(s, cs) if det is not None and det.lower_ in ("a", "an", "the") else s
        m = self.add(
            Mention(
                s,
                ce,
                self.ents.text[s:ce],
                f"person:{self.ents.article_id}:{slug(name)}",
                "person",
                name,
                role=role,
                affiliation_id=self._affiliation(cs, ce),
                method="role",
            )
        )
        if gender:
            self.gender.setdefault(m.entity_id, gender)
        _ = w
        return m

    def _role_later(self, head: str, mods: list[str]) -> Mention | None:
        """A headline's role phrase: the first person the article names later with that role (one pass over
        the article's people, for headline speakers only)."""
        for m in self._stream:
            if m.entity_type != "person" or m.start < self.headline_end or not m.role:
                continue
            role = straight(m.role).lower()
            if re.search(rf"\b{re.escape(head)}\b", role) and all(x in role for x in mods):
                return m
        return None

    def _role_antecedent(self, head: str, mods: list[str], loose: bool = False) -> Mention | None:
        seen = 0
        for m in reversed(self.recent_people):
            seen += 1
            if seen > LOOKBACK:
                break
            roles = self.roles.get(m.entity_id, [])
            for role in roles:
                if _role_fits(role, head, mods, loose):
                    return m
        return None

    def _role_ahead(self, head: str, mods: list[str], loose: bool) -> Mention | None:
        """A definite role with no one before it ("The county sheriff says …" in a lede): the first of the
        next named people (at most LOOKBACK) whose role fits."""
        for m in self._stream[self._next : self._next + LOOKBACK]:
            if m.entity_type != "person" or not m.role or m.start < self.headline_end:
                continue  # a title-case headline is no place to find a name ("Sheriff Pledges To …")
            if m.entity_id.startswith(f"person:{self.ents.article_id}:"):
                continue
            if _role_fits(straight(m.role).lower(), head, mods, False) or _role_fits(
                straight(m.role).lower(), head, mods, loose
            ):
                return m
        return None

    def _affiliation(self, cs: int, ce: int) -> str:
        aff = self.within(cs, ce, ("agency",))
        return aff[0].entity_id if aff else ""

    def _agency_in(self, cs: int, ce: int, head: Token) -> Mention | None:
        agencies = self.within(cs, ce, ("agency",))
        if not agencies:
            return None
        on_head = [a for a in agencies if a.start <= head.idx < a.end]
        return on_head[0] if on_head else agencies[-1]

    def _latest_agency(self, head_word: str | None) -> Mention | None:
        """The latest organisation before this point: any (for "it"), or one a definite "the <word>" can
        mean: "the agency" a government agency, "the group" an organisation the NER named, else one with
        that word in its name ("the department" → the Denver Sheriff Department)."""
        generic = words()["generic_orgs"]
        for a in reversed(self.recent_agencies[-LOOKBACK:]):
            if head_word is None:
                return a
            if head_word == "agency":
                if a.method not in ("ner", "anaphora") and _is_agency_antecedent(a.entity_id):
                    return a
                continue
            if head_word in straight(a.name).lower().split():
                return a
            if head_word in generic and a.method == "ner":
                return a
        return None

    def _organisation(self, head: Token, cs: int, ce: int) -> Mention | None:
        """An organisation spaCy's NER names in the subject ("the Center for Immigration Studies")."""
        ent = _entity_at(head)
        if ent is None or ent.label_ != "ORG":
            return None
        toks = [t for t in ent if not (t.i == ent.start and t.dep_ == "det")]
        poss = [k for k, t in enumerate(toks) if t.tag_ == "POS"]
        if poss and len(toks) - poss[-1] > 2:  # "Syracuse University's Transactional Records ..." → the latter
            toks = toks[poss[-1] + 1 :]
        while toks and toks[-1].tag_ == "POS":  # "the ACLU's" → "ACLU"; "National Sheriffs' Association" kept
            toks = toks[:-1]
        nxt = ent.end
        if nxt + 3 < len(self.doc) and self.doc[nxt].text == "(" and self.doc[nxt + 2].text == ")":
            nxt += 3  # an abbreviation in parentheses inside the name: "the ACLU (ACLU) of Wisconsin"
        if nxt + 1 < len(self.doc) and self.doc[nxt].lower_ == "of" and self.doc[nxt + 1].ent_type_ == "GPE":
            gpe = _entity_at(self.doc[nxt + 1])
            if gpe is not None:
                toks = toks + list(self.doc[nxt : gpe.end])  # "American Civil Liberties Union of Iowa"
        if not toks:
            return None
        s, e = span_of(toks)
        name = " ".join(straight(_text(run)) for run in _runs(toks))
        name = self.long_forms.get(name, name)  # "TRAC" → "Transactional Records Access Clearinghouse"
        if " " not in name:  # "The Eagle" after "The Wichita Eagle": the organisation named in full before
            name = self._longer_org_name(name, s)
        return self.add(Mention(s, e, self.ents.text[s:e], f"agency:{slug(name)}", "agency", name, method="ner"))

    def _longer_org_name(self, name: str, before: int) -> str:
        """The latest organisation the NER named before ``before`` whose name ends with this one word ("The
        Wichita Eagle" for "The Eagle"), else the word itself."""
        if self._orgs is None:
            self._orgs = [(e.start_char, straight(e.text)) for e in self.doc.ents if e.label_ == "ORG"]
        for start, text in reversed(self._orgs):
            text = re.sub(r"^(?:the|The)\s+", "", text)
            if start < before and text.endswith(" " + name):
                return text
        return name

    def _local_agency(self, head: Token, core: list[Token], after: int = -1, titled: bool = False) -> Mention | None:
        """ "the sheriff's office", "the police department" with no such agency named before: the office of
        the latest county (sheriff) or city (police) the article named ("Fairfax County Sheriff's Office").
        With ``titled``, only a place named after ``after`` and followed by the office's word as a title
        ("Fairfax County Sheriff Jo Lee")."""
        toks = [t for t in core if not (t.dep_ == "det" and t.i < head.i)]
        phrase = straight(_text(toks))
        kind = next((k for k, lvl in self.local_agency_levels().items() if k in phrase.lower()), None)
        if kind is None:
            return None
        level = self.local_agency_levels()[kind]
        for m in reversed(self.recent_places[-LOOKBACK:]):
            if m.start < after:
                return None
            row = self.ents.resolver.get(m.jurisdiction_id) if m.jurisdiction_id else None
            if row is None or row["level"] != level:
                continue
            if titled and not re.match(rf"\s+{kind}\b(?!['’])", self.ents.text[m.end : m.end + 20], re.IGNORECASE):
                continue
            words_ = [w[:1].upper() + w[1:] for w in phrase.split()]
            suffix = " ".join(words_)
            s, e = span_of(toks)
            return self.add(
                Mention(
                    s,
                    e,
                    self.ents.text[s:e],
                    f"agency:{m.jurisdiction_id}:{slug(suffix)}",
                    "agency",
                    f"{row['name']} {suffix}",
                    jurisdiction_id=m.jurisdiction_id,
                    method="anaphora",
                )
            )
        return None

    def _place_government(self, word: Token) -> Mention | None:
        """ "county" in "internal county figures": the latest jurisdiction of that level the article named, as
        the author (``speaker_jurisdiction_words``)."""
        level = lexicon()["speaker_jurisdiction_words"].get(_lower(word))
        if level is None:
            return None
        for m in reversed(self.recent_places[-LOOKBACK:]):
            row = self.ents.resolver.get(m.jurisdiction_id) if m.jurisdiction_id else None
            if row is not None and row["level"] == level:
                s, e = word.idx, word.idx + len(word.text)
                jid = m.jurisdiction_id
                # a county by its full name ("Galveston County"); a city as the article writes it (the
                # Census name "Knoxville city" is no one's spelling)
                name = row["name"] if level != "place" else re.sub(r"['’]s?$", "", straight(m.exact)).strip()
                return self.add(
                    Mention(s, e, word.text, f"agency:{jid}", "agency", name, jurisdiction_id=jid, method="anaphora")
                )
        return None

    @staticmethod
    @lru_cache(maxsize=1)
    def local_agency_levels() -> dict[str, str]:
        return dict(lexicon()["speaker_local_agency_levels"])

    def _named_by_phrase(self, head: Token, core: list[Token], entity_type: str) -> Mention | None:
        """A group of people ("immigrant advocates") or an organisation no list knows ("the advocacy
        group", "the sheriff's office"), named by its phrase without the determiner."""
        quantifiers = words()["quantifiers"]  # "Some police departments" keeps its quantifier (FORMAT D11)
        toks = [t for t in core if not (t.dep_ == "det" and t.i < head.i and _lower(t) not in quantifiers)]
        last = _plural_phrase_end(head)  # "most counties in Washington" (FORMAT D11: prepositional modifiers)
        if head in toks:
            toks = [t for t in toks if t.i <= last.i] if last.i > head.i else toks[: toks.index(head) + 1]
        return self._mention_of_words(toks, entity_type)

    def _bare_name(self, core: list[Token], cs: int, ce: int) -> Mention | None:
        w = words()
        if _lower(core[-1]) in w["org_anaphors"]:  # an office the place rules could not resolve
            return self._named_by_phrase(core[-1], core, "agency")
        toks = [t for t in core if t.pos_ == "PROPN" and _lower(t) not in w["honorifics"]]
        cut = [k for k, t in enumerate(toks[:-1]) if _lower(t) in w["titles"] or _lower(t) in w["role_heads"]]
        if cut:  # "Santa Clara County Public Defender Molly O'Neal" → "Molly O'Neal"
            toks = toks[cut[-1] + 1 :]
        toks = [t for t in toks if _lower(t) not in w["titles"] and t.ent_type_ not in ("GPE", "ORG")]
        if not toks:
            return None
        s, e = span_of(toks)
        name = straight(self.ents.text[s:e])
        if name in self.long_forms:  # an abbreviation the article defines: an organisation
            long = self.long_forms[name]
            return self.add(Mention(s, e, self.ents.text[s:e], f"agency:{slug(long)}", "agency", long, method="ner"))
        if len(toks) == 1:
            known = self._known_name(name.lower()) or self._name_ahead(name.lower())
            if known is not None:
                return self.add(
                    Mention(s, e, self.ents.text[s:e], known.entity_id, "person", known.name, method="surname")
                )
            org = self._longer_org_name(name, s)  # "The Star" after "The Kansas City Star"
            if org != name:
                return self.add(Mention(s, e, self.ents.text[s:e], f"agency:{slug(org)}", "agency", org, method="ner"))
        return self.add(
            Mention(s, e, self.ents.text[s:e], self.ents.person_id(name), "person", name, method="speaker_name")
        )

    def _acronym(self, head: Token, core: list[Token]) -> Mention | None:
        """An acronym ("The NCSA", "CIS") for an organisation the article names in full: defined in
        parentheses anywhere, else the latest run of capitalised words before it whose initials spell it
        ("Center for Immigration Studies" … "According to CIS")."""
        abbr = head.text
        # a place before it is the chapter's ("the Minnesota ACLU"); any other name is not the acronym's
        places = [t for t in core if t is not head and t.pos_ == "PROPN" and t.ent_type_ == "GPE"]
        if not re.fullmatch(r"[A-Z]{3,8}", abbr) or any(
            t.pos_ == "PROPN" and t is not head and t not in places for t in core
        ):
            return None
        long = self.long_forms.get(abbr) or self._spelled_out(abbr, head.idx)
        if long is None:  # "…, ACLU says" in a headline or a lede, spelled out below (FORMAT D11: longest form)
            long = self._spelled_out(abbr, len(self.ents.text), first=True)
        if long is None:
            return None
        place = straight(_text(places)) if places and places[-1].i == head.i - 1 else ""
        chapter = f"{long} of {place}"
        long = chapter if place and chapter in straight(self.ents.text) else self._with_place(long)
        s, e = head.idx, head.idx + len(abbr)
        return self.add(Mention(s, e, abbr, f"agency:{slug(long)}", "agency", long, method="ner"))

    def _with_place(self, name: str) -> str:
        """The longest form the article gives an organisation (FORMAT D11): with the state or city of its
        chapter when the article writes one ("American Civil Liberties Union of Florida")."""
        rx = re.escape(name) + r"\s+of\s+(?P<place>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)"
        for m in re.finditer(rx, self.ents.text):
            place = self._token_at(m.end() - 1)
            named = place is not None and place.ent_type_ == "GPE"
            if named or self.within(m.start("place"), m.end("place") + 1, ("jurisdiction",)):
                return straight(m.group(0))
        return name

    def _spelled_out(self, abbr: str, before: int, first: bool = False) -> str | None:
        if abbr not in self._spelled:
            joins = r"(?:\s+(?:of|for|and|on|the|in|de)){0,2}\s+"
            rx = r"\b" + joins.join(rf"{c}[\w'’.&-]*" for c in abbr) + r"\b"
            found = list(re.finditer(rx, self.ents.text))
            self._spelled[abbr] = [(m.start(), straight(m.group(0))) for m in found]
        hits = [name for pos, name in self._spelled[abbr] if pos < before]
        return (hits[0] if first else hits[-1]) if hits else None

    def _name_ahead(self, key: str) -> Mention | None:
        """A surname used before the article gives the full name ("Larson said …" … "Sheriff Linn Larson
        said"): the first of the next named people (at most LOOKBACK) with that surname."""
        for m in self._stream[self._next : self._next + LOOKBACK]:
            if m.entity_type == "person" and " " in m.name and m.start >= self.headline_end:
                if _surname_key(m.name) == key and not m.entity_id.startswith(f"person:{self.ents.article_id}:"):
                    return m
        return None

    def _known_name(self, key: str) -> Mention | None:
        """The person named in full earlier whose surname (else first name) this is."""
        return self.surnames.get(key) or self.firsts.get(key)

    def _link(
        self, m: Mention | None, head: Token, cs: int | None = None, ce: int | None = None, method: str = "anaphora"
    ) -> Mention | None:
        if m is None:
            return None
        s = head.idx if cs is None else cs
        e = head.idx + len(head.text) if ce is None else ce
        return self.add(
            Mention(
                s,
                e,
                self.ents.text[s:e],
                m.entity_id,
                m.entity_type,
                m.name,
                role=m.role if method != "pronoun" else "",
                jurisdiction_id=m.jurisdiction_id,
                affiliation_id=m.affiliation_id,
                method=method,
            )
        )
