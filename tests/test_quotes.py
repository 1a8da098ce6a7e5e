"""Quote finding and speaker attribution: one short text per attribution form seen in the development corpus.

Every text here was written for these tests (no article text). Each asserts the quote span and the
speaker the rules must give; together they cover the cue after, before and inside the quote, continuations
within and across paragraphs, surname / pronoun / role / agency resolution, reported speech and "according
to", documents with and without an author, datelines, and what is not a quote.
"""

from __future__ import annotations

import pytest

from scripts.lib.extraction import extract_article
from scripts.lib.geo import load_resolver

ARTICLE = {
    "article_id": "test-quotes",
    "outlet": "Test Gazette",
    "date_published": "2019-05-02",
    "date_precision": "day",
    "date_earliest": "2019-05-02",
    "date_latest": "2019-05-02",
    "reference_date": "2019-05-02",
}


@pytest.fixture(scope="module")
def resolver():
    return load_resolver()


def quotes_of(text: str, resolver) -> list[dict]:
    rows = extract_article(ARTICLE, text, resolver, place_min_population=50000).quotes
    for r in rows:
        assert text[r["start"] : r["end"]] == r["exact"]  # exact-span provenance
    return rows


def one(rows: list[dict], startswith: str) -> dict:
    hits = [r for r in rows if r["exact"].startswith(startswith)]
    assert len(hits) == 1, (startswith, rows)
    return hits[0]


@pytest.mark.parametrize(
    "text, quote, speaker, attribution",
    [
        # a surname after the full name, cue after the quote
        (
            "Marta Quill, who directs a policy group in Ohio, has studied jail holds.\n"
            "“Counties keep people they have no right to keep,” Quill said.",
            "Counties keep people",
            "Marta Quill",
            "cue_after",
        ),
        # the cue verb before its subject, with a title and a relative clause
        (
            "“We follow the warrant and nothing else,” said Sheriff Dana Ortiz, who took office last year.",
            "We follow the warrant",
            "Dana Ortiz",
            "cue_after",
        ),
        # cue before, colon
        (
            "Police Chief Amos Reyes said: “Nobody is held here on a civil request alone.”",
            "Nobody is held here",
            "Amos Reyes",
            "cue_before",
        ),
        # a partial quotation inside reported speech
        (
            "Mayor Lena Brook said the ordinance “protects every family in this town.”",
            "protects every family",
            "Lena Brook",
            "cue_before",
        ),
        # the cue in the paragraph before, which ends with a colon
        (
            "Sheriff Paul Denton released a short statement on Monday:\n“Our jail will keep honoring lawful orders.”",
            "Our jail will keep",
            "Paul Denton",
            "cue_before",
        ),
        # an agency as the speaker of reported speech
        (
            "ICE said in a statement that the county had freed a man it wanted to deport.",
            "the county had freed a man",
            "U.S. Immigration and Customs Enforcement",
            "cue_before",
        ),
        # reported speech with the cue after it, a surname
        (
            "Deputy Director Ruth Kagame oversees the jail. "
            "The county turned away dozens of requests in the spring, Kagame said.",
            "The county turned away dozens",
            "Ruth Kagame",
            "cue_after",
        ),
        # told + object + that
        (
            "Commissioner Omar Feld told the Gazette that the board would vote again in June.",
            "the board would vote again",
            "Omar Feld",
            "cue_before",
        ),
        # according to a person, first and last
        (
            "According to county spokesman Victor Hale, the jail received two requests last week.",
            "the jail received two requests",
            "Victor Hale",
            "according_to",
        ),
        # a document whose author the sentence names
        (
            "The jail released nine people with holds in March, according to figures from the Polk County "
            "Sheriff's Office.",
            "The jail released nine people",
            "Polk County Sheriff's Office",
            "according_to",
        ),
        # a name in apposition to the role that is the subject
        (
            "A spokesman for the county, Luis Mendez, wrote in an email that the policy was reviewed by lawyers.",
            "the policy was reviewed",
            "Luis Mendez",
            "cue_before",
        ),
        # an organisation the NER names, "of <state>" kept
        (
            "The jails ignored the law, the American Civil Liberties Union of Iowa said Monday.",
            "The jails ignored the law",
            "American Civil Liberties Union of Iowa",
            "cue_after",
        ),
        # a group of people as the speaker, with a dateline (and wire credit) before it
        (
            "ELMWOOD, Ohio (AP) — Federal officials in Ohio say they arrested more people at county jails this month.",
            "they arrested more people",
            "Federal officials in Ohio",
            "cue_before",
        ),
        # the cue inside the statement, set off by commas
        (
            "Sheriff Nora Vance runs the county jail. The jail, she said, has room for ten more inmates.",
            "The jail, she said, has room",
            "Nora Vance",
            "cue_inside",
        ),
    ],
)
def test_attribution_forms(resolver, text, quote, speaker, attribution):
    q = one(quotes_of(text, resolver), quote)
    assert (q["speaker_name"], q["attribution"]) == (speaker, attribution)


def test_interrupted_quote_keeps_its_speaker_and_pronoun_resolves(resolver):
    text = (
        "County Executive Hal Simms defended the rule on Tuesday.\n"
        "“We are not an arm of ICE,” he said, “and we will not act like one.”"
    )
    rows = quotes_of(text, resolver)
    first, second = one(rows, "We are not an arm"), one(rows, "and we will not act")
    assert (first["speaker_name"], first["speaker"], first["attribution"]) == ("Hal Simms", "he", "cue_after")
    assert (second["speaker_name"], second["attribution"]) == ("Hal Simms", "continuation")


def test_quote_over_two_paragraphs_keeps_its_speaker(resolver):
    text = (
        "“The numbers went up every month,” said Warden Ida Klein. “Every single month.\n"
        "“Nobody in the county wanted that.”"
    )
    rows = quotes_of(text, resolver)
    cont = one(rows, "Nobody in the county")
    assert (cont["speaker_name"], cont["attribution"]) == ("Ida Klein", "continuation")
    assert one(rows, "Every single month")["closed"] == "false"


def test_definite_role_refers_back_to_the_latest_person_with_that_role(resolver):
    text = (
        "A state prison spokeswoman said the transfers had slowed.\n"
        "Governor Tom Ashe did not comment.\n"
        "“We hand people over only with a court order,” the spokeswoman said."
    )
    q = one(quotes_of(text, resolver), "We hand people over")
    assert (q["speaker"], q["speaker_name"]) == ("the spokeswoman", "state prison spokeswoman")


def test_sheriffs_office_without_a_name_is_the_latest_countys(resolver):
    text = (
        "Travis County deputies booked fewer people this spring.\n"
        "In a statement, the Sheriff's Office said it “will not hold anyone past release without a judge.”"
    )
    q = one(quotes_of(text, resolver), "will not hold anyone")
    assert q["speaker_name"] == "Travis County Sheriff's Office" and q["speaker_type"] == "agency"


def test_quoted_nickname_is_part_of_a_name(resolver):
    text = '“We changed the rule this week,” County Executive Isaac "Ike" Morrow wrote in a memo.'
    rows = quotes_of(text, resolver)
    assert [r["exact"] for r in rows] == ["We changed the rule this week"]
    assert rows[0]["cue"] == "wrote" and rows[0]["medium"] == ""


def test_what_is_not_a_quote(resolver):
    text = (
        "The so-called “sanctuary” rule was adopted in 2017.\n"
        "The jail released 40 people last year, according to the report.\n"
        "The sheriff did not say whether the jail would change course."
    )
    assert quotes_of(text, resolver) == []  # a scare quote; a document with no author; a negated cue


def test_unattributed_quote_has_explicit_unknown_speaker(resolver):
    text = "The hearing ran late.\n“Nobody here voted for a jail that works as a federal holding pen for anyone.”"
    q = one(quotes_of(text, resolver), "Nobody here voted")
    assert (q["attribution"], q["speaker_name"], q["speaker_type"]) == ("unattributed", "", "unknown")


def test_cut_off_excerpt_continues_a_quote_left_open(resolver):
    text = (
        "The group's statement, in full:\n"
        "Sheriff Ana Ruiz said: “We will not change our policy.\n"
        "Our deputies answer to the voters of this county and to the courts"
    )
    rows = quotes_of(text, resolver)
    last = one(rows, "Our deputies answer")
    assert (last["speaker_name"], last["attribution"], last["closed"]) == ("Ana Ruiz", "continuation", "false")
