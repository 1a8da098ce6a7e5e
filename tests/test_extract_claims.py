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
from scripts.lib.extraction.claimants import outlet_claimant
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
    assert sorted((c["value"], c["jurisdiction_id"], c["metric"], c["claimant"]) for c in cs) == [
        ("1000", "17031", "detainers_declined", "U.S. Immigration and Customs Enforcement"),
        ("29", "39049", "released_despite_detainer", "U.S. Immigration and Customs Enforcement"),
        ("9", "3651000", "people_not_turned_over", "Matt Albence"),  # "Albence attempted to further castigate ..."
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


# --- second shift: forms and rules of FORMAT D1-D18, one sentence each (written here) -----------------------
def values(claims: list[dict]) -> list[str]:
    return sorted(c["value"] for c in claims)


@pytest.mark.parametrize(
    "sentence, value, expected",
    [
        # a rate (D4, contract C8): value per unit of time, the rate words in the span
        ("The county is paid $95 a night for each ICE detainee it holds.", "95", ("dollars", "day", "a night")),
        ("ICE sent an average of 12 detainers per week to the Yuma County jail.", "12", ("detainers", "week", "")),
        ("The jail transfers inmates to ICE about twice a week.", "2", ("people", "week", "")),
        ("The county is paid $125 nightly to hold each detainee for ICE.", "125", ("dollars", "day", "nightly")),
        # a total has no rate
        ("The Yuma County jail received 312 detainers last year.", "312", ("detainers", "", "")),
    ],
)
def test_rates(resolver, sentence, value, expected):
    c = one(claims_of(sentence, resolver), value)
    unit, rate, exact = expected
    assert (c["unit"], c["rate"]) == (unit, rate), c
    if exact:
        assert c["exact"].endswith(exact)


def test_a_rate_a_few_words_on_takes_no_period_from_an_earlier_sentence(resolver):
    """The lexicon's rate words are read right after the figure (the rate) and up to six words on (temporal.py:
    a rate is not a total of any period, so no period is carried to it); a total takes the carried year."""
    first = "In 2019 the Yuma County jail held 312 people for ICE."
    rate = one(claims_of(first + " The county is paid $146 to hold each of them a day.", resolver), "146")
    assert (rate["period_start"], rate["period_end"]) == ("", ""), rate
    total = one(claims_of(first + " The county was paid $146,000 to hold all of them.", resolver), "146000")
    assert total["period_start"] == "2019-01-01", total


def test_range_is_one_claim_with_its_lower_end(resolver):
    cs = claims_of("An estimated 40 to 60 inmates each month are handed over to ICE by the Kent County jail.", resolver)
    assert [(c["value"], c["form"], c["qualifier"], c["rate"]) for c in cs] == [("40", "range", "at_least", "month")]
    assert cs[0]["exact"].startswith("An estimated 40 to 60 inmates")


def test_a_change_between_two_figures_in_parentheses_is_from_to(resolver):
    cs = claims_of("Deportations from the county rose 40% from 2016 to 2017 (300 to 420 removals).", resolver)
    assert {c["value"]: (c["form"], c["metric"]) for c in cs if c["unit"] == "people"} == {
        "300": ("from_to", "removals"),
        "420": ("from_to", "removals"),
    }


@pytest.mark.parametrize(
    "sentence, value, expected",
    [
        # number words across hyphens and "hundred"
        (
            "One thousand two hundred forty-one inmates were turned over to ICE.",
            "1241",
            ("people", "transferred_to_ice"),
        ),
        # a factor before "the number of"
        (
            "The jail handed over almost four times the number of inmates it handed over in 2016.",
            "4",
            ("ratio", "transferred_to_ice"),
        ),
        # a change noun: what it is a change of
        (
            "Officials reported a 250 percent increase in the number of detainers lodged at the jail.",
            "250",
            ("percent", "detainers_issued"),
        ),
        # a percent after "by" changes what the verb of change changes, its object or its subject
        (
            "In 2017 ICE increased the number of detainers lodged with county jails by 35 percent.",
            "35",
            ("percent", "detainers_issued"),
        ),
        ("Across the state, detainers issued by ICE climbed by 18% last year.", "18", ("percent", "detainers_issued")),
        # the verb that modifies the counted noun speaks first (D17)
        ("Despite the 900 detainers lodged, the city honored just a few.", "900", ("detainers", "detainers_issued")),
        # a federal actor detaining people arrests them; a jail housing people for ICE honors detainers
        ("Immigration agents detained 75 people in the county last week.", "75", ("people", "ice_arrests")),
        ("The sheriff housed 163 undocumented immigrants for ICE at the jail.", "163", ("people", "detainers_honored")),
        # what ICE did about the people, in a relative clause, says who they are; the jail's verb is counted
        (
            "Last month the jail released 14 inmates for whom ICE had issued detainers.",
            "14",
            ("people", "released_despite_detainer"),
        ),
        # people placed on detainers
        ("Deputies placed detainers on 412 inmates last year.", "412", ("people", "detainers_issued")),
        # agencies refusing in a period vs. a standing policy (D2)
        (
            "Sheriffs in 12 states refused to honor detainers in 2015.",
            "12",
            ("agencies", "agencies_declining_detainers"),
        ),
        (
            "Nine counties will no longer comply with requests to hold inmates for ICE.",
            "9",
            ("agencies", "jurisdictions_with_noncompliance_policy"),
        ),
        # agencies that agree to cooperate are partners, not a noncompliance policy (D2)
        (
            "Twelve Texas sheriff's offices have agreed to cooperate with ICE on detainers.",
            "12",
            ("agencies", "unclassified"),
        ),
        # ... nor are agencies that join a 287(g) programme, or that comply while others refuse (D2)
        ("Eleven sheriff's offices joined the 287(g) program in May.", "11", ("agencies", "unclassified")),
        (
            "About 40 of the state's 67 counties comply with ICE detainers, but a few sheriffs refuse to honor them.",
            "40",
            ("agencies", "unclassified"),
        ),
        # notifications and requests for release dates are not detainers (D17)
        (
            "The sheriff notified ICE 52 times ahead of an inmate's release.",
            "52",
            ("unknown", "ice_information_requests_answered"),
        ),
        (
            "The jail answered 310 requests from ICE for release dates last year.",
            "310",
            ("unknown", "ice_information_requests_answered"),
        ),
        # a subset by nationality or re-arrest is unclassified (D3)
        ("Of those released, 230 people were later re-arrested for new crimes.", "230", ("people", "unclassified")),
        # ... and so is a subset by offence, without taking the offence from the total's words (D3)
        (
            "Of the 60 immigrants handed to ICE, 14 were serving time for drug crimes.",
            "14",
            ("people", "unclassified"),
        ),
        ("ICE asked the jail to hold 500 inmates -- 20 of them for robbery.", "20", ("people", "unclassified")),
        ("ICE asked the jail to hold 500 inmates -- 20 of them for robbery.", "500", ("people", "detainers_issued")),
        # people ICE holds, and ICE detainees a jail houses, are detention, not detainers honored (D19)
        ("The county jail usually has about 40 ICE detainees housed there.", "40", ("people", "unclassified")),
        ("Last week ICE was holding 31,000 people in its custody.", "31000", ("people", "unclassified")),
        # ... even when a verb of arrest describes how they came there, and "holds" is the verb, not a hold
        (
            "In March, 120 migrants detained by ICE agents were kept at the county jail.",
            "120",
            ("people", "unclassified"),
        ),
        ("County lockup holds nearly 900 ICE detainees this spring", "900", ("people", "unclassified")),
        # ... but people kept on holds are held on detainers
        (
            "The jail kept 45 people on immigration holds in June.",
            "45",
            ("people", "detainers_honored"),
        ),
        # "one" before a person or detainer noun that is the verb's subject is a count, not an article
        ("One inmate was handed over to ICE in 2022.", "1", ("people", "transferred_to_ice")),
        # "N out of M" / "N in M" with M up to ten is a share (value N/M, unit ratio, form fraction)
        (
            "Four out of ten agencies refused every detainer ICE sent in 2017.",
            "0.4",
            ("ratio", "agencies_declining_detainers"),
        ),
        # a fraction right before its noun phrase counts that noun
        (
            "Harris County received fewer than half such detainer requests in 2024.",
            "0.5",
            ("ratio", "detainers_received"),
        ),
        (
            "The jail got 300 detainers in 2023. In 2022, it had received fewer than half such “detainer” requests.",
            "0.5",
            ("ratio", "detainers_received"),
        ),
        # a request to hold someone is a detainer even when the clause speaks of release dates
        (
            "In May the county jail received 140 requests from ICE to hold people past their release dates.",
            "140",
            ("detainers", "detainers_received"),
        ),
        # a county that "saw" requests received them
        ("Polk County saw about 90 ICE detainer requests in 2021.", "90", ("detainers", "detainers_received")),
        # a jail that "had" requests received them
        ("Marion County had nine requests that week.", "9", ("detainers", "detainers_received")),
        # the action noun before "of" names the metric
        ("The holds led to the deportation of only 85 inmates in 2016.", "85", ("people", "removals")),
        # a multiplier before its noun counts that noun
        (
            "Immigration agents asked the city jail to detain nearly 12 times as many people in 2017.",
            "12",
            ("ratio", "detainers_issued"),
        ),
        # ICE's issuance of detainers is detainers issued, and so is a change of it
        ("ICE's issuance of detainers in the state rose by 35 percent in 2017.", "35", ("percent", "detainers_issued")),
        # "holds" tagged as a verb where the object stands is still the counted noun
        (
            "In 2015 the sheriff honored 212 immigration holds and declined 40.",
            "212",
            ("detainers", "detainers_honored"),
        ),
        # a verb that denies its complement negates it: failing to honor requests declines them
        (
            "Last year the sheriff's office failed to honor 48 detainer requests.",
            "48",
            ("detainers", "detainers_declined"),
        ),
        # a jail that has people on an ICE hold holds them on detainers
        ("Last week the county jail had 21 inmates on an ICE hold.", "21", ("people", "detainers_honored")),
        # a bare figure after a colon counts the noun before the colon
        (
            "From 2014 to 2016, ICE lodged the most detainers in Chesterfield County: 370.",
            "370",
            ("detainers", "detainers_issued"),
        ),
        # sent or given over to ICE custody is a transfer
        ("Last year the jail sent 64 inmates to ICE custody.", "64", ("people", "transferred_to_ice")),
        ("Of the men booked, 212 were given over to ICE.", "212", ("people", "transferred_to_ice")),
        # ICE taking custody of inmates, and a jail turning them in, are transfers (D17)
        ("Since 2019 ICE has taken custody of 310 inmates from the jail.", "310", ("people", "transferred_to_ice")),
        ("The sheriff expects to turn in about 400 inmates to ICE each year.", "400", ("people", "transferred_to_ice")),
        # a share set between dashes restates the count: the count's clause goes on past it
        (
            "ICE lodged 900 detainers, and 310 inmates — 34% — were handed to ICE custody.",
            "310",
            ("people", "transferred_to_ice"),
        ),
        # detainers named as such stay detainers even when the clause says what they ask for
        (
            "The sheriff's office has received 41 detainers from ICE, asking deputies to notify the agency first.",
            "41",
            ("detainers", "detainers_received"),
        ),
    ],
)
def test_metrics(resolver, sentence, value, expected):
    c = one(claims_of(sentence, resolver), value)
    assert (c["unit"], c["metric"]) == expected, c


def test_an_elliptical_share_continues_the_claim_before(resolver):
    text = "The county released 90 inmates despite ICE detainers last month. Nearly a third were from one jail."
    third = one(claims_of(text, resolver), "0.3333")
    assert (third["unit"], third["metric"]) == ("ratio", "released_despite_detainer")


def test_a_figure_that_continues_detainers_with_what_happens_to_a_person_counts_people(resolver):
    text = (
        "In 2020 ICE lodged 60 detainers with the county jail. Of those, 22 were picked up by ICE agents, "
        "and 9 were released. Two were facing gang charges."
    )
    cs = claims_of(text, resolver)
    assert one(cs, "60")["unit"] == "detainers"
    assert [(one(cs, v)["unit"], one(cs, v)["metric"]) for v in ("22", "9")] == [
        ("people", "ice_arrests_at_local_jails"),
        ("people", "released_despite_detainer"),
    ]
    assert (one(cs, "2")["unit"], one(cs, "2")["metric"]) == ("people", "unclassified")


def test_an_enforcement_cost_and_its_repeat(resolver):
    text = "Holding the inmates for ICE cost the county $52,000. The mayor called it a $52,000 problem."
    assert [(c["value"], c["unit"]) for c in claims_of(text, resolver)] == [("52000", "dollars"), ("52000", "dollars")]


@pytest.mark.parametrize(
    "sentence",
    [
        # thresholds and study scope (D2)
        "A quarter of the agencies received no more than two such detainers.",
        "Only a few jails received 10 or more detainers a week.",
        "ICE sent letters to the sheriffs of the state's 58 counties about detainers.",
        "The report covers the 25 counties with the most detainer requests.",
        "Researchers examined 15 cities across seven states for the detainer study.",
        # general jail counts (D6), populations and anecdotes
        "The jail books about 70 inmates per day, a detainer report says.",
        "The county has a population of about 240,000 people and one jail with ICE detainees.",
        # frequency, years, durations, table rows
        "More than a few inmates held for ICE were released at least twice.",
        "Deportations from the jail fell in 2020 for people without records.",
        "The county stopped honoring 48 hour detainer requests.",
        "1 to 10 59% 4.8%",
        # footnote marks and numbered orders
        "The sheriff said the jail honors ICE detainers.[4] Deputies do not ask about status.[5]",
        "The governor's Executive Order 47 tells jails to honor ICE detainers.",
        # everyone a jail processes or serves is a general jail count (D6)
        "The county jail processed 8,100 inmates last year, a county report on ICE cooperation says.",
    ],
)
def test_more_numbers_that_are_not_claims(resolver, sentence):
    assert [c["exact"] for c in claims_of(sentence, resolver) if c["unit"] not in ("percent", "ratio")] == []


def test_a_small_count_of_people_is_a_claim_even_in_an_anecdote(resolver):
    """The codebook counts every figure of people enforcement acts on, however small (the gold coders code
    "two men", "the five individuals"); a subset picked out by re-arrest is unclassified (D3)."""
    c = one(claims_of("Two men who had been released by the jail were later arrested by ICE.", resolver), "2")
    assert (c["unit"], c["metric"]) == ("people", "unclassified")


def test_a_count_out_of_a_larger_count_stays_a_count(resolver):
    values = [c["value"] for c in claims_of("ICE arrested 5 out of 33 people the county jail released.", resolver)]
    assert values[0] == "5" and "0.1515" not in values


@pytest.mark.parametrize(
    "sentence, value",
    [
        ("In the first half of 2024, the county jail received 120 ICE detainers.", "120"),
        ("During the first quarter of last year the sheriff declined 35 ICE holds.", "35"),
    ],
)
def test_a_part_of_a_year_is_a_period_not_a_fraction(resolver, sentence, value):
    assert [c["value"] for c in claims_of(sentence, resolver)] == [value]


@pytest.mark.parametrize(
    "outlet, text, claimant",
    [
        ("Denver7 (KMGH)", "", "Denver7"),
        ("Queen City News (WJZY Charlotte), reposted on example.com", "", "Queen City News"),
        ("Associated Press (Daily Gazette wire copy)", "", "Associated Press"),
        ("Example Review (repost of the Los Angeles Times)", "by Jane Roe, Los Angeles Times", "Los Angeles Times"),
        (
            "Law Newsroom (repost of a TRAC release)",
            "the Transactional Records Access Clearinghouse (TRAC) said",
            "Transactional Records Access Clearinghouse",
        ),
        ("Center for Immigration Law, Policy and Justice, Rutgers (press release)", "CILPJ fellows found", "CILPJ"),
        ("U.S. Department of Homeland Security press release (via a wire)", "", "U.S. Department of Homeland Security"),
    ],
)
def test_outlet_as_claimant(outlet, text, claimant):
    assert outlet_claimant(outlet, text) == claimant


def test_an_organisation_the_sentence_credits_is_the_claimant(resolver):
    c = one(claims_of("Last month, ThinkProgress reported that 663 inmates were turned over to ICE.", resolver), "663")
    assert c["claimant"] == "ThinkProgress"


def test_a_repeated_verb_shares_the_counted_noun(resolver):
    cs = claims_of("Records show Maryland declined 384 ICE detainers, while Delaware declined 14.", resolver)
    assert {c["value"]: (c["unit"], c["metric"]) for c in cs} == {
        "384": ("detainers", "detainers_declined"),
        "14": ("detainers", "detainers_declined"),
    }


def test_a_bare_figure_after_an_enforcement_verb_continues_the_claim_before(resolver):
    text = "The program lodged 50 detainers at the Frederick County jail in 2022. In 2021, it lodged 29, he said."
    c = one(claims_of(text, resolver), "29")
    assert (c["unit"], c["metric"]) == ("detainers", "detainers_issued")


@pytest.mark.parametrize(
    "sentence",
    [
        "The ICE detainers each jail received are listed in Table 1 and Figure 2.",
        "Three of the state's four largest counties refuse ICE detainers.",  # the base of a part
        "The sheriff said the jail and ICE keep in touch, and the two agencies share detainer data.",
        "The county was not reimbursed for any costs of holding ICE detainees.",
    ],
)
def test_names_bases_and_costs_are_not_counts(resolver, sentence):
    assert [c["exact"] for c in claims_of(sentence, resolver) if c["value"] not in ("3",)] == []


@pytest.mark.parametrize(
    "sentence, value, expected",
    [
        # agencies and counties that ICE sent detainers to (D2)
        (
            "ICE sent detainers to 3,100 law enforcement agencies in fiscal 2019.",
            "3100",
            ("agencies", "agencies_sent_detainers", "exact", "count"),
        ),
        (
            "ICE sent detainers to jails in 1,900 counties in fiscal 2019.",
            "1900",
            ("agencies", "counties_sent_detainers", "exact", "count"),
        ),
        # qualifiers after the number or as a verb
        (
            "Sheriffs turned down 41,000-plus detainer requests.",
            "41000",
            ("detainers", "detainers_declined", "more_than", "bound"),
        ),
        (
            "Holding ICE detainees cost the county a sum that exceeded $250,000.",
            "250000",
            ("dollars", "unclassified", "more_than", "bound"),
        ),
        # comparisons (D14): the earlier figure after "up from", the base of "twice the"
        (
            "The jail answered 700 ICE requests for release dates, up from 590 similar requests the year before.",
            "590",
            ("unknown", "ice_information_requests_answered", "exact", "comparison"),
        ),
        (
            "Deputies handed 600 inmates over to ICE, more than twice the 250 who were handed over in 2016.",
            "250",
            ("people", "transferred_to_ice", "exact", "comparison"),
        ),
    ],
)
def test_metrics_qualifiers_and_forms(resolver, sentence, value, expected):
    c = one(claims_of(sentence, resolver), value)
    assert (c["unit"], c["metric"], c["qualifier"], c["form"]) == expected, c


def test_a_spread_across_places_is_not_a_change(resolver):
    text = (
        "Across states, refusals of ICE detainers ranged from a high of 81 percent in Ohio "
        "to a low of 22 percent in Utah."
    )
    assert {c["value"]: c["form"] for c in claims_of(text, resolver)} == {"81": "percent", "22": "percent"}


@pytest.mark.parametrize(
    "text, value, claimant",
    [
        # a reporting verb after the figure that governs it
        (
            "ICE turned away 40 detainees last year, the Cook County Sheriff's Office said.",
            "40",
            "Cook County Sheriff's Office",
        ),
        # ... but not one that governs another clause
        (
            "The jail sent 226 notifications to ICE in 2024; "
            "in 2022, the Cook County Sheriff's Office reported 17 transfers.",
            "226",
            "Test Gazette",
        ),
        # the author of a document the sentence names (FORMAT D8)
        (
            "The DHS report listed 206 cases of immigrants released despite detainers.",
            "206",
            "U.S. Department of Homeland Security",
        ),
        # "notified" is not "noted"
        (
            "In 2024, the Cook County Sheriff's Office notified ICE 84 times ahead of an inmate's release.",
            "84",
            "Test Gazette",
        ),
    ],
)
def test_who_the_sentence_credits(resolver, text, value, claimant):
    assert one(claims_of(text, resolver), value)["claimant"] == claimant


@pytest.mark.parametrize(
    "sentence, value, expected",
    [
        # a share that changes the figure before it keeps that figure's metric (D3)
        (
            "ICE lodged 1,200 detainers with the Maricopa County jail in fiscal 2019, "
            "up 20 percent from the year before.",
            "20",
            ("percent", "detainers_issued"),
        ),
        (
            "Jails in Texas held 6,000 people on ICE detainers in 2017, a 30% jump over 2016.",
            "30",
            ("percent", "detainers_honored"),
        ),
        # a share by an enforcement verb counts what the sentence counted before it
        (
            "In 2016 about half of all detainers went to county jails, with about 12 percent being sent to city jails.",
            "12",
            ("percent", "detainers_issued"),
        ),
        # a fraction after "by" is a change
        ("Deportations from the state fell by a third last year.", "0.3333", ("ratio", "removals")),
        # detainers that went unanswered were declined
        ("More than 3,000 detainers went unanswered, the report found.", "3000", ("detainers", "detainers_declined")),
        # a change whose verb's subject names the action takes that action's metric, and so do the figures
        # that continue it ("(to 500)")
        (
            "Deportations under the program rose 40% from 2015 to 2016 before dropping 20% (to 500) in 2017.",
            "40",
            ("percent", "removals"),
        ),
        (
            "Deportations under the program rose 40% from 2015 to 2016 before dropping 20% (to 500) in 2017.",
            "500",
            ("people", "removals"),
        ),
        # a multiplier of change compared with a month is a change of the figure before, not of the month
        (
            "The 300 deportations recorded in May were a nearly fivefold increase from the 60 in May 2017.",
            "5",
            ("ratio", "removals"),
        ),
        # two verbs that share the object share the metric
        ("ICE removed or returned a total of 80,000 people last year.", "80000", ("people", "removals")),
        # a participle before the counted noun is its predicate
        ("Cook County led the state with 2,500 declined detainers.", "2500", ("detainers", "detainers_declined")),
        # a request recognized is honored, one not recognized is declined
        (
            "Of the 90 requests, 40 of the requests were not recognized by the sheriff's staff.",
            "40",
            ("detainers", "detainers_declined"),
        ),
        # people picked up by ICE were picked up at the jail, with or without the word; so are arrests at a jail
        ("Only 12 of the inmates were picked up by ICE last month.", "12", ("people", "ice_arrests_at_local_jails")),
        ("Agency data listed 70 ICE arrests at the county jail.", "70", ("people", "ice_arrests_at_local_jails")),
        # "processed out" of the jail is a release
        (
            "In March, 45 inmates wanted by ICE were processed out before agents arrived.",
            "45",
            ("people", "released_despite_detainer"),
        ),
        # an elliptical part of a count of detainers takes the metric of what was done to the people, and counts
        # the people (as the dev corpus codes "Of the 15, only four were picked up")
        (
            "ICE sent 20 detainer requests to the jail. Of the 20, six were released and nine were picked up by ICE.",
            "6",
            ("people", "released_despite_detainer"),
        ),
        (
            "ICE sent 20 detainer requests to the jail. Of the 20, six were released and nine were picked up by ICE.",
            "9",
            ("people", "ice_arrests_at_local_jails"),
        ),
        # a bare figure that continues another takes its metric unless a verb of its own names one
        (
            "The jail received 900 requests from ICE to hold inmates in 2017, up from 60 in 2016.",
            "60",
            ("detainers", "detainers_received"),
        ),
        # the base of a part takes the verbs of its own phrase, not the part's verb
        (
            "Jails refused about 40 percent of the 80,000 detainers issued in 2016.",
            "80000",
            ("detainers", "detainers_issued"),
        ),
        (
            "In all, 150 out of 2,000 detainer requests that week were not honored.",
            "2000",
            ("detainers", "detainers_issued"),
        ),
        (
            "Of the 900 inmates with ICE detainers who were released, 120 have since been arrested again.",
            "900",
            ("people", "released_despite_detainer"),
        ),
        (
            "Of the 900 inmates with ICE detainers who were released, 120 have since been arrested again.",
            "120",
            ("people", "unclassified"),
        ),
        # ... and the part's clause runs past the base to the words after it
        (
            "Last year the sheriff released about 500 of the 30,000 people arrested to Immigration and Customs "
            "Enforcement.",
            "500",
            ("people", "transferred_to_ice"),
        ),
        # a reporting verb's object that is the subject of the reported clause takes that clause's verb
        (
            "Earlier this year, WBTV reported 410 people that had been held in the Fulton County jail were turned "
            "over to ICE in 2017.",
            "410",
            ("people", "transferred_to_ice"),
        ),
        # the requested hold does not make the released people a request
        (
            "Of the 412 inmates ICE asked the jail to hold, 301 were released.",
            "301",
            ("people", "released_despite_detainer"),
        ),
    ],
)
def test_changes_and_continuations(resolver, sentence, value, expected):
    c = one(claims_of(sentence, resolver), value)
    assert (c["unit"], c["metric"]) == expected, c


@pytest.mark.parametrize(
    "sentence, kept",
    [
        # a rank or the size of a ranked list is not a count
        ("The federal list named the county a top 10 jurisdiction for ICE detainers.", []),
        ("Fairfax released 140 people on ICE detainers, putting it in the top 20 nationally.", ["140"]),
        # a year and a half is a duration, not a share
        ("In the first year and a half of the 287(g) program, the jail checked inmates with ICE.", []),
        # everyone a jail processes, books or serves is a general jail count (D6), even when a joined clause
        # with its own subject or an absolute phrase speaks of ICE
        ("Last year 21,300 people were booked into the county jail, and ICE filed six detainers.", ["6"]),
        ("The jail serves about 18,000 inmates a year, and such detainers affect few of them.", []),
        ("The jail processed more than 4,100 inmates, with 240 of them screened by ICE.", ["240"]),
        ("ICE found 30 immigrants among the 6,900 inmates that were processed at the jail.", ["30"]),
        # people who serve (time, a sentence) are not served by a jail: the count of them stays a claim
        ("Of the 45 inmates turned over to ICE, 12 were serving sentences for burglary.", ["45", "12"]),
        # "every single one" is a universal, not a count (D1)
        ("The clerk said every single one of the requests from ICE was ignored.", []),
        # population figures are not claims; a count of people a verb describes stays one
        ("A 2012 study of ICE data estimated there were 48,000 unauthorized immigrants in Iowa.", []),
        ("An estimated 40,000 undocumented immigrants live in the county, and ICE arrested 300 of them.", ["300"]),
        ("There are 18 more targeted aliens still at large who had ICE detainers.", ["18"]),
        # money a Bill (legislation) adds for detention is funding, not an enforcement cost (D7); a bill is a cost
        ("The Safe Streets Bill would add $40 billion to fund immigration detention.", []),
        ("The county billed ICE $95 a day for each detainee it held.", ["95"]),
    ],
)
def test_ranks_durations_and_general_jail_counts_are_not_claims(resolver, sentence, kept):
    assert [c["value"] for c in claims_of(sentence, resolver)] == kept


def test_a_joined_verb_of_the_same_subject_keeps_a_jail_count(resolver):
    """ "served and handed over to ICE": the second verb shares the subject, so the clause speaks of ICE."""
    text = "Of those, 920 were served with detainers and handed over to ICE custody."
    assert one(claims_of(text, resolver), "920")["unit"] == "people"


@pytest.mark.parametrize(
    "sentence, value, expected",
    [
        # "one" as an item of a series of counts, or "one of the <counted noun>" as a subject (not an article)
        (
            "ICE sent 12 detainer requests to the jail last week. Of the 12, only three were picked up by ICE, "
            "one was moved to a state prison, eight were freed.",
            "1",
            ("detainers", "number_word"),
        ),
        ("One of the detainers was later dropped by ICE, the sheriff said.", "1", ("detainers", "number_word")),
        # an explicit zero as the subject after a figure ("Of 15 inmates ..., none ...")
        ("Of 12 inmates ICE asked the jail to hold, none were convicted of a felony.", "0", ("people", "zero")),
        # ICE pickups at the jail are people; "N of the arrangements" counts agreements (D2)
        ("The sheriff said ICE is not making any pickups at the county jail.", "0", ("people", "zero")),
        ("ICE says it has 75 of the arrangements with sheriffs in 19 states.", "75", ("agencies", "count")),
    ],
)
def test_number_words_and_zeros_in_lists(resolver, sentence, value, expected):
    c = one(claims_of(sentence, resolver), value)
    assert (c["unit"], c["form"]) == expected, c


def test_an_elliptical_subject_after_a_claim_counts_what_it_counted(resolver):
    """ "410 immigrants were booked ... 150 are convicted criminals": a subset of the figure before (D3); a zero
    of a noun that is not counted ("had no effect") is no claim."""
    text = (
        "ICE said 410 immigrants were booked into the county jail under 287(g) in fiscal 2022.\n\n"
        "150 are convicted criminals, while 190 have pending charges. The new order has had no effect on the jail."
    )
    claims = claims_of(text, resolver)
    assert [(c["value"], c["unit"], c["metric"]) for c in claims[1:]] == [
        ("150", "people", "unclassified"),
        ("190", "people", "unclassified"),
    ]


@pytest.mark.parametrize(
    "sentence, value, unit",
    [
        # the part of a possessed whole counts the possessed noun, not the possessor
        ("Over 90 of the state's 100 counties comply with ICE detainer requests.", "90", "agencies"),
        # a number inside a possessive ("15 sheriff's offices") is still counted
        ("Sedgwick County is among 15 sheriff's offices in Kansas with a 287(g) agreement.", "15", "agencies"),
        # "one of just three jails ...": the three are counted
        ("The county has one of just three jails in the state that house ICE detainees.", "3", "agencies"),
    ],
)
def test_counts_of_groups_a_place_belongs_to(resolver, sentence, value, unit):
    assert one(claims_of(sentence, resolver), value)["unit"] == unit


def test_a_range_of_a_cost_is_one_claim_unless_it_is_a_change(resolver):
    """ "$60 to $80 a day" is one range of a cost, the lower end (D7, D16); "from $60 to $80" is a change."""
    paid = "For holding ICE detainees the county is paid $55 to $75 per inmate per day under the contract."
    assert [(c["value"], c["form"], c["qualifier"]) for c in claims_of(paid, resolver)] == [("55", "range", "at_least")]
    rose = "Holding inmates for ICE rose from $55 to $75 per inmate per day, costing the county more."
    assert [c["value"] for c in claims_of(rose, resolver)] == ["55", "75"]


def test_a_bare_figure_that_repeats_a_claim_is_that_claim_again(resolver):
    """ "Of the 14, ...": a figure of 10 or more that repeats the claim just before is coded again (D5)."""
    text = (
        "ICE served 14 detainer requests on the Ramsey County jail last week. Of the 14, three were picked up by ICE."
    )
    assert [(c["value"], c["unit"], c["metric"]) for c in claims_of(text, resolver)][:2] == [
        ("14", "detainers", "detainers_issued"),
        ("14", "detainers", "detainers_issued"),
    ]


def test_a_count_before_an_agency_possessive_counts_the_noun_after_it(resolver):
    """ "ignored 440 U.S. Immigration and Customs Enforcement's (ICE) detainer notices": the parser hangs the
    number on the agency; what it counts is the noun after the agency's name."""
    text = "Boston police ignored 230 U.S. Immigration and Customs Enforcement's (ICE) detainer notices last year."
    c = one(claims_of(text, resolver), "230")
    assert (c["unit"], c["metric"]) == ("detainers", "detainers_declined")


@pytest.mark.parametrize(
    "text, value, expected",
    [
        # a bare subject after a fronted "Of the N ..." counts what N counts; a subset by crime (D3)
        (
            "Of the 26 people who were transferred to immigration agents, 15 had committed crimes against a person.",
            "15",
            ("people", "unclassified"),
        ),
        # a small number the tagger reads as a date all by itself, with no month in its entity, is a count
        (
            "There are now 64 sheriffs in 22 states with 287(g) agreements, up from just 29 in April 2017.",
            "29",
            ("agencies", "unclassified"),
        ),
    ],
)
def test_a_lone_small_number_is_a_count_not_a_day(resolver, text, value, expected):
    c = one(claims_of(text, resolver), value)
    assert (c["unit"], c["metric"]) == expected, c


def test_an_age_after_a_name_is_not_a_claim(resolver):
    text = "ICE agents arrested Maria Lopez, 34, a Guatemalan national, outside the county jail on detainers."
    assert [c["value"] for c in claims_of(text, resolver)] == []


def test_a_number_tagged_as_a_date_all_by_itself_is_still_a_candidate():
    """The tagger sometimes reads a small count as a DATE ("up from just 31 in March"); with no month, weekday or
    year in the same entity it is not a day, so it stays a candidate; "March 31" stays a date."""
    from spacy.tokens import Span

    from scripts.lib.extraction.nlp import parse
    from scripts.lib.extraction.numbers import candidates

    text = "Sheriffs in 20 states now work with ICE, up from just 31 in March 2017 and 12 by March 31."
    doc = parse(text)
    i31 = next(t.i for t in doc if t.text == "31")
    i_march = next(t.i for t in doc if t.text == "March" and t.i > i31 + 3)
    doc.ents = [Span(doc, i31, i31 + 1, label="DATE"), Span(doc, i_march, i_march + 2, label="DATE")]
    values = [c.value for c in candidates(text, doc, next(doc.sents))]
    assert 31 in values and values.count(31) == 1 and 12 in values


@pytest.mark.parametrize(
    "text, value, expected",
    [
        # partners and partnerships of a 287(g) program are agencies (D2); U.S. citizens and 287(g) encounters
        # are people
        (
            "ICE now has more than 300 local partners in the 287(g) program, up from 90 before Trump's inauguration.",
            "90",
            ("agencies", "comparison", "2017-01-19", "2017-01-19"),  # the term begun by publication
        ),
        (
            "Florida sheriffs hold a quarter of the 287(g) partnerships, up from only three when Trump took office.",
            "3",
            ("agencies", "comparison", "2017-01-20", "2017-01-20"),
        ),
        (
            "The report says ICE detained more than 40 U.S. citizens at the county jail in 2017.",
            "40",
            ("people", "bound", "2017-01-01", "2017-12-31"),
        ),
        (
            "The sheriff's office recorded 2,300 foreign-born encounters under its 287(g) agreement in FY 2019.",
            "2300",
            ("people", "count", "2018-10-01", "2019-09-30"),
        ),
    ],
)
def test_partners_citizens_and_encounters_are_counted(resolver, text, value, expected):
    c = one(claims_of(text, resolver, pub="2018-06-15"), value)
    assert (c["unit"], c["form"], c["period_start"], c["period_end"]) == expected, c


def test_a_change_of_a_figure_takes_its_period_not_one_stated_before_it(resolver):
    text = (
        "In the past month, 20 police departments signed 287(g) agreements with ICE, which now has 300 local "
        "partners, a 150% increase from the 120 partners it had before Trump's inauguration."
    )
    c = one(claims_of(text, resolver, pub="2025-05-02"), "150")
    assert (c["period_start"], c["period_end"]) == ("2025-05-02", "2025-05-02"), c


def test_a_paragraph_opening_on_a_pronoun_goes_on_with_the_sentence_before(resolver):
    """A paragraph with no enforcement word of its own that opens on "It" continues the paragraph before."""
    text = (
        "The governor praised the 287(g) program, which lets local deputies help ICE arrest immigrants.\n\n"
        "It was small at first, with 25 participating agencies in 9 states. It has since grown to 70 agencies."
    )
    assert [(c["value"], c["unit"]) for c in claims_of(text, resolver)] == [
        ("25", "agencies"),
        ("9", "agencies"),
        ("70", "agencies"),
    ]
    other = "The governor praised the 287(g) program.\n\nThe state fair drew 25 agencies and 9 bands this year."
    assert claims_of(other, resolver) == []


@pytest.mark.parametrize(
    "text, kept",
    [
        # what is paid for named in the sentence before; "spending" is a cost word
        (
            "The county spent $400,000 last year on jail costs for holding people for ICE. The year before, it "
            "reported spending $90,000.",
            ["400000", "90000"],
        ),
        # what a jail earns from ICE holds is what ICE pays (D7)
        ("The jail took in about $2,100 in income from ICE holds in the first month of 2018.", ["2100"]),
        # the amount is the cost itself
        ("ICE covers $70 of the daily cost to house each detainee, the sheriff said.", ["70"]),
        # money paid to settle a lawsuit over a hold is not an enforcement cost
        ("To settle the lawsuit over the ICE hold, the county paid $25,000 in legal fees.", []),
    ],
)
def test_enforcement_costs_in_context(resolver, text, kept):
    assert [c["value"] for c in claims_of(text, resolver) if c["unit"] == "dollars"] == kept


def test_by_a_year_and_the_first_month_of_a_year_are_periods(resolver):
    text = "By 2016, the jail's revenue from ICE holds had reached $9,000, and $800 came in the first month of 2017."
    got = {c["value"]: (c["period_start"], c["period_end"]) for c in claims_of(text, resolver)}
    assert got["9000"] == ("2016-01-01", "2016-12-31") and got["800"] == ("2017-01-01", "2017-01-31"), got


@pytest.mark.parametrize(
    "text, expected",
    [
        # ICE interviews of jailed people count enforcement (TRUTH Act reports); other interviews do not
        ("The sheriff let ICE agents interview 38 inmates at the county jail last year.", [("38", "people")]),
        ("Records show there were no ICE interviews at the county jail in 2021.", [("0", "unknown")]),
        ("The newspaper interviewed 38 inmates at the county jail about conditions last year.", []),
    ],
)
def test_ice_interviews_are_counted(resolver, text, expected):
    assert [(c["value"], c["unit"]) for c in claims_of(text, resolver, pub="2022-03-01")] == expected


def test_every_subject_after_an_opening_of_phrase_counts_what_it_counts(resolver):
    text = (
        "Of the 30 immigrants who were handed over to ICE agents, 20 had committed crimes against a person, one "
        "was facing charges for drug trafficking and one had committed a property crime."
    )
    got = [(c["value"], c["unit"], c["metric"]) for c in claims_of(text, resolver)]
    assert got[1:] == [
        ("20", "people", "unclassified"),
        ("1", "people", "unclassified"),
        ("1", "people", "unclassified"),
    ]


@pytest.mark.parametrize(
    "text, kept",
    [
        # the base of a part that is everyone the jail holds or books is a general jail count (D6)
        (
            "Of the roughly 90,000 inmates held in the county jail last year, 1,200 were placed on ICE detainers.",
            ["1200"],
        ),
        ("The sheriff said ICE lodged detainers on 140 of the 21,000 bookings in 2019.", ["140"]),
        # a base its own words tie to enforcement stays a claim
        ("Of the 40 immigrants handed over to ICE last year, 12 were deported.", ["40", "12"]),
    ],
)
def test_a_base_that_is_the_whole_jail_is_not_a_claim(resolver, text, kept):
    assert [c["value"] for c in claims_of(text, resolver)] == kept


def test_a_part_of_everyone_the_jail_books_is_still_a_claim(resolver):
    """ "ICE asked to hold 900 of the 50,000 inmates booked": the booking clause describes the whole (D6), not the
    part ICE acted on."""
    text = "Since 2018, ICE holds have been requested on 900 of the more than 50,000 inmates booked into the jail."
    assert [(c["value"], c["unit"]) for c in claims_of(text, resolver)] == [("900", "people")]


def test_times_a_federal_agency_asked_for_help_are_counted(resolver):
    text = "Federal authorities asked local police agencies 40 times for some help with immigration enforcement."
    assert [(c["value"], c["unit"]) for c in claims_of(text, resolver)] == [("40", "unknown")]
