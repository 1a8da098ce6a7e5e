"""Who makes a claim (FORMAT D9, D11, D13), and position indexes the claim rules share.

The speaker of the quote that holds the figure; else the person or organisation the sentence credits (the
subject of a reporting verb before the figure, or after it when that verb governs the figure; the object of
"according to"; the author of a document the sentence names; an organisation spaCy's NER finds); else the
outlet, without the descriptions the manifest adds, the original author of a repost, written as the text
writes it. Mentions, organisations and quotes are looked up by bisection over per-article sorted lists, so
the claim rules stay linear in the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from .entities import ArticleEntities, Mention
from .lexicon import lexicon
from .quotes import Quote

if TYPE_CHECKING:  # spaCy is imported when a text is parsed
    from spacy.tokens import Doc, Span, Token


class QuoteIndex:
    """The quote holding a span, by bisection over the quotes sorted by start (quotes do not nest)."""

    def __init__(self, quotes: list[Quote]):
        self.quotes = sorted(quotes, key=lambda q: (q.start, -q.end))
        self.starts = [q.start for q in self.quotes]

    def holding(self, start: int, end: int) -> Quote | None:
        i = bisect_right(self.starts, start)
        for q in reversed(self.quotes[max(0, i - 3) : i]):  # the nearest quotes starting at or before
            if q.start <= start and end <= q.end:
                return q
        return None


class MentionsByPosition:
    """The article's mentions sorted by start, for look-ups by position in O(log n) (the claim rules ask
    once per candidate, so a scan per question would make the article quadratic), and the longest form
    the article writes for each organisation (FORMAT D11)."""

    def __init__(self, ents: ArticleEntities, doc: Doc):
        self.text = ents.text
        self.mentions = sorted(ents.mentions, key=lambda m: (m.start, -m.end))
        self.organisations = [e for e in doc.ents if e.label_ == "ORG"]  # sorted by position, as spaCy gives them
        self.org_starts = [e.start_char for e in self.organisations]
        self.starts = [m.start for m in self.mentions]
        self.written: dict[str, str] = {}
        for m in self.mentions:
            if m.entity_type == "agency":
                form = strip_article(re.sub(r"\s*\([^()]*\)", "", m.exact))  # "(ACLU)" inside a name dropped
                if len(form) > len(self.written.get(m.entity_id, "")):
                    self.written[m.entity_id] = form

    def organisations_in(self, start: int, end: int) -> list[Span]:
        i, j = bisect_left(self.org_starts, start), bisect_left(self.org_starts, end)
        return self.organisations[i:j]

    def between(self, start: int, end: int, types: tuple[str, ...]) -> list[Mention]:
        i, j = bisect_left(self.starts, start), bisect_left(self.starts, end)
        return [m for m in self.mentions[i:j] if m.entity_type in types and m.end <= end]

    def name(self, m: Mention) -> str:
        """A person's full name; a national agency of the lexicon by its canonical name (its aliases are the
        same agency); any other organisation as the article writes it, its longest form."""
        national = m.entity_id.split(":", 1)[-1] in lexicon()["agencies"]
        if m.entity_type == "agency" and not national and self.written.get(m.entity_id):
            return self.written[m.entity_id]
        return m.name


def _claimant(doc: Doc, index: MentionsByPosition, sent: Span, pos: int, figure: Token) -> Mention | None:
    """The person or agency the sentence credits: the subject of a reporting verb before the figure
    ("Albence castigated ...", "ICE has called out ..."), or after it when that verb governs the figure
    ("..., the sheriff's office said"); the author of a document the sentence credits ("The DHS report
    listed ...", FORMAT D8)."""
    lx = lexicon()
    gap = int(lx["claimant_gap_words"])
    governing = {t.i for t in figure.ancestors}
    before = index.between(sent.start_char, pos, ("person", "agency"))
    after = index.between(pos, sent.end_char, ("person", "agency"))
    for m in [*reversed(before), *after]:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        for t in doc[span[-1].i + 1 : min(span[-1].i + 2 + gap, sent.end)]:
            if t.pos_ == "NOUN" and t.lemma_.lower() in lx["document_nouns"] and t.dep_ in ("nsubj", "nsubjpass"):
                if m.start < pos:
                    return m  # "The DHS report ... listed 206 cases"
            if t.pos_ == "VERB":
                after_ok = t.i in governing and ";" not in index.text[pos : m.start]
                if _reports(t) and (m.start < pos or after_ok):
                    return m
                break  # the mention's own verb is not a reporting one
            if t.is_punct and t.text not in ",'’":
                break
    return None


def _reports(verb: Token) -> bool:
    """A reporting verb, or one whose complement is ("attempted to further castigate", "went on to say")."""
    rx = lexicon()["claimant_verb_re"]
    if rx.fullmatch(verb.text):
        return True
    return any(c.dep_ == "xcomp" and c.pos_ == "VERB" and _reports(c) for c in verb.children)


def _credited_organisation(index: MentionsByPosition, sent: Span, pos: int, figure: Token) -> str:
    """An organisation the sentence credits that no agency rule knows: the subject of a reporting verb
    ("ThinkProgress reported 663 inmates ...", "..., the Center for Immigration Studies reported") or the
    object of "according to", as written (spaCy ORG)."""
    lx = lexicon()
    governing = {t.i for t in figure.ancestors}
    for ent in index.organisations_in(sent.start_char, sent.end_char):
        root = ent.root
        if ent.start_char > pos and (root.head.i not in governing or ";" in index.text[pos : ent.start_char]):
            continue
        if root.dep_ in ("nsubj", "nsubjpass") and lx["claimant_verb_re"].fullmatch(root.head.text):
            return ent.text
        if root.dep_ == "pobj" and root.head.lower_ == "to" and root.head.head.lower_ == "according":
            return ent.text
    return ""


def claimant_of(
    doc: Doc, index: MentionsByPosition, sent: Span, start: int, figure: Token, quote: Quote | None, outlet_name: str
) -> tuple[Mention | None, str, str]:
    """(mention, name, type) of who makes the claim (FORMAT D9): the quote's speaker; else the person or
    organisation the sentence credits; else the outlet (D13)."""
    if quote is not None and quote.mention is not None:
        return quote.mention, quote.speaker_name, quote.speaker_type
    m = _claimant(doc, index, sent, start, figure)
    if m is not None:
        return m, index.name(m), m.entity_type
    org = _credited_organisation(index, sent, start, figure)
    if org:
        return None, strip_article(org), "group"
    return None, outlet_name or "unknown", ""


def strip_article(name: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", name.strip(), flags=re.IGNORECASE)


REPOST_OF = re.compile(
    r"\b(?:repost|reprint|wire copy|excerpt) of (?:the |a |an )?(?P<orig>[^()]+?)"
    r"(?:\s+(?:release|material|article|story|report))?\s*(?:\)|$)",
    re.IGNORECASE,
)


def outlet_claimant(outlet: str, text: str) -> str:
    """The outlet as claimant (FORMAT D13): its name without the descriptions in parentheses or after
    ", reposted" ("Denver7 (KMGH)" → "Denver7"), the original author of a repost ("X (repost of the Los
    Angeles Times)" → "Los Angeles Times"), written as the article writes it, the longest form first (D11): an
    abbreviation spelled out where the text spells it out ("TRAC" → "Transactional Records Access
    Clearinghouse"), a long name abbreviated where the text only abbreviates it."""
    base = outlet.strip()
    m = REPOST_OF.search(base)
    if m and not re.fullmatch(r"(?:news|press|media)(?: report| article| story)?", m.group("orig").strip(), re.I):
        base = m.group("orig").strip()
    base = re.sub(r"\s*\([^()]*\)", "", base)
    base = re.sub(r",?\s+reposted\b.*$", "", base)
    base = re.sub(r"\s+(?:press|news)\s+release$|\s+(?:blog|release)$", "", base, flags=re.IGNORECASE).strip()
    if not base:
        return outlet.strip()
    parts = [p.strip() for p in base.split(",")]
    prefixes = [", ".join(parts[:k]) for k in range(len(parts), 0, -1)]
    forms: list[str] = []
    for p in prefixes:
        forms.append(p)
        acronym = _initials(p)
        if len(acronym) >= 3:
            forms.append(acronym)
        if re.fullmatch(r"[A-Z]{2,6}", p):
            forms.extend(_expansions(p, text))
    present = [f for f in forms if f and re.search(rf"(?<![\w]){re.escape(f)}(?![\w])", text)]
    return strip_article(max(present, key=len)) if present else strip_article(base)


SMALL_WORDS = {"for", "of", "and", "the", "on", "in", "&", "at"}


def _initials(name: str) -> str:
    words = re.findall(r"[\w.'’&-]+", name)
    if len(words) < 3:
        return ""
    return "".join(w[0] for w in words if w.lower() not in SMALL_WORDS and w[0].isupper())


def _expansions(acronym: str, text: str) -> list[str]:
    """Capitalised word runs of ``text`` whose initials spell ``acronym`` ("Center for Immigration Law, Policy
    and Justice" for CILPJ)."""
    out = []
    for run in re.finditer(r"[A-Z][\w'’-]*(?:,?\s+(?:(?:for|of|and|the|on|in|&)\s+)*[A-Z][\w'’-]*)+", text):
        words = list(re.finditer(r"[\w'’&-]+", run.group(0)))
        for i, w in enumerate(words):
            if not w.group(0)[0].isupper():
                continue
            initials = ""
            for x in words[i:]:
                if x.group(0).lower() in SMALL_WORDS:
                    continue
                initials += x.group(0)[0]
                if initials == acronym:
                    out.append(run.group(0)[w.start() : x.end()])
                    break
                if not acronym.startswith(initials):
                    break
    return out


def is_official(m: Mention | None, ents: ArticleEntities) -> bool:
    """Is the claimant an agency or a person the article gives an official role or affiliation?"""
    if m is None:
        return False
    if m.entity_type == "agency":
        return True
    for x in ents.mentions:
        if x.entity_id == m.entity_id and (
            x.affiliation_id
            or lexicon()["title_re"].search(x.role or "")
            or re.search(r"\bofficials?\b|\bspokes", x.role or "", re.IGNORECASE)
        ):
            return True
    return False
