"""The one definition of period types used by statistics, extraction and claim checking."""

import pytest

from scripts.lib.periods import fiscal_year, overlap_days, period_type


@pytest.mark.parametrize(
    "start,end,expected",
    [
        ("2019-01-21", "2019-01-21", "day"),
        ("2017-01-28", "2017-02-03", "week"),
        ("2019-11-01", "2019-11-30", "month"),
        ("2020-02-01", "2020-02-29", "month"),
        ("2019-01-01", "2019-12-31", "calendar_year"),
        ("2018-10-01", "2019-09-30", "fiscal_year"),
        ("2019-11-01", "2020-01-16", "span"),
        ("2019-11-01", "2019-11-29", "span"),
    ],
)
def test_period_type(start, end, expected):
    assert period_type(start, end) == expected


def test_fiscal_year_and_overlap():
    assert fiscal_year(2019) == ("2018-10-01", "2019-09-30")
    # the seed's Cook County claim (calendar 2019) against ICE's FY2019: 273 shared days
    assert overlap_days(("2019-01-01", "2019-12-31"), fiscal_year(2019)) == 273
