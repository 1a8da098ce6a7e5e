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
# # Minnesota ICE detainers by month
#
# Detainers ICE prepared for people held in Minnesota facilities, by month, from the
# `detainer_statistics` table (rows for the state named in params.yaml, `report.state_jurisdiction_id`;
# counts from the Deportation Data Project's FOIA data as aggregated upstream). A month whose row does
# not cover the whole calendar month (the last one, when the data stop mid-month) is drawn hatched; a
# month with no row is marked as no data (a grey cross), a month of zero is labelled with its value.
# The source is named by its title.

# %% tags=["parameters"]
data_dir = "../data/processed"
figure_dpi = 100
state_jurisdiction_id = "27"
state_metric = "detainers_issued"

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
    required=("stat_id", "jurisdiction_id", "facility_id", "period_type", "metric", "source_id"),
)
jurisdictions = h.read_table(data_dir, "jurisdictions", required=("jurisdiction_id", "name"))
sources = h.read_table(data_dir, "sources", required=("source_id", "title"))
state_name = jurisdictions.set_index("jurisdiction_id")["name"].get(state_jurisdiction_id, state_jurisdiction_id)

# %%
is_total = stats["category"].eq("") if "category" in stats.columns else True
state = stats[
    stats["jurisdiction_id"].eq(state_jurisdiction_id)
    & stats["facility_id"].eq("")
    & is_total
    & stats["metric"].eq(state_metric)
]
# A month, or a span inside one calendar month (a partial month at the end of the data).
state = state.assign(month=state["period_start"].dt.to_period("M"))
in_one_month = state["period_end"].dt.to_period("M").eq(state["month"])
months = state[in_one_month & state["period_type"].isin(["month", "span"])].copy()
flagged = months["flags"].str.contains("partial_period") if "flags" in months.columns else False
months["full"] = (months["period_start"].dt.is_month_start & months["period_end"].dt.is_month_end) & ~flagged
months = months.sort_values(["month", "source_id"])
assert not months.empty, f"no monthly {state_metric} rows for jurisdiction {state_jurisdiction_id}"
assert not months.duplicated(["month", "source_id"]).any(), "two rows for one month from one source"
source = months["source_id"].mode().iloc[0]
m = months[months["source_id"].eq(source)].set_index("month")
title = dict(zip(sources["source_id"], sources["title"]))
# calendar months between the first and the last with no row: no data (marked, never drawn as zero)
missing_months = pd.period_range(m.index.min(), m.index.max(), freq="M").difference(m.index)
collection = source.split("--")[0]  # source ids are <collection>--<file>
days = state[state["period_type"].eq("day") & state["source_id"].str.startswith(collection + "--")]
last_day = days["period_end"].max() if len(days) else None
m[["stat_id", "period_start", "period_end", "period_type", "value", "full"]].tail()

# %% [markdown]
# ## What the series shows

# %%
full = m[m["full"]]["value"]
partial = m[~m["full"]]
fiscal_year = full.index.year + (full.index.month >= 10)  # federal FY N runs October N-1 to September N
by_fy = full.groupby(fiscal_year).agg(["sum", "count"])
complete_fy = by_fy[by_fy["count"].eq(12)]
others = full.drop(full.idxmax())
text = (
    f"{state_name}: **{h.n(m['value'].sum())}** detainers over {len(m)} monthly rows, from "
    f"{m.index.min().strftime('%B %Y')} to {m.index.max().strftime('%B %Y')} ({title[source]}, `{source}`). "
    f"The busiest full month was **{full.idxmax().strftime('%B %Y')}** with **{h.n(full.max())}**, "
    f"{full.max() / others.median():.1f} times the median of the other full months ({h.n(others.median())}). "
)
if not complete_fy.empty:
    text += (
        "Complete federal fiscal years: "
        + "; ".join(f"FY{int(fy)} **{h.n(r['sum'])}**" for fy, r in complete_fy.iterrows())
        + ". "
    )
text += (
    f"{len(missing_months)} month(s) in that span have no row ("
    + ", ".join(p.strftime("%B %Y") for p in missing_months)
    + "; marked on the chart as no data). "
    if len(missing_months)
    else "Every month in that span has a row. "
)
if not partial.empty:
    text += (
        "Months the data cover only in part (drawn hatched, not comparable with full months): "
        + "; ".join(f"{p.strftime('%B %Y')}: {h.n(r.value)}" for p, r in partial.iterrows())
        + ". "
    )
    if last_day is not None:
        text += (
            f"The daily rows of the same collection end on {last_day:%d %B %Y} and add up to "
            f"{h.n(days['value'].sum())} detainers"
            + (
                ", the same total as the months."
                if days["value"].sum() == m["value"].sum()
                else f", against {h.n(m['value'].sum())} by month."
            )
        )
h.md(text)

# %%
fig, ax = plt.subplots(figsize=(10, 4.2))
x = m.index.to_timestamp()
ax.bar(x[m["full"].to_numpy()], m.loc[m["full"], "value"], width=25, align="edge", color="#2e6f40", label="full month")
if not partial.empty:
    ax.bar(
        x[~m["full"].to_numpy()],
        partial["value"],
        width=25,
        align="edge",
        color="white",
        edgecolor="#2e6f40",
        hatch="////",
        label="partial month",
    )
if len(missing_months):
    ax.scatter(
        missing_months.to_timestamp() + pd.Timedelta(days=12),
        [0] * len(missing_months),
        marker="x",
        s=24,
        color="#9e9e9e",
        zorder=3,
        label="no data for the month",
    )
for month in m.index[m["value"].eq(0).to_numpy()]:  # a month of zero is a value: labelled, not left blank
    ax.annotate("0", (month.to_timestamp() + pd.Timedelta(days=12), 0), ha="center", va="bottom", fontsize=7)
ax.annotate(
    h.n(full.max()),
    (full.idxmax().to_timestamp() + pd.Timedelta(days=12), full.max()),
    ha="center",
    va="bottom",
    fontsize=8,
)
ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=[1, 7]))
ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
ax.set_ylabel("Detainers prepared per month")
ax.set_title(
    f"ICE detainers in {state_name} by month, {m.index.min().strftime('%B %Y')} – {m.index.max().strftime('%B %Y')}"
)
ax.legend(frameon=False, fontsize=8, loc="upper left")
fig.text(
    0,
    -0.01,
    h.source_line(sources, [source], "Months by ICE prepare date.", width=150),
    fontsize=7,
    ha="left",
    va="top",
)
h.show_figure(fig, "minnesota_detainers_by_month.png", figure_dpi)
