"""Stage extract: quotes, numeric claims and entities of every article → four tables + extraction metrics.

Reads data/processed/articles.csv and the stored texts (data/interim/articles/), the jurisdiction
resolver's inputs (data/processed/jurisdictions.csv, data/hand/jurisdiction_aliases.csv) and the gold
annotations (data/annotations/<article_id>/, optional). Rules: scripts/lib/extraction/ (codebook:
data/annotations/CODEBOOK.md). Writes

  data/processed/quotes.csv, claims.csv, entities.csv, entity_mentions.csv
  metrics/extraction.json   rule output against gold: quote span P/R/F1, speaker accuracy,
                            claim strict-tuple P/R/F1, per-field accuracy

Every row carries article_id, start, end, exact with text[start:end] == exact on the stored text; the
stage checks that before it writes anything.
"""

from __future__ import annotations

import dataclasses
import sys
import time

import pandas as pd

from scripts.lib.articletext import text_sha256
from scripts.lib.errors import InputError, run_stage
from scripts.lib.extraction import ArticleResult, extract_article
from scripts.lib.extraction.cache import ExtractionCache, extractor_version
from scripts.lib.extraction.evaluate import evaluate
from scripts.lib.extraction.gold import load_gold
from scripts.lib.extraction.nlp import MODEL, model_meta
from scripts.lib.extraction.tables import CLAIM_COLUMNS, QUOTE_COLUMNS, published
from scripts.lib.geo import ALIASES, JURISDICTIONS, load_resolver
from scripts.lib.io import read_csv_text, read_yaml, row_dicts, write_json
from scripts.lib.limits import MAX_ARTICLE_CHARS
from scripts.lib.params import ExtractParams, stage_params
from scripts.lib.paths import ANNOTATIONS, INTERIM, METRICS, PROCESSED, VALIDATION
from scripts.lib.schema import primary_key, write_processed

ARTICLES = PROCESSED / "articles.csv"
STORE = INTERIM / "articles"
CACHE = INTERIM / "extraction_cache"
PROGRESS_SECONDS = 10.0  # a progress line on stderr at most this often
OUTPUTS = ("quotes", "claims", "entities", "entity_mentions")  # tables; columns and keys: their schemas


def load_articles() -> tuple[list[dict], dict[str, str]]:
    """The article rows and their stored texts (each checked against its text_sha256)."""
    df = read_csv_text(
        ARTICLES,
        required=(
            "article_id",
            "outlet",
            "date_published",
            "date_precision",
            "date_earliest",
            "date_latest",
            "reference_date",
            "text_sha256",
        ),
    )
    texts = {}
    for i, a in enumerate(row_dicts(df), start=2):
        path = STORE / f"{a['article_id']}.txt"
        if not path.exists():
            raise InputError(
                path, "stored article text not found; run `python -m scripts.articles`", where=f"articles.csv row {i}"
            )
        text = path.read_text(encoding="utf-8")
        if len(text) > MAX_ARTICLE_CHARS:
            raise InputError(
                path,
                f"text of {len(text)} characters is longer than the article limit ({MAX_ARTICLE_CHARS}); "
                "store the article body only",
                where=f"articles.csv row {i}",
            )
        if text_sha256(text) != a["text_sha256"]:
            raise InputError(
                path,
                f"sha256 of the stored text differs from articles.csv ({a['text_sha256']}); "
                "re-run `python -m scripts.articles`",
            )
        texts[a["article_id"]] = text
    return row_dicts(df), texts


def check_offsets(tables: dict[str, pd.DataFrame], texts: dict[str, str]) -> None:
    for name in ("quotes", "claims", "entity_mentions"):
        for r in row_dicts(tables[name]):
            if texts[r["article_id"]][int(r["start"]) : int(r["end"])] != r["exact"]:
                raise InputError(
                    PROCESSED / f"{name}.csv",
                    f"span {r['start']}-{r['end']} does not hold {r['exact'][:40]!r} (an extraction bug)",
                    where=f"article {r['article_id']}",
                )
        key = primary_key(name)[0]
        dup = tables[name][key][tables[name][key].duplicated()]
        if len(dup):
            raise InputError(PROCESSED / f"{name}.csv", f"duplicate {key} {dup.iloc[0]!r} (an extraction bug)")


def extract_all(
    articles: list[dict], texts: dict[str, str], resolver, params: ExtractParams
) -> dict[str, ArticleResult]:
    """Every article's rows, from the cache when its text, metadata and the extractor are unchanged; a
    progress line on stderr on long runs. Time is linear in the total text length."""
    model = f"{MODEL}-{model_meta()['version']}"
    version = extractor_version([JURISDICTIONS, ALIASES], dataclasses.asdict(params), model)
    cache = ExtractionCache(CACHE, version)
    results: dict[str, ArticleResult] = {}
    started = last = time.monotonic()
    for n, a in enumerate(articles, start=1):
        aid, text = a["article_id"], texts[a["article_id"]]
        key = cache.key(a, a["text_sha256"])
        hit = cache.get(key)
        if hit is not None:
            results[aid] = ArticleResult(aid, text, hit["quotes"], hit["claims"], hit["mentions"])
        else:
            r = extract_article(a, text, resolver, place_min_population=params.place_min_population)
            cache.put(key, {"quotes": r.quotes, "claims": r.claims, "mentions": r.mentions})
            results[aid] = r
        now = time.monotonic()
        if now - last >= PROGRESS_SECONDS or (n == len(articles) and now - started >= PROGRESS_SECONDS):
            print(f"extract: {n}/{len(articles)} articles ({cache.hits} from cache)", file=sys.stderr, flush=True)
            last = now
    cache.prune()
    print(
        f"extract: {len(articles)} articles, {len(articles) - cache.hits} extracted, {cache.hits} from cache",
        file=sys.stderr,
    )
    return results


def main() -> None:
    params = stage_params("extract")
    articles, texts = load_articles()
    resolver = load_resolver()
    vocab = read_yaml(VALIDATION / "vocabularies.yaml")
    gold = load_gold(ANNOTATIONS, texts, vocab, set(resolver.rows))
    results = extract_all(articles, texts, resolver, params)
    rule_quotes = pd.DataFrame([q for r in results.values() for q in r.quotes], columns=QUOTE_COLUMNS)
    rule_claims = pd.DataFrame([c for r in results.values() for c in r.claims], columns=CLAIM_COLUMNS)
    metrics = evaluate(rule_quotes, rule_claims, gold)
    tables = published(results, gold, params.use_gold)
    check_offsets(tables, texts)
    for name in OUTPUTS:
        write_processed(tables[name], name)
    write_json(METRICS / "extraction.json", metrics)


if __name__ == "__main__":
    run_stage(main)
