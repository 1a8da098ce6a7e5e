"""Spans of article text quoted in the published tables stay short: at most MAX_QUOTED_CHARS characters per
cell (scripts/lib/limits.py). A longer span is published cut to its first MAX_QUOTED_CHARS characters with its
offsets unchanged, so the cut shows (len(exact) < end - start) and exact is still the text at `start`."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from conftest import ROOT
from scripts import validate
from scripts.lib import schema
from scripts.lib.limits import MAX_QUOTED_CHARS

QUOTING_TABLES = ["quotes", "claims", "claim_checks", "entity_mentions"]
TEXT = "".join(chr(ord("a") + i % 26) for i in range(2000))


def published(table: str) -> pd.DataFrame:
    return pd.read_csv(ROOT / f"data/processed/{table}.csv", dtype=str, keep_default_na=False)


def test_the_limit_leaves_the_longest_hand_coded_quotes_room():
    """500 characters: more than the seed's longest quote (280) and than the median coded quote (120)."""
    assert MAX_QUOTED_CHARS == 500
    longest = int(published("quotes")["exact"].str.len().max())
    assert 200 < longest <= MAX_QUOTED_CHARS


@pytest.mark.parametrize("table", QUOTING_TABLES)
def test_published_quoting_columns_are_at_most_the_limit_and_match_their_offsets(table):
    df = published(table)
    quoting = [c for c in df.columns if c == "exact" or c.endswith("_exact")]
    assert "exact" in quoting
    for c in quoting:
        assert df[c].str.len().max() <= MAX_QUOTED_CHARS, (table, c)
    span = df["end"].astype(int) - df["start"].astype(int)
    assert (df["exact"].str.len() == span.clip(upper=MAX_QUOTED_CHARS)).all(), table


def test_the_writer_cuts_a_long_span_and_keeps_its_offsets(tmp_path):
    rows = [
        (0, 600, TEXT[0:600], TEXT[0:40]),  # longer than the limit: cut
        (700, 700 + MAX_QUOTED_CHARS, TEXT[700 : 700 + MAX_QUOTED_CHARS], ""),  # exactly the limit: kept
        (1300, 1310, TEXT[1300:1310], ""),
    ]
    df = pd.DataFrame(
        [dict(zip(["start", "end", "exact", "cue_exact"], r)) for r in rows],
        columns=["start", "end", "exact", "cue_exact"],
    )
    df["cue_exact"] = [TEXT[0:700], "", ""]
    out = schema.cut_quoted_spans(df)
    assert out["exact"].tolist() == [TEXT[0:MAX_QUOTED_CHARS], TEXT[700 : 700 + MAX_QUOTED_CHARS], TEXT[1300:1310]]
    assert out["cue_exact"].tolist() == [TEXT[0:MAX_QUOTED_CHARS], "", ""]
    assert out[["start", "end"]].equals(df[["start", "end"]])
    for start, end, exact in out[["start", "end", "exact"]].itertuples(index=False):
        assert TEXT[start : start + len(exact)] == exact
        assert (len(exact) < end - start) == (end - start > MAX_QUOTED_CHARS)  # a cut row shows it


def test_validation_accepts_a_cut_span_and_refuses_any_other_short_exact():
    """The quotes suite compares len(exact) with min(end - start, MAX_QUOTED_CHARS) (computed op quoted_length)."""
    suite_path = ROOT / "validation/expectations/quotes.json"
    suite = json.loads(suite_path.read_text())
    check = next(e for e in suite["expectations"] if "length of exact" in e["meta"]["check"])
    a, b = check["kwargs"]["column_A"], check["kwargs"]["column_B"]
    quotes = pd.DataFrame(
        {
            "quote_id": ["q:0-600", "q:700-710", "q:800-900"],
            "article_id": ["q"] * 3,
            "start": [0, 700, 800],
            "end": [600, 710, 900],
            "exact": [TEXT[:MAX_QUOTED_CHARS], TEXT[700:710], TEXT[800:850]],  # cut; whole; wrong (cut short)
            "cue_start": [None] * 3,
            "cue_end": [None] * 3,
            "cue_exact": [None] * 3,
        }
    )
    articles = pd.DataFrame({"article_id": ["q"], "n_chars": [2000], "date_latest": ["2020-01-01"]})
    frame = validate.batch_frame(suite["meta"]["batch"], {"quotes": quotes, "articles": articles}, suite_path)
    assert (frame[a] == frame[b]).tolist() == [True, True, False]
