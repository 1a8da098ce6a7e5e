"""Quoted statements and who made them.

Three kinds (column ``kind``):
- ``direct``: text inside double quotation marks (curly “ ” or straight "), paragraph by paragraph. The
  span is what lies between the marks, without a trailing comma that belongs to the attribution. An
  unclosed quotation runs to the end of its paragraph (news style for a quote that continues in the
  next paragraph, or a text cut off); it never breaks the stage.
- ``indirect``: reported speech without quotation marks: "X said (that) ...", "X wrote in an email
  Tuesday that ...", "..., X said.", "..., according to X." / "According to X, ...".
- ``embedded``: an embedded post (a paragraph "— Name (@handle) January 21, 2020" after the post's text).

Attribution (column ``attribution``) of a direct quote: ``cue_after`` ("…,” Homan said), ``cue_before``
(Homan said: “…”), ``continuation`` (a later quote of the same paragraph, or a paragraph that continues
an unclosed quote, keeps the speaker), ``unattributed`` (a long quote with no cue; speaker empty).
A short quote (fewer than ``min_words_uncued_quote`` words) with no cue is a title or scare quote
(“wanted” ads) and is not a statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..articletext import paragraphs
from .entities import ArticleEntities, Mention
from .lexicon import lexicon
from .temporal import MONTH, YEAR, PubDate, find_statement_date
from .text import Sentence, dateline_end, sentence_at, sentences, strip_span

TWEET_SIGNATURE = re.compile(
    rf"^[—–-]\s*(?P<name>[^()\n]+?)\s*\((?P<handle>@\w+)\)\s*(?P<date>{MONTH}\s+\d{{1,2}},\s+{YEAR})\s*$"
)
TRAILING_LINKS = re.compile(r"(?:\s+(?:https?://\S+|pic\.twitter\.com/\S+|t\.co/\S+))+\s*$")
SUBJECT_LIMIT = 16  # words


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


def _cue_pattern() -> str:
    return lexicon()["cue_verb_re"].pattern


def _medium(text: str) -> str:
    for name, rx in lexicon()["media_re"].items():
        if rx.search(text):
            return name
    return ""


def _cue(verb: str) -> str:
    return lexicon()["cue_verbs"].get(verb.lower(), verb.lower())


def quote_segments(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """(open mark, close mark or paragraph end, closed?) for the double-quoted stretches of a paragraph."""
    out, i, open_at = [], start, None
    while i < end:
        c = text[i]
        if open_at is None:
            if c == "“" or (c == '"' and (i == start or text[i - 1] in " \t([—–-/")):
                open_at = i
        elif c == "”" or c == '"':
            out.append((open_at, i, True))
            open_at = None
        i += 1
    if open_at is not None:
        out.append((open_at, end, False))
    return out


@dataclass
class QuoteFinder:
    text: str
    ents: ArticleEntities
    pub: PubDate
    sents: list[Sentence] = field(default_factory=list)

    def __post_init__(self):
        self.sents = sentences(self.text)
        self.min_words = int(lexicon()["min_words_uncued_quote"])

    # --- all kinds, in text order -------------------------------------------------------------------
    def find(self) -> list[Quote]:
        """Every quote, attributed in text order (so "the spokeswoman" can refer back to "an ICE
        spokeswoman" whatever kind of quote introduced her)."""
        embedded = self.embedded()
        quotes: list[Quote] = []
        previous_unclosed: Quote | None = None
        cue = _cue_pattern()
        for pi, (ps, pe) in enumerate(paragraphs(self.text), start=1):
            segs = quote_segments(self.text, ps, pe)
            events = [(o, "direct", (k, o, c, closed)) for k, (o, c, closed) in enumerate(segs)]
            for sent in self.sents:
                if (
                    sent.paragraph == pi
                    and not any(o < sent.end and sent.start < c + 1 for o, c, _ in segs)
                    and not any(q.start < sent.end and sent.start < q.end for q in embedded)
                ):
                    events.append((sent.start, "indirect", sent))
            last_in_paragraph: Quote | None = None
            for _, kind, item in sorted(events, key=lambda ev: ev[0]):
                if kind == "indirect":
                    q = self._indirect(item, cue)
                    if q is not None:
                        quotes.append(q)
                    continue
                k, o, c, closed = item
                s, e = strip_span(self.text, o + 1, c, " \t\n,")
                if e <= s:
                    continue
                q = Quote(s, e, "direct", "", closed=closed, paragraph=pi)
                if not (self._cue_after(q, c, closed) or self._cue_before(q, o)):
                    prior = last_in_paragraph or (previous_unclosed if k == 0 and o == ps else None)
                    if prior is not None and prior.attribution != "unattributed":
                        q.attribution, q.inherits = "continuation", prior
                    elif len(self.text[s:e].split()) >= self.min_words:
                        q.attribution = "unattributed"
                    else:
                        continue  # a title or a scare quote
                quotes.append(q)
                last_in_paragraph = q
            direct_here = [q for q in quotes if q.kind == "direct" and q.paragraph == pi]
            previous_unclosed = direct_here[-1] if direct_here and segs and not segs[-1][2] else None
        for q in quotes:
            if q.attribution == "continuation":
                src = q.inherits
                while src is not None and src.attribution == "continuation":
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
        return sorted(quotes + embedded, key=lambda q: q.start)

    def _sentence_end(self, pos: int) -> int:
        s = sentence_at(self.sents, pos)
        return s.end if s else pos

    def _cue_after(self, q: Quote, close: int, closed: bool) -> bool:
        if not closed:
            return False
        limit = self._sentence_end(close + 1) if close + 1 < len(self.text) else close + 1
        nxt = self.text.find("“", close + 1, limit)
        if nxt != -1:
            limit = nxt
        rest = self.text[close + 1 : limit]
        if not rest.strip() or len(rest.split()) > SUBJECT_LIMIT + 12:
            return False
        cue = _cue_pattern()
        # "…,” said Sheriff X" / "…,” X said"
        m = re.match(
            rf"\s*,?\s*(?P<verb>{cue})\s+(?P<subj>[^,.;:“”\"]+?)(?=[,.;:]|$|\s+(?:in|on|at|during|told|who)\b)",
            rest,
            re.IGNORECASE,
        ) or re.match(rf"\s*,?\s*(?P<subj>[^“”\"]+?)\s+(?P<verb>{cue})(?![\w])", rest, re.IGNORECASE)
        if not m or len(m.group("subj").split()) > SUBJECT_LIMIT + 10:
            return False
        base = close + 1
        return self._attach(
            q,
            base + m.start("subj"),
            base + m.end("subj"),
            base + m.start("verb"),
            base + m.end("verb"),
            limit,
            "cue_after",
        )

    def _cue_before(self, q: Quote, open_: int) -> bool:
        sent = sentence_at(self.sents, open_)
        start = sent.start if sent else open_
        prev_close = max(self.text.rfind("”", start, open_), self.text.rfind('"', start, open_))
        if prev_close != -1:
            start = prev_close + 1
        pre = self.text[start:open_]
        cue = _cue_pattern()
        m = re.search(
            rf"(?P<subj>[^,;:“”\"]+?)\s+(?P<verb>{cue})(?P<tail>[^“”\"]{{0,60}}?)[,:]?\s*$", pre, re.IGNORECASE
        )
        if m and len(m.group("subj").split()) <= SUBJECT_LIMIT:
            return self._attach(
                q,
                start + m.start("subj"),
                start + m.end("subj"),
                start + m.start("verb"),
                start + m.end("verb"),
                open_,
                "cue_before",
            )
        m = re.search(r"\b[Aa]ccording to\s+(?P<subj>[^,;:“”\"]+?)\s*,\s*$", pre)
        if m:
            return self._attach(
                q,
                start + m.start("subj"),
                start + m.end("subj"),
                start + m.start(),
                start + m.start("subj") - 1,
                open_,
                "cue_before",
                cue="according to",
            )
        return False

    def _attach(
        self, q: Quote, ss: int, se: int, vs: int, ve: int, clause_end: int, how: str, cue: str | None = None
    ) -> bool:
        """Resolve the subject text[ss:se] to a speaker; record the cue, medium and statement date."""
        ss, se = self._trim_subject(ss, se)
        mention = self.ents.speaker_from_subject(ss, se)
        if mention is None:
            return False
        q.attribution, q.mention = how, mention
        q.speaker = self.text[mention.start : mention.end] if ss <= mention.start < se else self.text[ss:se]
        q.cue = cue or _cue(self.text[vs:ve])
        q.cue_start, q.cue_end = min(ss, vs), max(se, ve)
        q.medium = _medium(self.text[ve:clause_end])
        d = find_statement_date(self.text, ve, clause_end, self.pub)
        if d is not None:
            q.statement_date, q.statement_date_basis, q.statement_date_exact = d.period_start, d.basis, d.exact
        ce = clause_end
        while ce > ve and self.text[ce - 1] in ' .,:;“"':
            ce -= 1
        q.cue_end = max(q.cue_end, ce)
        return True

    def _trim_subject(self, ss: int, se: int) -> tuple[int, int]:
        """Drop an appositive clause (", who worked ...,") and surrounding punctuation from a subject."""
        sub = self.text[ss:se]
        m = re.search(r",\s+(?:who|which|whose|a|an|the)\b.*$", sub)
        if m:
            se = ss + m.start()
        return strip_span(self.text, ss, se, " \t\n,;:")

    # --- indirect ----------------------------------------------------------------------------------
    def _indirect(self, sent: Sentence, cue: str) -> Quote | None:
        s0, end = dateline_end(self.text, sent.start), sent.end
        while end > s0 and self.text[end - 1] in ".!? ":
            end -= 1
        q = (
            self._indirect_subject_first(s0, end, cue)
            or self._indirect_cue_last(s0, end, cue)
            or self._according_to(s0, end)
        )
        if q is not None:
            q.paragraph = sent.paragraph
        return q

    def _indirect_subject_first(self, s0: int, end: int, cue: str) -> Quote | None:
        body = self.text[s0:end]
        m = re.match(
            rf"(?:(?:On|In|Last)\s+[^,]{{1,30}},\s+)?(?P<subj>[^,;:]+?(?:,\s+[^,;:]+?,)?)\s+"
            rf"(?P<verb>{cue})(?![\w])"
            rf"(?P<obj>(?:(?<=told)|(?<=tells))\s+(?:(?:the\s+)?(?:[A-Z][\w.’'\-]*\s*){{1,5}}"
            rf"|reporters|me|us|him|her|them|lawmakers))?"
            rf"(?P<tail>(?:\s+(?:in|on|at|during)\s+(?:an?|the|his|her|their)\s+[\w\- ]{{1,30}}?)?"
            rf"(?:\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday"
            rf"|{MONTH}\s+\d{{1,2}}))?)\s+(?:that\b\s*,?\s*)?(?P<content>\S.{{15,}})$",
            body,
        )
        if not m or len(m.group("subj").split()) > SUBJECT_LIMIT:
            return None
        if m.group("verb").lower() in ("told", "tells") and not m.group("obj"):
            return None
        cs, ce = s0 + m.start("content"), end
        q = Quote(cs, ce, "indirect", "cue_before")
        if not self._attach(
            q, s0 + m.start("subj"), s0 + m.end("subj"), s0 + m.start("verb"), s0 + m.end("verb"), cs, "cue_before"
        ):
            return None
        return q

    def _indirect_cue_last(self, s0: int, end: int, cue: str) -> Quote | None:
        body = self.text[s0:end]
        m = re.match(
            rf"(?P<content>.{{15,}}?),\s+(?P<subj>[^,;:]{{2,120}}?)\s+(?P<verb>{cue})(?P<tail>[^,;:]{{0,60}})$", body
        ) or re.match(rf"(?P<content>.{{15,}}?),\s+(?P<verb>{cue})\s+(?P<subj>[^,;:]{{2,120}}?)$", body)
        if not m or len(m.group("subj").split()) > SUBJECT_LIMIT:
            return None
        q = Quote(s0 + m.start("content"), s0 + m.end("content"), "indirect", "cue_after")
        if not self._attach(
            q, s0 + m.start("subj"), s0 + m.end("subj"), s0 + m.start("verb"), s0 + m.end("verb"), end, "cue_after"
        ):
            return None
        return q

    def _according_to(self, s0: int, end: int) -> Quote | None:
        body = self.text[s0:end]
        m = re.match(r"(?P<content>.{15,}?),\s+according to\s+(?P<subj>[^,;:]{2,120}?)$", body)
        if m:
            q = Quote(s0 + m.start("content"), s0 + m.end("content"), "indirect", "according_to")
            vs = s0 + body.index("according to", m.end("content"))
            ok = self._attach(
                q,
                s0 + m.start("subj"),
                s0 + m.end("subj"),
                vs,
                vs + len("according to"),
                end,
                "according_to",
                cue="according to",
            )
            return q if ok else None
        m = re.match(r"According to\s+(?P<subj>[^,;:]{2,120}?),\s+(?P<content>.{15,})$", body)
        if m:
            q = Quote(s0 + m.start("content"), s0 + m.end("content"), "indirect", "according_to")
            ok = self._attach(
                q,
                s0 + m.start("subj"),
                s0 + m.end("subj"),
                s0,
                s0 + len("According to"),
                s0 + m.start("content"),
                "according_to",
                cue="according to",
            )
            return q if ok else None
        return None

    # --- embedded posts ------------------------------------------------------------------------------
    def embedded(self) -> list[Quote]:
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
                mention = self.ents.add(
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


def find_quotes(text: str, ents: ArticleEntities, pub: PubDate) -> list[Quote]:
    return QuoteFinder(text, ents, pub).find()
