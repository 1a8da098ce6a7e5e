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
"""

MAX_ARTICLE_CHARS = 200_000
MAX_COUNT = 10**15 - 1
