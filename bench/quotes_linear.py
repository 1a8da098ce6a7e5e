"""Benchmark: quote finding and speaker attribution are linear in the text length (issue #12, #13.6).

    .venv/bin/python bench/quotes_linear.py [--doublings 4]

Builds one long text from the fixture articles (tests/fixtures/articles/*.txt, written for the tests),
repeated 1, 2, 4, ... times, parses it once, and times ``find_quotes`` alone (the spaCy parse is left
out: it is the claims side's and spaCy's). Prints size, quotes found, seconds, and the ratio of each time
to the one before: about 2 per doubling is linear, about 4 quadratic. Never asserts a time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scripts.lib.extraction import find_entities, parse, pubdate
from scripts.lib.extraction.quotes import find_quotes
from scripts.lib.geo import load_resolver

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "articles"
ARTICLE = {
    "article_id": "bench-quotes",
    "outlet": "Bench",
    "date_published": "2019-05-02",
    "date_precision": "day",
    "date_earliest": "2019-05-02",
    "date_latest": "2019-05-02",
    "reference_date": "2019-05-02",
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--doublings", type=int, default=4)
    args = ap.parse_args()
    base = "\n\n".join(p.read_text(encoding="utf-8").strip() for p in sorted(FIXTURES.glob("*.txt")))
    resolver = load_resolver()
    previous = None
    print("chars\tquotes\tseconds\tratio to previous")
    for k in range(args.doublings):
        text = "\n\n".join([base] * (2**k))
        doc = parse(text)
        ents = find_entities(ARTICLE["article_id"], text, resolver, 50000)
        start = time.perf_counter()
        quotes = find_quotes(text, ents, pubdate(ARTICLE), doc)
        seconds = time.perf_counter() - start
        ratio = f"{seconds / previous:.2f}" if previous else ""
        print(f"{len(text)}\t{len(quotes)}\t{seconds:.3f}\t{ratio}")
        previous = seconds


if __name__ == "__main__":
    main()
