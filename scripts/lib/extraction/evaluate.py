"""Extraction quality: rule output against gold annotations, for the articles that have gold.

Matching is per article and one-to-one: a rule row and a gold row match when their spans overlap (the
pair with the largest overlap first; ties by position). Measures:

- quotes ``span_exact``: precision / recall / F1 of rule spans identical to gold spans;
- quotes ``span_overlap``: the same with overlapping spans;
- quotes ``speaker_accuracy``: share of gold quotes whose matched rule quote names the same speaker
  (``speaker_name`` compared case-insensitively, straight apostrophes); a missed quote counts as wrong;
- claims ``strict_tuple``: P/R/F1 where a rule claim counts only if it matches a gold claim with the same
  (jurisdiction_id, metric, value, qualifier, period_start, period_end);
- claims ``field_accuracy``: per field, share of matched pairs that agree.
"""

from __future__ import annotations

import pandas as pd

from ..io import row_dicts

STRICT_CLAIM_FIELDS = ("jurisdiction_id", "metric", "value", "qualifier", "period_start", "period_end")
CLAIM_FIELDS = (
    "jurisdiction_id",
    "metric",
    "value",
    "qualifier",
    "unit",
    "period_start",
    "period_end",
    "period_type",
    "period_basis",
    "claimant",
    "in_quote",
)
QUOTE_FIELDS = ("speaker_name", "kind", "cue", "statement_date", "statement_date_basis")


def norm_name(s: str) -> str:
    s = str(s).replace("’", "'").casefold().strip()
    return s[4:] if s.startswith("the ") else s


def value_of(row: dict, field: str) -> str:
    if field == "in_quote":
        return "true" if row.get("quote_id") else "false"
    v = str(row.get(field, ""))
    return norm_name(v) if field in ("speaker_name", "claimant") else v


def match(rule: list[dict], gold: list[dict]) -> list[tuple[int, int]]:
    """(gold index, rule index) pairs, one-to-one, by largest span overlap within an article."""
    pairs = []
    for gi, g in enumerate(gold):
        for ri, r in enumerate(rule):
            if g["article_id"] != r["article_id"]:
                continue
            ov = min(int(g["end"]), int(r["end"])) - max(int(g["start"]), int(r["start"]))
            if ov > 0:
                pairs.append((-ov, int(g["start"]), int(r["start"]), gi, ri))
    used_g, used_r, out = set(), set(), []
    for _, _, _, gi, ri in sorted(pairs):
        if gi not in used_g and ri not in used_r:
            used_g.add(gi)
            used_r.add(ri)
            out.append((gi, ri))
    return sorted(out)


def _span(row: dict) -> tuple[int, int]:
    return int(row["start"]), int(row["end"])


def prf(tp: int, n_rule: int, n_gold: int) -> dict:
    p = tp / n_rule if n_rule else (1.0 if n_gold == 0 else 0.0)
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "true_positives": tp}


def _acc(n: int, d: int) -> float | None:
    return round(n / d, 4) if d else None


def agreement(rule: list[dict], gold: list[dict], fields) -> list[str]:
    """For each gold row: strict (same span, same fields) / partial (overlap) / none."""
    out = ["none"] * len(gold)
    for gi, ri in match(rule, gold):
        g, r = gold[gi], rule[ri]
        same_span = _span(g) == _span(r)
        same = all(value_of(g, f) == value_of(r, f) for f in fields)
        out[gi] = "strict" if same_span and same else "partial"
    return out


def evaluate_quotes(rule: list[dict], gold: list[dict]) -> dict:
    pairs = match(rule, gold)
    exact = sum(1 for gi, ri in pairs if _span(gold[gi]) == _span(rule[ri]))
    out = {
        "n_gold": len(gold),
        "n_rule": len(rule),
        "n_matched": len(pairs),
        "span_exact": prf(exact, len(rule), len(gold)),
        "span_overlap": prf(len(pairs), len(rule), len(gold)),
    }
    speaker_ok = sum(1 for gi, ri in pairs if value_of(gold[gi], "speaker_name") == value_of(rule[ri], "speaker_name"))
    out["speaker_accuracy"] = _acc(speaker_ok, len(gold))
    out["field_accuracy"] = {
        f: _acc(sum(1 for gi, ri in pairs if value_of(gold[gi], f) == value_of(rule[ri], f)), len(pairs))
        for f in QUOTE_FIELDS
    }
    return out


def evaluate_claims(rule: list[dict], gold: list[dict]) -> dict:
    pairs = match(rule, gold)
    strict = sum(
        1 for gi, ri in pairs if all(value_of(gold[gi], f) == value_of(rule[ri], f) for f in STRICT_CLAIM_FIELDS)
    )
    return {
        "n_gold": len(gold),
        "n_rule": len(rule),
        "n_matched": len(pairs),
        "strict_tuple": prf(strict, len(rule), len(gold)),
        "span_overlap": prf(len(pairs), len(rule), len(gold)),
        "field_accuracy": {
            f: _acc(sum(1 for gi, ri in pairs if value_of(gold[gi], f) == value_of(rule[ri], f)), len(pairs))
            for f in CLAIM_FIELDS
        },
    }


def evaluate(rule_quotes: pd.DataFrame, rule_claims: pd.DataFrame, gold: dict) -> dict:
    """The metrics file: totals over the annotated articles, and the same per article."""

    def rows(df, articles):
        return [r for r in row_dicts(df) if r["article_id"] in articles]

    qa, ca = sorted(gold["annotated"]["quotes"]), sorted(gold["annotated"]["claims"])
    result = {
        "articles_annotated": {"quotes": len(qa), "claims": len(ca)},
        "quotes": evaluate_quotes(rows(rule_quotes, set(qa)), rows(gold["quotes"], set(qa))),
        "claims": evaluate_claims(rows(rule_claims, set(ca)), rows(gold["claims"], set(ca))),
        "by_article": {},
    }
    for a in sorted(set(qa) | set(ca)):
        entry = {}
        if a in qa:
            q = evaluate_quotes(rows(rule_quotes, {a}), rows(gold["quotes"], {a}))
            entry["quotes"] = {"span_overlap_f1": q["span_overlap"]["f1"], "speaker_accuracy": q["speaker_accuracy"]}
        if a in ca:
            c = evaluate_claims(rows(rule_claims, {a}), rows(gold["claims"], {a}))
            entry["claims"] = {"strict_tuple_f1": c["strict_tuple"]["f1"], "n_gold": c["n_gold"], "n_rule": c["n_rule"]}
        result["by_article"][a] = entry
    return result
