"""Helpers shared by the notebooks (not a notebook itself): read a published table, show a named figure,
write prose from computed values.

The notebooks read only data/processed/*.csv. Figures are rendered to PNG in memory with a fixed dpi
and no software/date metadata, and shown as an image output tagged with its file name; the `report`
stage (scripts/report.py) writes those images to reports/notebooks/figures/, so the figure files and
the executed notebooks carry the same bytes, and two runs give identical files.
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Image, Markdown, display

STYLE = {
    "font.family": "DejaVu Sans",  # shipped with matplotlib: the same glyphs on every machine
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "figure.constrained_layout.use": True,
    "svg.hashsalt": "ice-detainers",  # fixed ids should anyone save SVG
    "path.simplify": True,
}


def setup() -> None:
    plt.rcdefaults()
    plt.rcParams.update(STYLE)


def read_table(
    data_dir: str,
    name: str,
    *,
    numbers: tuple[str, ...] = (),
    dates: tuple[str, ...] = (),
    required: tuple[str, ...] = (),
) -> pd.DataFrame:
    """A published table with every cell as text ("NA" stays "NA"); listed columns converted.

    `numbers` become floats (empty → NaN); `dates` become Timestamps (empty or partial → NaT).
    """
    path = Path(data_dir) / f"{name}.csv"
    if not path.exists():
        raise FileNotFoundError(f"{path}: table {name!r} is not built yet (run `dvc repro`)")
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)
    missing = [c for c in (*required, *numbers, *dates) if c not in df.columns]
    if missing:
        raise KeyError(f"{path}: expected column(s) {missing}; found {list(df.columns)}")
    for c in numbers:
        df[c] = pd.to_numeric(df[c].replace("", None), errors="raise").astype("float64")
    for c in dates:
        df[c] = pd.to_datetime(df[c].where(df[c].str.fullmatch(r"\d{4}-\d{2}-\d{2}"), None), format="%Y-%m-%d")
    return df


def show_figure(fig, name: str, dpi: int) -> None:
    """Render a figure to PNG (fixed dpi, no metadata) and show it as an output named `name`."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", pad_inches=0.15, metadata={"Software": None})
    plt.close(fig)
    display(Image(data=buf.getvalue(), format="png"), metadata={"figure": name})


def md(text: str) -> None:
    display(Markdown(text))


def n(x) -> str:
    """A count as text with thousands separators: 1814828 → '1,814,828'."""
    return f"{int(round(float(x))):,}"


def pct(x: float, digits: int = 1) -> str:
    return f"{100 * float(x):.{digits}f}%"


def month_label(ts) -> str:
    return pd.Timestamp(ts).strftime("%B %Y")
