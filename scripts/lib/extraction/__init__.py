"""Rule-based extraction of quotes, numeric enforcement claims and entities from one article.

Deterministic and offline: regular expressions over the stored NFC text, the word lists of
``lexicon.yaml``, dateparser for date expressions (relative to the publication date, never the clock)
and the jurisdiction resolver (scripts/lib/geo.py) for places. No statistical model.

    result = extract_article(article_row, text, resolver, place_min_population=50000)
    result.quotes, result.claims, result.mentions      # lists of row dicts for the published tables

Modules: ``text`` (sentences), ``temporal`` (dates and periods), ``entities`` (people, agencies,
jurisdictions), ``quotes``, ``claims``, ``gold`` (annotations), ``evaluate`` (metrics), ``tables``
(the published tables, gold merged in).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .claims import Claim, find_claims
from .entities import ArticleEntities, Mention, find_entities
from .nlp import parse
from .places import NATIONAL_ID
from .quotes import Quote, find_quotes
from .temporal import PubDate


@dataclass
class ArticleResult:
    article_id: str
    text: str
    quotes: list[dict] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)
    mentions: list[dict] = field(default_factory=list)


def pubdate(article: dict) -> PubDate:
    return PubDate(
        article["date_published"],
        article["date_precision"],
        article["date_earliest"],
        article["date_latest"],
        article.get("reference_date", ""),
    )


def _role_of(ents: ArticleEntities, m: Mention | None) -> str:
    if m is None:
        return ""
    if m.role:
        return m.role
    for x in sorted(ents.mentions, key=lambda x: x.start):
        if x.entity_id == m.entity_id and x.role:
            return x.role
    return ""


def quote_id(article_id: str, start: int, end: int) -> str:
    return f"{article_id}:{start}-{end}"


def quote_row(article_id: str, text: str, q: Quote, ents: ArticleEntities) -> dict:
    m = q.mention
    return {
        "quote_id": quote_id(article_id, q.start, q.end),
        "article_id": article_id,
        "start": q.start,
        "end": q.end,
        "exact": text[q.start : q.end],
        "kind": q.kind,
        "attribution": q.attribution,
        "speaker": q.speaker,
        "speaker_name": q.speaker_name,
        "speaker_entity_id": q.speaker_entity_id,
        "speaker_type": q.speaker_type,
        "speaker_role": _role_of(ents, m),
        "cue": q.cue,
        "medium": q.medium,
        "cue_start": "" if q.cue_start is None else q.cue_start,
        "cue_end": "" if q.cue_end is None else q.cue_end,
        "cue_exact": text[q.cue_start : q.cue_end] if q.cue_start is not None else "",
        "statement_date": q.statement_date,
        "statement_date_basis": q.statement_date_basis,
        "statement_date_exact": q.statement_date_exact,
        "paragraph": q.paragraph,
        "closed": "true" if q.closed else "false",
        "method": "rule",
        "rule_agreement": "",
        "source_id": article_id,
    }


def format_value(v: float) -> str:
    """A claim's value as published: a whole number without a decimal point, else up to 4 decimals."""
    return str(int(v)) if float(v).is_integer() else f"{v:.4f}".rstrip("0")


def claim_row(article_id: str, text: str, c: Claim, resolver) -> dict:
    ids = c.place.ids
    national_known = resolver.get(NATIONAL_ID) is not None
    single = ids[0] if len(ids) == 1 and (ids[0] != NATIONAL_ID or national_known) else ""
    row = resolver.get(single) if single else None
    p = c.period
    return {
        "claim_id": f"{article_id}:{c.start}-{c.end}",
        "article_id": article_id,
        "start": c.start,
        "end": c.end,
        "exact": text[c.start : c.end],
        "quote_id": quote_id(article_id, c.quote.start, c.quote.end) if c.quote else "",
        "claimant": c.claimant_name,
        "claimant_entity_id": c.claimant.entity_id if c.claimant else "",
        "claimant_type": c.claimant_type,
        "jurisdiction_id": single,
        "jurisdiction_ids": " ".join(ids),
        "jurisdiction_basis": c.place.basis,
        "jurisdiction_name": row["name"] if row else "",
        "jurisdiction_exact": c.place.exact,
        "metric": c.metric,
        "value": format_value(c.value),
        "qualifier": c.qualifier,
        "unit": c.unit,
        "rate": c.rate,
        "counted": c.counted,
        "form": c.form,
        "period_start": p.period_start if p else "",
        "period_end": p.period_end if p else "",
        "period_type": p.period_type if p else "",
        "period_basis": p.basis if p else "unspecified",
        "period_exact": p.exact if p else "",
        "source_type": c.source_type,
        "method": "rule",
        "rule_agreement": "",
        "source_id": article_id,
    }


def mention_rows(article_id: str, ents: ArticleEntities) -> list[dict]:
    rows, seen = [], set()
    for m in sorted(ents.mentions, key=lambda m: (m.start, -m.end)):
        key = (m.start, m.end)
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            {
                "mention_id": f"{article_id}:{m.start}-{m.end}",
                "article_id": article_id,
                "start": m.start,
                "end": m.end,
                "exact": m.exact,
                "entity_id": m.entity_id,
                "entity_type": m.entity_type,
                "entity_name": m.name,
                "role": m.role,
                "affiliation_id": m.affiliation_id,
                "jurisdiction_id": m.jurisdiction_id,
                "link": m.method,
                "method": "rule",
                "source_id": article_id,
            }
        )
    return rows


def extract_article(article: dict, text: str, resolver, *, place_min_population: int) -> ArticleResult:
    article_id = article["article_id"]
    pub = pubdate(article)
    doc = parse(text)
    ents = find_entities(article_id, text, resolver, place_min_population)
    quotes = find_quotes(text, ents, pub, doc)
    claims = find_claims(text, doc, ents, quotes, pub, article["outlet"], resolver)
    return ArticleResult(
        article_id,
        text,
        quotes=[quote_row(article_id, text, q, ents) for q in quotes],
        claims=[claim_row(article_id, text, c, resolver) for c in claims],
        mentions=mention_rows(article_id, ents),
    )
