"""Quoted statements and who made them.

Three kinds (column ``kind``):
- ``direct``: text inside double quotation marks (curly “ ” or straight "), paragraph by paragraph. The
  span is what lies between the marks, without a trailing comma that belongs to the attribution. An
  unclosed quotation runs to the end of its paragraph (news style for a quote that continues in the
  next paragraph, or a text cut off); it never breaks the stage.
- ``indirect``: reported speech without quotation marks: "X said (that) ...", "X told the paper that ...",
  "..., X said.", "..., according to X." / "According to X, ...".
- ``embedded``: an embedded post (a paragraph "— Name (@handle) January 21, 2020" after the post's text).

A headline line that credits its statement with a colon ("Officials: 33 people freed …", "… rose: NYPD") is
reported speech of the short side, when that side resolves to a speaker.

Attribution goes through the dependency parse (spaCy): a cue is a reporting verb of lexicon.yaml
(`cue_verbs`: said, told, added, wrote, ...) or "according to", and its subject (or the object of
"according to") is the speaker phrase, resolved by :mod:`.speakers`. For a direct quote the cue is looked
for, in order:

- ``cue_after``: right after the closing mark, before the sentence ends or the next quotation opens, a
  cue whose subject follows the quote ("…,” Vaughan said; “…,” said Sheriff Ortiz; “…,” the official, who
  ..., wrote in a text), with nothing in between but the subject, auxiliaries and adverbs;
- ``cue_before``: before the opening mark in the same sentence, a cue whose clause holds the quotation
  (Ortiz said: “…”; Ortiz said the plan “…”; According to Ortiz, “…”), or a clause that ends with a colon
  and whose subject is a speaker (Ortiz had a message: “…”);
- ``continuation``: no cue of its own, or the cue already used by the previous quotation of the sentence
  (“A,” she said, “B.”): a later quote of the same paragraph, or a paragraph that continues an unclosed
  quote of the paragraph before, keeps the speaker;
- ``unattributed``: a long quote with no cue and nothing to continue; speaker empty, speaker type
  ``unknown``. A short one (fewer than ``min_words_uncued_quote`` words) is a title or scare quote
  (“wanted” ads) and is not a statement.

Speakers are resolved in one pass in text order (:class:`.speakers.SpeakerResolver`), so "the
spokeswoman" finds "an ICE spokeswoman" whichever kind of quote introduced her; the whole pass is linear
in the text length (each window is bounded by its sentence).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..articletext import paragraphs
from .entities import ArticleEntities, Mention, straight
from .lexicon import lexicon
from .nlp import parse
from .speakers import SpeakerResolver, add_named_people, core_tokens
from .temporal import MONTH, YEAR, PubDate, find_statement_date
from .text import Sentence, dateline_end, sentences, strip_span

if TYPE_CHECKING:  # spaCy is imported when a text is parsed (a fully cached run never loads it)
    from spacy.tokens import Doc, Token

TWEET_SIGNATURE = re.compile(
    rf"^[—–-]\s*(?P<name>[^()\n]+?)\s*\((?P<handle>@\w+)\)\s*(?P<date>{MONTH}\s+\d{{1,2}},\s+{YEAR})\s*$"
)
TRAILING_LINKS = re.compile(r"(?:\s+(?:https?://\S+|pic\.twitter\.com/\S+|t\.co/\S+))+\s*$")
WINDOW_TOKENS = 40  # how far after a closing mark a cue may stand
TAIL_TOKENS = 16  # how many words may stand between a cue verb and the opening mark it introduces
SENTENCE_END = {".", "!", "?"}
# quoted words in one of these relations to a noun outside the marks are a label (the “sanctuary” rule)
LABEL_DEPS = ("amod", "nmod", "compound", "oprd", "appos", "npadvmod", "poss")
TRAILING_JOIN = re.compile(r"(?:[\s,;:—–-]|\band\b|\bbut\b)+$")  # ", and" before a second reported clause
CLAUSE_BREAK = re.compile(r"\s*(?:;|,\s+(?:and|but)\s)")  # a new clause right after "according to X"


@dataclass
class Quote:
    start: int
    end: int
    kind: str
    attribution: str
    speaker: str = ""  # the words the attribution uses ("the spokeswoman", "Albence")
    mention: Mention | None = None
    cue: str = ""
    medium: str = ""
    cue_start: int | None = None  # the attribution clause ("Albence said on Jan. 17")
    cue_end: int | None = None
    statement_date: str = ""
    statement_date_basis: str = "unspecified"
    statement_date_exact: str = ""
    closed: bool = True
    paragraph: int = 0
    inherits: Quote | None = field(default=None, repr=False)
    frame: Frame | None = field(default=None, repr=False)
    implicit: bool = False  # a paragraph quoted without marks (a block quotation, or an excerpt cut off)
    document_only: bool = False  # its cue credits a document that names no author (not a quote, FORMAT D8)
    fragment: bool = False  # a word or two quoted inside reported speech; the sentence stays reported speech

    # the resolved speaker, for claims.py and the tables (no need to know Mention)
    @property
    def speaker_name(self) -> str:
        return self.mention.name if self.mention is not None else ""

    @property
    def speaker_entity_id(self) -> str:
        return self.mention.entity_id if self.mention is not None else ""

    @property
    def speaker_type(self) -> str:
        """person | agency (entity_type of the speaker), or unknown when the quote is unattributed."""
        return self.mention.entity_type if self.mention is not None else "unknown"

    @property
    def speaker_role(self) -> str:
        return self.mention.role if self.mention is not None else ""

    @property
    def speaker_jurisdiction_id(self) -> str:
        """GEOID of the speaker's own office when the article gives it (a local agency), else ""."""
        return self.mention.jurisdiction_id if self.mention is not None else ""


@dataclass
class Frame:
    """An attribution the parse offers: the cue token (a verb, or "according"), the head of its subject
    (or of the object of "according to"), the attribution form, and where the attribution clause ends."""

    cue_token: Token
    subject: Token
    how: str
    cue: str
    clause_end: int
    used_by: Quote | None = None
    floor: int = 0  # the speaker phrase starts at or after this offset (after a dateline)


def _medium(text: str) -> str:
    for name, rx in lexicon()["media_re"].items():
        if rx.search(text):
            return name
    return ""


def quote_segments(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """(open mark, close mark or paragraph end, closed?) for the double-quoted stretches of a paragraph."""
    out, i, open_at = [], start, None
    while i < end:
        c = text[i]
        if open_at is None:
            if c == "“" or (c == '"' and (i == start or text[i - 1] in " \t\n([—–-/")):
                open_at = i
        elif c == "”" or c == '"' or (c == "'" and text.startswith("''", i)):
            # two apostrophes close a quotation in some newsroom systems (“…,'' said X)
            out.append((open_at, i, True))
            open_at = None
            i += 1 if c == "'" else 0
        i += 1
    if open_at is not None:
        out.append((open_at, end, False))
    return [seg for seg in out if not _is_nickname(text, *seg)]


NICKNAME = re.compile(r"[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*)?")


def _is_nickname(text: str, open_: int, close: int, closed: bool) -> bool:
    """A quoted nickname inside a name (Isiah "Ike" Leggett) is not a quotation."""
    return (
        closed
        and bool(NICKNAME.fullmatch(text[open_ + 1 : close]))
        and bool(re.search(r"[A-Z][\w.’'-]* $", text[max(0, open_ - 30) : open_]))
        and bool(re.match(r" [A-Z]", text[close + 1 : close + 3]))
    )


def cue_of(tok: Token) -> str | None:
    """The normalised cue if this token is a reporting verb of the lexicon or the "according" of "according
    to"; None otherwise."""
    low = straight(tok.text).lower()
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if low == "according" and nxt is not None and nxt.lower_ == "to":
        return "according to"
    if not (tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")):
        return None
    verbs = lexicon()["cue_verbs"]
    if nxt is not None and f"{low} {nxt.lower_}" in verbs:
        return verbs[f"{low} {nxt.lower_}"]
    return verbs.get(low)


def subject_of(tok: Token) -> Token | None:
    """The subject of a cue verb (inherited through "and" or a participle: "she said, adding ..."), or the
    object of "according to"."""
    if tok.lower_ == "according":
        for to in tok.children:
            if to.lower_ == "to":
                for p in to.children:
                    if p.dep_ == "pobj":
                        return _before_comma(to, p)
        nxt = tok.nbor(1)
        for p in nxt.children:
            if p.dep_ == "pobj":
                return p
        return None
    if any(c.dep_ == "auxpass" for c in tok.children):  # "X has been advised by Y that …": Y is the speaker
        agent = next((c for c in tok.children if c.dep_ == "agent"), None)
        by = next((p for p in agent.children if p.dep_ == "pobj"), None) if agent is not None else None
        if by is not None:
            return by
    subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
    if len(subjects) > 1 and subjects[-1].i > tok.i:  # "One of them, said Larson, was …": the inverted subject
        subjects = subjects[-1:]
    for c in subjects:
        if c.tag_ in ("WDT", "WP") and tok.dep_ == "relcl":  # "a letter from X that suggested …"
            return tok.head
        return c
    for c in tok.children:
        if c.dep_ == "csubj" and c.tag_ == "VBN":  # "Data provided by the county shows that …" parsed as a
            # clause whose participle has the document as its subject: the document is the cue's subject
            for s in c.children:
                if s.dep_ in ("nsubj", "nsubjpass") and s.i < c.i and s.pos_ in ("NOUN", "PROPN"):
                    return s
    governor = tok.head
    if tok.dep_ == "pcomp" and tok.tag_ == "VBG" and governor.dep_ == "prep":
        governor = governor.head  # "X joined them in announcing that …", "X responded by saying …"
    if tok.dep_ in ("conj", "advcl", "xcomp", "pcomp") and governor is not tok and governor.pos_ in ("VERB", "AUX"):
        for c in governor.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                return c
    if tok.dep_ == "acl" and tok.tag_ == "VBD" and tok.head.i == tok.i - 1 and tok.head.pos_ in ("NOUN", "PROPN"):
        # "after a Herald story reported that …": a past-tense cue the parser hung on the noun before it
        if any(t.dep_ == "mark" and t.lower_ == "that" and t.i > tok.i for t in tok.subtree):
            return tok.head
    return _name_line_before(tok) or _sender_of_document(tok) or _noun_right_before(tok)


def _before_comma(to: Token, obj: Token) -> Token:
    """The object of "according to", or, when the parser took a noun past the comma that closes the phrase
    for it ("According to The Eagle, 205 ICE detainers had …"), the last noun before that comma."""
    doc = to.doc
    comma = next((t.i for t in doc[to.i + 1 : obj.i] if t.text == ","), None)
    if comma is None or comma == to.i + 1 or doc[comma - 1].pos_ not in ("PROPN", "NOUN"):
        return obj
    return doc[comma - 1]


def _noun_right_before(tok: Token) -> Token | None:
    """A finite cue verb the parser gave no subject, right after a name it hung elsewhere ("During the
    first two months of FY 2016 ICE reports only 2 percent …"): that name."""
    if tok.i == 0 or tok.tag_ not in ("VBZ", "VBD", "VBP"):
        return None
    prev = tok.doc[tok.i - 1]
    if prev.pos_ == "PROPN" and prev.ent_type_ not in ("DATE", "TIME", "GPE") and prev.dep_ in ("pobj", "compound"):
        return prev
    return None


def _sender_of_document(tok: Token) -> Token | None:
    """ "X sent a memo to the county's director saying …": a participle cue with no subject, after a
    document its sentence's subject sent or issued, is that subject's statement (whatever noun the parser
    hung the participle on)."""
    if tok.tag_ != "VBG" or tok.dep_ not in ("acl", "advcl"):
        return None
    documents = frozenset(lexicon()["speaker_document_nouns"])
    root = tok.sent.root
    doc_obj = next((c for c in root.children if c.dep_ == "dobj" and c.lower_ in documents and c.i < tok.i), None)
    if doc_obj is None:
        return None
    return next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _name_line_before(tok: Token) -> Token | None:
    """A cue verb that opens a line right after a line holding only a name ("Steve Adler⏎stated on
    February 14, 2017 in an open letter: …", a fact-check page's claim header): the name is its subject."""
    first = tok.sent.start
    if tok.i != first or first == 0 or "\n" not in tok.doc[first - 1].text:
        return None
    prev = tok.doc[first - 1].sent
    words = [t for t in prev if not t.is_space]
    if not words or len(words) > 5 or "\n" in prev.text.strip():
        return None
    if all(t.ent_type_ in ("PERSON", "ORG") for t in words):
        return prev.root if not prev.root.is_space else words[-1]
    return None


def _is_negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


@dataclass
class QuoteFinder:
    text: str
    ents: ArticleEntities
    pub: PubDate
    doc: Doc | None = None
    sents: list[Sentence] = field(default_factory=list)

    def __post_init__(self):
        if self.doc is None:
            self.doc = parse(self.text)
        self.sents = _split_at_footnotes(self.text, sentences(self.text))
        self.min_words = int(lexicon()["min_words_uncued_quote"])
        self.max_scare_words = int(lexicon()["max_words_scare_quote"])
        self.starts = [t.idx for t in self.doc]
        self.paras = paragraphs(self.text)
        self.para_starts = [ps for ps, _ in self.paras]
        self.by_paragraph: dict[int, list[Sentence]] = {}
        for sent in self.sents:
            self.by_paragraph.setdefault(sent.paragraph, []).append(sent)
        self.segments = [quote_segments(self.text, ps, pe) for ps, pe in self.paras]
        self.in_quote = [False] * len(self.doc)
        for segs in self.segments:
            for o, c, _ in segs:
                for i in range(self._tok(o + 1), self._tok(c)):
                    self.in_quote[i] = True
        self.implicit = self._implicit_paragraphs()

    def _implicit_paragraphs(self) -> dict[int, str]:
        """Paragraphs (1-based) that are quoted without quotation marks: ``continued`` after a quotation
        left open when no quotation mark follows anywhere in the rest of the text (an excerpt cut off inside
        a quoted release), ``block`` for a block quotation after a paragraph that ends with a colon and
        announces a statement ("... issued the following statement:"), up to the next paragraph with a
        quotation mark."""
        out: dict[int, str] = {}
        has_marks = [any(ch in self.text[ps:pe] for ch in '“”"') for ps, pe in self.paras]
        # a paragraph whose only quoted words are a term or two (“ICE holds”) can still continue a block
        has_quotes = [
            any(len(self.text[o + 1 : c].split()) > self.max_scare_words for o, c, _ in segs) for segs in self.segments
        ]
        later_marks = [False] * (len(self.paras) + 1)
        for k in range(len(self.paras) - 1, -1, -1):
            later_marks[k] = later_marks[k + 1] or has_marks[k]
        announce = lexicon()["quote_block_announcers_re"]
        k = 0
        while k < len(self.paras):
            segs = self.segments[k]
            ps, pe = self.paras[k]
            if segs and not segs[-1][2] and not later_marks[k + 1]:
                for j in range(k + 1, len(self.paras)):
                    out[j + 1] = "continued"
                break
            if (
                not has_marks[k]
                and self.text[pe - 1] == ":"
                and k + 1 < len(self.paras)
                and not has_marks[k + 1]
                and announce.search(self.text, ps, pe)
            ):
                j = k + 1
                cue = lexicon()["cue_verb_re"]
                while j < len(self.paras) and not has_quotes[j]:
                    if j > k + 1 and cue.search(self.text, *self.paras[j]):
                        break  # the article's own words again ("..., he said:")
                    out[j + 1] = "block" if j == k + 1 else "block_more"
                    j += 1
                k = j
                continue
            k += 1
        return out

    # --- token helpers ----------------------------------------------------------------------------------
    def _tok(self, pos: int) -> int:
        """Index of the first token starting at or after ``pos``."""
        return bisect_left(self.starts, pos)

    def _tokens(self, start: int, end: int) -> list[Token]:
        assert self.doc is not None
        return [t for t in self.doc[self._tok(start) : self._tok(end)] if not t.is_space]

    # --- all kinds, in text order -----------------------------------------------------------------------
    def find(self) -> list[Quote]:
        """Every quote: spans and cues from the parse, then speakers resolved in one pass in text order,
        then continuations and unattributed quotes settled in text order."""
        assert self.doc is not None
        add_named_people(self.ents, self.doc)
        resolver = SpeakerResolver(self.ents, self.doc, self.in_quote, headline_end=self.headline_end())
        embedded = self.embedded(resolver)
        quotes: list[Quote] = []
        embedded_paragraphs = {q.paragraph for q in embedded}  # the paragraphs that are posts' texts
        for pi, (ps, pe) in enumerate(self.paras, start=1):
            segs = self.segments[pi - 1]
            if pi in self.implicit:
                direct = self._implicit(pi, ps, pe)
            else:
                direct = self._direct(pi, ps, pe, segs)
            quotes.extend(direct)
            # a cue a quotation of the paragraph already took is not the cue of reported speech too
            taken = {q.frame.cue_token.i for q in direct if q.frame is not None and not q.fragment}
            for sent in self.by_paragraph.get(pi, []):
                if pi in embedded_paragraphs or self.implicit.get(pi, "continued") != "continued":
                    continue
                for q in self._indirect(sent, taken):
                    if pi in self.implicit and _first_or_second_person(q):
                        continue  # inside a quoted release, "we said" is the release's own voice
                    quotes.append(q)
        quotes.extend(self._headline_colon(quotes))
        # speakers, in the order their subjects stand in the text
        framed = [(q.frame.subject.idx, i, q) for i, q in enumerate(quotes) if q.frame is not None]
        for _, _, q in sorted(framed, key=lambda t: (t[0], t[1])):
            self._attach(q, resolver)
        return sorted(self._settle(quotes) + embedded, key=lambda q: q.start)

    def _headline_colon(self, found: list[Quote]) -> list[Quote]:
        """A headline line that credits its statement with a colon, "Officials: 33 people freed …" or "Requests
        rocketed after the election: NYPD" (FORMAT D12, like "Sheriff says …"): the side of at most
        ``headline_colon_max_speaker_words`` words is the speaker (it must resolve to one: "Records" does
        not, FORMAT D8), the other side, a clause with a verb, the statement. Lines of the first paragraph
        only, without a sentence-final period or quotation marks."""
        assert self.doc is not None
        if not self.paras:
            return []
        ps, pe = self.paras[0]
        limit = int(lexicon()["headline_colon_max_speaker_words"])
        out: list[Quote] = []
        pos = ps
        for line in self.text[ps:pe].split("\n"):
            ls, le = pos, pos + len(line)
            pos = le + 1
            words_ = line.split()
            if not words_ or line.rstrip()[-1] in ".!?" or len(words_) > 25 or any(c in line for c in '“”"'):
                continue
            if line.count(":") != 1 or any(q.start < le and ls < q.end for q in found):
                continue
            colon = ls + line.index(":")
            before, after = (ls, colon), (colon + 1, le)
            for who, what, how in ((before, after, "cue_before"), (after, before, "cue_after")):
                toks = self._tokens(*who)
                if not toks or len(toks) > limit or not any(t.pos_ in ("NOUN", "PROPN") for t in toks):
                    continue
                cs, ce = strip_span(self.text, *what, " \t,;:")
                if ce - cs < 15 or not any(t.pos_ in ("VERB", "AUX") for t in self._tokens(cs, ce)):
                    continue
                inside = {t.i for t in toks}
                head = next((t for t in toks if t.head.i not in inside or t.head == t), toks[-1])
                q = Quote(cs, ce, "indirect", how, paragraph=1)
                q.frame = Frame(self.doc[self._tok(colon)], head, how, "said", le)
                out.append(q)
                break
        return out

    def _settle(self, quotes: list[Quote]) -> list[Quote]:
        """Continuations, unattributed quotes and the quotes to drop, in text order."""
        out: list[Quote] = []
        previous_unclosed: Quote | None = None
        last_para = 0
        last_in_paragraph: Quote | None = None
        last_marked: Quote | None = None  # the latest direct or block row kept
        for q in sorted(quotes, key=lambda q: q.start):
            if q.paragraph != last_para:
                tail = last_marked if last_marked is not None and last_marked.paragraph == last_para else None
                previous_unclosed = tail if tail is not None and not tail.closed else None
                if q.paragraph != last_para + 1:
                    previous_unclosed = None
                last_para, last_in_paragraph = q.paragraph, None
            if q.kind == "indirect" and not q.implicit:
                if q.mention is not None:
                    out.append(q)
                continue
            if q.mention is None and (q.document_only or (q.closed and _is_title(self.text[q.start : q.end]))):
                continue  # a document's words (D8); an uncredited title (“Table of Jurisdictions That …”)
            if q.mention is None:
                frame = q.frame
                prior = last_in_paragraph or (previous_unclosed if self._opens_paragraph(q) or q.implicit else None)
                if frame is not None and frame.used_by is not None and frame.used_by.mention is not None:
                    q.attribution, q.inherits = "continuation", frame.used_by
                elif prior is not None and prior.attribution != "unattributed":
                    q.attribution, q.inherits = "continuation", prior
                elif len(self.text[q.start : q.end].split()) >= self.min_words or not q.closed:
                    q.attribution = "unattributed"
                else:
                    continue  # a title or a scare quote
            out.append(q)
            last_in_paragraph = q
            if q.kind == "direct" or q.implicit:
                last_marked = q
        self._credit_back(out)
        for q in out:
            if q.attribution == "continuation":
                src = q.inherits
                while src is not None and src.attribution == "continuation" and src.inherits is not None:
                    src = src.inherits
                if src is not None:
                    for f in (
                        "speaker",
                        "mention",
                        "cue",
                        "medium",
                        "statement_date",
                        "statement_date_basis",
                        "statement_date_exact",
                    ):
                        setattr(q, f, getattr(src, f))
                    q.cue_start = q.cue_end = None
        return out

    def _credit_back(self, out: list[Quote]) -> None:
        """A quotation that runs over paragraphs with its cue only after the last one ("“A …⏎“B …,” X
        said."): an unattributed paragraph left open, followed by a paragraph that opens with a quote credited
        after it (or back-credited in turn), is that speaker's too (codebook: paragraph-spanning quotes)."""
        credited: set[int] = set()
        for k in range(len(out) - 2, -1, -1):
            q, nxt = out[k], out[k + 1]
            if q.attribution != "unattributed" or q.closed or q.kind != "direct" or nxt.kind != "direct":
                continue
            if nxt.paragraph != q.paragraph + 1 or not self._opens_paragraph(nxt):
                continue
            if nxt.attribution == "cue_after" or id(nxt) in credited:
                q.attribution, q.inherits = "continuation", nxt
                credited.add(id(q))

    def _sents_of(self, paragraph_index: int) -> list[Sentence]:
        """The sentences of a paragraph (0-based index into self.paras)."""
        return self.by_paragraph.get(paragraph_index + 1, [])

    def _opens_paragraph(self, q: Quote) -> bool:
        ps = self.paras[q.paragraph - 1][0]
        return self.text[ps : q.start].strip() in ("“", '"')

    # --- direct quotes ------------------------------------------------------------------------------------
    def _implicit(self, pi: int, ps: int, pe: int) -> list[Quote]:
        """A paragraph quoted without marks (see :meth:`_implicit_paragraphs`), one row per line (list
        items): the first row of a block takes the cue of the announcing paragraph; the others continue
        the quote before them."""
        out: list[Quote] = []
        pos = ps
        block = self.implicit[pi] in ("block", "block_more")
        for line in self.text[ps:pe].split("\n"):
            s, e = strip_span(self.text, pos, pos + len(line), " \t\n•·*–—-")
            pos += len(line) + 1
            if block:  # a statement printed without quotation marks is reported speech (FORMAT D10)
                s, e = strip_span(self.text, s, e, " \t\n.")
            if e <= s:
                continue
            q = Quote(s, e, "indirect" if block else "direct", "", closed=False, paragraph=pi)
            if self.implicit[pi] == "block" and not out:
                q.frame = self._cue_in_previous_paragraph(pi)
            q.implicit = True
            out.append(q)
        return out

    def _cue_in_previous_paragraph(self, pi: int) -> Frame | None:
        """The cue of a paragraph that ends with a colon and announces the quotation that opens paragraph
        ``pi`` ("Sheriff X issued the following statement:", "In a statement, he said:")."""
        if pi < 2:
            return None
        ps, pe = self.paras[pi - 2]
        if self.text[pe - 1] != ":":
            return None
        previous = self._sents_of(pi - 2)
        last = previous[-1] if previous else None
        toks = self._tokens(max(ps, last.start if last else ps), pe)
        for v in reversed(toks):
            if cue_of(v) not in (None, "according to") and not _is_negated(v):
                subj = subject_of(v)
                if subj is not None:
                    return Frame(v, subj, "cue_before", cue_of(v) or "", pe)
        root = next((t for t in toks if t.dep_ == "ROOT" and t.pos_ in ("VERB", "AUX")), None)
        subj = subject_of(root) if root is not None else None
        if root is not None and subj is not None:
            return Frame(root, subj, "cue_before", straight(root.text).lower(), pe)
        return None

    def _direct(self, pi: int, ps: int, pe: int, segs: list[tuple[int, int, bool]]) -> list[Quote]:
        out: list[Quote] = []
        for k, (o, c, closed) in enumerate(segs):
            s, e = strip_span(self.text, o + 1, c, " \t\n,")
            next_open = segs[k + 1][0] if k + 1 < len(segs) else pe
            prev_close = segs[k - 1][1] + 1 if k > 0 else ps
            if e <= s:
                continue
            if closed and len(self.text[s:e].split()) <= self.max_scare_words:
                # a quoted term (“sanctuary” policies) is a scare quote, even inside reported speech; a
                # speaker's own word or two inside it (said he was “surprised”) is a quote (FORMAT D12)
                frame = self._fragment_frame(o, c, s, e, ps)  # the cue may stand before an earlier fragment
                if frame is not None:
                    q = Quote(s, e, "direct", "", closed=closed, paragraph=pi, fragment=True)
                    q.frame = frame
                    out.append(q)
                continue
            if closed and _is_title(self.text[s:e]) and not any(t.pos_ in ("VERB", "AUX") for t in self._tokens(s, e)):
                continue  # the title of a report or a list, even after "posted"/"released"
            q = Quote(s, e, "direct", "", closed=closed, paragraph=pi)
            q.frame = (self._cue_after(c, next_open) if closed else None) or self._cue_before(o, c, prev_close)
            if q.frame is None and k == 0 and self.text[ps:o].strip(" \t•·*–—-") == "":
                q.frame = self._cue_in_previous_paragraph(pi)
            if q.frame is None and k == 0:
                q.frame = self._source_line(ps, o)
            if q.frame is not None and q.frame.how == "cue_before" and out and out[-1].frame is not None:
                if out[-1].frame.cue_token == q.frame.cue_token:  # “A,” she said, “B.”
                    q.frame = Frame(q.frame.cue_token, q.frame.subject, "continuation", q.frame.cue, o, out[-1])
            out.append(q)
        return out

    def _fragment_frame(self, o: int, c: int, s: int, e: int, prev_close: int) -> Frame | None:
        """The cue of a word or two quoted inside a speaker's reported clause ("X claimed the program had a
        history of “abuses.”"), or None for a label: a term of the trade (`quote_label_terms`), words after
        "called"/"so-called" (`quote_label_before`), or words that modify a noun outside the marks (the
        “sanctuary” rule)."""
        lx = lexicon()
        if lx["quote_label_terms_re"].search(self.text, s, e):
            return None
        if lx["quote_label_before_re"].search(self.text[max(0, o - 30) : o]):
            return None
        toks = self._tokens(s, e)
        inside = {t.i for t in toks}
        roots = [t for t in toks if t.head.i not in inside or t.head is t]
        if not roots or any(r.dep_ in LABEL_DEPS for r in roots):
            return None
        frame = self._cue_before(o, c, prev_close)
        if frame is None or frame.how != "cue_before" or cue_of(frame.cue_token) is None:
            return None
        if not any(frame.cue_token in r.ancestors for r in roots):
            return None  # the words are not inside the cue's clause
        return frame

    def _source_line(self, ps: int, open_: int) -> Frame | None:
        """A release quoted after its source line: "TRAC, Aug. 12, 2016 - “…" (a name, a date, a dash and
        the quotation at the start of a paragraph): the name is the speaker, the date the statement's."""
        m = SOURCE_LINE.fullmatch(self.text, ps, open_)
        if m is None:
            return None
        toks = self._tokens(m.start("name"), m.end("name"))
        if not toks:
            return None
        head = next((t for t in toks if not (toks[0].i <= t.head.i <= toks[-1].i) or t.head is t), toks[-1])
        return Frame(head, head, "cue_before", "", open_)

    def _cue_after(self, close: int, limit: int) -> Frame | None:
        toks = []
        for t in self._tokens(close + 1, limit)[:WINDOW_TOKENS]:
            if self.in_quote[t.i]:
                break
            toks.append(t)
            if t.text in SENTENCE_END:
                break
        for k, v in enumerate(toks):
            cue = cue_of(v)
            if cue is None:
                continue
            subj = subject_of(v)
            if subj is None or subj.idx <= close or self.in_quote[subj.i]:
                continue
            if any(c.dep_ == "ccomp" and c.i > v.i and not self.in_quote[c.i] for c in v.children):
                break  # the cue of its own reported statement ("… ICE.” Gallagher said actions …")
            allowed = {t.i for t in subj.subtree} if subj.i < v.i else set()
            if all(
                t.is_punct or t.i in allowed or (t.head == v and t.dep_ in ("aux", "advmod", "neg")) for t in toks[:k]
            ):
                if cue == "according to" and any(not t.is_punct for t in toks[:k]):
                    continue
                how = "according_to" if cue == "according to" else "cue_after"
                return Frame(v, subj, how, cue, toks[-1].idx + len(toks[-1].text) if toks else limit)
        return None

    def _cue_before(self, open_: int, close: int, prev_close: int) -> Frame | None:
        assert self.doc is not None
        first = self._tok(open_)
        if first >= len(self.doc):
            return None
        sent_start = self.doc[first].sent.start_char
        if self.text[:open_].rstrip().endswith(":") and first > 0:
            # the parser started a sentence at the quotation a colon announces ("… wrote:⏎“…”")
            sent_start = min(
                sent_start, self.doc[max(0, self._tok(len(self.text[:open_].rstrip())) - 1)].sent.start_char
            )
        start = max(prev_close, sent_start)
        toks = [t for t in self._tokens(start, open_) if not self.in_quote[t.i]]
        if not toks:
            return None
        inside = [t for t in self._tokens(open_ + 1, close) if self.in_quote[t.i]]
        nouns = lexicon()["quote_cue_nouns"]
        for k in range(len(toks) - 1, -1, -1):
            v = toks[k]
            if v.lower_ in nouns and _is_reporting_noun(v):  # "the county's claim that jails are “full.”"
                found = _noun_cue_author(v)
                if found is not None and found[1] <= open_:
                    return Frame(v, found[0], "cue_before", nouns[v.lower_], open_)
                if v.pos_ != "NOUN":
                    continue
            cue = cue_of(v)
            if cue is None or _is_negated(v):
                continue
            subj = subject_of(v)
            if subj is None or subj.idx >= open_:
                continue
            tail = toks[k + 1 :]
            holds = any(v in t.ancestors for t in inside[:12]) or (
                cue == "according to" and self._opens_sentence(v)  # "According to X, A and B want “…”"
            )
            short_tail = len(tail) <= TAIL_TOKENS and all(
                t.is_punct or v in t.ancestors or t == subj or subj in t.ancestors for t in tail
            )
            if holds or short_tail:
                how = "according_to" if cue == "according to" else "cue_before"
                return Frame(v, subj, how, cue, open_)
        # a clause ending with a colon whose subject is a speaker: "Ortiz had a blunt message: “…”"
        if toks[-1].text == ":":
            root = toks[-1].head if toks[-1].head.i < toks[-1].i else None
            while root is not None and root.dep_ not in ("ROOT",) and root.head is not root:
                root = root.head
            subj = subject_of(root) if root is not None and root.pos_ in ("VERB", "AUX") else None
            if root is not None and subj is not None and subj.idx >= start:
                return Frame(root, subj, "cue_before", straight(root.text).lower(), open_)
        return None

    # --- indirect -----------------------------------------------------------------------------------------
    def _indirect(self, sent: Sentence, taken: set[int]) -> list[Quote]:
        """The reported statement of a sentence (the first cue that gives one), and a second one when a cue
        inside it reports a clause of its own ("X said A, even as they admitted that B")."""
        s0, end = self._opening_end(sent.start), sent.end
        while end > s0 and self.text[end - 1] in ".!? \n":
            end -= 1
        toks = self._tokens(s0, end)
        nouns = lexicon()["quote_cue_nouns"]
        out: list[Quote] = []
        for v in toks:
            if out and (v.idx < out[-1].end or not _own_subject(v)):
                continue  # after a statement, only a cue with a subject of its own ("…, and X added that …")
            cue = cue_of(v)
            if v.lower_ in nouns and _is_reporting_noun(v) and not self.in_quote[v.i]:
                q = self._noun_cue(v, nouns[v.lower_], end)
                if q is not None:
                    q.paragraph = sent.paragraph
                    return [q]
                if v.pos_ != "NOUN":
                    continue
            if cue is None or self.in_quote[v.i] or v.i in taken:
                continue
            if cue == "according to":
                q = self._according_to(v, s0, end)
            else:
                q = self._reported(v, cue, s0, end)
            if q is None:
                continue
            q.paragraph = sent.paragraph
            if out:  # the first statement ends before the second cue's clause (", and")
                if q.attribution != "cue_before" or q.start < v.idx:
                    continue
                left = min(x.idx for x in v.subtree)
                join = TRAILING_JOIN.search(self.text[out[-1].start : left])
                out[-1].end = min(out[-1].end, out[-1].start + (join.start() if join else left - out[-1].start))
                out.append(q)
                break
            out.append(q)
            second = self._second_cue(q, v, s0, end, taken) if q.attribution == "cue_before" else None
            if second is not None:
                out.append(second)
                break
            if q.attribution != "cue_before":
                break
        return out

    def _second_cue(self, q: Quote, v: Token, s0: int, end: int, taken: set[int]) -> Quote | None:
        """A cue with its own subject in an adverbial clause or a conjunct after the statement's verb ("their
        focus was on X, even as they admitted that Y"; "… and officials added that Y"): the first statement
        ends before that clause, the second is what the inner cue reports."""
        assert q.frame is not None
        for t in self._tokens(q.start, q.end):
            if self.in_quote[t.i] or t.i in taken or t.dep_ not in ("advcl", "conj") or t.head.i <= v.i:
                continue
            cue = cue_of(t)
            subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if cue in (None, "according to") or subj is None or subj.i > t.i or subj.tag_ in ("WDT", "WP"):
                continue
            second = self._reported(t, cue, s0, end)
            if second is None or second.attribution != "cue_before" or second.start <= t.idx:
                continue
            left = min(x.idx for x in t.subtree)
            join = TRAILING_JOIN.search(self.text[q.start : left])
            cs, ce = q.start, q.start + (join.start() if join else left - q.start)
            if not self._is_clause(cs, ce, end):
                continue
            q.end = ce
            second.paragraph = q.paragraph
            return second
        return None

    def _reported(self, v: Token, cue: str, s0: int, end: int) -> Quote | None:
        """ "X said (that) ..." / "..., X said." with the reported clause as a ccomp of the cue verb;
        "As X reported, ..."; "A, X said, B." (the cue inside: the whole sentence is the statement)."""
        if _is_negated(v) or any(c.lower_ in ("will", "would", "could") for c in v.children):
            return None
        subj = subject_of(v)
        if subj is None:
            return None
        if v.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in v.children):
            comma = self.text.find(",", v.idx, end)  # "As the Journal reported in September, ..."
            if comma != -1 and comma < v.head.idx:
                return self._make_indirect(comma + 1, end, end, v, subj, cue, "cue_before", comma)
            mark = next(c for c in v.children if c.dep_ == "mark" and c.lower_ == "as")
            last = max(t.idx + len(t.text) for t in v.subtree)
            before = v.doc[mark.i - 1] if mark.i > 0 else None
            if before is not None and before.text == "," and mark.i < subj.i < v.i and last >= end:
                # "…, as KAKE-TV reported.": the cue closes the sentence; the statement is all before it
                return self._make_indirect(s0, before.idx, end, v, subj, cue, "cue_after", end)
        inside = self._cue_inside(v, subj, cue, s0, end) or self._parenthetical_cue(v, subj, cue, end)
        if inside is not None:
            return inside
        if subj.i < v.i and self._in_headline(v):
            # a headline: "Gwinnett Sheriff Says Jail Population Down; Credits …" — no verb needed
            after = self._tokens(v.idx + len(v.text), end)
            stop = next((t.idx for t in after if t.text in (";", ":", "—", "–", "|")), end)
            if after and stop - after[0].idx >= 8:
                q = Quote(*strip_span(self.text, after[0].idx, stop), "indirect", "cue_before")
                q.frame = Frame(v, subj, "cue_before", cue, after[0].idx)
                return q
        content = _content_clause(v, subj)
        if content is None and v.tag_ == "VBG" and subj.i < v.i and v.i + 1 < len(v.doc):
            # "… a memo to the director saying jails should hold …": the rest of the sentence, parsed or not
            rest = self._tokens(v.doc[v.i + 1].idx, end)
            opens_clause = bool(rest) and (
                rest[0].pos_ in ("NOUN", "PROPN", "PRON", "DET", "NUM") or rest[0].lower_ == "that"
            )
            if opens_clause and any(t.tag_ in ("MD", "VBZ", "VBP", "VBD") for t in rest):
                return self._make_indirect(rest[0].idx, end, end, v, subj, cue, "cue_before", rest[0].idx)
        if content is None and self._runs_off_the_end(end) and v.i + 2 < len(v.doc) and subj.i < v.i:
            # the excerpt ends inside the statement: "The association said most sheriff's offi"
            rest = self._tokens(v.idx + len(v.text), end)
            if len(rest) >= 2:
                q = Quote(*strip_span(self.text, rest[0].idx, end), "indirect", "cue_before")
                q.frame = Frame(v, subj, "cue_before", cue, rest[0].idx)
                return q
        if content is None:
            # "…, data from the sheriff's offices show." — also a cue the parser hung on the clause before it
            hung = v.dep_ in ("parataxis", "relcl", "conj") and subj.head == v and subj.i < v.i
            trailing = v.dep_ == "ROOT" or hung
            return self._cue_last_unparsed(v, subj, cue, s0, end) if trailing else None
        by_agent = subj.head.dep_ == "agent" and subj.head.head == v and subj.i < content.i  # "advised by X that"
        if v.dep_ != "ROOT" and not (content.i > v.i and (subj.i < v.i or by_agent)):
            return None
        sub = list(content.subtree)
        if content.i > v.i and (subj.i < v.i or by_agent):  # X said (that) ...; Y was told by X that ...
            first = sub[0]
            while first.i < content.i and (
                (first.dep_ in ("mark", "advmod") and first.lower_ == "that") or first.is_punct or first.i <= v.i
            ):  # "which critics said included …": the relative pronoun and the cue are not the statement
                first = first.doc[first.i + 1]
            cs = first.idx
            # a clause the parser split in several complements ("he will re - evaluate …"): all of them
            more = [
                t
                for c in v.children
                if c.dep_ == "ccomp" and c.i > content.i and not _own_subject_anywhere(c)
                for t in c.subtree
            ]
            ce = max(t.idx + len(t.text) for t in sub + more)
            ce = max(ce, end) if self.text[ce:end].strip(" ,.;:") == "" else ce
            how, clause_end = "cue_before", cs
            source = self._trailing_source(cs, end)
            if source is not None:  # "The department said it …, according to a DSD spokesperson."
                ce, subj = source
        elif content.i < v.i and subj.i > sub[-1].i:  # ..., X said / ..., said X
            if cue not in lexicon()["cue_listener_object"] and any(c.dep_ == "dobj" and c.i > v.i for c in v.children):
                return None  # "…; however, the department reported only 17 transfers": the verb has its own object
            # ("…, officials told WFAE": the object of "told" is who heard it)
            cs, ce = s0, sub[-1].idx + len(sub[-1].text)
            how, clause_end = "cue_after", end
        else:
            return None
        return self._make_indirect(cs, ce, end, v, subj, cue, how, clause_end)

    def headline_end(self) -> int:
        """End of the first paragraph when it is a headline (one line, no sentence-final period, at most 25
        words); 0 when it is not."""
        if not self.paras:
            return 0
        ps, pe = self.paras[0]
        line = self.text[ps:pe].strip()
        if "\n" in line or not line or line[-1] in ".!?" or len(line.split()) > 25:
            return 0
        return pe

    def _in_headline(self, tok: Token) -> bool:
        return tok.idx < self.headline_end()

    def _runs_off_the_end(self, end: int) -> bool:
        """Does this sentence run to the end of a text that stops without closing it (a cut-off excerpt)?"""
        tail = self.text.rstrip()
        return end >= len(tail) and bool(tail) and tail[-1] not in '.!?”"’)'

    def _trailing_source(self, cs: int, ce: int) -> tuple[int, Token] | None:
        """A reported clause that ends with ", according to X": X is the source the article credits for the
        whole report; the clause ends before the comma."""
        for t in self._tokens(cs, ce):
            if t.lower_ == "according" and cue_of(t) == "according to" and t.i > 0 and t.doc[t.i - 1].text == ",":
                obj = subject_of(t)
                rest = self.text[max(x.idx + len(x.text) for x in obj.subtree) : ce] if obj is not None else "x"
                if obj is not None and rest.strip(" .,") == "":
                    return t.doc[t.i - 1].idx, obj
        return None

    def _make_indirect(
        self, cs: int, ce: int, end: int, v: Token, subj: Token, cue: str, how: str, clause_end: int
    ) -> Quote | None:
        cs, ce = strip_span(self.text, cs, ce, " \t\n,;:")
        cut_off = how == "cue_before" and ce > cs and self._runs_off_the_end(ce)  # "… said California local"
        if not cut_off and not self._is_clause(cs, ce, end):
            return None
        q = Quote(cs, ce, "indirect", how)
        q.frame = Frame(v, subj, how, cue, clause_end)
        return q

    def _noun_cue(self, n: Token, cue: str, end: int) -> Quote | None:
        """ "responding to claims from ICE that they are not holding …", "the county's claim that …": a
        reporting noun with its author and a "that" clause right after them; the clause is X's reported
        statement."""
        found = _noun_cue_author(n)
        if found is None:
            return None
        subj, start = found
        if start >= end:
            return None
        return self._make_indirect(start, end, end, n, subj, cue, "cue_before", start)

    def _cue_inside(self, v: Token, subj: Token, cue: str, s0: int, end: int) -> Quote | None:
        """ "The jail, he said, has room for ten more." — a cue set off by commas inside the statement: one
        row over the whole sentence, cue included (codebook)."""
        sub = core_tokens(subj)
        left, right = min(sub[0].i, v.i), max(sub[-1].i, v.i)
        doc = v.doc
        if right + 1 < len(doc) and doc[right + 1].text == "(":  # "said Sheriff Jo Lee (R), …": a party or an
            close = next((t.i for t in doc[right + 1 : right + 8] if t.text == ")"), None)  # abbreviation
            right = close if close is not None else right
        if left == 0 or right + 1 >= len(doc) or doc[left - 1].text != "," or doc[right + 1].text != ",":
            return None
        # "One of them, said Larson, was …": the parser may hang the rest of the statement on an inverted cue
        inverted = subj.i > v.i
        if doc[left - 1].idx <= s0 or any(
            c.dep_ == "dobj" or (c.dep_ == "ccomp" and not (inverted and c.i > v.i)) for c in v.children
        ):
            return None
        if doc[right + 1].idx + 2 >= end:
            return None
        if _after_conjunction(doc, left - 1):  # "X happened and, experts say, could do Y": only Y (FORMAT D12)
            return self._make_indirect(doc[right + 1].idx + 1, end, end, v, subj, cue, "cue_before", end)
        return self._make_indirect(s0, end, end, v, subj, cue, "cue_inside", end)

    def _parenthetical_cue(self, v: Token, subj: Token, cue: str, end: int) -> Quote | None:
        """A cue the parser hung as a parenthetical on the clause after it ("spread across the state and,
        legal experts say could have nationwide implications"): the clause after the cue is the statement."""
        if v.dep_ != "parataxis" or v.head.i <= v.i or subj.i > v.i:
            return None
        nxt = v.doc[v.i + 1]
        if nxt.is_punct and nxt.text != ",":
            return None
        return self._make_indirect(nxt.idx, end, end, v, subj, cue, "cue_before", end)

    def _is_clause(self, cs: int, ce: int, sentence_end: int) -> bool:
        """Is text[cs:ce] a reported statement: 15 characters or more, with a verb, in a sentence that does
        not end with a colon (which announces a quotation)?"""
        if ce - cs < 15 or ":" in self.text[max(0, sentence_end - 1) : sentence_end + 1]:
            return False
        return any(t.pos_ in ("VERB", "AUX") for t in self._tokens(cs, ce))

    def _cue_last_unparsed(self, v: Token, subj: Token, cue: str, s0: int, end: int) -> Quote | None:
        """ "..., Sheriff Jones said Wednesday." where the parser did not hang the clause on the verb (a
        dateline often causes it): a comma, then the subject and the verb, then only the verb's own words."""
        sub = core_tokens(subj)
        left = min(sub[0].i, v.i)
        if left == 0 or v.doc[left - 1].text != "," or v.doc[left - 1].idx <= s0:
            return None
        after = [t for t in v.doc[max(v.i, sub[-1].i) + 1 : self._tok(end)] if not t.is_space]
        dash = next((k for k, t in enumerate(after) if t.text in ("—", "–", ";")), None)
        after = after[:dash] if dash is not None else after  # "…, officials said — and the jail …"
        if any(t.pos_ in ("VERB", "AUX") or t.text in ("“", '"') for t in after):
            return None
        cs, ce = strip_span(self.text, s0, v.doc[left - 1].idx, " \t\n,;:")
        if not self._is_clause(cs, ce, end):
            return None
        q = Quote(cs, ce, "indirect", "cue_after")
        q.frame = Frame(v, subj, "cue_after", cue, end)
        return q

    def _according_to(self, a: Token, s0: int, end: int) -> Quote | None:
        """ "..., according to X." and "According to X, ..." (X a speaker, or a document whose author the
        phrase names)."""
        subj = subject_of(a)
        if subj is None:
            return None
        obj_end = max(t.idx + len(t.text) for t in subj.subtree if not t.is_punct or t == subj)
        if self.text[s0 : a.idx].strip(' \t•·*–—-("“') == "":  # "According to X, …" (after a bullet too)
            sep = re.match(r"\s*[,—–]", self.text[obj_end:end])
            comma = obj_end + sep.end() - 1 if sep else self.text.find(",", obj_end, end)
            if comma == -1:
                return None
            cs, ce = comma + 1, end
            clause_end = comma
        elif _after_conjunction(a.doc, a.i - 1) and self.text.startswith(",", obj_end):
            # "… incomplete, misleading or, according to some officials, flat-out wrong": only the last part
            cs, ce = strip_span(self.text, obj_end + 1, end, " \t\n,;:")
            if ce - cs < 4:
                return None
            q = Quote(cs, ce, "indirect", "according_to")
            q.frame = Frame(a, subj, "according_to", "according to", end)
            return q
        else:  # "..., according to X [, a research arm of Congress]." — nothing after it but X's own words
            # or a new clause after a semicolon or ", and" ("…, according to ICE; only six …")
            close = CLAUSE_BREAK.match(self.text, obj_end, end)
            rest = [t for t in self._tokens(obj_end, close.start() if close else end) if not t.is_punct]
            if self.text[a.idx - 2 : a.idx].strip() != "," or any(
                t.dep_ == "ROOT" or (t.dep_ == "conj" and t.head.dep_ == "ROOT") for t in rest
            ):
                opener = self._tokens(s0, a.idx)
                if (
                    self.text[a.idx - 2 : a.idx].strip() == ","
                    and self.text.startswith(",", obj_end)
                    and not any(t.pos_ in ("VERB", "AUX") for t in opener)
                    and any(t.dep_ == "ROOT" for t in rest)
                ):  # "From 2007 to 2016, according to X, ICE served …": one row over the whole sentence
                    return self._make_indirect(s0, end, end, a, subj, "according to", "according_to", end)
                return None
            colon = self.text.rfind(": ", s0, a.idx)  # "They have one thing in common: all are men, according to X"
            cs, ce = (colon + 1 if colon != -1 else s0), a.idx
            clause_end = close.start() if close else end
        cs, ce = strip_span(self.text, cs, ce, " \t\n,;:")
        if not self._is_clause(cs, ce, end):
            return None
        q = Quote(cs, ce, "indirect", "according_to")
        q.frame = Frame(a, subj, "according_to", "according to", clause_end)
        return q

    # --- speakers -----------------------------------------------------------------------------------------
    def _opening_end(self, start: int) -> int:
        """Where the words of a sentence begin after a page-metadata fragment at the start of the text
        (``quote_text_metadata`` in lexicon.yaml: " date 2019-11-19 ") and a dateline ("AUSTIN, Texas — ")."""
        if not self.text[:start].strip():
            m = lexicon()["quote_text_metadata_re"].match(self.text)
            if m:
                start = max(start, m.end())
        return dateline_end(self.text, start)

    def _past_dateline(self, frame: Frame) -> Frame:
        """A subject the parser found inside a dateline ("CHARLOTTE, N.C. (AP) — Federal officials say")
        is replaced by the noun phrase right before the verb, after the dateline."""
        subj, v = frame.subject, frame.cue_token
        k = bisect_right(self.para_starts, subj.idx) - 1
        para = self.paras[k] if k >= 0 and subj.idx < self.paras[k][1] else None
        if para is None:
            return frame
        de = self._opening_end(para[0])
        if de == para[0] or v.idx < de:
            return frame
        if subj.idx >= de:  # the subject is past the dateline; words the parser hung on it from there are not
            return Frame(v, subj, frame.how, frame.cue, frame.clause_end, frame.used_by, floor=de)
        region = self._tokens(de, v.idx)
        for t in reversed(region):
            if t.ent_type_ in ("DATE", "TIME") and t.dep_ in ("npadvmod", "nmod", "compound", "pobj", "prep"):
                continue  # "San Diego County Sheriff officials Tuesday said"
            if t.pos_ in ("NOUN", "PROPN", "PRON"):
                # climb from "Carolina" in "federal officials in North Carolina" to "officials"
                while t.head.idx >= de and t.head.i < v.i and t.dep_ in ("pobj", "prep", "compound", "conj", "poss"):
                    t = t.head
                return Frame(v, t, frame.how, frame.cue, frame.clause_end, frame.used_by, floor=de)
            if not (t.is_punct or t.dep_ in ("aux", "advmod", "neg") or t.pos_ in ("ADV", "AUX", "PART")):
                break
        return frame

    def _opens_sentence(self, tok: Token) -> bool:
        """Does ``tok`` open its sentence (after a dateline or page metadata, and punctuation)?"""
        start = self._opening_end(tok.sent.start_char)
        return all(t.is_punct or t.is_space for t in self._tokens(start, tok.idx))

    def _cut_off(self, subj: Token) -> bool:
        """Is the speaker phrase the last words of a text that ends without closing its sentence?"""
        last = self.text.rstrip()
        if not last or last[-1] in '.!?”"’)':
            return False
        end = max(t.idx + len(t.text) for t in _speaker_tokens(subj))
        return end >= len(last)

    def _attach(self, q: Quote, resolver: SpeakerResolver) -> None:
        """Resolve the frame's subject; record the speaker words, cue, medium and statement date."""
        assert q.frame is not None
        q.frame = frame = self._past_dateline(q.frame)
        if self._cut_off(frame.subject):
            return  # “…,” said executiv — the excerpt ends inside the speaker's name (FORMAT D12)
        mention = resolver.resolve(frame.subject, floor=frame.floor)
        if mention is None:
            q.document_only = frame.how != "continuation" and resolver.is_document(frame.subject)
            return
        if frame.how == "continuation":
            return  # settled later from the quote it continues
        q.attribution, q.mention = frame.how, mention
        core = [t for t in _speaker_tokens(frame.subject) if t.idx >= frame.floor] or [frame.subject]
        ss, se = core[0].idx, core[-1].idx + len(core[-1].text)
        # the mention's words, also a name right after an abbreviated title the parser took for the subject
        q.speaker = self.text[mention.start : mention.end] if ss <= mention.start <= se + 3 else self.text[ss:se]
        q.cue = frame.cue
        vs, ve = frame.cue_token.idx, frame.cue_token.idx + len(frame.cue_token.text)
        if frame.cue == "according to":
            ve = frame.cue_token.nbor(1).idx + len(frame.cue_token.nbor(1).text)
        clause_start, clause_end = min(ss, vs), max(se, ve, frame.clause_end)
        while clause_end > ve and self.text[clause_end - 1] in ' .,:;“"\n':
            clause_end -= 1
        q.cue_start, q.cue_end = clause_start, clause_end
        q.medium = _medium(self.text[ve:clause_end])
        d = find_statement_date(self.text, ve, clause_end, self.pub)
        if d is not None:
            q.statement_date, q.statement_date_basis, q.statement_date_exact = d.period_start, d.basis, d.exact

    # --- embedded posts ------------------------------------------------------------------------------
    def embedded(self, resolver: SpeakerResolver | None = None) -> list[Quote]:
        out = []
        paras = paragraphs(self.text)
        for k, (ps, pe) in enumerate(paras):
            m = TWEET_SIGNATURE.match(self.text[ps:pe])
            if not m or k == 0:
                continue
            ts, te = paras[k - 1]
            links = TRAILING_LINKS.search(self.text, ts, te)
            if links and links.end() == te:
                te = links.start()
            ts, te = strip_span(self.text, ts, te)
            if te <= ts:
                continue
            ns, ne = ps + m.start("name"), ps + m.end("name")
            q = Quote(ts, te, "embedded", "embedded", paragraph=k)
            mention = self.ents.speaker_from_subject(ns, ne, create=False)
            if mention is None:
                name = self.text[ns:ne]
                mention = (resolver.add if resolver is not None else self.ents.add)(
                    Mention(
                        ns,
                        ne,
                        name,
                        self.ents.person_id(name),
                        "person",
                        name,
                        role=f"account {m.group('handle')}",
                        method="embedded_post",
                    )
                )
            # "— Name (@handle) Month D, YYYY" is how an embedded tweet is signed
            q.mention, q.speaker, q.cue, q.medium = mention, self.text[ns:ne], "posted", "Twitter"
            q.cue_start, q.cue_end = ps, pe
            d = find_statement_date(self.text, ps + m.start("date"), ps + m.end("date"), self.pub)
            if d is not None:
                q.statement_date, q.statement_date_basis, q.statement_date_exact = d.period_start, d.basis, d.exact
            out.append(q)
        return out


def _is_title(words_: str) -> bool:
    """A quoted span in title case (at least four words of four letters or more, nearly all of them
    capitalised, "with"/"from" aside; no sentence end inside) is the title of a report, list or program."""
    ws = re.findall(r"[A-Za-z][\w'’-]*", words_)
    long = [w for w in ws if len(w) >= 4]
    upper = sum(1 for w in long if w[0].isupper())
    return len(long) >= 4 and upper >= 0.8 * len(long) and ws[0][0].isupper() and not re.search(r"[.!?]\s", words_)


SOURCE_LINE = re.compile(rf"\s*(?P<name>[A-Z][^,\n“”\"]{{1,80}}?),\s+{MONTH}\s+\d{{1,2}},\s+{YEAR}\s*[-–—]+\s*")
FOOTNOTE = re.compile(r"(?<=[a-z)][.!?])\d{1,2}(?=\s+[A-Z“\"])|(?<=[.!?])(?=\n[ \t]*[•·*][ \t])")


def _split_at_footnotes(text: str, sents: list[Sentence]) -> list[Sentence]:
    """A footnote number after a sentence's period ("… according to the department.1 This has …") ends the
    sentence; the number belongs to neither. So does a line break before a bullet ("….⏎  • While …")."""
    out = []
    for sent in sents:
        start = sent.start
        for m in FOOTNOTE.finditer(text, sent.start, sent.end):
            out.append(Sentence(start, m.start(), sent.paragraph))
            start = m.end()
            while start < sent.end and text[start].isspace():
                start += 1
        out.append(Sentence(start, sent.end, sent.paragraph) if start != sent.start else sent)
    return out


def _is_reporting_noun(n: Token) -> bool:
    """A reporting noun of ``quote_cue_nouns`` ("claims", "assertion"), also when the parser took it for a
    verb right after a possessive ("federal officials’ claims that …")."""
    return n.pos_ == "NOUN" or (n.i > 0 and n.doc[n.i - 1].tag_ == "POS")


def _noun_cue_author(n: Token) -> tuple[Token, int] | None:
    """The author of a reporting noun ("from"/"by" X, or a possessive: "X's claim") and where the "that"
    clause right after them starts; None when the noun has no author or no such clause."""
    doc = n.doc
    prep = next((c for c in n.children if c.dep_ == "prep" and c.lower_ in ("from", "by")), None)
    subj = next((p for p in prep.children if p.dep_ == "pobj"), None) if prep is not None else None
    if prep is not None and subj is not None:
        after = max(t.i for t in prep.subtree) + 1
    else:
        poss = next((c for c in n.children if c.dep_ == "poss"), None)
        if poss is None and n.i > 0 and doc[n.i - 1].tag_ == "POS":
            poss = doc[n.i - 1].head  # the parser hung the possessive elsewhere
        if poss is None or poss.i >= n.i:
            return None
        subj, after = poss, n.i + 1
    while after < len(doc) and (doc[after].is_punct or doc[after].is_space) and doc[after].text != ".":
        after += 1
    if after + 1 >= len(doc) or doc[after].lower_ != "that" or doc[after].dep_ != "mark":
        return None
    return subj, doc[after + 1].idx


def _own_subject(v: Token) -> bool:
    """Has this cue verb a subject of its own (not a relative pronoun)?"""
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.tag_ not in ("WDT", "WP") and c.i < v.i for c in v.children)


def _own_subject_anywhere(v: Token) -> bool:
    """Has this verb a subject of its own, before or after it?"""
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children)


def _first_or_second_person(q: Quote) -> bool:
    return q.frame is not None and q.frame.subject.lower_ in ("i", "we", "you", "us", "me")


def _after_conjunction(doc: Doc, comma: int) -> bool:
    """Is doc[comma] a comma right after "and"/"or"/"but" (", experts say," opening a second conjunct)?"""
    return 0 < comma < len(doc) and doc[comma].text == "," and doc[comma - 1].lower_ in ("and", "or", "but")


def _content_clause(v: Token, subj: Token) -> Token | None:
    """The reported clause of a cue verb: its clausal complement — after the verb when the subject stands
    before it ("But ICE fared better: the database shows that all ..."), and the "that" clause when the
    parser hung a subjectless word before it ("said at the board meeting that ...") — else a "that" clause
    the parser hung elsewhere."""
    comps = [c for c in v.children if c.dep_ == "ccomp"]
    if subj.i < v.i and any(c.i > v.i for c in comps):
        comps = [c for c in comps if c.i > v.i]
    gerund = _gerund_clause(v)
    if subj.i < v.i and gerund is not None and not any(c.i > v.i for c in comps):
        return gerund  # "…, it reported having transferred four people" (a clause before it parsed as a ccomp)
    content = comps[0] if comps else None
    that = _that_clause(v)
    if (
        content is not None
        and that is not None
        and that is not content
        and content.i > v.i
        and content in that.ancestors
        and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in content.children)
    ):
        return that
    return content or that or _gerund_clause(v)


def _gerund_clause(v: Token) -> Token | None:
    """A reported gerund clause after the cue ("the office reported having transferred 47 people", "she
    admitted not being a fan of the law"): an xcomp with a gerund head or the perfect "having"."""
    for c in v.children:
        if c.dep_ != "xcomp" or c.i < v.i:
            continue
        if c.tag_ == "VBG" or any(a.dep_ == "aux" and a.lower_ == "having" for a in c.children):
            return c
    return None


def _that_clause(v: Token) -> Token | None:
    """A clause introduced by "that" after the cue verb that the parser hung elsewhere ("said in a statement
    that the county ...", parsed as a clause of "statement")."""
    for t in v.subtree:
        if t.i > v.i and t.dep_ == "mark" and t.lower_ == "that" and t.head.i > t.i:
            return t.head
    for prep in (c for c in v.children if c.dep_ == "prep" and c.i > v.i):
        # "said at the time that he …", parsed as a relative clause of the time noun with "that" as its
        # adverb: a clause with a subject of its own right after the cue's adverbial phrase is the statement
        for obj in (p for p in prep.children if p.dep_ == "pobj"):
            for rel in (r for r in obj.children if r.dep_ == "relcl" and r.i > obj.i):
                that = rel.doc[obj.i + 1]
                if that.lower_ == "that" and that.dep_ == "advmod" and that.head == rel and _own_subject(rel):
                    return rel
    return None


def _speaker_tokens(head: Token) -> list[Token]:
    """The words that name the speaker: the subject phrase up to its head noun ("A senior administration
    official familiar with ..." → "A senior administration official"), names after the head kept."""
    core = core_tokens(head)
    k = core.index(head)
    out = core[: k + 1]
    for t in core[k + 1 :]:
        if t.pos_ != "PROPN":
            break
        out.append(t)
    return out


def find_quotes(text: str, ents: ArticleEntities, pub: PubDate, doc: Doc | None = None) -> list[Quote]:
    return QuoteFinder(text, ents, pub, doc).find()
