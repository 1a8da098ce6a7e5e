# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: tags,-all
#     notebook_metadata_filter: -all
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # ICE arrests at local jails, by fiscal year and county
#
# ICE's own records of its administrative arrests (ERO-LESA, released under FOIA to the University of
# Washington Center for Human Rights) name the jail where each "CAP Local Incarceration" arrest was made. The
# `lesa` stage places those jails in their counties through a hand-coded crosswalk; the `detainer_statistics`
# table holds one row per jail and fiscal year (level `facility`). This notebook sums them by county for the
# counties with the most such arrests, plus the counties named in the parameters, and marks the policy events
# of the same years from the `sanctuary_policies` table (the county's own, and its state's): Travis County's
# sheriff's detainer policy and Texas's Senate Bill four.
#
# The county figures count only the arrests whose jail the crosswalk places; the rest are `unplaced` rows
# (generic or blank landmarks), so they are lower bounds of the county's arrests. The last fiscal year of the
# files ends early (flag `partial_period`). A fiscal year with no row for a county is marked with a grey cross
# (no data), never drawn as a bar of zero.

# %% tags=["parameters"]
data_dir = "../data/processed"
figure_dpi = 100
jail_metric = "ice_arrests_at_local_jails"
jail_counties = 8
jail_counties_always = ["48453"]

# %%
# nbhelpers.py sits beside the notebooks: find it from the working directory (notebooks/, the repository
# root or any folder inside the repository), so the notebook runs wherever Jupyter or a script starts it.
import sys
from pathlib import Path

folders = [d for p in (Path.cwd(), *Path.cwd().parents) for d in (p, p / "notebooks")]
sys.path.insert(0, str(next(d for d in folders if (d / "nbhelpers.py").is_file())))

# %%
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd

import nbhelpers as h

h.setup()
stats = h.read_table(
    data_dir,
    "detainer_statistics",
    numbers=("value",),
    dates=("period_start", "period_end"),
    required=("stat_id", "jurisdiction_id", "aggregation_level", "period_type", "metric", "source_id", "flags"),
)
jurisdictions = h.read_table(data_dir, "jurisdictions", required=("jurisdiction_id", "name", "state_fips"))
policies = h.read_table(
    data_dir,
    "sanctuary_policies",
    dates=("event_date",),
    required=("jurisdiction_id", "event_date", "event_type", "instrument", "jurisdiction_name", "source_id"),
)
sources = h.read_table(data_dir, "sources", required=("source_id", "title"))

# %%
fy = stats[stats["metric"].eq(jail_metric) & stats["period_type"].eq("fiscal_year")].copy()
assert not fy.empty, f"no fiscal-year {jail_metric} rows"
fy["fy"] = fy["period_start"].dt.year + 1
nation = fy[fy["aggregation_level"].eq("nation")].groupby("fy")["value"].sum()
jails = fy[fy["aggregation_level"].eq("facility")]
unplaced = fy[fy["aggregation_level"].eq("unplaced")].groupby("fy")["value"].sum()
assert (jails.groupby("fy")["value"].sum() + unplaced).eq(nation).all(), "placed + unplaced must equal the nation"
partial = sorted(set(fy.loc[fy["flags"].str.contains("partial_period"), "fy"]))
last_day = fy.loc[fy["fy"].eq(max(partial)), "period_end"].max() if partial else None
by_county = jails.pivot_table(index="jurisdiction_id", columns="fy", values="value", aggfunc="sum")  # NaN: no row
top = by_county.sum(axis=1).sort_values(ascending=False, kind="mergesort")
chosen = list(top.index[:jail_counties]) + [c for c in jail_counties_always if c not in top.index[:jail_counties]]
names = jurisdictions.set_index("jurisdiction_id")["name"]
state_of = jurisdictions.set_index("jurisdiction_id")["state_fips"]
table = by_county.loc[chosen].rename(index=lambda j: f"{names.get(j, j)} ({j})")
table

# %% [markdown]
# ## The counties

# %%
years = sorted(fy["fy"].unique())
share = jails.groupby("fy")["value"].sum() / nation
lines = [
    f"- Nationwide, the crosswalk places {h.pct(share.min(), 0)}–{h.pct(share.max(), 0)} of these arrests in a county "
    f"each year ({h.n(nation.sum())} arrests in fiscal years {years[0]}–{years[-1]})."
]
for j in chosen:
    s = by_county.loc[j].reindex(years)
    change = [f"FY{y} {h.n(v) if pd.notna(v) else 'no row'}" for y, v in s.items()]
    lines.append(f"- **{names.get(j, j)}**: " + ", ".join(change) + f" (rank {list(top.index).index(j) + 1}).")
h.md("\n".join(lines))

# %%
events = policies[
    policies["jurisdiction_id"].isin(set(chosen) | {state_of.get(j, "") for j in chosen})
    & policies["event_date"].between(fy["period_start"].min(), fy["period_end"].max())
].sort_values("event_date")
assert not events.empty, "no policy events for the chosen counties or their states in the span"
events[["jurisdiction_name", "event_date", "event_type", "instrument"]]

# %%
h.md(
    "Policy events of the span marked on the figure: "
    + "; ".join(
        f"{r.jurisdiction_name}, {r.instrument} ({r.event_type.replace('_', ' ')}, {h.month_label(r.event_date)})"
        for r in events.itertuples()
    )
    + "."
)

# %%
ncols = 3
nrows = -(-len(chosen) // ncols)
fig, axes = plt.subplots(nrows, ncols, figsize=(10, 2.4 * nrows), sharex=True, squeeze=False)
mid = {y: pd.Timestamp(year=y, month=4, day=1) for y in years}  # a fiscal year drawn at its middle
palette = {"agency_policy_in_effect": "#1f618d", "state_law_signed": "#7d3c98", "law_in_effect": "#b03a2e"}
for ax, j in zip(axes.flat, chosen):
    s = by_county.loc[j].reindex(years)
    have = s.dropna()
    bars = ax.bar([mid[y] for y in have.index], have.values, width=300, color="#5d6d7e")
    for y, b in zip(have.index, bars):
        if y in partial:
            b.set_hatch("//")
            b.set_facecolor("#aeb6bf")
    no_row = [mid[y] for y in years if pd.isna(s[y])]
    if no_row:  # a year with no row is no data (a grey cross), not a bar of zero
        ax.scatter(no_row, [0] * len(no_row), marker="x", s=30, color="#616161", zorder=3, label="no row for the year")
    mine = events[events["jurisdiction_id"].isin([j, state_of.get(j, "")])]
    for r in mine.itertuples():
        ax.axvline(r.event_date, color=palette.get(r.event_type, "#555555"), lw=1.2, ls="--")
    ax.set_title(f"{names.get(j, j)}", fontsize=9, loc="left")
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_ylim(0, max(have.max() if len(have) else 0, 1) * 1.15)
for ax in axes.flat[len(chosen) :]:
    ax.set_visible(False)
for ax in axes[-1]:
    ax.xaxis.set_major_locator(mdates.YearLocator(month=10))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    ax.tick_params(axis="x", labelsize=7)
handles = [plt.Rectangle((0, 0), 1, 1, color="#5d6d7e", label="arrests at the county's jails (placed)")]
if partial:
    handles.append(
        plt.Rectangle((0, 0), 1, 1, facecolor="#aeb6bf", hatch="//", label=f"partial year (to {last_day:%Y-%m-%d})")
    )
handles += [
    plt.Line2D([], [], color=palette.get(t, "#555555"), ls="--", label=t.replace("_", " "))
    for t in sorted(set(events["event_type"]))
]
if any(pd.isna(by_county.loc[j].reindex(years)).any() for j in chosen):
    handles.append(plt.Line2D([], [], marker="x", ls="", color="#616161", label="no row for the year (no data)"))
fig.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncols=3, fontsize=7, frameon=False)
fig.suptitle("ICE arrests at local jails (CAP Local Incarceration) by fiscal year and county", fontsize=9)
fig.text(  # below the legend, which hangs from the bottom of the figure
    0.01,
    -0.07,
    h.source_line(
        sources,
        sorted(set(jails["source_id"])) + sorted(set(events["source_id"])),
        "Fiscal years Oct-Sep; counties sum the jails the landmark crosswalk places.",
        width=150,
    ),
    fontsize=7,
    ha="left",
    va="top",
)
h.show_figure(fig, "lesa_jail_arrests.png", figure_dpi)
