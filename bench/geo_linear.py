"""Benchmark: places, jurisdictions and periods of claims are linear in the text length (issue #12, #13.6).

    .venv/bin/python bench/geo_linear.py [--doublings 5] [--one-line]

Builds one long text from the fixture articles (tests/fixtures/articles/*.txt, written for the tests),
repeated 1, 2, 4, ... times (``--one-line``: with every line break removed, the worst case for the
paragraph look-ups), and times the places finder (``find_entities``), the per-article indexes
(``ArticlePlaces``, ``ArticlePeriods``) and ``place_claim`` + ``ArticlePeriods.for_claim`` for every figure
of three or more digits (a stand-in for the claims; no spaCy parse). Prints size, figures, seconds, and the
ratio of each time to the one before: about 2 per doubling is linear, about 4 quadratic. Never asserts a time.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scripts.lib.extraction.entities import find_entities
from scripts.lib.extraction.jurisdiction import ArticlePlaces, place_claim
from scripts.lib.extraction.places import with_national
from scripts.lib.extraction.temporal import ArticlePeriods, PubDate
from scripts.lib.geo import load_resolver

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "articles"
PUB = PubDate("2019-05-02", "day", "2019-05-02", "2019-05-02", "2019-05-02")
FIGURE = re.compile(r"\d[\d,]{2,}")


def run(text: str, resolver) -> tuple[int, float]:
    t0 = time.perf_counter()
    ents = find_entities("bench-geo", text, resolver, 50000)
    places, periods = ArticlePlaces(ents, resolver), ArticlePeriods(text, PUB)
    n = 0
    for m in FIGURE.finditer(text):
        s0, s1 = max(0, m.start() - 200), min(len(text), m.end() + 200)
        place_claim(text, s0, s1, m.start(), m.end(), places, None, None, m.end())
        periods.for_claim(s0, s1, m.start(), m.end(), [])
        n += 1
    return n, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--doublings", type=int, default=5)
    ap.add_argument("--one-line", action="store_true", help="remove every line break")
    args = ap.parse_args()
    base = "\n\n".join(p.read_text(encoding="utf-8").strip() for p in sorted(FIXTURES.glob("*.txt")))
    if args.one_line:
        base = base.replace("\n", " ")
    resolver = with_national(load_resolver())
    run(base, resolver)  # warm the caches (lexicon, resolver tables)
    previous = None
    print(f"{'chars':>9} {'figures':>8} {'seconds':>8} {'ratio':>6}")
    for k in range(args.doublings):
        text = (base + ("\n\n" if not args.one_line else " ")) * (2**k)
        n, secs = run(text, resolver)
        ratio = f"{secs / previous:.2f}" if previous else ""
        print(f"{len(text):>9} {n:>8} {secs:>8.2f} {ratio:>6}")
        previous = secs


if __name__ == "__main__":
    main()
