"""Publication dates with an honest precision: YYYY, YYYY-MM or YYYY-MM-DD."""

from __future__ import annotations

import re
from datetime import date

PRECISION_OF_FORM = {4: "year", 7: "month", 10: "day"}
_FORM = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")  # ASCII digits only (\d matches any script's)
PRECISION_RANK = {"year": 0, "month": 1, "day": 2}


def parse_partial_date(text: str) -> tuple[str, str]:
    """'2020-01' → ('2020-01', 'month'). Raises ValueError for an impossible or malformed date."""
    m = _FORM.fullmatch(text.strip()) if isinstance(text, str) else None
    if not m:
        raise ValueError(f"{text!r} is not YYYY, YYYY-MM or YYYY-MM-DD in ASCII digits")
    y = int(m.group(1))
    mo, d = (int(g) if g else None for g in m.groups()[1:])
    try:
        date(y, mo or 1, d or 1)
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a real date ({exc})") from None
    if y < 1800:
        raise ValueError(f"{text!r}: year before 1800 is not plausible for this corpus")
    return text.strip(), PRECISION_OF_FORM[len(text.strip())]


def partial_date_bounds(text: str) -> tuple[str, str]:
    """First and last day a partial date can mean: '2020-01' → ('2020-01-01', '2020-01-31')."""
    import calendar

    value, precision = parse_partial_date(text)
    y = int(value[:4])
    if precision == "year":
        return f"{y:04d}-01-01", f"{y:04d}-12-31"
    m = int(value[5:7])
    if precision == "month":
        return f"{y:04d}-{m:02d}-01", f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"
    return value, value
