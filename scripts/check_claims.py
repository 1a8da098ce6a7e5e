"""Stage check_claims: every article claim against the statistics → claim_checks, claim_candidates.

Reads data/processed/claims.csv, detainer_statistics.csv, jurisdictions.csv, facilities.csv and quotes.csv
(to find the facility a claim names, or the one its speaker's office runs) and articles.csv (so that an
article without claims is still counted); the
matching rules are the
``check_claims`` block of params.yaml (docs/claim-checking.md states them in prose; the logic is in
scripts/lib/claim_matching.py). Writes
  data/processed/claim_checks.csv      one row per claim: best statistic, verdict, every reason, value_ratio
  data/processed/claim_candidates.csv  one row per claim x candidate statistic: score, rank, verdict if chosen
  metrics/claim_checks.json            per article and in total: claims and verdict counts
  reports/claim_checks.md              the same summary for a reader, with each claim's verdict and reasons

List the candidates of one claim from the processed tables (recomputed with the current params):
  python -m scripts.check_claims --candidates <claim_id>
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from scripts.lib.claim_matching import (
    VERDICTS,
    check_all,
    prepare_claims,
    prepare_facilities,
    prepare_statistics,
    rules_from_params,
    summarize,
)
from scripts.lib.errors import InputError, run_stage
from scripts.lib.io import atomic_write_text, read_csv_text, read_yaml, write_json
from scripts.lib.params import params_for
from scripts.lib.paths import METRICS, PROCESSED, REPORTS, VALIDATION
from scripts.lib.schema import write_processed

CLAIMS = PROCESSED / "claims.csv"
STATISTICS = PROCESSED / "detainer_statistics.csv"
JURISDICTIONS = PROCESSED / "jurisdictions.csv"
FACILITIES = PROCESSED / "facilities.csv"
QUOTES = PROCESSED / "quotes.csv"
ARTICLES = PROCESSED / "articles.csv"
OUT_CHECKS = PROCESSED / "claim_checks.csv"
OUT_CANDIDATES = PROCESSED / "claim_candidates.csv"
OUT_METRICS = METRICS / "claim_checks.json"
OUT_REPORT = REPORTS / "claim_checks.md"


def load_inputs():
    vocab_path = VALIDATION / "vocabularies.yaml"
    metrics = set((read_yaml(vocab_path) or {}).get("metric") or {})
    if not metrics:
        raise InputError(vocab_path, "expected a `metric` vocabulary (term: definition)", where="metric")
    rules = rules_from_params(params_for("check_claims"), metrics)
    claims = prepare_claims(read_csv_text(CLAIMS), CLAIMS, metrics)
    stats = prepare_statistics(read_csv_text(STATISTICS), STATISTICS, rules.aggregation_levels)
    jurisdictions = read_csv_text(JURISDICTIONS, required=("jurisdiction_id", "level", "state_fips", "county_fips"))
    facilities = prepare_facilities(read_csv_text(FACILITIES), FACILITIES)
    quotes = read_csv_text(QUOTES, required=("quote_id", "speaker_role"))
    return claims, stats, jurisdictions, facilities, quotes, rules


def report_markdown(checks: pd.DataFrame, summary: dict) -> str:
    """A short human-readable summary: verdict counts per article, then each claim with its reasons."""
    lines = [
        "# Claim checks",
        "",
        "Written by `python -m scripts.check_claims` (rules: params.yaml `check_claims`, docs/claim-checking.md).",
        "",
        "| article | claims | " + " | ".join(VERDICTS) + " |",
        "|---|---:|" + "---:|" * len(VERDICTS),
    ]
    for article, s in summary["articles"].items():
        lines.append(f"| {article} | {s['n_claims']} | " + " | ".join(str(s["verdicts"][v]) for v in VERDICTS) + " |")
    t = summary["total"]
    lines.append(f"| **total** | {t['n_claims']} | " + " | ".join(str(t["verdicts"][v]) for v in VERDICTS) + " |")
    lines.append("")
    for r in checks.sort_values("claim_id", kind="mergesort").itertuples(index=False):
        lines += [
            f"## {r.claim_id}",
            "",
            f'- claim: "{r.exact}" — {r.metric or "(no metric)"} {r.qualifier} {r.claim_value}, '
            f"{r.claim_period_start or '?'}..{r.claim_period_end or '?'}, "
            f"jurisdiction {r.jurisdiction_id or 'unknown'}",
            (
                f"- statistic: {r.stat_id} — {r.stat_metric} {r.stat_value}, {r.stat_period_start}.."
                f"{r.stat_period_end} ({r.stat_source_type}); {r.n_candidates} candidate(s)"
            )
            if r.stat_id
            else "- statistic: none",
            f"- verdict: **{r.verdict}**",
        ]
        lines += [f"  - {reason}" for reason in r.reasons.split("; ")]
        lines.append("")
    return "\n".join(lines)


def print_candidates(claim_id: str) -> None:
    claims, stats, jurisdictions, facilities, quotes, rules = load_inputs()
    one = claims[claims["claim_id"] == claim_id]
    if one.empty:
        raise InputError(CLAIMS, f"no claim with claim_id {claim_id!r}")
    checks, cands = check_all(one, stats, jurisdictions, rules, facilities, quotes)
    c = checks.iloc[0]
    print(
        f"claim {claim_id}: {c['metric']} {c['qualifier']} {c['claim_value']} "
        f"{c['claim_period_start']}..{c['claim_period_end']} jurisdiction {c['jurisdiction_id'] or 'unknown'}"
    )
    print(f"verdict: {c['verdict']}  ({c['n_candidates']} candidate(s))")
    print(f"reasons: {c['reasons']}")
    if not cands.empty:
        show = cands[
            [
                "rank",
                "stat_id",
                "score",
                "metric_match",
                "jurisdiction_match",
                "scope",
                "stat_metric",
                "stat_value",
                "stat_period_start",
                "stat_period_end",
                "stat_source_type",
                "verdict_if_selected",
            ]
        ]
        with pd.option_context("display.width", 250, "display.max_columns", None, "display.max_colwidth", 60):
            print(show.to_string(index=False))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m scripts.check_claims", description=__doc__.split("\n")[0])
    ap.add_argument("--candidates", metavar="CLAIM_ID", help="list the candidate statistics of one claim and exit")
    args = ap.parse_args(sys.argv[1:] if argv is None else argv)
    if args.candidates:
        print_candidates(args.candidates)
        return
    claims, stats, jurisdictions, facilities, quotes, rules = load_inputs()
    checks, candidates = check_all(claims, stats, jurisdictions, rules, facilities, quotes)
    summary = summarize(checks, read_csv_text(ARTICLES, required=("article_id",))["article_id"])
    report = report_markdown(checks, summary)
    write_processed(checks, "claim_checks", OUT_CHECKS)
    write_processed(candidates, "claim_candidates", OUT_CANDIDATES)
    write_json(OUT_METRICS, summary)
    atomic_write_text(OUT_REPORT, report + "\n")


if __name__ == "__main__":
    run_stage(main)
