"""Limits on what the package accepts, each stated once here (README, "Reliability").

- ``ARTICLE_MAX_BYTES``: the largest article text add_article registers and the articles stage
  accepts, 500,000 bytes of UTF-8 (about 80,000 words; a long newspaper feature is 5,000-10,000
  words). It bounds the extraction time of one article; a longer text is refused at the door with
  this limit named.
- ``MAX_COUNT``: the largest count (a statistic, a claim's value) the package stores,
  999,999,999,999,999 (15 digits). Every integer up to it is exact as a float and as a 64-bit
  integer, so no reader's type changes it; counts are parsed as integers from ASCII digits, never
  through a float, and a larger value is refused naming the file and row.
"""

ARTICLE_MAX_BYTES = 500_000
MAX_COUNT = 10**15 - 1
