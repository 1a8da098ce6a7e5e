"""A synthetic record-level detainer file shaped like the Pennsylvania extract, for benchmarks.

    .venv/bin/python bench/synthetic.py OUT.csv [--rows 2000000] [--seed 20150726]

Same columns and formats as data/raw/statistics/npr-ice-detainers-pa-2007-2015/pa_detainers.csv
(``date`` as ``YYYY-MM-DD 00:00:00``, quotes only where a field holds a comma, ``\\n`` line ends).
The distributions are the real file's, fitted once per run from it:

- ``date``: the real file's frequency of each day (2,615 days, 2007-10-02 .. 2015-07-18), so months,
  years and weekday patterns follow the source;
- ``det_facility`` + ``city`` (drawn as a pair, 118 pairs), ``lift_reason`` (13 values incl. blank) and
  ``detainer_type`` (blank before 2014): each drawn from its distribution *within the row's calendar
  year* (declines cluster in 2014, blanks grow after 2012, detainer forms start in 2014);
- ``state``: always PENNSYLVANIA.

The variables are drawn independently given the year (no joint facility x reason structure beyond
that). numpy's PCG64 with a fixed seed: the same arguments give byte-identical files.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
PA_FILE = ROOT / "data" / "raw" / "statistics" / "npr-ice-detainers-pa-2007-2015" / "pa_detainers.csv"
COLUMNS = ["date", "lift_reason", "det_facility", "city", "state", "detainer_type"]
DEFAULT_SEED = 20150726  # the day FOIA 15-87693 was released
DEFAULT_ROWS = 2_000_000


def _draw(rng: np.random.Generator, values: pd.Series, n: int) -> np.ndarray:
    """n draws from the empirical distribution of ``values`` (categories in sorted order, so the
    result does not depend on the order of the source rows)."""
    counts = values.value_counts().sort_index()
    return rng.choice(counts.index.to_numpy(dtype=object), size=n, p=(counts / counts.sum()).to_numpy())


def generate(rows: int = DEFAULT_ROWS, seed: int = DEFAULT_SEED, source: Path = PA_FILE) -> pd.DataFrame:
    real = pd.read_csv(source, dtype=str, keep_default_na=False, na_filter=False)
    real["year"] = real["date"].str[:4]
    real["place"] = real["det_facility"] + "\x1f" + real["city"]  # facility and city drawn together
    rng = np.random.default_rng(seed)
    dates = np.sort(_draw(rng, real["date"], rows).astype(str))
    years = sorted(real["year"].unique())
    out = {c: np.empty(rows, dtype=object) for c in ("lift_reason", "place", "detainer_type")}
    # rows are sorted by date, so each year is one contiguous slice
    bounds = np.searchsorted(dates, years + ["9999"])
    for y, lo, hi in zip(years, bounds[:-1], bounds[1:]):
        same_year = real[real["year"] == y]
        for col in out:
            out[col][lo:hi] = _draw(rng, same_year[col], hi - lo)
    place = pd.Series(out["place"]).str.split("\x1f", n=1, expand=True)
    return pd.DataFrame(
        {
            "date": dates,
            "lift_reason": out["lift_reason"],
            "det_facility": place[0].to_numpy(),
            "city": place[1].to_numpy(),
            "state": "PENNSYLVANIA",
            "detainer_type": out["detainer_type"],
        },
        columns=COLUMNS,
    )


def write(df: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(path, index=False, lineterminator="\n")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    a = ap.parse_args(argv)
    write(generate(a.rows, a.seed), a.out)
    print(f"wrote {a.rows:,} rows to {a.out} ({a.out.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)


if __name__ == "__main__":
    main()
