"""Jurisdictions and periods of claims (scripts/lib/extraction/jurisdiction.py, places.py, temporal.py).

Each case is a short text written here for the test (never copied from an article) in a form the
development corpus showed, with the GEOIDs and basis, or the period and basis, the claim must get.
Contract C1: "US" only when the text says the figure is national; "" (unresolved) is never national.
"""

from __future__ import annotations

import pytest

from scripts.lib.articletext import publication_dates
from scripts.lib.extraction import extract_article
from scripts.lib.extraction.places import with_national
from scripts.lib.extraction.temporal import ArticlePeriods, PubDate, find_periods
from scripts.lib.geo import load_resolver

PUB = "2018-06-15"
REL = "relative_to_publication"


@pytest.fixture(scope="module")
def resolver():
    return with_national(load_resolver())


def claims_of(text: str, resolver, pub: str = PUB) -> list[dict]:
    article = {"article_id": "t", "outlet": "Test Gazette", **publication_dates({"date_published": pub})}
    return extract_article(article, text, resolver, place_min_population=50000).claims


def one(claims: list[dict], value: str) -> dict:
    hits = [c for c in claims if c["value"] == value]
    assert len(hits) == 1, (value, [(c["value"], c["exact"]) for c in claims])
    return hits[0]


def place(c: dict) -> tuple[set[str], str]:
    return set(c["jurisdiction_ids"].split()), c["jurisdiction_basis"]


def period(c: dict) -> tuple[str, str, str]:
    return c["period_start"], c["period_end"], c["period_basis"]


# --- jurisdictions ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, value, ids, basis",
    [
        # a list of counties after a dash, the bare names read as counties of the state named
        (
            "Last week three Oregon counties — Lane, Marion and Jackson — said they would stop honoring ICE detainers.",
            "3",
            {"41039", "41047", "41029"},
            "explicit",
        ),
        # the names of the counted counties come in a later paragraph ("… and Hall counties")
        (
            "Nebraska's four biggest counties have stopped holding people for ICE.\n\n"
            "Lancaster County followed Douglas, Sarpy and Hall counties this summer.",
            "4",
            {"31109", "31055", "31153", "31079"},
            "explicit",
        ),
        # a definite count of counties ("those three counties") takes the counties named before it ...
        (
            "Oregon officials said the weekly list named Lane, Marion and Jackson counties.\n\n"
            "Those three counties released people that ICE had asked them to hold, the list said.",
            "3",
            {"41039", "41047", "41029"},
            "explicit",
        ),
        # ... and a later list may open with "Both" before the names
        (
            "In Pennsylvania the memo singles out two suburban counties. Both Chester and Bucks County "
            "refused to hold people for ICE last year.",
            "2",
            {"42029", "42017"},
            "explicit",
        ),
        # a state named after the figure only as a state body or law it was reported to or falls under is not
        # the figure's place: the county named before stays
        (
            "Kern County jail officials published their yearly figures.\n\n"
            "A former jail chief said her office handed 31 inmates over to ICE in 2021, a count it also sent to "
            "the California Attorney General's Office.",
            "31",
            {"06029"},
            "article_context",
        ),
        # a newspaper named for a city is not that city ("The Detroit Press"): the county named before stays
        (
            "In 2017 Ingham County jailed 40 people on ICE detainers.\n\n"
            "Records seen by The Detroit Press show 12 people were later released to ICE.",
            "12",
            {"26065"},
            "article_context",
        ),
        # a county the article names without "County" ("Hanover Sheriff ...") is that county where the bare
        # name stands alone, and a name used for a regional jail is not a city elsewhere
        (
            "Virginia sheriffs shared their records. Hanover Sheriff Dave Hines said his jail works with ICE.\n\n"
            "ICE lodged the most detainers in Hanover: 212.",
            "212",
            {"51085"},
            "explicit",
        ),
        (
            "Virginia sheriffs shared their records. Hanover Sheriff Dave Hines said his jail works with ICE.\n\n"
            "Hanover also sends inmates to Riverside Regional Jail, and ICE picked up 15 inmates from Riverside.",
            "15",
            {"51085"},
            "article_context",
        ),
        # "X is one of N <agencies> in America": the group, national; "among N <agencies> in Kansas": the state
        (
            "The sheriff's office is one of just 41 local law enforcement agencies in America in the ICE program.",
            "41",
            {"US"},
            "national",
        ),
        ("Sedgwick County is among 12 sheriff's offices in Kansas with a 287(g) agreement.", "12", {"20"}, "explicit"),
        # local units in general as the subject ("County jails received ...") make a state-level count (D18),
        # not the article's county
        (
            "New Jersey's Middlesex County will stop honoring ICE detainers, officials said.\n\n"
            "County jails received at least 4,100 detainer requests from ICE between 2012 and 2014.",
            "4100",
            {"34"},
            "article_context",
        ),
        # places listed as the subject of the claim's verb: all of them
        ("Maryland and Virginia declined 300 ICE detainers last year.", "300", {"24", "51"}, "explicit"),
        # a count of states with no list is a national figure, and so is a total over those states
        ("Police in 31 states turned away more than 9,000 ICE detainers last year.", "9000", {"US"}, "national"),
        ("Police in 31 states turned away more than 9,000 ICE detainers last year.", "31", {"US"}, "national"),
        # the place right after the claim's phrase wins over one named earlier in the sentence
        ("Officials in Phoenix said 212 detainers were lodged in Pima County in 2017.", "212", {"04019"}, "explicit"),
        # an item of a list of county figures is read as a county ("Hawaii" here is Hawaii County)
        (
            "Of the detainers, 90 went to county police departments — 50 in Maui, 30 in Kauai and 10 in Hawaii.",
            "10",
            {"15001"},
            "explicit",
        ),
        (
            "Of the detainers, 90 went to county police departments — 50 in Maui, 30 in Kauai and 10 in Hawaii.",
            "90",
            {"15009", "15007", "15001"},
            "explicit",
        ),
        # an ICE field office: the states the text says it covers ...
        (
            "The Seattle field office of ICE, which covers Washington, Oregon and Alaska, made 3,100 arrests in 2017.",
            "3100",
            {"53", "41", "02"},
            "explicit",
        ),
        # ... or, when the text does not say, the states of its area in jurisdictions.csv (Denver: CO, WY)
        ("ICE's Denver field office said it arrested 1,250 people in 2017.", "1250", {"08", "56"}, "explicit"),
        # ... also when the office is named after the acronym in parentheses
        (
            "Officers of ICE's Enforcement and Removal Operations (ERO) Denver arrested 120 people in a week.",
            "120",
            {"08", "56"},
            "explicit",
        ),
        # a plural anaphor takes the states of the sentence before
        (
            "Refusals were rare in Ohio and Indiana. Both of these states declined fewer than 10 detainers in 2016.",
            "10",
            {"39", "18"},
            "explicit",
        ),
        # an administration as the actor makes the figure national
        ("The Obama administration deported 409,000 people in 2012.", "409000", {"US"}, "national_agency"),
        # a consolidated city-county's agency, and a city that is one government with its county → the county
        ("The Denver Sheriff Department declined 30 detainers in 2017.", "30", {"08031"}, "explicit"),
        ("In Nashville, 18 people were handed over to ICE in 2017.", "18", {"47037"}, "explicit"),
        # a county named without the word County before a jail word ("Broward jail")
        ("Broward jail deputies turned 40 inmates over to ICE in 2017.", "40", {"12011"}, "explicit"),
        # a bare town after "in" is read in the state the article names
        (
            "Agents in North Carolina detained 40 workers at a factory in Sanford on Tuesday.",
            "40",
            {"3759280"},
            "explicit",
        ),
        # a sentence-final period ends a name ("Salt Lake County. Of …")
        ("ICE lodged 300 detainers in Salt Lake County. Of those, 25 were declined.", "300", {"49035"}, "explicit"),
        # a national term right after the figure beats a state named later in the sentence ...
        (
            "Of 4,100 requests across the country that month, 310 were refused, among them jails in Utah.",
            "4100",
            {"US"},
            "national",
        ),
        # ... read from the end of the total when the figure is "N out of M <noun>"
        (
            "The report said 150 out of 2,900 detainer requests across the country went unheeded, "
            "among them jails in Iowa.",
            "150",
            {"US"},
            "national",
        ),
        ("Jail bookings with a hold fell 45% nationally and 38% in Kansas last year.", "45", {"US"}, "national"),
        ("Jail bookings with a hold fell 45% nationally and 38% in Kansas last year.", "38", {"20"}, "explicit"),
        # ... but not a ranking after a local figure, nor the other side of a comparison
        (
            "Harris County released another 310 people, putting it in the top ten nationally.",
            "310",
            {"48201"},
            "explicit",
        ),
        (
            "Detainers in Ohio rose 60 percent, compared to 35 percent nationally.",
            "60",
            {"39"},
            "explicit",
        ),
        # a state's name after its namesake city stays the state
        (
            "Sales are slow in Oklahoma City. ICE holds fell 30 percent in Oklahoma last year.",
            "30",
            {"40"},
            "explicit",
        ),
        # a state's full name right after a county's name, without a comma, says which county it is
        (
            "Records show Franklin County Iowa is not a top jurisdiction. ICE issued five detainers to "
            "Franklin County last week.",
            "5",
            {"19069"},
            "explicit",
        ),
        # an ambiguous "X County" is a county of the state named later, never the state X
        (
            "Washington County had nine requests that week, the report says. The county lies west of Salem, Oregon.",
            "9",
            {"41067"},
            "explicit",
        ),
        # accented letters in names
        ("Doña Ana County deputies honored 463 immigration holds in 2013.", "463", {"35013"}, "explicit"),
        # a bare county name before "Sheriff", read in the article's state
        (
            "RICHMOND, Va. -- Chesterfield Sheriff Karl Leonard said ICE placed 370 detainers on inmates last year.",
            "370",
            {"51041"},
            "explicit",
        ),
        # a regional jail is named for a region, not for the large city of that name elsewhere
        ("In Virginia, the Riverside Regional Jail received 90 ICE detainers in 2016.", "90", {"51"}, "explicit"),
        # the bare short name of Miami-Dade County (data/hand/jurisdiction_aliases.csv)
        ("Miami-Dade refused 93 ICE detainer requests in 2017.", "93", {"12086"}, "explicit"),
        # a list after a dash is of places of one level, its first item's: the counties, not the state after them
        (
            "Three sheriffs — in Harris, Travis and Dallas counties — joined the program in Texas.",
            "3",
            {"48201", "48453", "48113"},
            "explicit",
        ),
        # a city after a count of counties cannot hold them: it gives their state
        ("Eight counties near Atlanta have joined the 287(g) program.", "8", {"13"}, "explicit"),
        # a state before a plural possessive ("Sheriffs’ Association") is named, and "the state" refers back to it
        (
            "The Ohio Sheriffs’ Association wrote to its members.\n\n"
            "Over 70 of the state’s 88 counties honor ICE detainer requests.",
            "70",
            {"39"},
            "explicit",
        ),
        # one example after "including" and a state in an organisation's name are no list: the group's own state
        (
            "More than half of Ohio's 88 sheriffs, including Franklin County Sheriff Dallas Baldwin, told the "
            "ACLU of Ohio that they no longer honor detainers.",
            "0.5",
            {"39"},
            "explicit",
        ),
    ],
)
def test_jurisdiction_forms(resolver, text, value, ids, basis):
    c = one(claims_of(text, resolver), value)
    assert place(c) == (ids, basis), c
    assert text[c["start"] : c["end"]] == c["exact"]


def test_a_state_that_describes_the_articles_county(resolver):
    text = (
        "ICE transfers rose 40 percent in the largest Texas county\n\n"
        "Harris County jail officials handed more inmates to ICE this spring. Harris County leaders objected."
    )
    assert place(one(claims_of(text, resolver), "40")) == ({"48201"}, "article_context")


def test_national_agency_only_in_a_story_about_no_local_place(resolver):
    national = "ICE issued 143,000 detainers in fiscal 2018.\n\nThe agency said more would follow."
    assert place(one(claims_of(national, resolver), "143000")) == ({"US"}, "national_agency")
    local = (
        "Travis County jail sees more ICE requests\n\n"
        "Travis County's jail received more requests this year.\n\n"
        "Last year, ICE averaged four detainer requests a day."
    )
    assert place(one(claims_of(local, resolver), "4")) == ({"48453"}, "article_context")
    # a count no county reaches, by a national agency (the subject of the first of two verbs), even when a
    # sheriff's statement quotes it in a story about one county
    quoted = (
        "Lincoln County jail ends ICE contract\n\n"
        "The Lincoln County Sheriff's Office in Wyoming issued this statement:\n\n"
        "In its yearly report, ICE detained or removed 250,000 people in 2019."
    )
    assert place(one(claims_of(quoted, resolver), "250000")) == ({"US"}, "national_agency")


def test_a_figure_credited_to_a_national_agency_with_no_place_is_national(resolver):
    # a state story: the paragraph names the state, but the sentence credits ICE and names no place
    text = (
        "Arizona sheriffs sign up for immigration program\n\n"
        "Five Arizona sheriffs joined the program this spring. Some 75 agencies now take part in it, "
        "according to U.S. Immigration and Customs Enforcement."
    )
    assert place(one(claims_of(text, resolver), "75")) == ({"US"}, "national_agency")
    # a local body in the sentence ("the jail") keeps the figure local
    local = (
        "Travis County jail sees more ICE requests\n\n"
        "Travis County's jail received more requests this year. The jail held 30 people for immigration agents "
        "in May, according to ICE."
    )
    assert place(one(claims_of(local, resolver), "30")) == ({"48453"}, "explicit")


def test_a_share_of_the_figure_just_given_takes_its_place(resolver):
    # "N% of whom" counts the people of the figure before it: national here, not the quoting sheriff's county
    text = (
        "Lincoln County jail ends ICE contract\n\n"
        "The Lincoln County Sheriff's Office in Wyoming issued this statement:\n\n"
        "In its yearly report, ICE arrested 150,000 people in 2019, more than 80% of whom had a criminal record."
    )
    assert place(one(claims_of(text, resolver), "80")) == ({"US"}, "article_context")


def test_the_writers_own_office_is_never_national(resolver):
    text = (
        "In 2009, my office joined the 287(g) program with the Department of Homeland Security.\n\n"
        "Since then there have been 900 detainers placed on inmates."
    )
    c = one(claims_of(text, resolver), "900")
    assert (c["jurisdiction_id"], c["jurisdiction_basis"]) == ("", "unresolved")  # C1: unknown, not "US"
    # "since then": from the year stated before to publication (FORMAT D15: "since <date or event>")
    assert period(c) == ("2009-01-01", PUB, "relative_to_publication")


def test_a_dateline_is_not_the_place_of_a_national_figure(resolver):
    text = "LAS VEGAS (AP) — A Department of Homeland Security report says 1,200 detainers were declined in 2015."
    assert place(one(claims_of(text, resolver), "1200")) == ({"US"}, "national_agency")


def test_a_news_release_header_is_not_the_place_of_its_figures(resolver):
    # the header of an ice.gov release runs the date into the city it was issued from, as a dateline does
    text = (
        "Skip to main content\nMay 3, 2018Tacoma, WA, United StatesEnforcement and Removal\n\n"
        "ICE removes 40 people in a week\n\nICE officers removed 40 people in the first week of May."
    )
    claims = claims_of(text, resolver)
    assert len(claims) == 2 and all(place(c) == ({"US"}, "national_agency") for c in claims), claims


def test_a_county_shared_by_states_in_a_story_that_names_no_state(resolver):
    text = "Frederick County deputies lodged 50 detainers in 2017, the sheriff said."
    assert place(one(claims_of(text, resolver), "50")) == ({"24021"}, "explicit")  # Maryland's, 3x Virginia's


# --- period expressions -----------------------------------------------------------------------------------
def pub_day(day: str) -> PubDate:
    return PubDate(day, "day", day, day, day)


@pytest.mark.parametrize(
    "phrase, pub, expected",
    [
        ("between 2016 and 2020", PUB, ("2016-01-01", "2020-12-31", "explicit")),
        ("between 2014 and the end of 2015", PUB, ("2014-01-01", "2015-12-31", "explicit")),
        ("during 2012 and 2013", PUB, ("2012-01-01", "2013-12-31", "explicit")),
        ("from early 2017 through March 2018", PUB, ("2017-01-01", "2018-03-31", "explicit")),
        ("for the entire FY 2014 - FY 2016 period", PUB, ("2013-10-01", "2016-09-30", "explicit")),
        ("in the week beginning January 28, 2017", PUB, ("2017-01-28", "2017-02-03", "explicit")),
        ("during the first two months of FY 2016", PUB, ("2015-10-01", "2015-11-30", "explicit")),
        ("in the first three months of 2018", PUB, ("2018-01-01", "2018-03-31", "explicit")),
        ("so far in 2018", PUB, ("2018-01-01", PUB, "relative_to_publication")),
        # an ended term: its dates come from the lexicon, not the text (inferred)
        ("during the entire Obama administration", PUB, ("2009-01-20", "2017-01-20", "inferred")),
        # "under President X": the term; one that ended before publication is the whole term, not up to publication
        ("under President Obama", PUB, ("2009-01-20", "2017-01-20", "inferred")),
        ("under President Donald Trump", PUB, ("2017-01-20", PUB, REL)),
        ("under President Biden", "2025-06-15", ("2021-01-20", "2025-01-20", "inferred")),
        ("since the beginning of the Trump administration", PUB, ("2017-01-20", PUB, "relative_to_publication")),
        ("between 20 January and 4 May last year", PUB, ("2017-01-20", "2017-05-04", "relative_to_publication")),
        ("from Jan. 1, 2014, to Sept. 30, 2015", PUB, ("2014-01-01", "2015-09-30", "explicit")),
        ("July through September", "2018-10-15", ("2018-07-01", "2018-09-30", "relative_to_publication")),
        ("on Wednesday", "2017-02-03", ("2017-02-01", "2017-02-01", "relative_to_publication")),
        ("currently", PUB, (PUB, PUB, "relative_to_publication")),
        ("in the first quarter of 2017", PUB, ("2017-01-01", "2017-03-31", "explicit")),
        ("in the second half of fiscal 2017", PUB, ("2017-04-01", "2017-09-30", "explicit")),
        ("during the 2017 fiscal year", PUB, ("2016-10-01", "2017-09-30", "explicit")),
        ("since the start of the year", PUB, ("2018-01-01", PUB, "relative_to_publication")),
        ("in the first three months of the year", PUB, ("2018-01-01", "2018-03-31", "relative_to_publication")),
        ("during the second half of last year", PUB, ("2017-07-01", "2017-12-31", "relative_to_publication")),
        ("in the last three months of 2017", PUB, ("2017-10-01", "2017-12-31", "explicit")),
        ("for Fiscal Year 2017", PUB, ("2016-10-01", "2017-09-30", "explicit")),
        ("during the 2015-16 fiscal year", PUB, ("2015-10-01", "2016-09-30", "explicit")),
        ("in the fiscal year that ended June 30", "2018-07-20", ("2017-07-01", "2018-06-30", REL)),
        ("over the past 2½ years", PUB, ("2015-12-15", PUB, REL)),
        ("in the last two months", PUB, ("2018-04-15", PUB, REL)),
        ("in the past week", PUB, ("2018-06-08", PUB, REL)),
        ("compared with 90 in all of 2016", PUB, ("2016-01-01", "2016-12-31", "explicit")),
        ("through May this year", PUB, ("2018-01-01", "2018-05-31", REL)),
        ("through April 30 of this year", PUB, ("2018-01-01", "2018-04-30", REL)),
        ("this year at the two county jails through May 20", PUB, ("2018-01-01", "2018-05-20", REL)),
        ("from fiscal year 2016 through March 1 of this year", PUB, ("2015-10-01", "2018-03-01", REL)),
        ("since Monday", "2018-06-14", ("2018-06-11", "2018-06-14", REL)),
        ("since President Trump was sworn in", PUB, ("2017-01-20", PUB, REL)),
        (
            "since Trump returned to office through May 31 of this year",
            "2025-06-15",
            ("2025-01-20", "2025-05-31", REL),
        ),  # fmt: skip
        ("in the week of Jan. 28, 2017 through Feb. 3, 2017", PUB, ("2017-01-28", "2017-02-03", "explicit")),
        ("within the dates of Jan. 28, 2017 and Feb. 3, 2017", PUB, ("2017-01-28", "2017-02-03", "explicit")),
        ("as of this same time last year", PUB, ("2017-01-01", "2017-06-15", REL)),
        ("from January to mid-April of 2017", PUB, ("2017-01-01", "2017-04-15", "explicit")),
        ("from May to December in 2017", PUB, ("2017-05-01", "2017-12-31", "explicit")),
        ("(January 20, 2017 – February 17, 2017)", PUB, ("2017-01-20", "2017-02-17", "explicit")),
        ("the first 30 days since Trump took office", PUB, ("2017-01-20", "2017-02-18", REL)),
        # a stock at the start of a term: that day; "before" it: the day before (inferred)
        ("when President Trump first took office", PUB, ("2017-01-20", "2017-01-20", "inferred")),
        ("for the first month of 2017", PUB, ("2017-01-01", "2017-01-31", "explicit")),
        ("By 2016,", PUB, ("2016-01-01", "2016-12-31", "explicit")),
        ("before Trump's second inauguration", "2025-05-02", ("2025-01-19", "2025-01-19", "inferred")),
        # a calendar year or month that holds the publication day runs only up to it
        ("in 2018", PUB, ("2018-01-01", PUB, REL)),
        ("this month", PUB, ("2018-06-01", PUB, REL)),
    ],
)
def test_period_expressions(phrase, pub, expected):
    found = find_periods(phrase, 0, len(phrase), pub_day(pub))
    assert len(found) == 1, found
    assert (found[0].period_start, found[0].period_end, found[0].basis) == expected


def test_a_running_count_in_an_article_known_to_the_month_ends_with_that_month():
    month_only = PubDate("2018-03", "month", "2018-03-01", "2018-03-31", "")
    for phrase in ("this year", "in 2018"):
        f = find_periods(phrase, 0, len(phrase), month_only)[0]
        assert (f.period_start, f.period_end) == ("2018-01-01", "2018-03-31"), phrase
    year_only = PubDate("2018", "year", "2018-01-01", "2018-12-31", "")
    assert find_periods("this year", 0, 9, year_only) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The rule took effect on Feb. 1.\n\nSince then, the jail has declined 40 detainers.", "2018-02-01"),
        ("A state law took effect Jan. 1. Since the new law took effect, deputies have held 12 people.", "2018-01-01"),
    ],
)
def test_since_an_event_runs_from_its_date_stated_before(text, expected):
    since = [f for f in find_periods(text, 0, len(text), pub_day(PUB)) if f.exact.lower().startswith("since")]
    assert [(f.period_start, f.period_end, f.basis) for f in since] == [(expected, PUB, "relative_to_publication")]


def test_his_presidency_is_the_term_of_the_president_named_before():
    text = "President Donald Trump returned to office in January. So far during his presidency, arrests have doubled."
    term = [f for f in find_periods(text, 0, len(text), pub_day("2025-07-21")) if "his" in f.exact]
    assert [(f.period_start, f.period_end, f.basis) for f in term] == [("2025-01-20", "2025-07-21", REL)]
    text = "Barack Obama left office in 2017. Under his administration, ICE removed 400,000 people in one year."
    term = [f for f in find_periods(text, 0, len(text), pub_day(PUB)) if "his" in f.exact]
    assert [(f.period_start, f.period_end, f.basis) for f in term] == [("2009-01-20", "2017-01-20", "inferred")]


def test_article_periods_are_found_once_and_looked_up_by_position():
    text = "In 2016 the jail held 40 people. In fiscal 2018 it held 90.\n\nNothing else."
    periods = ArticlePeriods(text, pub_day(PUB))
    assert [p.exact for p in periods.found] == ["In 2016", "In fiscal 2018"]
    assert [p.exact for p in periods.within(30, len(text))] == ["In fiscal 2018"]


# --- the period of a claim --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, value, expected",
    [
        # carried from the sentence before, in the same paragraph
        (
            "From January to June 2017, the jail received 310 detainers. Of those, 120 were honored.",
            "120",
            ("2017-01-01", "2017-06-30", "inferred"),
        ),
        # a period inside what a release reported ("reported that in ..."), not the release's date; the number
        # word of the period is not another claim
        (
            "In a statement issued Monday, the group reported that in the first two months of the year, the "
            "county refused 45 ICE detainers.",
            "45",
            ("2018-01-01", "2018-02-28", "relative_to_publication"),
        ),
        # carried from further back in the article, past a paragraph that states no period
        (
            "The county jail received 310 detainers in 2016.\n\nThe sheriff defended the jail's policy.\n\n"
            "Deputies handed 120 inmates over to ICE.",
            "120",
            ("2016-01-01", "2016-12-31", "inferred"),
        ),
        # carried from the paragraph before
        (
            "The county jail received 310 detainers in 2016.\n\nDeputies honored 120 of them.",
            "120",
            ("2016-01-01", "2016-12-31", "inferred"),
        ),
        # "the year prior" is the year before the sentence's own period
        (
            "The jail sent 700 people to ICE in 2017, up from 597 the year prior.",
            "597",
            ("2016-01-01", "2016-12-31", "inferred"),
        ),
        # a change takes the later end of its span
        ("Transfers to ICE rose 45 percent from 2015 to 2016.", "45", ("2016-01-01", "2016-12-31", "explicit")),
        # a change against "the same period" of another year takes the compared period
        (
            "Between Jan. 20 and May 4, 2017, transfers were 60 percent higher than during the same period in 2016.",
            "60",
            ("2017-01-20", "2017-05-04", "explicit"),
        ),
        # a change "from N1 in <year> to N2 in <year>" takes the later year
        ("Transfers dropped 29% from 1,015 in 2016 to 711 in 2017.", "29", ("2017-01-01", "2017-12-31", "explicit")),
        # each end of a from-to pair after a span of years takes its own year
        ("Removals rose 40% from 2015 to 2016, from 500 to 700.", "500", ("2015-01-01", "2015-12-31", "explicit")),
        ("Removals rose 40% from 2015 to 2016, from 500 to 700.", "700", ("2016-01-01", "2016-12-31", "explicit")),
        # "respectively" pairs the years with the figures
        (
            "In 2015 and 2016, ICE lodged 1,800 and 1,600 detainers, respectively.",
            "1600",
            ("2016-01-01", "2016-12-31", "explicit"),
        ),
        # the date a statement was made is not the figure's period
        ("The newspaper reported in March that ICE issued 409 detainers.", "409", ("", "", "unspecified")),
        # a rate is not given the period of another sentence
        (
            "In 2016 the county held 180 people for ICE. Holding one costs the county $200 a day.",
            "200",
            ("", "", "unspecified"),
        ),
        # a headline figure takes the period its body states (FORMAT D5)
        (
            "ICE lodged 4,321 detainers in Ohio\n\nICE lodged 4,321 detainers in Ohio in 2017, records show.",
            "4321",
            None,  # both occurrences checked below
        ),
    ],
)
def test_claim_periods(resolver, text, value, expected):
    cs = [c for c in claims_of(text, resolver) if c["value"] == value]
    assert cs, claims_of(text, resolver)
    if expected is None:
        assert [period(c) for c in cs] == [
            ("2017-01-01", "2017-12-31", "inferred"),
            ("2017-01-01", "2017-12-31", "explicit"),
        ]
    else:
        assert len(cs) == 1 and period(cs[0]) == expected, cs


def test_last_year_in_a_story_that_counts_fiscal_years(resolver):
    text = "ICE sent detainers to 3,600 agencies in fiscal 2019.\n\nHarris County received 5,000 detainers last year."
    c = one(claims_of(text, resolver, pub="2020-02-15"), "5000")
    assert period(c) == ("2018-10-01", "2019-09-30", "inferred")


@pytest.mark.parametrize(
    "text, value, expected",
    [
        # a year that modifies the counted noun is the period ("the 2015 detainers")
        (
            "Nearly 300 of the 2015 detainers in the state named people with no record.",
            "300",
            ("2015-01-01", "2015-12-31", "explicit"),
        ),
        # "through <date>" for a running count starts at Jan. 1 of that year
        (
            "Through Nov. 30, 2017, the sheriff's office notified ICE 410 times.",
            "410",
            ("2017-01-01", "2017-11-30", "explicit"),
        ),
        # a span after a reporting verb is what the statement covers, not when it was made
        (
            "The department said from Jan. 28 through Feb. 3 of this year, ICE issued 3,000 detainers nationwide.",
            "3000",
            ("2018-01-28", "2018-02-03", "relative_to_publication"),
        ),
        # an era that ended before publication is that term ("under President Obama"), not a span up to publication
        (
            "Under President Obama, the count of 287(g) partner agencies shrank from 72 to 35.",
            "72",
            ("2009-01-20", "2017-01-20", "inferred"),
        ),
        # a fronted "By <year>," dates the clause: a change there takes that year, not the year of the sentence before
        (
            "In 2015 the jail held 120 people for ICE. By 2017, that number had tripled.",
            "3",
            ("2017-01-01", "2017-12-31", "explicit"),
        ),
        # ... but "by <year>" inside a clause is a deadline, not a period
        ("The sheriff expects to hold 500 people for ICE by 2030, he said.", "500", ("", "", "unspecified")),
        # a part of another amount stated after it ("half the total ... in 2016") is measured against that year:
        # it takes the figure's own year stated before it (a comparison takes the later period)
        (
            "The jail handed 21 people to ICE in 2017, less than half the total it released to agents in 2016.",
            "0.5",
            ("2017-01-01", "2017-12-31", "explicit"),
        ),
        # ... and, when the sentence states no other, the period carried from the sentence before
        (
            "ICE lodged 9,500 detainers in May 2018. That is about half the level of April 2014.",
            "0.5",
            ("2018-05-01", "2018-05-31", "inferred"),
        ),
        # a share of that year's own detainers is not a comparison
        (
            "Half the detainers ICE lodged in 2016 named people with no criminal record.",
            "0.5",
            ("2016-01-01", "2016-12-31", "explicit"),
        ),
        # "now" is the publication day when it stands next to the figure, though the sentence names a year
        (
            "With these deals, ICE now has 60 active agreements, nearly double the number of programs in 2016.",
            "60",
            (PUB, PUB, "relative_to_publication"),
        ),
    ],
)
def test_claim_periods_in_the_sentence(resolver, text, value, expected):
    assert period(one(claims_of(text, resolver), value)) == expected


@pytest.mark.parametrize(
    "text, value, expected",
    [
        # the clause's own period before the figure wins over "now" in a relative clause after it
        (
            "In the past week alone, 12 sheriff's offices signed agreements with ICE, which now has 90 partners.",
            "12",
            ("2018-06-08", PUB, REL),
        ),
        # a part of a term ("the fourth month of the Trump administration") is not the whole term
        (
            "By April 2017, the third month of the Trump administration, ICE issued 9,000 detainers.",
            "9000",
            ("2017-04-01", "2017-04-30", "explicit"),
        ),
        # "as many ... as it did during the same month last year": the base of the comparison
        (
            "Last month ICE took three times as many people from the county jail as it did during the same month "
            "last year.",
            "3",
            ("2018-05-01", "2018-05-31", REL),
        ),
        # "data from the sheriff" is a source, not the base of a comparison
        (
            "Data from the sheriff shows that last month, deputies handed three times as many people to ICE as "
            "they did during the same month last year.",
            "3",
            ("2018-05-01", "2018-05-31", REL),
        ),
        # the year after the next figure is that figure's base; the share takes the year stated before
        (
            "Last year ICE made 45 requests to the jail.\n\nThat is 0.5 percent of all bookings, down from 0.9 "
            "percent in 2016.",
            "0.5",
            ("2017-01-01", "2017-12-31", "inferred"),
        ),
        # a period right before "found that" dates the finding, not the figure
        (
            "A county audit this year found that 30 percent of the people deported had no criminal record.",
            "30",
            ("", "", "unspecified"),
        ),
        # "so far" with no start: no period is carried in (FORMAT D15)
        (
            "ICE arrests rose 40 percent in 2017.\n\nSo far, 60 sheriff's offices have signed 287(g) agreements.",
            "60",
            ("", "", "unspecified"),
        ),
    ],
)
def test_claim_periods_choices(resolver, text, value, expected):
    assert period(one(claims_of(text, resolver), value)) == expected


def test_the_base_of_a_comparison_after_a_figure_is_not_its_period(resolver):
    """ "up from just 30 in March 2017" dates the 30, not the figures before it; "since" and the "than" of a
    qualifier start no comparison."""
    text = "ICE now lists 80 partner agencies in 21 states, up from just 30 in March 2017."
    assert period(one(claims_of(text, resolver, pub="2018"), "21")) == ("", "", "unspecified")
    text = "Just 9 percent of agencies received more than a hundred detainers during FY 2017."
    assert period(one(claims_of(text, resolver), "9")) == ("2016-10-01", "2017-09-30", "explicit")
    text = "The jail has held 600 people for ICE over two years, an increase over 2016, its report said."
    assert period(one(claims_of(text, resolver), "600")) == ("", "", "unspecified")
    text = "ICE lodged a total of 1,500 detainers in two years – 700 requests in 2016 and 800 in 2017."
    # a total before its parts: the span of the parts' periods
    assert period(one(claims_of(text, resolver), "1500")) == ("2016-01-01", "2017-12-31", "explicit")
    text = "The jail has handed 16 inmates to ICE since March 3, its superintendent said."
    assert period(one(claims_of(text, resolver), "16")) == ("2018-03-03", PUB, REL)


@pytest.mark.parametrize(
    "text, value, expected",
    [
        # a state in the simple present takes no period from the paragraphs before (FORMAT D15)
        (
            "ICE lodged 900 detainers in Ohio in 2016.\n\nThe agency has open detainer requests for 1,200 people in "
            "state prisons.",
            "1200",
            ("", "", "unspecified"),
        ),
        # ... unless it speaks of the figure before ("That comes to ...")
        (
            "Last year ICE made five requests to the jail.\n\nThat comes to 0.5 percent of all bookings.",
            "0.5",
            ("2017-01-01", "2017-12-31", "inferred"),
        ),
    ],
)
def test_claim_periods_of_a_present_state(resolver, text, value, expected):
    assert period(one(claims_of(text, resolver), value)) == expected


def test_a_figure_followed_by_a_comma_is_found_for_its_repeats():
    text = "The county spent $52,000, the cost of holding people for ICE in 2016.\n\nIt was a $52,000 issue."
    periods = ArticlePeriods(text, pub_day(PUB))
    assert [(p.period_start, p.period_end) for _, p in periods.figures()["52000"]] == [("2016-01-01", "2016-12-31")]


def test_the_review_period_is_the_span_stated_before_not_a_later_event_month(resolver):
    text = (
        "Between October 2016 and February 2018, jails released 1,600 people despite ICE detainers.\n\n"
        "In March, the governor signed an order on immigration.\n\n"
        "The county jail released more than 1,150 people despite ICE detainers during the review period."
    )
    assert period(one(claims_of(text, resolver), "1150")) == ("2016-10-01", "2018-02-28", "inferred")


def test_an_operation_of_n_days_its_anaphor_and_figures_outside_it(resolver):
    text = (
        "Officers arrested 21 people during a 4-day enforcement operation ending June 8.\n\n"
        "Six of the people arrested were previously released by the county jail.\n\n"
        "“During this operation, our officers took more than a dozen offenders off the street,” the director said. "
        "“A third of them could have been deported earlier.”"
    )
    claims = claims_of(text, resolver)
    assert period(one(claims, "21")) == ("2018-06-05", "2018-06-08", REL)
    assert period(one(claims, "12")) == ("2018-06-05", "2018-06-08", "inferred")  # "during this operation"
    assert period(one(claims, "6")) == ("", "", "unspecified")  # "previously": before the operation
    assert period(one(claims, "0.3333")) == ("", "", "unspecified")  # a counterfactual has no period


def test_the_reports_time_frame_is_the_closed_span_stated_before(resolver):
    text = (
        "The report listed jails that declined detainers during Jan. 28 through Feb. 3.\n\n"
        "This week the county said it got the list.\n\n"
        "The agency issued five requests to the county jail during the report’s time-frame."
    )
    assert period(one(claims_of(text, resolver), "5")) == ("2018-01-28", "2018-02-03", "inferred")


def test_the_date_of_the_event_a_since_counts_from_is_not_carried(resolver):
    text = (
        "The jail held 300 people for ICE in May 2018.\n\n"
        "The sheriff has refused every request since her election in 2016, officials said.\n\n"
        "ICE says it sent 48 detainers to the county jail."
    )
    assert period(one(claims_of(text, resolver), "48")) == ("2018-05-01", "2018-05-31", "inferred")


def test_the_same_n_days_in_another_year():
    text = "Detainers rose during the first 29 days since Trump took office, against the same 29 days in 2016."
    same = [f for f in find_periods(text, 0, len(text), pub_day(PUB)) if "same" in f.exact]
    assert [(f.period_start, f.period_end) for f in same] == [("2016-01-20", "2016-02-17")]


def test_the_same_period_in_another_year_is_the_span_stated_before_in_that_year(resolver):
    text = (
        "ICE made 264 detainer requests from May to December in 2017.\n\n"
        "That was up from the same period in 2016, which saw 35 requests."
    )
    assert period(one(claims_of(text, resolver), "35")) == ("2016-05-01", "2016-12-31", "inferred")


def test_a_headline_figure_takes_the_period_its_body_states_a_sentence_earlier(resolver):
    text = (
        "Jails Turned Away 4,321 ICE Requests\n\nFrom Jan. 1, 2016, to June 30, 2017, jails declined 9,000 ICE "
        "detainers. Of these, 4,321 were for people with a criminal record."
    )
    assert period(claims_of(text, resolver)[0]) == ("2016-01-01", "2017-06-30", "inferred")


def test_a_headline_change_takes_the_period_of_the_body_not_its_comparison_base(resolver):
    text = (
        "Jail transfers to ICE jumped 60 percent in the county\n\nThe report says that between Jan. 20 and May 4, "
        "2017, transfers of inmates to ICE were 60 percent higher than during the same period in 2016."
    )
    assert [period(c) for c in claims_of(text, resolver)] == [
        ("2017-01-20", "2017-05-04", "inferred"),
        ("2017-01-20", "2017-05-04", "explicit"),
    ]


def test_a_multiple_of_a_weekly_average_is_no_rate_and_takes_the_period_before(resolver):
    text = (
        "ICE issued 3,000 detainers in the week beginning Jan. 28, 2017. This number is about double the average "
        "weekly number of detainers ICE issued before."
    )
    assert period(one(claims_of(text, resolver), "2")) == ("2017-01-28", "2017-02-03", "inferred")


def test_currently_in_an_article_known_to_the_month_is_not_resolved(resolver):
    text = "The jail received 300 detainers since Jan. 1. Twelve detainers are currently active at the jail."
    assert period(one(claims_of(text, resolver, pub="2018-06"), "12")) == ("", "", "unspecified")


def test_the_speakers_office_from_the_role_the_text_gives(resolver):
    text = (
        "Placer County Sheriff Devon Bell runs the county's two jails.\n\n"
        "Immigration officials complain about many counties.\n\n"
        "“We turned over 12 people to immigration agents last year,” Bell said."
    )
    c = one(claims_of(text, resolver), "12")
    assert place(c) == ({"06061"}, "speaker_office")


def test_the_venue_of_an_event_is_not_the_place_of_the_figures(resolver):
    text = (
        "Harris County Sheriff's Office expands ICE cooperation\n\n"
        "At an event in Houston on Monday, officials said 120 inmates were handed to ICE last year."
    )
    assert place(one(claims_of(text, resolver), "120")) == ({"48201"}, "article_context")  # not Houston


def test_a_dateline_is_the_town_the_page_named_with_its_state(resolver):
    """ "Washington, IA" in the page's masthead, then the dateline "WASHINGTON —": the Iowa town, not DC."""
    from scripts.lib.extraction.entities import find_entities

    text = "Evening Journal\nWashington, IA 52353\n\nWASHINGTON — The jail received 12 ICE detainers in 2024."
    ents = find_entities("t", text, resolver, 50000)
    dateline = [m for m in ents.mentions if m.exact == "WASHINGTON"]
    assert [(m.jurisdiction_id, m.method) for m in dateline] == [("1982335", "dateline")]
