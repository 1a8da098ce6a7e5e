"""Limits on what the package accepts, each stated once here (README, "Adding an article" and
"Reliability").

- ``MAX_ARTICLE_CHARS``: the longest article text, 200,000 characters (Unicode code points of the stored,
  NFC-normalized text; about 30,000 words, where a long-form news feature is 5,000-40,000 characters).
  add_article refuses a longer text at the door, the articles stage refuses a registered one, and the
  extract stage can rely on it: it bounds the time one article takes, and stays far below spaCy's
  max_length (1,000,000), so the parser never sees a text it would refuse.
- ``MAX_COUNT``: the largest count (a statistic, a claim's value) the package stores,
  999,999,999,999,999 (15 digits). Every integer up to it is exact as a float and as a 64-bit
  integer, so no reader's type changes it; counts are parsed as integers from ASCII digits, never
  through a float, and a larger value is refused naming the file and row.
- ``MAX_QUOTED_CHARS``: the most article text one cell of a published table quotes, 500 characters
  (code points). Article texts are third-party and not redistributed (README, DATA-LICENSE); the tables
  quote spans of them. Of the 184 quotes coded by hand in the development corpus, 183 are at most 500
  characters long (median 120, longest 644); numeric claims are sentence parts (longest 101). The rule,
  applied by the writer (scripts/lib/schema.write_processed) to every column named ``exact`` or
  ``*_exact``: a longer span is published cut to its first 500 characters, and its offsets still give
  the whole span, so ``text[start:start + len(exact)] == exact`` always holds, ``text[start:end] ==
  exact`` holds for every uncut row, and a row is cut exactly when ``len(exact) < end - start``. The
  validate stage checks ``len(exact) == min(end - start, MAX_QUOTED_CHARS)`` on every table with offsets.
"""

MAX_ARTICLE_CHARS = 200_000
MAX_COUNT = 10**15 - 1
MAX_QUOTED_CHARS = 500
