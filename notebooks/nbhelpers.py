"""Helpers shared by the notebooks (not a notebook itself): read a published table, show a named figure,
write prose from computed values.

The notebooks read only data/processed/*.csv. Figures are rendered to PNG in memory with a fixed dpi
and no software/date metadata, and shown as an image output tagged with its file name; the `report`
stage (scripts/report.py) writes those images to reports/notebooks/figures/, so the figure files and
the executed notebooks carry the same bytes, and two runs give identical files.
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import matplotlib.text
import numpy as np
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


def _plain(v):
    """A data value as JSON: numbers as floats (NaN → None), dates and anything else as text."""
    if isinstance(v, (int, float, np.integer, np.floating)):
        return None if v != v else float(v)
    if isinstance(v, (pd.Timestamp, np.datetime64)) or hasattr(v, "isoformat"):
        return str(pd.Timestamp(v).date())
    return str(v)


def figure_record(fig) -> dict:
    """What a drawn figure says, kept beside its image so that tests can read it: every visible text
    (titles, axis and tick labels, legend entries, notes, source lines) and, per axes, its scale and
    limits and every labelled line (x, y; a gap is None) and set of markers."""
    texts = list(
        dict.fromkeys(t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_visible() and t.get_text())
    )
    axes = []
    for ax in fig.axes:
        lines = {
            line.get_label(): {
                "x": [_plain(x) for x in line.get_xdata(orig=True)],
                "y": [_plain(y) for y in line.get_ydata(orig=True)],
            }
            for line in ax.get_lines()
            if not line.get_label().startswith("_")
        }
        markers = {
            c.get_label(): [[_plain(x), _plain(y)] for x, y in c.get_offsets()]
            for c in ax.collections
            if not c.get_label().startswith("_")
        }
        axes.append(
            {
                "title": ax.get_title(loc="left") or ax.get_title(),
                "xscale": ax.get_xscale(),
                "xlim": [float(v) for v in ax.get_xlim()],
                "lines": lines,
                "markers": markers,
            }
        )
    return {"texts": texts, "axes": axes}


def show_figure(fig, name: str, dpi: int) -> None:
    """Render a figure to PNG (fixed dpi, no metadata) and show it as an output named `name`; the output's
    metadata also carries :func:`figure_record` (what the figure says) under `figure_record`."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", pad_inches=0.15, metadata={"Software": None})
    record = figure_record(fig)
    plt.close(fig)
    display(Image(data=buf.getvalue(), format="png"), metadata={"figure": name, "figure_record": record})


def md(text: str) -> None:
    display(Markdown(text))


def n(x) -> str:
    """A count as text with thousands separators: 1814828 → '1,814,828'."""
    return f"{int(round(float(x))):,}"


def pct(x: float, digits: int = 1) -> str:
    return f"{100 * float(x):.{digits}f}%"


def month_label(ts) -> str:
    return pd.Timestamp(ts).strftime("%B %Y")


# Curly and modifier apostrophes, as ICE's spreadsheets mix them with the straight one.
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


def agency_key(name) -> str:
    """An agency name compared across rows: apostrophes made straight, spaces collapsed
    ("Cobb County Sheriff’s Office" and "Cobb County Sheriff's Office" are one agency)."""
    return " ".join(str(name).translate(APOSTROPHES).split())


def source_titles(sources: pd.DataFrame, source_ids) -> list[str]:
    """The titles (sources.csv) of the given source ids, in the order given, each once; an id the table
    does not hold is an error (every row of every table names a listed source)."""
    titles = sources.set_index("source_id")["title"]
    ids = list(dict.fromkeys(source_ids))
    missing = [i for i in ids if i not in titles.index]
    if missing:
        raise KeyError(f"source id(s) {missing} not in the sources table")
    return [titles[i] for i in ids]


def source_line(sources: pd.DataFrame, source_ids, note: str = "", width: int = 160) -> str:
    """'Source: <title>; <title>. <note>' wrapped to ``width`` characters, for a figure's foot."""
    text = "Source: " + "; ".join(source_titles(sources, source_ids)) + "." + (f" {note}" if note else "")
    return textwrap.fill(text, width)
