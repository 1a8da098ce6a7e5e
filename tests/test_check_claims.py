"""Stage check_claims: candidates, scores, verdicts and reasons, on small fixtures with real figures.

The statistics below are the package's real ones (ICE via news: Cook County FY2019 1,070 released;
Franklin County 29 released since November 2019; NYPD FY 2018-07..2019-06 2,916 detainers received;
TRAC FY2019 Harris County jail 5,072 detainers; NPR calendar-2012 national total 272,878 detainers). The
claims are the seed article's two figures plus claims of our own, one or more per verdict.
"""

from __future__ import annotations

import dataclasses
import json

import pandas as pd
import pytest
import yaml

from scripts import check_claims as stage
from scripts.lib import claim_matching as cm
from scripts.lib.articletext import normalize_text, publication_dates
from scripts.lib.dates import parse_partial_date
from scripts.lib.errors import InputError
from scripts.lib.extraction import extract_article
from scripts.lib.geo import load_resolver
from scripts.lib.io import read_yaml, table_bytes
from scripts.lib.params import params_for
from scripts.lib.paths import ROOT, VALIDATION

ARTICLE = "washex-2020-01-ice-sanctuary-campaign"
METRICS = set(read_yaml(VALIDATION / "vocabularies.yaml")["metric"])
RULES = cm.rules_from_params(params_for("check_claims"), METRICS)

JURISDICTIONS = pd.DataFrame(
    [
        # the shape of data/processed/jurisdictions.csv: county_fips is the 5-digit county GEOID (a place's
        # principal county), parent_ids the ;-separated parents (a place's counties, a county's state);
        # "US" is the whole country (contract C1), "" a place not known
        ("US", "United States", "nation", "", "", ""),
        ("17", "Illinois", "state", "17", "", ""),
        ("17031", "Cook County", "county", "17", "17031", "17"),
        ("17043", "DuPage County", "county", "17", "17043", "17"),
        ("1714000", "Chicago city", "place", "17", "17031", "17031;17043"),
        ("39049", "Franklin County", "county", "39", "39049", "39"),
        ("3918000", "Columbus city", "place", "39", "39049", "39049;39045;39041"),
        ("48201", "Harris County", "county", "48", "48201", "48"),
        ("36061", "New York County", "county", "36", "36061", "36"),
        ("36047", "Kings County", "county", "36", "36047", "36"),
        ("3651000", "New York city", "place", "36", "36047", "36047;36081;36061;36005;36085"),
        ("06075", "San Francisco County", "county", "06", "06075", "06"),
    ],
    columns=["jurisdiction_id", "name", "level", "state_fips", "county_fips", "parent_ids"],
)

STAT_COLUMNS = [
    "stat_id",
    "jurisdiction_id",
    "facility_id",
    "period_start",
    "period_end",
    "period_type",
    "metric",
    "category",
    "value",
    "value_kind",
    "source_id",
    "source_type",
    "flags",
]
CURATED = "curated-detainer-figures-from-pages--jurisdiction-detainer-claims"
NPR_FACILITIES = "npr-ice-detainers-2007-2015--declined-vs-everythingelse"


def stats_df(rows=None) -> pd.DataFrame:
    rows = (
        rows
        if rows is not None
        else [
            (
                "s-cook-fy2019",
                "17031",
                "",
                "2018-10-01",
                "2019-09-30",
                "fiscal_year",
                "released_despite_detainer",
                "",
                "1070",
                "count",
                CURATED,
                "official_claim_via_news",
                "",
            ),
            (
                "s-franklin-since-nov",
                "39049",
                "",
                "2019-11-01",
                "2020-01-16",
                "span",
                "released_despite_detainer",
                "",
                "29",
                "count",
                CURATED,
                "official_claim_via_news",
                "",
            ),
            (
                "s-nypd-received",
                "3651000",
                "",
                "2018-07-01",
                "2019-06-30",
                "span",
                "detainers_received",
                "",
                "2916",
                "count",
                CURATED,
                "official_data_via_news",
                "",
            ),
            (
                "s-nypd-honored",
                "3651000",
                "",
                "2018-07-01",
                "2019-06-30",
                "span",
                "detainers_honored",
                "",
                "0",
                "count",
                CURATED,
                "official_data_via_news",
                "",
            ),
            (
                "s-harris-fy2019",
                "48201",
                "",
                "2018-10-01",
                "2019-09-30",
                "fiscal_year",
                "detainers_received",
                "",
                "5072",
                "count",
                CURATED,
                "foia_data",
                "",
            ),
            (
                "s-national-2012",
                "US",
                "",
                "2012-01-01",
                "2012-12-31",
                "calendar_year",
                "detainers_issued",
                "",
                "272878",
                "count",
                "npr-ice-detainers-2007-2015--detainers-by-year",
                "foia_data",
                "",
            ),
            # a lift-reason breakdown: not a total, but the category defines the metric (params category_metrics)
            (
                "s-national-2014-declined",
                "US",
                "",
                "2014-01-01",
                "2014-12-31",
                "calendar_year",
                "detainers_declined",
                "Detainer Declined by LEA",
                "13595",
                "count",
                "npr-ice-detainers-2007-2015--detainers-by-lift-reason-and-year",
                "foia_data",
                "",
            ),
            # another breakdown row no claim may be compared with
            (
                "s-national-2014-lifted",
                "US",
                "",
                "2014-01-01",
                "2014-12-31",
                "calendar_year",
                "detainers_lifted",
                "Lifted",
                "8404",
                "count",
                "npr-ice-detainers-2007-2015--detainers-by-lift-reason-and-year",
                "foia_data",
                "",
            ),
            (
                "s-national-2014-all-lifted",
                "US",
                "",
                "2014-01-01",
                "2014-12-31",
                "calendar_year",
                "detainers_lifted",
                "",
                "75480",
                "count",
                "npr-ice-detainers-2007-2015--lifted-detainers-by-year",
                "foia_data",
                "",
            ),
            # NPR's 2015 covers January to July 19 only: the statistics stage flags it
            (
                "s-national-2015-citizens",
                "US",
                "",
                "2015-01-01",
                "2015-12-31",
                "calendar_year",
                "us_citizens_detained",
                "",
                "38",
                "count",
                "npr-ice-detainers-2007-2015--americans-by-year",
                "foia_data",
                "partial_period",
            ),
            # an average, never compared with a count
            (
                "s-national-2018-avg",
                "US",
                "",
                "2017-10-01",
                "2018-09-30",
                "fiscal_year",
                "detainers_issued",
                "",
                "14775",
                "monthly_average",
                "curated-detainer-figures-from-pages--national-detainer-figures",
                "advocacy_data",
                "",
            ),
            # NPR's facility file, 2014: a row whose place is unknown ("OTHER-OTHER FACILITY") is never a
            # candidate; Cook County's total (441) sums the jail (439) and two suburban police departments
            *[
                (
                    f"s-{name}-2014-declined",
                    jid,
                    facility,
                    "2014-01-01",
                    "2014-12-31",
                    "calendar_year",
                    "detainers_declined",
                    "Detainer Declined by LEA",
                    value,
                    "count",
                    NPR_FACILITIES,
                    "foia_data",
                    "",
                )
                for name, jid, facility, value in [
                    ("unknown-place", "", "xx-other-other-facility", "2104"),
                    ("cook-total", "17031", "", "441"),
                    ("cook-jail", "17031", "il-chicago-cook-county-jail-b31262", "439"),
                    ("cook-des-plaines", "17031", "il-des-plaines-des-plaines-police-department-d57424", "1"),
                    ("cook-palatine", "17031", "il-palantine-palatine-police-dept-800ceb", "1"),
                ]
            ],
        ]
    )
    return pd.DataFrame(rows, columns=STAT_COLUMNS)


# The shape of data/processed/facilities.csv (the real rows of Cook County, Illinois, and Franklin County, Ohio)
FACILITIES = pd.DataFrame(
    [
        ("il-chicago-cook-county-jail-b31262", "COOK COUNTY JAIL", "CHICAGO", "IL", "17031"),
        ("il-chicago-travelers-immigrant-aid-b1c8fe", "TRAVELERS & IMMIGRANT AID", "CHICAGO", "IL", "17031"),
        (
            "il-des-plaines-des-plaines-police-department-d57424",
            "DES PLAINES POLICE DEPARTMENT",
            "DES PLAINES",
            "IL",
            "17031",
        ),
        ("il-palantine-palatine-police-dept-800ceb", "PALATINE POLICE DEPT.", "PALANTINE", "IL", "17031"),
        ("oh-columbus-franklin-county-jail-e0d8b6", "FRANKLIN COUNTY JAIL", "COLUMBUS", "OH", "39049"),
        ("oh-columbus-us-marshals-service-b4b541", "US MARSHALS SERVICE", "COLUMBUS", "OH", "39049"),
        ("tx-houston-harris-county-jail-733095", "HARRIS COUNTY JAIL", "HOUSTON", "TX", "48201"),
        # invented for the tests: a second sheriff's facility makes "the sheriff" ambiguous in Harris County
        ("tx-houston-harris-county-detention-center-test", "HARRIS COUNTY DETENTION CENTER", "HOUSTON", "TX", "48201"),
        ("xx-other-other-facility", "OTHER-OTHER FACILITY", "", "", ""),
    ],
    columns=["facility_id", "name", "city", "state", "jurisdiction_id"],
)


CLAIM_COLUMNS = [
    "claim_id",
    "article_id",
    "start",
    "end",
    "exact",
    "jurisdiction_id",
    "metric",
    "value",
    "qualifier",
    "unit",
    "period_start",
    "period_end",
    "period_type",
    "source_id",
    "jurisdiction_exact",
    "jurisdiction_basis",
]


def claim(
    claim_id,
    jurisdiction_id,
    metric,
    value,
    qualifier,
    start,
    end,
    unit="",
    period_type="",
    article=ARTICLE,
    exact="...",
    jurisdiction_exact="",
    jurisdiction_basis="",
):
    return (
        claim_id,
        article,
        "0",
        str(len(exact)),
        exact,
        jurisdiction_id,
        metric,
        value,
        qualifier,
        unit,
        start,
        end,
        period_type,
        article,
        jurisdiction_exact,
        jurisdiction_basis,
    )


SEED = [
    claim(
        f"{ARTICLE}:cook",
        "17031",
        "detainers_declined",
        "1000",
        "more_than",
        "2019-01-01",
        "2019-12-31",
        unit="detainers",
        period_type="calendar_year",
        exact="ignoring more than 1,000 requests",
    ),
    claim(
        f"{ARTICLE}:franklin",
        "39049",
        "released_despite_detainer",
        "29",
        "exact",
        "2019-11-01",
        "2019-11-30",
        unit="people",
        period_type="month",
        exact="29 people",
    ),
]


# The shape of data/processed/quotes.csv (the columns check_claims reads): the fixture article's quote
QUOTES = pd.DataFrame(
    [("fixture-cook-sheriff-2015:167-219", "Cook County Sheriff")], columns=["quote_id", "speaker_role"]
)


def run(claims_rows, stats=None, jurisdictions=JURISDICTIONS, rules=RULES, facilities=FACILITIES, extra=None):
    """check_all on claim rows (``extra``: more claim columns, {column: [value per row]})."""
    frame = pd.DataFrame(claims_rows, columns=CLAIM_COLUMNS).assign(**(extra or {}))
    claims = cm.prepare_claims(frame, metric_vocabulary=METRICS)
    stats = cm.prepare_statistics(stats if stats is not None else stats_df())
    return cm.check_all(claims, stats, jurisdictions, rules, facilities, QUOTES)


def one(claims_rows, **kw) -> dict:
    checks, _ = run(claims_rows, **kw)
    assert len(checks) == 1
    return checks.iloc[0].to_dict()


# ------------------------------------------------------------------------------------ acceptance
def test_cook_county_claim_matches_ice_fy2019_figure_with_both_differences():
    c = one([SEED[0]])
    assert c["stat_id"] == "s-cook-fy2019"
    assert c["stat_value"] == "1070"
    reasons = c["reasons"].split("; ")
    assert reasons[0] == "value_consistent: more_than 1000 vs 1070, ratio 0.935"
    assert (
        "metric_mismatch: detainers_declined vs released_despite_detainer (requests ignored vs people released)"
    ) in reasons
    assert (
        "period_mismatch: calendar 2019 (2019-01-01..2019-12-31) vs FY2019 (2018-10-01..2019-09-30), "
        "overlap 273 of 457 days"
    ) in reasons
    assert "unit_mismatch: detainers vs released_despite_detainer (people)" in reasons
    # precedence: the value agrees, the metric does not
    assert c["verdict"] == "metric_mismatch"
    assert c["value_ratio"] == pytest.approx(1000 / 1070)
    assert c["n_candidates"] == 1


def test_franklin_county_claim_matches_since_november_figure_with_period_named():
    c = one([SEED[1]])
    assert c["stat_id"] == "s-franklin-since-nov"
    assert c["reasons"] == (
        "value_consistent: exact 29 vs 29; period_mismatch: November 2019 (2019-11-01..2019-11-30) "
        "vs span (2019-11-01..2020-01-16), overlap 30 of 77 days"
    )
    assert c["verdict"] == "period_mismatch"
    assert c["value_ratio"] == 1.0


def test_jurisdiction_without_statistics_is_unverifiable_no_statistic():
    c = one([claim("sf", "06075", "detainers_declined", "100", "exact", "2019-01-01", "2019-12-31")])
    assert c["verdict"] == "unverifiable"
    assert c["stat_id"] == ""
    assert c["reasons"] == (
        "no_statistic: no statistic for 06075 (or a related jurisdiction) with a comparable metric and period"
    )
    assert c["n_candidates"] == 0
    assert pd.isna(c["value_ratio"])


def test_every_claim_has_exactly_one_check_row():
    rows = SEED + [
        claim("sf", "06075", "detainers_declined", "100", "exact", "2019-01-01", "2019-12-31"),
        claim("harris", "48201", "detainers_received", "5072", "exact", "2018-10-01", "2019-09-30"),
    ]
    checks, cands = run(rows)
    assert sorted(checks["claim_id"]) == sorted(r[0] for r in rows)
    assert checks["check_id"].is_unique
    assert set(checks["verdict"]) <= set(cm.VERDICTS)
    # the candidates table has one rank-1 row per matched claim, and it is the checked statistic
    best = cands[cands["rank"] == 1].set_index("claim_id")["stat_id"]
    matched = checks[checks["stat_id"] != ""].set_index("claim_id")["stat_id"]
    assert best.sort_index().to_dict() == matched.sort_index().to_dict()


# ---------------------------------------------------------------------------------- each verdict
HARRIS = ("48201", "detainers_received")
FY2019 = ("2018-10-01", "2019-09-30")


@pytest.mark.parametrize(
    "value, qualifier, verdict, first_reason",
    [
        ("5072", "exact", "consistent", "value_consistent: exact 5072 vs 5072"),
        ("5000", "more_than", "consistent", "value_consistent: more_than 5000 vs 5072, ratio 0.986"),
        ("5072", "at_least", "consistent", "value_consistent: at_least 5072 vs 5072"),
        ("5500", "about", "consistent", "value_consistent: about 5500 vs 5072, ratio 1.08 (within 10%)"),
        ("6000", "fewer_than", "consistent", "value_consistent: fewer_than 6000 vs 5072, ratio 1.18"),
        # off by no more than close_tolerance (5%): close, whatever the qualifier
        ("5100", "exact", "close", "value_close: exact 5100 vs 5072, ratio 1.01 (within 5%)"),
        ("4900", "exact", "close", "value_close: exact 4900 vs 5072, ratio 0.966 (within 5%)"),
        ("5072", "more_than", "close", "value_close: more_than 5072 vs 5072 (within 5%)"),
        ("5072", "fewer_than", "close", "value_close: fewer_than 5072 vs 5072 (within 5%)"),
        ("4900", "at_most", "close", "value_close: at_most 4900 vs 5072, ratio 0.966 (within 5%)"),
        # beyond it: over- or understated, with the ratio that says how far
        ("6000", "exact", "overstated", "value_overstated: exact 6000 vs 5072, ratio 1.18"),
        ("6000", "more_than", "overstated", "value_overstated: more_than 6000 vs 5072, ratio 1.18"),
        ("6000", "about", "overstated", "value_overstated: about 6000 vs 5072, ratio 1.18 (beyond 10%)"),
        ("4000", "exact", "understated", "value_understated: exact 4000 vs 5072, ratio 0.789"),
        ("160", "exact", "understated", "value_understated: exact 160 vs 5072, ratio 0.0315"),
        ("4500", "at_most", "understated", "value_understated: at_most 4500 vs 5072, ratio 0.887"),
        (
            "2000",
            "more_than",
            "understated",
            "value_understated: more_than 2000 vs 5072, ratio 0.394 (true as a bound, but the statistic is more "
            "than 2x the claim)",
        ),
        (
            "20000",
            "fewer_than",
            "overstated",
            "value_overstated: fewer_than 20000 vs 5072, ratio 3.94 (true as a bound, but the claim is more than "
            "2x the statistic)",
        ),
    ],
)
def test_value_verdicts_with_qualifiers(value, qualifier, verdict, first_reason):
    c = one([claim("harris", *HARRIS, value, qualifier, *FY2019, unit="detainers", period_type="fiscal_year")])
    assert c["stat_id"] == "s-harris-fy2019"
    assert c["verdict"] == verdict
    assert c["reasons"] == first_reason  # same metric, period and jurisdiction: nothing else to report
    assert c["value_ratio"] == pytest.approx(int(value) / 5072)


def test_value_problem_takes_precedence_but_every_difference_is_listed():
    c = one([claim("cook-big", "17031", "detainers_declined", "3000", "exact", "2019-01-01", "2019-12-31")])
    assert c["verdict"] == "overstated"
    codes = [r.split(":")[0] for r in c["reasons"].split("; ")]
    assert codes == ["value_overstated", "metric_mismatch", "period_mismatch"]


def test_metric_mismatch_verdict_and_period_mismatch_verdict():
    metric = one([claim("nyc-honored", "3651000", "transferred_to_ice", "0", "exact", "2018-07-01", "2019-06-30")])
    assert metric["verdict"] == "metric_mismatch"
    assert metric["stat_id"] == "s-nypd-honored"
    assert metric["reasons"] == (
        "value_consistent: exact 0 vs 0; metric_mismatch: transferred_to_ice vs "
        "detainers_honored (requests honored vs people transferred to ICE custody)"
    )
    assert pd.isna(metric["value_ratio"])  # 0 / 0 is undefined, not 1
    period = one([claim("nyc-cal", "3651000", "detainers_received", "2916", "exact", "2019-01-01", "2019-12-31")])
    assert period["verdict"] == "period_mismatch"
    assert period["reasons"].startswith(
        "value_consistent: exact 2916 vs 2916; period_mismatch: calendar 2019 "
        "(2019-01-01..2019-12-31) vs span (2018-07-01..2019-06-30), overlap 181 of 549"
    )


def test_small_period_difference_is_listed_but_not_a_mismatch():
    # "fiscal 2019" resolved one day late at the end: 1 day of 366 differs, within period_slack_days (3)
    c = one([claim("harris-late", *HARRIS, "5072", "exact", "2018-10-01", "2019-10-01")])
    assert c["verdict"] == "consistent"
    assert c["reasons"].startswith("value_consistent: exact 5072 vs 5072; period_minor_difference: ")


def test_unverifiable_variants_name_their_cause():
    no_period = one([claim("cook-np", "17031", "detainers_declined", "1000", "more_than", "", "")])
    assert no_period["verdict"] == "unverifiable"
    assert no_period["reasons"] == "period_unspecified: the claim states no period"
    no_metric = one([claim("cook-nm", "17031", "", "1000", "more_than", "2019-01-01", "2019-12-31")])
    assert no_metric["reasons"].split("; ")[0] == "no_metric: the claim has no metric from the vocabulary"
    no_value = one([claim("cook-nv", "17031", "detainers_declined", "", "exact", "2019-01-01", "2019-12-31")])
    assert no_value["verdict"] == "unverifiable" and no_value["reasons"].startswith("no_value:")
    # a real jurisdiction with statistics, but none for the period (Cook FY2019 ends 2019-09-30)
    late = one([claim("cook-2021", "17031", "detainers_declined", "10", "exact", "2021-01-01", "2021-12-31")])
    assert late["verdict"] == "unverifiable" and late["n_candidates"] == 0


# ----------------------------------------------------------------------------------- candidates
def test_city_claim_reaches_its_county_statistic_and_says_so():
    c = one([claim("chicago", "1714000", "released_despite_detainer", "1070", "exact", *FY2019)])
    assert c["stat_id"] == "s-cook-fy2019"
    assert c["verdict"] == "consistent"  # a related jurisdiction is a reason, not a verdict
    assert c["reasons"] == (
        "value_consistent: exact 1070 vs 1070; jurisdiction_related: 1714000 vs 17031, county_of_place"
    )


def test_place_spanning_counties_and_links_from_params_and_no_state_relation_by_default():
    # Kings County (Brooklyn) claim → the NYC statistic, through the table's parent_ids of New York city
    brooklyn = one([claim("bk", "36047", "detainers_received", "2916", "exact", "2018-07-01", "2019-06-30")])
    assert brooklyn["stat_id"] == "s-nypd-received"
    assert brooklyn["reasons"] == (
        "value_consistent: exact 2916 vs 2916; jurisdiction_related: 36047 vs 3651000, place_in_county"
    )
    # without parent_ids, only the principal county (county_fips, Kings for New York city) is linked ...
    bare = JURISDICTIONS.drop(columns=["parent_ids"])
    assert (
        one(
            [claim("bk", "36047", "detainers_received", "2916", "exact", "2018-07-01", "2019-06-30")],
            jurisdictions=bare,
        )["stat_id"]
        == "s-nypd-received"
    )
    manhattan = claim("manh", "36061", "detainers_received", "2916", "exact", "2018-07-01", "2019-06-30")
    assert one([manhattan], jurisdictions=bare)["verdict"] == "unverifiable"
    # ... and a params link adds another, with its reason named
    note = "Manhattan is one of the city's boroughs"
    linked = dataclasses.replace(RULES, links={"36061": {"3651000": note}, "3651000": {"36061": note}})
    via_link = one([manhattan], jurisdictions=bare, rules=linked)
    assert via_link["reasons"].endswith(f"jurisdiction_related: 36061 vs 3651000, linked ({note})")
    # a state claim does not reach county statistics (state_of_county has no weight in params)
    illinois = one([claim("il", "17", "released_despite_detainer", "1070", "exact", *FY2019)])
    assert illinois["verdict"] == "unverifiable"


def test_national_claims_match_national_totals_and_category_defined_rows_only():
    c = one([claim("us-2012", "US", "detainers_issued", "270000", "more_than", "2012-01-01", "2012-12-31")])
    assert c["stat_id"] == "s-national-2012" and c["verdict"] == "consistent"
    # the lift-reason row that defines the metric is a candidate, other lift reasons are not
    checks, cands = run([claim("us-2014", "US", "detainers_declined", "13595", "exact", "2014-01-01", "2014-12-31")])
    assert list(cands["stat_id"]) == ["s-national-2014-declined"]
    assert checks.iloc[0]["verdict"] == "consistent"
    assert checks.iloc[0]["reasons"] == (
        "value_consistent: exact 13595 vs 13595; category_defines_metric: detainers_declined / Detainer Declined by LEA"
    )
    _, cands = run([claim("us-2014b", "US", "detainers_lifted", "75000", "more_than", "2014-01-01", "2014-12-31")])
    assert list(cands["stat_id"]) == ["s-national-2014-all-lifted"]
    # a monthly average is never compared with a count
    _, cands = run([claim("us-fy18", "US", "detainers_issued", "14775", "exact", "2017-10-01", "2018-09-30")])
    assert cands.empty
    # a flagged statistic is named in the reasons
    flagged = one([claim("us-2015", "US", "us_citizens_detained", "38", "exact", "2015-01-01", "2015-12-31")])
    assert flagged["reasons"] == "value_consistent: exact 38 vs 38; statistic_flagged: partial_period"
    assert flagged["stat_flags"] == "partial_period"
    # a national claim never reaches county statistics (Harris FY2019 5,072), nor a county claim national ones
    _, cands = run([claim("us-2019", "US", "detainers_received", "5072", "exact", *FY2019)])
    assert cands.empty
    _, cands = run([claim("cook-2014", "17031", "detainers_declined", "13595", "exact", "2014-01-01", "2014-12-31")])
    assert not cands["stat_id"].str.startswith("s-national").any()


# ------------------------------------------- issue 15: unknown places, the most specific figure, graded verdicts
COOK_2014 = ("17031", "detainers_declined")
CAL2014 = ("2014-01-01", "2014-12-31")


def test_claim_without_a_jurisdiction_is_unverifiable_never_national():
    """#15.1: "" means the place is unknown; only "US" is national."""
    c = one([claim("dart", "", "detainers_declined", "439", "exact", *CAL2014, unit="detainers")])
    assert c["verdict"] == "unverifiable" and c["stat_id"] == "" and c["n_candidates"] == 0
    assert c["reasons"].startswith("jurisdiction_unknown: no place was resolved for the claim")
    # the same figure said nationwide is compared with the national row (and is 31 times too small)
    national = one([claim("us", "US", "detainers_declined", "439", "exact", *CAL2014, unit="detainers")])
    assert national["stat_id"] == "s-national-2014-declined" and national["verdict"] == "understated"
    assert national["reasons"].startswith("value_understated: exact 439 vs 13595, ratio 0.0323;")
    # a statistic whose place is unknown ("OTHER-OTHER FACILITY") is no candidate for anybody
    _, cands = run([claim("us", "US", "detainers_declined", "2104", "exact", *CAL2014)])
    assert "s-unknown-place-2014-declined" not in set(cands["stat_id"])


def test_speakers_office_basis_is_shown_and_a_sheriff_speaks_for_the_county_jail():
    """#15.1 + #15.2: the sheriff's "we declined 439 ... last year" → Cook County Jail 2014 = 439."""
    dart = claim(
        "dart",
        *COOK_2014,
        "439",
        "exact",
        *CAL2014,
        unit="detainers",
        exact="declined 439 detainer requests from ICE last year",
        jurisdiction_exact="Cook County Sheriff",
        jurisdiction_basis="speaker_office",
    )
    checks, cands = run([dart])
    c = checks.iloc[0]
    assert (c["stat_id"], c["stat_value"], c["verdict"]) == ("s-cook-jail-2014-declined", "439", "consistent")
    assert c["jurisdiction_basis"] == "speaker_office"
    assert c["reasons"] == (
        "value_consistent: exact 439 vs 439; "
        "jurisdiction_basis: 17031 from the speaker's office ('Cook County Sheriff'); "
        "facility_named: the statistic counts facility il-chicago-cook-county-jail-b31262, the place as written "
        "('Cook County Sheriff') says \"sheriff\" (a county sheriff's office runs the county jail): COOK COUNTY JAIL; "
        "category_defines_metric: detainers_declined / Detainer Declined by LEA"
    )
    # the jail outranks the county total (441 = the jail + two police departments), which outranks the others
    assert list(cands["stat_id"]) == [
        "s-cook-jail-2014-declined",
        "s-cook-total-2014-declined",
        "s-cook-des-plaines-2014-declined",
        "s-cook-palatine-2014-declined",
    ]
    assert list(cands["scope"]) == ["facility_named", "jurisdiction_wide", "other_facility", "other_facility"]
    # against the total the claim would be close (within 5%), not understated like a 30-fold error
    assert list(cands["verdict_if_selected"])[:2] == ["consistent", "close"]


def test_a_quoted_sheriff_speaks_for_his_jail_whatever_gave_the_place():
    """The place from the article's context ("Cook County"), the claim inside the sheriff's quote: the speaker's
    role (quotes.speaker_role) points at the jail; the basis is shown."""
    dart = claim(
        "dart",
        *COOK_2014,
        "439",
        "exact",
        *CAL2014,
        exact="declined 439 detainer requests",
        jurisdiction_exact="Cook County",
        jurisdiction_basis="article_context",
    )
    checks, _ = run([dart], extra={"quote_id": ["fixture-cook-sheriff-2015:167-219"]})
    c = checks.iloc[0]
    assert (c["stat_id"], c["verdict"]) == ("s-cook-jail-2014-declined", "consistent")
    assert (
        "jurisdiction_basis: 17031 from the article's context (not named in the claim's sentence) ('Cook County'); "
        "facility_named: the statistic counts facility il-chicago-cook-county-jail-b31262, the speaker's role "
        "('Cook County Sheriff') says \"sheriff\""
    ) in c["reasons"]
    # outside the quote, the same words are about the county: its total, and close
    checks, _ = run([dart])
    assert (checks.iloc[0]["stat_id"], checks.iloc[0]["verdict"]) == ("s-cook-total-2014-declined", "close")


def test_jurisdiction_ids_one_place_is_the_place_several_are_never_summed():
    rows = [
        claim("us", "", "detainers_declined", "13595", "exact", *CAL2014),
        claim("two", "", "detainers_declined", "441", "exact", *CAL2014),
    ]
    checks, _ = run(rows, extra={"jurisdiction_ids": ["US", "17031 17043"]})
    by_id = checks.set_index("claim_id")
    assert (by_id.loc["us", "jurisdiction_id"], by_id.loc["us", "verdict"]) == ("US", "consistent")
    assert by_id.loc["two", "verdict"] == "unverifiable"
    assert by_id.loc["two", "reasons"].startswith(
        "several_jurisdictions: the claim is about 2 places (17031 17043), and no statistic"
    )


def test_a_named_jail_gets_the_facility_row_and_a_named_county_the_total():
    jail = one([claim("jail", *COOK_2014, "439", "exact", *CAL2014, jurisdiction_exact="Cook County Jail")])
    assert (jail["stat_id"], jail["verdict"]) == ("s-cook-jail-2014-declined", "consistent")
    assert (
        "facility_named: the statistic counts facility il-chicago-cook-county-jail-b31262, the place as written "
        "('Cook County Jail') names COOK COUNTY JAIL"
    ) in jail["reasons"]
    county = one([claim("county", *COOK_2014, "441", "exact", *CAL2014, jurisdiction_exact="Cook County")])
    assert (county["stat_id"], county["verdict"]) == ("s-cook-total-2014-declined", "consistent")
    assert "facility" not in county["reasons"]
    # the county named, the jail's figure claimed: close to the total, ratio shown
    near = one([claim("near", *COOK_2014, "439", "exact", *CAL2014, jurisdiction_exact="Cook County")])
    assert (near["stat_id"], near["verdict"]) == ("s-cook-total-2014-declined", "close")
    assert near["reasons"].startswith("value_close: exact 439 vs 441, ratio 0.995 (within 5%); ")


def test_an_office_with_several_facilities_is_the_whole_jurisdiction():
    c = one(
        [
            claim(
                "harris-sheriff",
                *HARRIS,
                "5072",
                "exact",
                *FY2019,
                jurisdiction_exact="Harris County Sheriff's Office",
            )
        ]
    )
    assert c["stat_id"] == "s-harris-fy2019" and c["verdict"] == "consistent"
    assert c["reasons"].endswith(
        """facility_ambiguous: the place as written ("Harris County Sheriff's Office") says "sheriff", which fits 2 """
        "facilities (HARRIS COUNTY DETENTION CENTER, HARRIS COUNTY JAIL), so the claim is taken as about the whole "
        "jurisdiction"
    )


def test_a_statistics_own_unit_overrides_its_metrics_class():
    """NPR's transferred_to_ice counts detainers (stats' unit column), the curated figures people."""
    stats = stats_df()
    stats["unit"] = ""
    jail = stats[stats["stat_id"].eq("s-cook-jail-2014-declined")].assign(
        stat_id="s-cook-jail-2014-transferred", metric="transferred_to_ice", category="", value="300", unit="detainers"
    )
    stats = pd.concat([stats, jail], ignore_index=True)
    row = claim(
        "t",
        "17031",
        "transferred_to_ice",
        "300",
        "exact",
        *CAL2014,
        unit="people",
        jurisdiction_exact="Cook County Jail",
    )
    c = one([row], stats=stats)
    assert c["stat_id"] == "s-cook-jail-2014-transferred" and c["verdict"] == "metric_mismatch"
    assert "unit_mismatch: people vs transferred_to_ice (detainers)" in c["reasons"]
    stats.loc[stats["stat_id"].eq("s-cook-jail-2014-transferred"), "unit"] = ""  # no unit: the metric's (people)
    assert one([row], stats=stats)["verdict"] == "consistent"


def test_only_the_aggregation_levels_params_allow_are_compared():
    """C2: an `unplaced` row (the part of Cook County's total the source does not place) is never a candidate;
    a level params do not list stops the stage."""
    stats = stats_df()
    stats["aggregation_level"] = ["facility" if f else "county" for f in stats["facility_id"]]
    stats.loc[stats["jurisdiction_id"].eq("US"), "aggregation_level"] = "nation"
    unplaced = stats[stats["stat_id"].eq("s-cook-total-2014-declined")].assign(
        stat_id="s-cook-unplaced-2014-declined", aggregation_level="unplaced", value="2"
    )
    stats = pd.concat([stats, unplaced], ignore_index=True)
    _, cands = run([claim("cook", *COOK_2014, "441", "exact", *CAL2014)], stats=stats)
    assert "s-cook-unplaced-2014-declined" not in set(cands["stat_id"])
    assert cands.iloc[0]["stat_id"] == "s-cook-total-2014-declined"
    stats.loc[0, "aggregation_level"] = "region"
    with pytest.raises(InputError, match=r"row 2, field 'aggregation_level'.*'region' is not in params"):
        cm.prepare_statistics(stats, "detainer_statistics.csv", RULES.aggregation_levels)


@pytest.mark.parametrize(
    "metric, unit, reason",
    [
        ("detainers_declined", "percent", "unit_not_count: the claim's number is percent, a share or a change"),
        ("detainers_issued", "ratio", "unit_not_count: the claim's number is ratio, a factor between two figures"),
        ("unclassified", "people", "metric_unclassified: unclassified, a number the metric vocabulary does not"),
        ("detainers_declined", "unknown", "unit_not_count: the claim's number is unknown, what the number counts"),
    ],
)
def test_percents_ratios_and_unclassified_metrics_are_unverifiable(metric, unit, reason):
    # 72 (%) of Cook County's 2014 declines, or "doubled": no count can confirm them
    c = one([claim("x", "17031", metric, "72", "exact", *CAL2014, unit=unit)])
    assert c["verdict"] == "unverifiable" and c["n_candidates"] == 0
    assert c["reasons"].startswith(reason)


LESA = "lesa-fixture"


def lesa_stats() -> pd.DataFrame:
    rows = [
        ("s-travis-cap-fy2017", "48453", "", "2016-10-01", "2017-09-30", "fiscal_year", "ice_arrests_at_local_jails",
         "", "1200", "count", LESA, "foia_data", ""),
        ("s-travis-bookings-2017", "48453", "", "2017-01-01", "2017-12-31", "calendar_year", "bookings_with_detainer",
         "", "2000", "count", LESA, "official_report", ""),
        ("s-us-encounters-fy2016", "US", "", "2015-10-01", "2016-09-30", "fiscal_year", "detainer_encounters",
         "", "45099", "count", LESA, "foia_data", ""),
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=STAT_COLUMNS)


def test_post_2015_metrics_are_comparable_with_their_named_differences():
    jur = pd.concat(
        [
            JURISDICTIONS,
            pd.DataFrame([("48453", "Travis County", "county", "48", "48453", "48")], columns=JURISDICTIONS.columns),
        ]
    )
    transferred = one(
        [claim("t1", "48453", "transferred_to_ice", "1200", "exact", "2016-10-01", "2017-09-30", unit="people")],
        stats=lesa_stats(),
        jurisdictions=jur,
    )
    assert transferred["verdict"] == "metric_mismatch"
    assert (
        "metric_mismatch: transferred_to_ice vs ice_arrests_at_local_jails (transfers on a detainer vs every "
        in (transferred["reasons"])
    )
    received = one(
        [claim("t2", "48453", "detainers_received", "2000", "exact", "2017-01-01", "2017-12-31", unit="detainers")],
        stats=lesa_stats(),
        jurisdictions=jur,
    )
    assert received["verdict"] == "metric_mismatch"
    assert "unit_mismatch: detainers vs bookings_with_detainer (bookings)" in received["reasons"]
    # ICE's FY2016 detainers (TRAC: 85,720) against the encounters with a detainer disposition: about half
    issued = one(
        [claim("t3", "US", "detainers_issued", "85720", "exact", "2015-10-01", "2016-09-30")], stats=lesa_stats()
    )
    assert issued["verdict"] == "overstated"
    assert "(about half of all detainers)" in issued["reasons"] and "ratio 1.9" in issued["reasons"]


def test_period_window_admits_near_misses_only():
    stats = stats_df()
    near = one(
        [claim("fr-dec", "39049", "released_despite_detainer", "29", "exact", "2020-01-20", "2020-01-31")], stats=stats
    )
    assert near["stat_id"] == "s-franklin-since-nov"  # 3 days after 2020-01-16: inside the 7-day window
    assert "no overlap, 3 days apart" in near["reasons"]
    far = one(
        [claim("fr-feb", "39049", "released_despite_detainer", "29", "exact", "2020-02-01", "2020-02-29")], stats=stats
    )
    assert far["verdict"] == "unverifiable"
    # a near miss is only a fallback: next to an overlapping statistic it is no candidate
    harris_fy2020 = pd.DataFrame(
        [
            (
                "s-harris-fy2020",
                "48201",
                "",
                "2019-10-01",
                "2020-09-30",
                "fiscal_year",
                "detainers_received",
                "",
                "4000",
                "count",
                CURATED,
                "foia_data",
                "",
            )
        ],
        columns=STAT_COLUMNS,
    )
    _, cands = run(
        [claim("harris", *HARRIS, "5072", "exact", *FY2019)], stats=pd.concat([stats, harris_fy2020], ignore_index=True)
    )
    assert list(cands["stat_id"]) == ["s-harris-fy2019"]


def test_ranking_prefers_same_metric_then_overlap_then_source_and_breaks_ties_by_stat_id():
    base = stats_df()
    extra = pd.DataFrame(
        [
            # same metric as the claim, poorer overlap: still beats the comparable metric
            (
                "s-cook-declined-fy2020",
                "17031",
                "",
                "2019-10-01",
                "2020-09-30",
                "fiscal_year",
                "detainers_declined",
                "",
                "900",
                "count",
                CURATED,
                "advocacy_data",
                "",
            ),
            # two identical candidates except their ids: the smaller stat_id ranks first
            (
                "s-cook-cal2019-b",
                "17031",
                "",
                "2019-01-01",
                "2019-12-31",
                "calendar_year",
                "released_despite_detainer",
                "",
                "1200",
                "count",
                CURATED,
                "official_report",
                "",
            ),
            (
                "s-cook-cal2019-a",
                "17031",
                "",
                "2019-01-01",
                "2019-12-31",
                "calendar_year",
                "released_despite_detainer",
                "",
                "400",
                "count",
                CURATED,
                "official_report",
                "",
            ),
            # a facility-level figure for the county scores below the county-wide one
            (
                "s-cook-jail-cal2019",
                "17031",
                "cook-county-jail",
                "2019-01-01",
                "2019-12-31",
                "calendar_year",
                "released_despite_detainer",
                "",
                "1100",
                "count",
                CURATED,
                "official_report",
                "",
            ),
        ],
        columns=STAT_COLUMNS,
    )
    checks, cands = run([SEED[0]], stats=pd.concat([base, extra], ignore_index=True))
    assert list(cands["stat_id"]) == [
        "s-cook-declined-fy2020",
        "s-cook-cal2019-a",
        "s-cook-cal2019-b",
        "s-cook-jail-cal2019",
        "s-cook-fy2019",
    ]
    assert list(cands["rank"]) == [1, 2, 3, 4, 5]
    assert list(cands["selected"]) == ["true", "false", "false", "false", "false"]
    top = cands.iloc[0]
    # 100 (same metric) + 50 x 92/639 (Oct-Dec 2019 shared, of 365 + 366 - 92 days) + 0 (calendar vs fiscal)
    # + 8 (same jurisdiction) + 2 (county-wide) + 0 (advocacy)
    assert top["score"] == pytest.approx(100 + 50 * 92 / 639 + 8 + 2, abs=1e-3)
    assert checks.iloc[0]["stat_id"] == "s-cook-declined-fy2020"
    assert checks.iloc[0]["n_candidates"] == 5
    # candidates carry the verdict they would give ("more than 1,000" vs 400); the value never ranks them
    assert dict(zip(cands["stat_id"], cands["verdict_if_selected"]))["s-cook-cal2019-a"] == "overstated"


# ---------------------------------------------------------------------------- outputs and errors
def test_output_is_independent_of_input_row_order():
    rows = SEED + [claim("harris", *HARRIS, "5072", "exact", *FY2019)]
    a_checks, a_cands = run(rows)
    b_checks, b_cands = run(
        rows[::-1], stats=stats_df().iloc[::-1].reset_index(drop=True), jurisdictions=JURISDICTIONS.iloc[::-1]
    )
    assert table_bytes(a_checks, cm.CHECK_COLUMNS, ["check_id"]) == table_bytes(
        b_checks, cm.CHECK_COLUMNS, ["check_id"]
    )
    assert table_bytes(a_cands, cm.CANDIDATE_COLUMNS, ["claim_id", "rank"]) == table_bytes(
        b_cands, cm.CANDIDATE_COLUMNS, ["claim_id", "rank"]
    )


def test_summary_counts_verdicts_per_article_and_in_total():
    rows = SEED + [
        claim(
            "other:1", "06075", "detainers_declined", "5", "exact", "2019-01-01", "2019-12-31", article="other-article"
        )
    ]
    checks, _ = run(rows)
    s = cm.summarize(checks)
    assert s["articles"][ARTICLE]["n_claims"] == 2
    assert s["articles"][ARTICLE]["verdicts"]["metric_mismatch"] == 1
    assert s["articles"][ARTICLE]["verdicts"]["period_mismatch"] == 1
    assert s["articles"]["other-article"]["verdicts"]["unverifiable"] == 1
    assert s["total"] == {
        "n_claims": 3,
        "n_matched": 2,
        "n_articles": 2,
        "verdicts": {
            "consistent": 0,
            "close": 0,
            "overstated": 0,
            "understated": 0,
            "period_mismatch": 1,
            "metric_mismatch": 1,
            "unverifiable": 1,
        },
    }


@pytest.mark.parametrize(
    "field, bad, message",
    [
        ("qualifier", "roughly", "qualifier 'roughly' not one of"),
        ("value", "1,000", "expected a number, got '1,000'"),
        ("metric", "requests_ignored", "metric 'requests_ignored' is not in validation/vocabularies.yaml"),
        ("period_start", "2019-02-30", "not a calendar date"),
    ],
)
def test_bad_claim_input_names_row_and_field(field, bad, message):
    df = pd.DataFrame(SEED, columns=CLAIM_COLUMNS)
    df.loc[1, field] = bad
    with pytest.raises(InputError) as e:
        cm.prepare_claims(df, "data/processed/claims.csv", METRICS)
    assert message in str(e.value)
    assert f"row 3, field '{field}'" in str(e.value)


@pytest.mark.parametrize(
    "field, bad, message",
    [
        ("value", "about 1070", "expected a number, got 'about 1070'"),
        ("period_end", "FY2019", "expected a date YYYY-MM-DD, got 'FY2019'"),
        ("period_start", "2020-01-01", "period_start 2020-01-01 is after period_end 2019-09-30"),
    ],
)
def test_bad_statistics_input_names_row_and_field(field, bad, message):
    df = stats_df()
    df.loc[0, field] = bad
    with pytest.raises(InputError) as e:
        cm.prepare_statistics(df, "data/processed/detainer_statistics.csv")
    assert message in str(e.value)
    assert "detainer_statistics.csv: row 2, field" in str(e.value)


def test_reason_codes_are_the_vocabulary_and_every_code_is_produced():
    vocabulary = read_yaml(VALIDATION / "vocabularies.yaml")["claim_check_reason"]
    assert list(vocabulary) == list(cm.REASON_CODES)
    rows = SEED + [
        claim("sf", "06075", "detainers_declined", "100", "exact", "2019-01-01", "2019-12-31"),
        claim("chicago", "1714000", "released_despite_detainer", "1070", "exact", *FY2019),
        claim("us-2014", "US", "detainers_declined", "8811", "exact", *CAL2014),
        claim("us-2015", "US", "us_citizens_detained", "38", "exact", "2015-01-01", "2015-12-31"),
        claim("us-big", "US", "detainers_issued", "300000", "exact", "2012-01-01", "2012-12-31"),
        claim("cook-near", *COOK_2014, "439", "exact", *CAL2014, jurisdiction_exact="Cook County"),
        claim(
            "dart",
            *COOK_2014,
            "439",
            "exact",
            *CAL2014,
            jurisdiction_exact="Sheriff",
            jurisdiction_basis="speaker_office",
        ),
        claim("harris", *HARRIS, "5072", "exact", *FY2019, jurisdiction_exact="Harris County Sheriff"),
        claim("harris-late", *HARRIS, "5072", "exact", "2018-10-01", "2019-10-01"),
        claim("nowhere", "", "detainers_declined", "5", "exact", *CAL2014),
        claim("share", "17031", "detainers_declined", "5", "exact", *CAL2014, unit="percent"),
        claim("other", "17031", "unclassified", "5", "exact", *CAL2014),
        claim("no-metric", "17031", "", "5", "exact", *CAL2014),
        claim("no-value", "17031", "detainers_declined", "", "exact", *CAL2014),
        claim("no-period", "17031", "detainers_declined", "5", "exact", "", ""),
        claim("two-places", "", "detainers_declined", "5", "exact", *CAL2014),
    ]
    checks, cands = run(rows, extra={"jurisdiction_ids": [""] * (len(rows) - 1) + ["17031 17043"]})
    found = [r.split(":")[0] for text in [*checks["reasons"], *cands["reasons_if_selected"]] for r in text.split("; ")]
    assert set(found) == set(cm.REASON_CODES)
    assert set(checks["verdict"]) == set(cm.VERDICTS) == set(read_yaml(VALIDATION / "vocabularies.yaml")["verdict"])


def test_bad_params_name_the_parameter():
    p = dict(params_for("check_claims"))
    p["about_tolerance"] = "ten percent"
    with pytest.raises(InputError, match=r"check_claims.about_tolerance"):
        cm.rules_from_params(p, METRICS)
    p = dict(params_for("check_claims"))
    p["comparable_metrics"] = [{"metrics": ["detainers_declined", "requests_ignored"], "mismatch": "x"}]
    with pytest.raises(InputError, match=r"comparable_metrics\[0\].*requests_ignored"):
        cm.rules_from_params(p, METRICS)


def test_stage_writes_tables_metrics_report_and_lists_candidates(tmp_path, monkeypatch, capsys):
    rows = SEED + [claim("sf", "06075", "detainers_declined", "100", "exact", "2019-01-01", "2019-12-31")]
    pd.DataFrame(rows, columns=CLAIM_COLUMNS).to_csv(tmp_path / "claims.csv", index=False)
    stats_df().to_csv(tmp_path / "stats.csv", index=False)
    JURISDICTIONS.to_csv(tmp_path / "jur.csv", index=False)
    FACILITIES.to_csv(tmp_path / "fac.csv", index=False)
    QUOTES.to_csv(tmp_path / "quotes.csv", index=False)
    for name, value in {
        "CLAIMS": "claims.csv",
        "STATISTICS": "stats.csv",
        "JURISDICTIONS": "jur.csv",
        "FACILITIES": "fac.csv",
        "QUOTES": "quotes.csv",
        "OUT_CHECKS": "out/claim_checks.csv",
        "OUT_CANDIDATES": "out/claim_candidates.csv",
        "OUT_METRICS": "out/claim_checks.json",
        "OUT_REPORT": "out/claim_checks.md",
    }.items():
        monkeypatch.setattr(stage, name, tmp_path / value)
    stage.main([])
    checks = pd.read_csv(tmp_path / "out/claim_checks.csv", dtype=str, keep_default_na=False)
    assert list(checks.columns) == cm.CHECK_COLUMNS
    assert dict(zip(checks["claim_id"], checks["verdict"])) == {
        f"{ARTICLE}:cook": "metric_mismatch",
        f"{ARTICLE}:franklin": "period_mismatch",
        "sf": "unverifiable",
    }
    assert dict(zip(checks["claim_id"], checks["value_ratio"]))[f"{ARTICLE}:cook"] == "0.934579"
    summary = json.loads((tmp_path / "out/claim_checks.json").read_text())
    assert summary["total"]["n_claims"] == 3
    assert "| **total** | 3 | 0 | 0 | 0 | 0 | 1 | 1 | 1 |" in (tmp_path / "out/claim_checks.md").read_text()
    first = (tmp_path / "out/claim_checks.csv").read_bytes()
    stage.main([])
    assert (tmp_path / "out/claim_checks.csv").read_bytes() == first
    capsys.readouterr()
    stage.main(["--candidates", f"{ARTICLE}:cook"])
    out = capsys.readouterr().out
    assert "verdict: metric_mismatch  (1 candidate(s))" in out
    assert "s-cook-fy2019" in out
    with pytest.raises(InputError, match="no claim with claim_id 'nope'"):
        stage.main(["--candidates", "nope"])


# ------------------------------------------------------------------------------ the real tables
def test_real_tables_seed_claims_meet_the_acceptance_criteria():
    """The published claims, statistics and jurisdictions (data/processed/) give the seed verdicts."""
    paths = {n: stage.PROCESSED / f"{n}.csv" for n in ("claims", "detainer_statistics", "jurisdictions")}
    if not all(p.exists() for p in paths.values()):
        pytest.fail("data/processed/ is committed; a missing table is a bug (run dvc repro)")
    claims, stats, jurisdictions, facilities, quotes, rules = stage.load_inputs()
    checks, cands = cm.check_all(claims, stats, jurisdictions, rules, facilities, quotes)
    assert sorted(checks["claim_id"]) == sorted(claims["claim_id"])  # exactly one row per claim
    by_jur = {(r.article_id, r.jurisdiction_id, r.metric): r for r in checks.itertuples(index=False)}
    cook = by_jur[(ARTICLE, "17031", "detainers_declined")]
    assert (cook.claim_value, cook.stat_value, cook.stat_metric) == ("1000", "1070", "released_despite_detainer")
    assert (cook.stat_period_start, cook.stat_period_end) == FY2019
    assert cook.reasons.startswith("value_consistent: more_than 1000 vs 1070, ratio 0.935; ")
    assert (
        "metric_mismatch: detainers_declined vs released_despite_detainer (requests ignored vs people released)"
        in cook.reasons
    )
    assert "period_mismatch: calendar 2019 (2019-01-01..2019-12-31) vs FY2019 (2018-10-01..2019-09-30)" in cook.reasons
    assert cook.verdict == "metric_mismatch"
    franklin = by_jur[(ARTICLE, "39049", "released_despite_detainer")]
    assert (franklin.stat_value, franklin.stat_period_start, franklin.stat_period_end) == (
        "29",
        "2019-11-01",
        "2020-01-16",
    )
    assert (
        "period_mismatch: November 2019 (2019-11-01..2019-11-30) vs span (2019-11-01..2020-01-16)" in franklin.reasons
    )
    assert franklin.verdict == "period_mismatch"


# ----------------------------------------------------------------- issue 15.1: the audit's case, on the real tables
COOK_SHERIFF = ROOT / "tests/fixtures/claimcheck/fixture-cook-sheriff-2015"


@pytest.fixture(scope="module")
def real_tables():
    return stage.load_inputs()


@pytest.fixture(scope="module")
def sheriffs_claim() -> tuple[dict, pd.DataFrame]:
    """The claim the extraction rules read out of the fixture article (a 2015 article quoting the Cook County
    sheriff: "We declined 439 detainer requests from ICE last year"), and the article's quotes."""
    meta = yaml.safe_load(COOK_SHERIFF.with_suffix(".yaml").read_text(encoding="utf-8"))
    text = normalize_text(COOK_SHERIFF.with_suffix(".txt").read_text(encoding="utf-8"))
    value, precision = parse_partial_date(meta["published"])
    article = {
        "article_id": meta["id"],
        "outlet": meta["outlet"],
        **publication_dates({"date_published": value, "date_precision": precision}),
    }
    result = extract_article(article, text, load_resolver(), place_min_population=50000)
    (found,) = [c for c in result.claims if float(c["value"]) == 439]
    assert (found["metric"], found["qualifier"], found["unit"]) == ("detainers_declined", "exact", "detainers")
    assert (found["period_start"], found["period_end"]) == CAL2014  # "last year" in 2015
    assert found["claimant"] == "Tom Dart" and found["quote_id"]
    quotes = pd.DataFrame(result.quotes)[["quote_id", "speaker_role"]]
    assert quotes.set_index("quote_id").loc[found["quote_id"], "speaker_role"] == "Cook County Sheriff"
    return found, quotes


def check_real(claim_row: dict, real_tables, quotes: pd.DataFrame) -> tuple[dict, pd.DataFrame]:
    """check_all on one claim row against the published statistics, jurisdictions and facilities."""
    _, stats, jurisdictions, facilities, _, rules = real_tables
    one_claim = cm.prepare_claims(pd.DataFrame([claim_row]).astype(str), metric_vocabulary=METRICS)
    checks, cands = cm.check_all(one_claim, stats, jurisdictions, rules, facilities, quotes)
    return checks.iloc[0].to_dict(), cands


def test_real_tables_sheriffs_claim_without_a_place_is_unverifiable(sheriffs_claim, real_tables):
    """As the audit found it: no jurisdiction resolved. Never the national 13,595 (ratio 0.03)."""
    found, quotes = sheriffs_claim
    unresolved = {"jurisdiction_id": "", "jurisdiction_ids": "", "jurisdiction_exact": "", "jurisdiction_basis": ""}
    c, cands = check_real({**found, **unresolved}, real_tables, quotes)
    assert c["verdict"] == "unverifiable" and cands.empty
    assert c["reasons"].startswith("jurisdiction_unknown: ")


def test_real_tables_sheriffs_claim_from_his_office_is_cook_county_jail_2014(sheriffs_claim, real_tables):
    """With the speaker's office as the basis (extraction's fallback): Cook County Jail 2014 = 439, consistent."""
    office = {
        "jurisdiction_id": "17031",
        "jurisdiction_name": "Cook County",
        "jurisdiction_exact": "Cook County Sheriff",
        "jurisdiction_basis": "speaker_office",
    }
    found, quotes = sheriffs_claim
    c, cands = check_real({**found, **office}, real_tables, quotes)
    assert (c["stat_facility_id"], c["stat_value"], c["stat_period_start"]) == (
        "il-chicago-cook-county-jail-b31262",
        "439",
        "2014-01-01",
    )
    assert c["verdict"] == "consistent"
    assert "jurisdiction_basis: 17031 (Cook County) from the speaker's office ('Cook County Sheriff')" in c["reasons"]
    assert "facility_named: " in c["reasons"]
    # the county-wide 441 (the jail and two suburban police departments) is the runner-up, close not understated
    runner_up = cands.iloc[1]
    assert (runner_up["stat_value"], runner_up["scope"], runner_up["verdict_if_selected"]) == (
        "441",
        "jurisdiction_wide",
        "close",
    )
    # the jail named in the text gives the same row; so does the place read from the article's context, the
    # claim being inside the sheriff's quote
    named, _ = check_real({**found, **office, "jurisdiction_exact": "Cook County Jail"}, real_tables, quotes)
    assert named["stat_id"] == c["stat_id"]
    context = {**office, "jurisdiction_exact": "Cook County", "jurisdiction_basis": "article_context"}
    in_quote, _ = check_real({**found, **context}, real_tables, quotes)
    assert (in_quote["stat_id"], in_quote["verdict"]) == (c["stat_id"], "consistent")


def test_docs_state_every_rule_of_params():
    """docs/claim-checking.md and params.yaml `check_claims` stay in step: every parameter, every comparable
    pair with its named difference, every reason code and verdict is in the prose."""
    doc = (ROOT / "docs/claim-checking.md").read_text(encoding="utf-8")
    p = params_for("check_claims")
    for key in p:
        assert f"`{key}" in doc, key
    for block in ("units", "facility_scope"):
        for sub in p[block]:
            assert f"`{block}.{sub}`" in doc, f"{block}.{sub}"
    for pair in p["comparable_metrics"]:
        a, b = pair["metrics"]
        assert f"| {a} | {b} | {pair['mismatch']} |" in doc, pair
    for term in (*cm.REASON_CODES, *cm.VERDICTS):
        assert f"`{term}`" in doc or f"**{term}**" in doc, term
    for name, weight in p["score"]["scope"].items():
        assert f"{name} [{weight}]" in doc, name


def test_real_tables_only_a_national_claim_meets_the_nation_row(sheriffs_claim, real_tables):
    """C1 on the published tables: "US" is the nation (13,595 declines in 2014); "" is no place at all."""
    found, quotes = sheriffs_claim
    national = {
        **found,
        "value": "13595",
        "jurisdiction_id": "US",
        "jurisdiction_ids": "US",
        "jurisdiction_basis": "national",
    }
    c, _ = check_real(national, real_tables, quotes)
    stats = real_tables[1].set_index("stat_id")
    assert (stats.loc[c["stat_id"], "aggregation_level"], c["stat_value"], c["verdict"]) == (
        "nation",
        "13595",
        "consistent",
    )
    nowhere, cands = check_real(
        {**national, "jurisdiction_id": "", "jurisdiction_ids": "", "jurisdiction_basis": "unresolved"},
        real_tables,
        quotes,
    )
    assert nowhere["verdict"] == "unverifiable" and cands.empty
