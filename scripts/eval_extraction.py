"""`make eval`: the extractor scored against the development corpus (not a pipeline stage).

Reads the gold files data/annotations/dev/<article_id>.yaml (committed) and the article texts
data/external/articles/<article_id>.txt (third-party text, gitignored: a symlink to where the texts are
kept), runs the extractor on every article whose text is present, and prints claim recall, precision,
per-field accuracy, recall per claim form, quotes found and speaker accuracy, and how many gold files
had no text. Writes nothing into data/processed; ``--json PATH`` also writes the figures to PATH.

    python -m scripts.eval_extraction [--misses] [--json PATH] [article_id ...]

Jurisdictions are resolved with data/processed/jurisdictions.csv plus, until the `stats` helper adds it,
the "US" row of contract C1 (so national claims score as they will be published).
"""

from __future__ import annotations

import argparse
import json
import sys

from scripts.lib.errors import run_stage
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


def print_report(m: dict) -> None:
    c, q = m["claims"], m["quotes"]
    print(f"articles scored: {m['articles_scored']}; gold files without text: {len(m['gold_files_without_text'])}")
    print(
        f"claims: gold {c['gold']}, rule {c['rule']}, found {c['found']}  "
        f"recall {c['recall']}  precision {c['precision']}  (value only: recall {c['recall_value_only']})"
    )
    print("  accuracy of found claims: " + ", ".join(f"{k} {v}" for k, v in c["field_accuracy_of_found"].items()))
    print("  recall by form: " + ", ".join(f"{k} {v['found']}/{v['gold']}" for k, v in c["recall_by_form"].items()))
    print(
        "  metric / period right by form: "
        + ", ".join(f"{k} {v['metric']}/{v['period']}" for k, v in c["field_accuracy_by_form"].items())
    )
    print(
        "  precision by form: " + ", ".join(f"{k} {v['hits']}/{v['rule']}" for k, v in c["precision_by_form"].items())
    )
    print(
        f"quotes: gold {q['gold']}, found {q['found']} ({q['found_share']}); speaker accuracy "
        f"{q['speaker_accuracy_of_found']} of found, {q['speaker_accuracy_of_gold']} of gold"
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
    ap.add_argument("--misses", action="store_true", help="list missed gold claims and unmatched rule claims")
    ap.add_argument("--json", help="also write the figures to this path")
    args = ap.parse_args()
    params = stage_params("extract")
    vocab = read_yaml(VALIDATION / "vocabularies.yaml")
    corpus = load_dev_corpus(GOLD_DIR, TEXTS_DIR, vocab)
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
    print_report(m)
    if args.misses:
        print_misses(m, corpus, results)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(m, f, indent=2, sort_keys=True)
            f.write("\n")


if __name__ == "__main__":
    run_stage(main)
