"""Benchmark of incremental extraction (issue #12 item 5): a synthetic 500-article corpus.

    .venv/bin/python bench/extract_cache.py [--articles 500] [--paragraphs 6]

Runs the extract stage's own loop (scripts/extract.py ``extract_all``) with its cache in a temporary
folder, three times, in one process:
1. cold: every article is extracted (the cache is empty);
2. warm: nothing changed, every article comes from the cache;
3. plus one: one new article is added: exactly one article is extracted.
Then one long article (the text repeated up to the size limit of scripts/lib/limits.py) against a
short one: extraction time per character, to show it is linear in the text length.

The corpus is generated (bench/extract_cache.py ``synthetic_article``, fixed seed): sentences in the
field's forms (counts, bounds, percentages, zeros, quotes, places from the jurisdictions table), no
third-party text. Prints counts and ratios, never asserts a time.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import scripts.extract as stage
from scripts.lib.articletext import publication_dates, text_sha256
from scripts.lib.extraction import extract_article
from scripts.lib.geo import load_resolver
from scripts.lib.limits import MAX_ARTICLE_CHARS
from scripts.lib.params import stage_params

PLACES = ["Cook County", "Travis County", "Harris County", "Franklin County, Ohio", "Denver", "Santa Clara County"]
TEMPLATES = [
    "The {place} Sheriff's Office declined {n} detainer requests from immigration authorities last year.",
    "Officials said more than {n} inmates were turned over to ICE in {year}.",
    "“We honored about {n} holds,” said Sheriff Pat Doe, adding that none of the requests were ignored.",
    "Transfers to federal custody fell {p} percent, from {n} in {year} to {m} in {year2}.",
    "The county jail released {m} people despite detainers, according to a report by the agency.",
    "Advocates counted {n} arrests at the courthouse, a figure the sheriff disputed on Tuesday.",
]


def synthetic_article(i: int, paragraphs: int) -> tuple[dict, str]:
    rnd = random.Random(i)
    paras = []
    for _ in range(paragraphs):
        sents = [
            rnd.choice(TEMPLATES).format(
                place=rnd.choice(PLACES),
                n=rnd.randint(2, 5000),
                m=rnd.randint(2, 900),
                p=rnd.randint(2, 90),
                year=rnd.randint(2014, 2020),
                year2=rnd.randint(2021, 2024),
            )
            for _ in range(rnd.randint(2, 4))
        ]
        paras.append(" ".join(sents))
    text = "\n\n".join(paras) + "\n"
    article = {
        "article_id": f"bench-{i:04d}",
        "outlet": "Bench Gazette",
        "text_sha256": text_sha256(text),
        **publication_dates({"date_published": f"20{15 + i % 9}-0{1 + i % 9}-15"}),
    }
    return article, text


def timed_run(articles, texts, resolver, params) -> tuple[float, int]:
    import io
    from contextlib import redirect_stderr

    buf = io.StringIO()
    t = time.perf_counter()
    with redirect_stderr(buf):
        stage.extract_all(articles, texts, resolver, params)
    elapsed = time.perf_counter() - t
    last = buf.getvalue().strip().splitlines()[-1]  # "extract: N articles, E extracted, H from cache"
    extracted = int(last.split(",")[1].split()[0])
    return elapsed, extracted


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=500)
    ap.add_argument("--paragraphs", type=int, default=6)
    args = ap.parse_args()
    resolver = load_resolver()
    params = stage_params("extract")
    corpus = [synthetic_article(i, args.paragraphs) for i in range(args.articles + 1)]
    articles = [a for a, _ in corpus[:-1]]
    texts = {a["article_id"]: t for a, t in corpus}
    with tempfile.TemporaryDirectory() as tmp:
        stage.CACHE = Path(tmp) / "extraction_cache"
        cold, n_cold = timed_run(articles, texts, resolver, params)
        warm, n_warm = timed_run(articles, texts, resolver, params)
        plus, n_plus = timed_run(articles + [corpus[-1][0]], texts, resolver, params)
    chars = sum(len(t) for t in texts.values())
    print(f"synthetic corpus: {args.articles} articles, {chars:,} characters")
    print(f"cold:      {n_cold:4d} extracted  {cold:7.1f} s")
    print(f"warm:      {n_warm:4d} extracted  {warm:7.1f} s   ({warm / cold:.3f} of cold)")
    print(f"plus one:  {n_plus:4d} extracted  {plus:7.1f} s   ({plus / cold:.3f} of cold)")
    # linearity: a short article and the same text repeated towards the size limit
    article, text = corpus[0]
    long_text = (text * (MAX_ARTICLE_CHARS // len(text)))[: MAX_ARTICLE_CHARS // 4]
    long_text = long_text[: long_text.rfind("\n") + 1]
    per_char = []
    for t in (text * 4, long_text):
        a = dict(article, text_sha256=text_sha256(t))
        s = time.perf_counter()
        extract_article(a, t, resolver, place_min_population=50000)
        per_char.append((len(t), (time.perf_counter() - s) / len(t)))
    (n1, r1), (n2, r2) = per_char
    print(f"time per character: {n1:,} chars {r1 * 1e6:.1f} µs, {n2:,} chars {r2 * 1e6:.1f} µs (ratio {r2 / r1:.2f})")


if __name__ == "__main__":
    main()
