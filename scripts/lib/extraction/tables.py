"""The published tables of the extract stage: quotes, claims, entities, entity_mentions.

For an article with gold annotations (and params ``extract.use_gold: true``), the quotes and claims
published are the hand-coded rows (``method = gold``), each with ``rule_agreement`` saying whether the
rules found the same row (strict), an overlapping one (partial) or nothing (none). Fields the codebook
does not code (the cue's offsets, the period's words, ...) are taken from the rule row with the same
span, else left empty. Every other article gets the rule rows (``method = rule``). Entity mentions are
always the rule's. A speaker or claimant named only by gold gets an entity row of its own.
"""

from __future__ import annotations

import pandas as pd

from ..articletext import paragraphs
from ..io import row_dicts
from ..schema import columns
from .entities import slug
from .evaluate import CLAIM_FIELDS, agreement, norm_name
from .lexicon import lexicon

QUOTE_COLUMNS = columns("quotes")  # validation/schemas/quotes.yaml
CLAIM_COLUMNS = columns("claims")  # validation/schemas/claims.yaml
MENTION_COLUMNS = columns("entity_mentions")  # validation/schemas/entity_mentions.yaml
ENTITY_COLUMNS = columns("entities")  # validation/schemas/entities.yaml
QUOTE_AGREEMENT_FIELDS = ("speaker_name",)
SAME_SPAN_QUOTE_FIELDS = ("cue_start", "cue_end", "cue_exact", "statement_date_exact", "closed")
SAME_SPAN_CLAIM_FIELDS = ("jurisdiction_exact", "counted", "period_exact", "form")


def _entity_for(name: str, type_: str, article_id: str, mentions: list[dict]) -> str:
    """The entity id a gold speaker or claimant denotes: a rule entity of the article with that name,
    else an agency of the lexicon, else a person (named: ``person:<slug>``; described by a role:
    ``person:<article_id>:<slug>``)."""
    if not name:
        return ""
    key = norm_name(name)
    for m in mentions:
        if norm_name(m["entity_name"]) == key and (not type_ or m["entity_type"] == type_):
            return m["entity_id"]
    if type_ == "agency":
        for k, a in lexicon()["agencies"].items():
            if key in {norm_name(a["name"])} | {norm_name(x) for x in a["aliases"]}:
                return f"agency:{k}"
        return f"agency:{slug(name)}"
    tokens = name.split()
    particles = {p.lower() for p in lexicon()["name_particles"]}
    named = len(tokens) >= 2 and all(t[0].isupper() or t.lower() in particles for t in tokens)
    return f"person:{slug(name)}" if named else f"person:{article_id}:{slug(name)}"


def _paragraph_of(text: str, pos: int) -> int:
    for i, (s, e) in enumerate(paragraphs(text), start=1):
        if s <= pos < e:
            return i
    return 0


def gold_quote_rows(gold: pd.DataFrame, rule: list[dict], texts: dict, mentions: dict) -> list[dict]:
    rows = []
    golds = row_dicts(gold)
    agree = agreement(rule, golds, QUOTE_AGREEMENT_FIELDS)
    by_span = {(r["article_id"], int(r["start"]), int(r["end"])): r for r in rule}
    for g, ag in zip(golds, agree):
        a, s, e = g["article_id"], int(g["start"]), int(g["end"])
        same = by_span.get((a, s, e), {})
        row: dict[str, object] = {c: "" for c in QUOTE_COLUMNS}
        row.update(
            {
                k: g[k]
                for k in (
                    "article_id",
                    "exact",
                    "kind",
                    "attribution",
                    "speaker",
                    "speaker_name",
                    "speaker_type",
                    "speaker_role",
                    "cue",
                    "medium",
                    "statement_date",
                    "statement_date_basis",
                )
            }
        )
        row.update(
            {
                "quote_id": g["quote_id"],
                "start": s,
                "end": e,
                "speaker_entity_id": _entity_for(g["speaker_name"], g["speaker_type"], a, mentions.get(a, [])),
                "paragraph": _paragraph_of(texts[a], s),
                "method": "gold",
                "rule_agreement": ag,
                "source_id": a,
            }
        )
        row.update({k: same.get(k, "") for k in SAME_SPAN_QUOTE_FIELDS})
        if not same and g["kind"] == "direct":
            row["closed"] = "true" if texts[a][e : e + 2].lstrip(",")[:1] in '”"' else "false"
        rows.append(row)
    return rows


def gold_claim_rows(gold: pd.DataFrame, rule: list[dict], mentions: dict) -> list[dict]:
    rows = []
    golds = row_dicts(gold)
    agree = agreement(rule, golds, CLAIM_FIELDS)
    by_span = {(r["article_id"], int(r["start"]), int(r["end"])): r for r in rule}
    for g, ag in zip(golds, agree):
        a, s, e = g["article_id"], int(g["start"]), int(g["end"])
        same = by_span.get((a, s, e), {})
        row: dict[str, object] = {c: "" for c in CLAIM_COLUMNS}
        row.update(
            {
                k: g[k]
                for k in (
                    "article_id",
                    "exact",
                    "quote_id",
                    "claimant",
                    "claimant_type",
                    "jurisdiction_id",
                    "jurisdiction_name",
                    "metric",
                    "value",
                    "qualifier",
                    "unit",
                    "period_start",
                    "period_end",
                    "period_type",
                    "period_basis",
                    "source_type",
                )
            }
        )
        row.update(
            {
                "claim_id": g["claim_id"],
                "start": s,
                "end": e,
                "method": "gold",
                "rule_agreement": ag,
                "claimant_entity_id": _entity_for(g["claimant"], g["claimant_type"], a, mentions.get(a, [])),
                "jurisdiction_ids": g["jurisdiction_id"],
                "jurisdiction_basis": "explicit" if g["jurisdiction_id"] else "unresolved",
                "source_id": a,
            }
        )
        row.update({k: same.get(k, "") for k in SAME_SPAN_CLAIM_FIELDS})
        rows.append(row)
    return rows


def published(results: dict, gold: dict, use_gold: bool) -> dict[str, pd.DataFrame]:
    """{"quotes", "claims", "entity_mentions", "entities"} DataFrames with their columns."""
    texts = {a: r.text for a, r in results.items()}
    mentions = {a: r.mentions for a, r in results.items()}
    gq = gold["annotated"]["quotes"] if use_gold else set()
    gc = gold["annotated"]["claims"] if use_gold else set()
    quotes: list[dict] = []
    claims: list[dict] = []
    for a, r in sorted(results.items()):
        quotes.extend(r.quotes if a not in gq else [])
        claims.extend(r.claims if a not in gc else [])
    if gq:
        rule = [q for a in sorted(gq) for q in results[a].quotes]
        quotes.extend(gold_quote_rows(gold["quotes"], rule, texts, mentions))
    if gc:
        rule = [c for a in sorted(gc) for c in results[a].claims]
        claims.extend(gold_claim_rows(gold["claims"], rule, mentions))
    mention_rows = [m for a in sorted(results) for m in results[a].mentions]
    tables = {
        "quotes": pd.DataFrame(quotes, columns=QUOTE_COLUMNS),
        "claims": pd.DataFrame(claims, columns=CLAIM_COLUMNS),
        "entity_mentions": pd.DataFrame(mention_rows, columns=MENTION_COLUMNS),
    }
    # a quote the rules found a cue for but could not name a speaker of is published as unattributed,
    # never as an attributed quote with an empty speaker
    q = tables["quotes"]
    q.loc[q["speaker"].fillna("").astype(str).str.strip() == "", "attribution"] = "unattributed"
    tables["entities"] = entities_table(tables)
    for name in ("quotes", "claims", "entity_mentions"):
        df = tables[name]
        for col in ("start", "end"):
            df[col] = df[col].astype("int64")
    return tables


def entities_table(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per entity: mentioned in the text (entity_mentions), or only named as a speaker or claimant."""
    m = tables["entity_mentions"]
    rows = {}
    for eid, grp in m.groupby("entity_id", sort=True):
        first = grp.sort_values(["article_id", "start"]).iloc[0]
        roles = sorted({r for r in grp["role"] if r})
        aff = sorted({x for x in grp["affiliation_id"] if x})
        rows[eid] = {
            "entity_id": eid,
            "type": first["entity_type"],
            "name": first["entity_name"],
            "roles": "; ".join(roles),
            "affiliation_id": aff[0] if aff else "",
            "jurisdiction_id": first["jurisdiction_id"],
            "n_articles": grp["article_id"].nunique(),
            "n_mentions": len(grp),
            "method": "rule",
        }
    # a speaker or claimant that no mention row names (a role or description given as the speaker, or a name only
    # the gold annotations give): n_mentions 0, n_articles the articles that name it, method that of its rows
    named: dict[str, set[str]] = {}
    for df, id_col, name_col, type_col, role_col in (
        (tables["quotes"], "speaker_entity_id", "speaker_name", "speaker_type", "speaker_role"),
        (tables["claims"], "claimant_entity_id", "claimant", "claimant_type", None),
    ):
        for r in row_dicts(df):
            eid = r[id_col]
            if not eid or (eid in rows and eid not in named):
                continue
            named.setdefault(eid, set()).add(r["article_id"])
            if eid not in rows:
                rows[eid] = {
                    "entity_id": eid,
                    "type": r[type_col] or "person",
                    "name": r[name_col],
                    "roles": r[role_col] if role_col else "",
                    "affiliation_id": "",
                    "jurisdiction_id": "",
                    "n_articles": 1,
                    "n_mentions": 0,
                    "method": "gold" if r.get("method") == "gold" else "rule",
                }
            elif r.get("method") != "gold":
                rows[eid]["method"] = "rule"  # named by the rules somewhere, not only by gold
    for eid, articles in named.items():
        rows[eid]["n_articles"] = len(articles)
    return pd.DataFrame(list(rows.values()), columns=ENTITY_COLUMNS)
