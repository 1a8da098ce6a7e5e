"""`make eval`: the extractor scored against the development corpus (not a pipeline stage).

Reads the gold files data/annotations/dev/<article_id>.yaml (committed) and the article texts
data/external/articles/<article_id>.txt (third-party text, gitignored: a symlink to where the texts are
kept), runs the extractor on every article whose text is present, and prints claim recall, precision,
per-field accuracy, recall per claim form, quotes found and speaker accuracy, and how many gold files
had no text. Writes nothing into data/processed; ``--json PATH`` also writes the figures to PATH.

    python -m scripts.eval_extraction [--gold DIR] [--texts DIR] [--misses] [--json PATH] [article_id ...]
    make eval EVAL_ARGS="--gold DIR --texts DIR"      # e.g. a held-out set kept elsewhere

``--gold``/``--texts`` point at another set (default data/annotations/dev/ and data/external/articles/);
a text whose sha256 differs from its gold file's is reported and counted as missing.

Jurisdictions are resolved with data/processed/jurisdictions.csv plus, until the `stats` helper adds it,
the "US" row of contract C1 (so national claims score as they will be published).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from scripts.lib.errors import InputError, run_stage
from scripts.lib.extraction import extract_article
from scripts.lib.extraction.devcorpus import load_dev_corpus
from scripts.lib.extraction.deveval import score
from scripts.lib.extraction.places import with_national
from scripts.lib.geo import load_resolver
from scripts.lib.io import read_yaml
from scripts.lib.params import stage_params
from scripts.lib.paths import ANNOTATIONS, DATA, VALIDATION

GOLD_DIR = ANNOTATIONS / "dev"
TEXTS_DIR = DATA / "external" / "articles"


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def print_report(m: dict, gold_dir: Path, texts_dir: Path) -> None:
    c, q = m["claims"], m["quotes"]
    missing = m["gold_files_without_text"]
    print(f"gold: {gold_dir}  texts: {texts_dir}")
    print(f"articles scored: {m['articles_scored']}; gold files without text: {len(missing)}")
    if missing:
        print(
            "  without text: "
            + ", ".join(missing[:10])
            + (f", ... ({len(missing) - 10} more)" if len(missing) > 10 else "")
        )
    print(
        f"claims: gold {c['gold']}, rule {c['rule']}, found {c['found']}  "
        f"recall {_fmt(c['recall'])}  precision {_fmt(c['precision'])}  "
        f"(value only: recall {_fmt(c['recall_value_only'])})"
    )
    print(
        "accuracy of found claims, per field: "
        + ", ".join(f"{k} {_fmt(v)}" for k, v in c["field_accuracy_of_found"].items())
    )
    fields = list(c["field_accuracy_of_found"])
    head = ["form", "gold", "found", "recall", "rule", "precision", *fields]
    rows = []
    forms = sorted(set(c["recall_by_form"]) | set(c["precision_by_form"]))
    for k in forms:
        r = c["recall_by_form"].get(k, {"found": 0, "gold": 0, "recall": None})
        p = c["precision_by_form"].get(k, {"hits": 0, "rule": 0, "precision": None})
        acc = c["field_accuracy_by_form"].get(k, {})
        rows.append(
            [k, str(r["gold"]), str(r["found"]), _fmt(r["recall"]), str(p["rule"]), _fmt(p["precision"])]
            + [_fmt(acc.get(f)) for f in fields]
        )
    widths = [max(len(x) for x in col) for col in zip(head, *rows)]
    print("per claim form (recall by the gold form, precision by the rule's form; field accuracy of found claims):")
    for row in [head, *rows]:
        print("  " + "  ".join(x.rjust(w) if i else x.ljust(w) for i, (x, w) in enumerate(zip(row, widths))))
    print(
        f"quotes: gold {q['gold']}, found {q['found']} ({_fmt(q['found_share'])}); speaker accuracy "
        f"{_fmt(q['speaker_accuracy_of_found'])} of found, {_fmt(q['speaker_accuracy_of_gold'])} of gold"
    )


def print_misses(m: dict, corpus, results) -> None:
    texts = {a.article_id: a.text for a in corpus if a.text is not None}
    golds = {(a.article_id, c["start"], c["end"]): c for a in corpus for c in a.claims}
    print("\n--- missed gold claims")
    for x in m["missed_claims"]:
        aid, g = x["article_id"], golds[(x["article_id"], x["start"], x["end"])]
        text = texts[aid]
        near = [
            r for r in results[aid]["claims"] if int(r["start"]) < g["end"] + 80 and g["start"] - 80 < int(r["end"])
        ]
        print(
            f"{aid} [{g.get('form')}] {text[g['start'] : g['end']]!r} -> {g['value']} {g['jurisdiction_ids']} "
            f"{g['metric']} {g['period_start']}..{g['period_end']}"
        )
        for r in near:
            print(
                f"     rule: {r['exact']!r} -> {r['value']} [{r['jurisdiction_ids']}] {r['metric']} {r['period_start']}"
            )
    print("\n--- gold quotes missed (rule: -) or given another speaker")
    for x in m["missed_quotes"]:
        span = texts[x["article_id"]][x["start"] : x["end"]]
        short = span if len(span) <= 90 else span[:60] + " … " + span[-25:]
        rule = "-" if x["rule_speaker"] is None else repr(x["rule_speaker"])
        print(f"{x['article_id']} [{x['attribution']}] {short!r} gold {x['speaker']!r} rule {rule}")
    print("\n--- found claims with another metric or period (gold | rule)")
    for e in m["field_errors"]:
        span = texts[e["article_id"]][e["start"] : e["end"]]
        print(
            f"{e['article_id']} {span!r} [{' '.join(e['wrong'])}] metric {e['gold_metric']} | {e['rule_metric']}; "
            f"period {e['gold_period']} | {e['rule_period']}"
        )
    print("\n--- rule claims with no gold")
    for a in corpus:
        if a.text is None:
            continue
        for r in results[a.article_id]["claims"]:
            if not any(int(r["start"]) < g["end"] and g["start"] < int(r["end"]) for g in a.claims):
                print(f"{a.article_id} {r['exact']!r} -> {r['value']} [{r['jurisdiction_ids']}] {r['metric']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("articles", nargs="*", help="only these article ids")
    ap.add_argument(
        "--misses",
        action="store_true",
        help="list missed gold claims and quotes, found claims with another metric or period, "
        "and unmatched rule claims",
    )
    ap.add_argument("--json", help="also write the figures to this path")
    ap.add_argument("--gold", type=Path, default=GOLD_DIR, help=f"folder of gold files <article_id>.yaml ({GOLD_DIR})")
    ap.add_argument("--texts", type=Path, default=TEXTS_DIR, help=f"folder of texts <article_id>.txt ({TEXTS_DIR})")
    args = ap.parse_args()
    params = stage_params("extract")
    vocab = read_yaml(VALIDATION / "vocabularies.yaml")
    for folder, what in ((args.gold, "--gold"), (args.texts, "--texts")):
        if not folder.is_dir():
            raise InputError(folder, f"{what}: not a folder")
    corpus = load_dev_corpus(args.gold, args.texts, vocab)
    if not corpus:
        raise InputError(args.gold, "no gold files (<article_id>.yaml) in this folder")
    if args.articles:
        corpus = [a for a in corpus if a.article_id in set(args.articles)]
    resolver = with_national(load_resolver())
    results = {}
    for a in corpus:
        for p in a.problems:
            print(f"warning: {p}", file=sys.stderr)
        if a.text is None:
            continue
        r = extract_article(a.article_row(), a.text, resolver, place_min_population=params.place_min_population)
        results[a.article_id] = {"claims": r.claims, "quotes": r.quotes}
    m = score(corpus, results)
    print_report(m, args.gold, args.texts)
    if args.misses:
        print_misses(m, corpus, results)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(m, f, indent=2, sort_keys=True)
            f.write("\n")


if __name__ == "__main__":
    run_stage(main)
