"""Score the extractor against the development corpus (``make eval``).

A gold claim is **found** when a rule claim overlaps its span and has the same value and the same set of
jurisdictions (gold ``[]`` = national = {"US"}; ``["?"]`` = unknown = {}); pairs are one-to-one, the
largest overlap first. Recall = found / gold claims; precision = rule claims that found a gold claim /
rule claims. Values are equal as numbers; a fraction to three decimals, as gold writes it ("a third" =
0.333). For the claims found, the share whose metric, period (start and end), qualifier, unit, rate (C8: ""
for a total), form, period basis, claimant and in_quote agree with gold. Recall, and the metric and period
accuracy, are also given per gold claim ``form``, precision per rule claim ``form``, and recall on the value
alone (overlap + same value, any jurisdiction).

A gold quote is **found** when a rule quote overlaps it (one-to-one, largest overlap first); speaker
accuracy = found quotes whose rule speaker_name names the gold speaker (:func:`same_name`), over the found
quotes and over all gold quotes. The claimant of a found claim is compared the same way.

Names (lead's decision, FORMAT D11): gold writes a speaker as the article does, the published speaker_name is
canonical, so two names are the same when they are equal after :func:`name_key`: case-insensitive, curly
apostrophes and quotation marks straightened, spaces collapsed, a leading "a"/"an"/"the" and a final
parenthetical dropped, and a name of a national agency of lexicon.yaml (any of its aliases) replaced by the
agency ("DHS" = "Department of Homeland Security" = "U.S. Department of Homeland Security"). Gold's name is
also matched by a canonical name that ends with it (:func:`same_name`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from .devcorpus import NATIONAL, DevArticle, jurisdiction_set
from .lexicon import lexicon

CLAIM_FIELDS = ("metric", "period", "qualifier", "unit", "rate", "form", "period_basis", "claimant", "in_quote")
FORM_FIELDS = CLAIM_FIELDS  # each also given per gold claim form


@lru_cache(maxsize=1)
def _agency_keys() -> dict[str, str]:
    """Every name and alias of a lexicon agency (normalised) → the agency id."""
    out = {}
    for agency_id, a in lexicon()["agencies"].items():
        for name in [a["name"], *a["aliases"]]:
            out[_plain(name)] = f"agency:{agency_id}"
    return out


PLAIN_MARKS = str.maketrans("’‘´“”", "'''\"\"")  # curly apostrophes and quotation marks → ASCII


def _plain(name: str) -> str:
    s = str(name or "").translate(PLAIN_MARKS)
    s = " ".join(s.casefold().split())
    s = re.sub(r"\s*\([^()]*\)$", "", s)
    return re.sub(r"^(?:the|an|a) ", "", s)


def name_key(name: str) -> str:
    """The form two speaker or claimant names are compared in (see the module docstring)."""
    s = _plain(name)
    return _agency_keys().get(s, s)


def same_name(gold: str, rule: str) -> bool:
    """Equal keys, or the rule's canonical name is gold's name as the article writes it with words before it,
    when gold's name is a local agency without its place (lexicon ``local_agency_suffixes``: "sheriff's
    department" = "San Diego County Sheriff's Department") or a surname ("Hernandez" = "Sally Hernandez").
    Not the other way round ("Sun-News" for "Las Cruces Sun-News"), and not a role ("a spokesperson" is not
    "a DSD spokesperson")."""
    g, r = name_key(gold), name_key(rule)
    if g == r:
        return True
    return r.endswith(" " + g) and (g in _agency_suffix_keys() or _is_surname(gold))


@lru_cache(maxsize=1)
def _agency_suffix_keys() -> frozenset[str]:
    """The lexicon's local agency names without their place ("sheriff's office", "police department")."""
    return frozenset(_plain(x) for x in lexicon()["local_agency_suffixes"])


def _is_surname(name: str) -> bool:
    words = str(name or "").split()
    return len(words) == 1 and words[0][:1].isupper()


def _overlap(a: dict, b: dict) -> int:
    return min(int(a["end"]), int(b["end"])) - max(int(a["start"]), int(b["start"]))


def _pairs(gold: list[dict], rule: list[dict], ok) -> list[tuple[int, int]]:
    cands = []
    for gi, g in enumerate(gold):
        for ri, r in enumerate(rule):
            ov = _overlap(g, r)
            if ov > 0 and ok(g, r):
                cands.append((-ov, gi, ri))
    used_g: set[int] = set()
    used_r: set[int] = set()
    out = []
    for _, gi, ri in sorted(cands):
        if gi not in used_g and ri not in used_r:
            used_g.add(gi)
            used_r.add(ri)
            out.append((gi, ri))
    return sorted(out)


def rule_jurisdictions(r: dict) -> frozenset[str]:
    ids = str(r.get("jurisdiction_ids") or r.get("jurisdiction_id") or "").split()
    return frozenset(x for x in ids if x)


def same_value(g: dict, r: dict) -> bool:
    """Equal values; a fraction as gold writes it, to three decimals ("a third" = 0.333 = 0.3333)."""
    try:
        gv, rv = float(g["value"]), float(r["value"])
    except (TypeError, ValueError):
        return False
    if gv.is_integer() and rv.is_integer():
        return gv == rv
    return abs(round(gv, 3) - round(rv, 3)) < 1e-9


def field_agrees(name: str, g: dict, r: dict) -> bool:
    if name == "period":
        return (str(g.get("period_start") or ""), str(g.get("period_end") or "")) == (
            str(r.get("period_start") or ""),
            str(r.get("period_end") or ""),
        )
    if name == "claimant":
        return same_name(g.get("claimant", ""), r.get("claimant", ""))
    if name == "in_quote":
        return bool(g.get("in_quote")) == bool(r.get("quote_id"))
    if name == "form":
        return str(g.get("form") or "count") == str(r.get("form") or "count")
    return str(g.get(name) or "") == str(r.get(name) or "")


def _ratio(n: int, d: int) -> float | None:
    return round(n / d, 3) if d else None


def score(articles: list[DevArticle], results: dict[str, dict]) -> dict:
    """``results``: article_id → {"claims": [rule claim rows], "quotes": [rule quote rows]}."""
    n_gold = n_rule = n_found = n_value_found = 0
    rule_hits = 0
    fields: dict[str, int] = defaultdict(int)
    by_form: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    rule_by_form: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    fields_by_form: dict[str, dict[str, int]] = defaultdict(
        lambda: defaultdict(int)
    )  # rule claims that found a gold one / all
    q_gold = q_found = q_speaker = 0
    per_article = {}
    misses = []
    quote_misses: list[dict] = []
    field_errors: list[dict] = []
    for a in articles:
        if a.text is None:
            continue
        res = results[a.article_id]
        gold_claims = [dict(c, jset=jurisdiction_set(c["jurisdiction_ids"])) for c in a.claims]
        rule_claims = res["claims"]
        found = _pairs(gold_claims, rule_claims, lambda g, r: same_value(g, r) and g["jset"] == rule_jurisdictions(r))
        value_only = _pairs(gold_claims, rule_claims, same_value)
        n_gold += len(gold_claims)
        n_rule += len(rule_claims)
        n_found += len(found)
        n_value_found += len(value_only)
        rule_hits += len({ri for _, ri in found})
        found_r = {ri for _, ri in found}
        for ri, r in enumerate(rule_claims):
            rule_by_form[str(r.get("form") or "count")][1] += 1
            rule_by_form[str(r.get("form") or "count")][0] += ri in found_r
        found_g = {gi for gi, _ in found}
        for gi, g in enumerate(gold_claims):
            by_form[g.get("form", "count")][1] += 1
            if gi in found_g:
                by_form[g.get("form", "count")][0] += 1
            else:
                misses.append((a.article_id, g))
        for gi, ri in found:
            for f in CLAIM_FIELDS:
                fields[f] += field_agrees(f, gold_claims[gi], rule_claims[ri])
            wrong = [f for f in ("metric", "period") if not field_agrees(f, gold_claims[gi], rule_claims[ri])]
            if wrong:
                field_errors.append(
                    {"article_id": a.article_id, "gold": gold_claims[gi], "rule": rule_claims[ri], "wrong": wrong}
                )
            form = gold_claims[gi].get("form", "count")
            for f in FORM_FIELDS:
                fields_by_form[form][f] += field_agrees(f, gold_claims[gi], rule_claims[ri])
        qp = _pairs(a.quotes, res["quotes"], lambda g, r: True)
        q_gold += len(a.quotes)
        q_found += len(qp)
        q_speaker += sum(1 for gi, ri in qp if same_name(a.quotes[gi]["speaker"], res["quotes"][ri]["speaker_name"]))
        paired = dict(qp)
        for gi, g in enumerate(a.quotes):
            r = res["quotes"][paired[gi]] if gi in paired else None
            if r is None or not same_name(g["speaker"], r["speaker_name"]):
                quote_misses.append(
                    {
                        "article_id": a.article_id,
                        "start": g["start"],
                        "end": g["end"],
                        "attribution": g.get("attribution", ""),
                        "speaker": g["speaker"],
                        "rule_speaker": None if r is None else r["speaker_name"],
                    }
                )
        per_article[a.article_id] = {
            "claims_gold": len(gold_claims),
            "claims_rule": len(rule_claims),
            "claims_found": len(found),
            "quotes_gold": len(a.quotes),
            "quotes_found": len(qp),
        }
    return {
        "articles_scored": sum(1 for a in articles if a.text is not None),
        "gold_files_without_text": sorted(a.article_id for a in articles if a.text is None),
        "claims": {
            "gold": n_gold,
            "rule": n_rule,
            "found": n_found,
            "recall": _ratio(n_found, n_gold),
            "precision": _ratio(rule_hits, n_rule),
            "recall_value_only": _ratio(n_value_found, n_gold),
            "field_accuracy_of_found": {f: _ratio(fields[f], n_found) for f in CLAIM_FIELDS},
            "recall_by_form": {
                k: {"found": v[0], "gold": v[1], "recall": _ratio(*v)} for k, v in sorted(by_form.items())
            },
            "field_accuracy_by_form": {
                k: {f: _ratio(fields_by_form[k][f], by_form[k][0]) for f in FORM_FIELDS} for k in sorted(by_form)
            },
            "precision_by_form": {
                k: {"hits": v[0], "rule": v[1], "precision": _ratio(*v)} for k, v in sorted(rule_by_form.items())
            },
        },
        "quotes": {
            "gold": q_gold,
            "found": q_found,
            "found_share": _ratio(q_found, q_gold),
            "speaker_accuracy_of_found": _ratio(q_speaker, q_found),
            "speaker_accuracy_of_gold": _ratio(q_speaker, q_gold),
        },
        "by_article": per_article,
        "missed_claims": [
            {"article_id": aid, "start": g["start"], "end": g["end"], "form": g.get("form", ""), "value": g["value"]}
            for aid, g in misses
        ],
        "missed_quotes": quote_misses,  # not found (rule_speaker None) or found with another speaker
        "field_errors": [  # found claims whose metric or period differs from gold
            {
                "article_id": e["article_id"],
                "start": e["gold"]["start"],
                "end": e["gold"]["end"],
                "wrong": e["wrong"],
                "gold_metric": e["gold"]["metric"],
                "rule_metric": e["rule"].get("metric", ""),
                "gold_period": f"{e['gold'].get('period_start') or ''}..{e['gold'].get('period_end') or ''}",
                "rule_period": f"{e['rule'].get('period_start') or ''}..{e['rule'].get('period_end') or ''}",
            }
            for e in field_errors
        ],
    }


__all__ = ["NATIONAL", "name_key", "same_name", "score"]
