"""Claim extraction on the forms of the development corpus, one short sentence each, written here for the
tests (never copied from an article), with the row it must give. Plus a property test: any UTF-8 text
gives rows that pass the published schemas.

The sentences cover each claim form of data/annotations/CODEBOOK.md (count, bound, number_word, from_to,
comparison, percent, multiplier, fraction, zero, range), the ways a claim is attributed (the outlet, a
quote's speaker, "according to"), the jurisdiction bases of issue #15 item 1 (explicit through an agency,
a county with its state, national only when the text says so, the article's context, unresolved) and
numbers that are not claims (ages, durations, years, bill numbers, staff).
"""

from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from scripts.lib.articletext import normalize_text, publication_dates
from scripts.lib.extraction import extract_article
from scripts.lib.extraction.places import with_national
from scripts.lib.geo import load_resolver

PUB = "2018-06-15"


@pytest.fixture(scope="module")
def resolver():
    return with_national(load_resolver())  # the "US" row of contract C1, as `stats` will add it


def claims_of(text: str, resolver, pub: str = PUB) -> list[dict]:
    article = {"article_id": "t", "outlet": "Test Gazette", **publication_dates({"date_published": pub})}
    return extract_article(article, text, resolver, place_min_population=50000).claims


def one(claims: list[dict], value: str) -> dict:
    hits = [c for c in claims if c["value"] == value]
    assert len(hits) == 1, (value, claims)
    return hits[0]


FIELDS = ("value", "unit", "metric", "qualifier", "form", "jurisdiction_ids", "jurisdiction_basis")


@pytest.mark.parametrize(
    "sentence, value, expected",
    [
        # count, through a local agency, with the state after the county
        (
            "The Marion County Sheriff's Office in Oregon declined 57 immigration detainers last year.",
            "57",
            ("detainers", "detainers_declined", "exact", "count", "41047", "explicit", "2017-01-01", "2017-12-31"),
        ),
        # bound; national because the text says so (C1); fiscal year
        (
            "Nationally, ICE issued more than 140,000 detainers in fiscal 2018.",
            "140000",
            ("detainers", "detainers_issued", "more_than", "bound", "US", "national", "2017-10-01", "2018-09-30"),
        ),
        # number word; a count of jurisdictions in a state
        (
            "Two dozen jurisdictions in Oregon have stopped honoring ICE holds.",
            "24",
            ("agencies", "jurisdictions_with_noncompliance_policy", "exact", "number_word", "41", "explicit", "", ""),
        ),
        # transfer with the particle after the counted noun; county named before
        (
            "In 2016, Gwinnett County handed 512 inmates over to ICE, up from 301 in 2015.",
            "512",
            ("people", "transferred_to_ice", "exact", "count", "13135", "explicit", "2016-01-01", "2016-12-31"),
        ),
        # comparison: the earlier figure keeps the metric and takes its own year
        (
            "In 2016, Gwinnett County handed 512 inmates over to ICE, up from 301 in 2015.",
            "301",
            ("people", "transferred_to_ice", "exact", "comparison", "13135", "explicit", "2015-01-01", "2015-12-31"),
        ),
        # percent with its base after "of"; the agency of a consolidated city-county is the county (FORMAT D18)
        (
            "About 37 percent of the holds sent to the Denver Sheriff Department were declined.",
            "37",
            ("percent", "detainers_declined", "about", "percent", "08031", "explicit", "", ""),
        ),
        # a share of a subset defined by criminal history is unclassified (FORMAT D3)
        (
            "About 37 percent of the people released by the Denver Sheriff Department had prior felonies.",
            "37",
            ("percent", "unclassified", "about", "percent", "08031", "explicit", "", ""),
        ),
        # multiplier; a county with its state is the county
        (
            "Detainer requests doubled in Maricopa County, Arizona, last year.",
            "2",
            ("ratio", "detainers_issued", "exact", "multiplier", "04013", "explicit", "2017-01-01", "2017-12-31"),
        ),
        # fraction
        (
            "Roughly half of the detainer requests sent to Travis County, Texas, were honored.",
            "0.5",
            ("ratio", "detainers_honored", "about", "fraction", "48453", "explicit", "", ""),
        ),
        # zero, inside a quote
        (
            "“We have not honored a single detainer since 2014,” said Sheriff Tom Reed.",
            "0",
            ("detainers", "detainers_honored", "exact", "zero", "", "unresolved", "2014-01-01", PUB),
        ),
        # enforcement cost in dollars
        (
            "The county was paid about $90 a day to hold each detainee.",
            "90",
            ("dollars", "unclassified", "about", "bound", "", "unresolved", "", ""),
        ),
        # arrests at the jail, a number word
        (
            "Agents arrested nine inmates at the Pima County jail in May.",
            "9",
            (
                "people",
                "ice_arrests_at_local_jails",
                "exact",
                "number_word",
                "04019",
                "explicit",
                "2018-05-01",
                "2018-05-31",
            ),
        ),
    ],
)
def test_claim_forms(resolver, sentence, value, expected):
    c = one(claims_of(sentence, resolver), value)
    got = tuple(c[f] for f in FIELDS[1:]) + (c["period_start"], c["period_end"])
    assert got == expected, c
    text = sentence
    assert text[c["start"] : c["end"]] == c["exact"] and c["exact"]


def test_from_to_gives_two_claims_each_with_its_year(resolver):
    cs = claims_of("Transfers to ICE from the Yakima County jail fell from 410 in 2015 to 95 in 2017.", resolver)
    rows = {c["value"]: (c["form"], c["period_start"], c["jurisdiction_ids"]) for c in cs}
    assert rows == {"410": ("from_to", "2015-01-01", "53077"), "95": ("from_to", "2017-01-01", "53077")}


def test_elliptical_figures_share_the_counted_noun(resolver):
    cs = claims_of("Records show ICE sent 630 requests in 2019 and 415 in 2020 to the Salt Lake County jail.", resolver)
    assert {c["value"]: (c["unit"], c["metric"], c["period_start"]) for c in cs} == {
        "630": ("detainers", "detainers_issued", "2019-01-01"),
        "415": ("detainers", "detainers_issued", "2020-01-01"),
    }


def test_claimants(resolver):
    quoted = one(
        claims_of("“We handed 44 people over to immigration last year,” said Sheriff Maria Lopez.", resolver), "44"
    )
    assert (quoted["claimant"], quoted["quote_id"] != "", quoted["metric"]) == (
        "Maria Lopez",
        True,
        "transferred_to_ice",
    )
    credited = one(
        claims_of("Only seven inmates were held for ICE, according to the Hennepin County Sheriff's Office.", resolver),
        "7",
    )
    assert (credited["claimant"], credited["jurisdiction_ids"]) == ("Hennepin County Sheriff's Office", "27053")
    outlet = one(claims_of("The Cook County jail declined 439 detainers in 2014.", resolver), "439")
    assert (outlet["claimant"], outlet["claimant_type"], outlet["jurisdiction_ids"]) == ("Test Gazette", "", "17031")


def test_jurisdiction_from_the_paragraph_and_never_national_by_default(resolver):
    text = (
        "Sheriffs in Harris County, Texas, changed course this spring.\n\n"
        "Deputies turned 120 people over to ICE in April.\n\n"
        "Elsewhere, 35 detainers were declined."
    )
    cs = claims_of(text, resolver)
    assert (one(cs, "120")["jurisdiction_ids"], one(cs, "120")["jurisdiction_basis"]) == ("48201", "article_context")
    unknown = claims_of("Officials said 35 detainers were declined.", resolver)
    assert [(c["jurisdiction_id"], c["jurisdiction_basis"]) for c in unknown] == [("", "unresolved")]  # never "US"


@pytest.mark.parametrize(
    "sentence",
    [
        "A 45-year-old man was held for 48 hours at the jail under an ICE detainer.",
        "The bill, SB 54, took effect in 2018 and was signed by the governor.",
        "The sheriff's office employs about 2,000 deputies who staff the jail.",
        "The council voted 7-2 to limit cooperation with immigration detainers.",
        "The county has 1.2 million residents and one jail that holds ICE detainees.",
    ],
)
def test_numbers_that_are_not_claims(resolver, sentence):
    assert claims_of(sentence, resolver) == []


def test_seed_claims_unchanged(resolver):
    text = normalize_text((ROOT / "data/raw/articles/washex-2020-01-ice-sanctuary-campaign.txt").read_text())
    article = {
        "article_id": "washex-2020-01-ice-sanctuary-campaign",
        "outlet": "Washington Examiner",
        **publication_dates({"date_published": "2020-01", "date_earliest": "2020-01-21"}),
    }
    cs = extract_article(article, text, resolver, place_min_population=50000).claims
    assert sorted((c["value"], c["jurisdiction_id"], c["metric"]) for c in cs) == [
        ("1000", "17031", "detainers_declined"),
        ("29", "39049", "released_despite_detainer"),
        ("9", "3651000", "people_not_turned_over"),
    ]


# --- any text gives valid rows ------------------------------------------------------------------------------
def _schema_checker():
    vocab = yaml.safe_load((ROOT / "validation/vocabularies.yaml").read_text())
    checks = {}
    for table in ("claims", "quotes", "entity_mentions"):
        schema = yaml.safe_load((ROOT / f"validation/schemas/{table}.yaml").read_text())
        checks[table] = schema["fields"]

    def check(table: str, row: dict) -> None:
        for f in checks[table]:
            v = row.get(f["name"], "")
            v = "" if v is None else str(v)
            cons = f.get("constraints", {})
            if cons.get("required"):
                assert v != "", (table, f["name"], row)
            if v == "":
                continue
            if f.get("vocabulary"):
                assert v in vocab[f["vocabulary"]], (table, f["name"], v)
            if "pattern" in cons:
                assert re.fullmatch(cons["pattern"], v), (table, f["name"], v)
            if f["type"] == "integer":
                assert re.fullmatch(r"\d+", v) and int(v) >= cons.get("minimum", 0), (table, f["name"], v)
            if f["type"] == "number":
                assert float(v) >= cons.get("minimum", float("-inf")), (table, f["name"], v)
            if f["type"] == "date":
                assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", v), (table, f["name"], v)

    return check


CHECK = _schema_checker()
FRAGMENTS = st.sampled_from(
    [
        " declined ",
        " 1,200 ",
        " detainers",
        " ICE",
        " none of the requests",
        " “",
        "”",
        " said Sheriff Ann Roe",
        " in fiscal 2019",
        " Cook County, Illinois",
        " 45%",
        " doubled",
        " half of",
        " nine inmates",
        "\n\n",
        " turned over",
        " $5,000",
        " since January",
        " the sheriff's office",
        ".",
        ",",
        " — ",
        " (",
        ")",
        " nationwide",
        " from 12 in 2015 to 3 in 2016",
        " according to the agency",
        " 287(g)",
        " 0",
        " 2,147,483,648",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(FRAGMENTS, st.text(max_size=12)), max_size=30))
def test_any_text_gives_rows_that_pass_the_schemas(resolver, parts):
    text = normalize_text("".join(parts))
    article = {"article_id": "prop", "outlet": "Test Gazette", **publication_dates({"date_published": PUB})}
    result = extract_article(article, text, resolver, place_min_population=50000)
    for table, rows in (("claims", result.claims), ("quotes", result.quotes), ("entity_mentions", result.mentions)):
        for row in rows:
            assert text[row["start"] : row["end"]] == row["exact"]
            CHECK(table, row)
