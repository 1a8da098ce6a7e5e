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
# # National ICE detainers by month, with sanctuary policy events
#
# ICE detainers prepared nationwide each month, from the `detainer_statistics` table (national rows:
# aggregation level `nation`, jurisdiction `US`), with the dated events of the `sanctuary_policies` table
# that fall in the same span marked on the time axis. Sources are named by their titles in the `sources`
# table. A month with no row is left blank (a gap in the line), never drawn as zero. Every number in the
# text below is computed from the tables.

# %% tags=["parameters"]
data_dir = "../data/processed"
figure_dpi = 100
national_metric = "detainers_issued"

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
    required=("stat_id", "jurisdiction_id", "aggregation_level", "period_type", "metric", "source_id"),
)
policies = h.read_table(
    data_dir,
    "sanctuary_policies",
    required=("policy_id", "jurisdiction_id", "event_date", "date_precision", "event_type"),
)
jurisdictions = h.read_table(data_dir, "jurisdictions", required=("jurisdiction_id", "name"))
sources = h.read_table(data_dir, "sources", required=("source_id", "title"))

# %%
is_total = stats["category"].eq("") if "category" in stats.columns else True
national = stats[stats["aggregation_level"].eq("nation") & is_total & stats["metric"].eq(national_metric)]
monthly = national[national["period_type"].eq("month")].sort_values(["source_id", "period_start"])
assert not monthly.empty, f"no national monthly {national_metric} rows in detainer_statistics"
assert not monthly.duplicated(["source_id", "period_start"]).any(), "a source gives two values for one month"
series = {sid: g.set_index("period_start")["value"] for sid, g in monthly.groupby("source_id", sort=True)}
main_source = max(series, key=lambda s: (len(series[s]), s))
title = dict(zip(sources["source_id"], sources["title"]))
s = series[main_source]
# Every calendar month from the first to the last: a month the source does not give is a gap (NaN), never a
# value joined across, and never drawn as 0.
all_months = pd.date_range(s.index.min(), s.index.max(), freq="MS")
missing_months = all_months.difference(s.index)
flags = (
    monthly[monthly["source_id"].eq(main_source)].set_index("period_start")["flags"]
    if "flags" in monthly.columns
    else pd.Series("", index=s.index)
)
partial = flags.str.contains("partial_period")
full = s[~partial]  # months the data cover only in part are left out of the comparisons below
start, end = monthly["period_start"].min(), monthly["period_end"].max()
monthly[["stat_id", "period_start", "period_end", "value", "source_id"]].head()

# %% [markdown]
# ## What the monthly series shows

# %%
month_rows = monthly[monthly["source_id"].eq(main_source)]
year_sums = s.groupby(s.index.year).sum()
collection = main_source.split("--")[0]  # source ids are <collection>--<file>


def monthly_sum(period_start, period_end):
    """Sum of the main series over the months inside a period (None if there are none)."""
    inside = month_rows[(month_rows["period_start"] >= period_start) & (month_rows["period_end"] <= period_end)]
    return inside["value"].sum() if len(inside) else None


# National totals for longer periods from the same upstream collection, compared with the months.
totals = national[~national["period_type"].eq("month") & national["source_id"].str.startswith(collection + "--")].copy()
totals["monthly_sum"] = [monthly_sum(a, b) for a, b in zip(totals["period_start"], totals["period_end"])]
totals = totals[totals["monthly_sum"].notna()]
reconciles = (totals["monthly_sum"] == totals["value"]).tolist()
first12, last12 = full.iloc[:12].mean(), full.iloc[-12:].mean()
full_years = year_sums[[y for y in year_sums.index if (full.index.year == y).sum() == 12]]
partial_text = (
    "; "
    + ", ".join(h.month_label(m) for m in s.index[partial.to_numpy()])
    + " is only partly covered by the data (hollow marker) and is left out of the comparisons"
    if partial.any()
    else ""
)
h.md(
    f"The series covers **{h.month_label(s.index.min())} to {h.month_label(s.index.max())}** "
    f"({len(s)} months) from {title[main_source]} (`{main_source}`): **{h.n(s.sum())}** detainers in "
    f"all{partial_text}. "
    + (
        f"{len(missing_months)} month(s) in that span have no row ("
        + ", ".join(h.month_label(m) for m in missing_months)
        + "); the chart leaves them blank. "
        if len(missing_months)
        else "No month in that span is missing. "
    )
    + f"The busiest month was {h.month_label(full.idxmax())} with **{h.n(full.max())}**; the quietest full month was "
    f"{h.month_label(full.idxmin())} with **{h.n(full.min())}**. The average of the last twelve full months "
    f"({h.n(last12)}) is {h.pct(1 - last12 / first12)} below the average of the first twelve ({h.n(first12)}). "
    f"Among full calendar years, {int(full_years.idxmax())} had the most detainers ({h.n(full_years.max())}) "
    f"and {int(full_years.idxmin())} the fewest ({h.n(full_years.min())}). "
    + (
        f"Summed over the months inside each period, the monthly figures equal **{sum(reconciles)} of the "
        f"{len(reconciles)}** national totals that the same collection publishes for longer periods ("
        f"{'; '.join(title[x] for x in sorted(totals['source_id'].unique()))})."
        if reconciles
        else "The same collection publishes no national total for a longer period to reconcile the months with."
    )
)
others = [(k, t, v) for k, ser in series.items() if k != main_source for t, v in ser.items()]
if others:
    h.md(
        "Other sources give national monthly figures for the same metric (drawn as dots): "
        + "; ".join(
            f"{title[k]}, {h.month_label(t)}: **{h.n(v)}**"
            + (f" against {h.n(s[t])} in the main series ({(v / s[t] - 1) * 100:+.1f}%)" if t in s.index else "")
            for k, t, v in others
        )
        + "."
    )

# %% [markdown]
# ## Policy events in the same span
#
# Events known to the day or the month are drawn as lines at their date (the first of the month when
# only the month is known); events known only to the year are drawn as a shaded band over that year.

# %%
names = jurisdictions.set_index("jurisdiction_id")["name"].to_dict()
names[""] = names.get("US", "United States")


def event_span(row):
    """(first day, last day) of the event date at its precision."""
    d = row["event_date"]
    if len(d) == 10:
        t = pd.Timestamp(d)
        return t, t
    if len(d) == 7:
        t = pd.Timestamp(d + "-01")
        return t, t + pd.offsets.MonthEnd(0)
    if len(d) == 4:
        return pd.Timestamp(d + "-01-01"), pd.Timestamp(d + "-12-31")
    return pd.NaT, pd.NaT


spans = policies.apply(event_span, axis=1, result_type="expand")
policies["first"], policies["last"] = spans[0], spans[1]
events = policies[policies["first"].notna() & (policies["last"] >= start) & (policies["first"] <= end)].copy()
events["where"] = events["jurisdiction_id"].map(names).fillna(events["jurisdiction_id"])
if "jurisdiction_name" in events.columns:  # the name as the source gives it, when the table keeps it
    events["where"] = events["jurisdiction_name"].where(events["jurisdiction_name"].ne(""), events["where"])
events = events.sort_values(["first", "policy_id"])
label_col = "instrument" if "instrument" in events.columns else "event_type"
events[["policy_id", "where", "event_date", "date_precision", "event_type", label_col]]

# %%
h.md(
    f"**{len(events)}** of the {len(policies)} policy events fall between {h.month_label(start)} and "
    f"{h.month_label(end)}: "
    + "; ".join(f"{r['where']}, {r['event_date']} ({r['event_type'].replace('_', ' ')})" for _, r in events.iterrows())
    + "."
)

# %%
fig, ax = plt.subplots(figsize=(10, 4.8))
for sid, ser in series.items():
    if sid == main_source:
        # reindexed to every month: a missing month is a gap in the line, not a value joined across
        ax.plot(all_months, ser.reindex(all_months).values, lw=1.6, color="#1f4e79", label=title[sid])
        zeros = ser[ser.eq(0)]
        if len(zeros):
            ax.scatter(zeros.index, zeros.values, s=18, color="#1f4e79", zorder=4, label="0 detainers (a value)")
    else:
        ser = ser[(ser.index >= start) & (ser.index <= end)]
        ax.scatter(ser.index, ser.values, s=22, marker="D", color="#c62828", zorder=4, label=title[sid])
for m in missing_months:
    ax.axvspan(m, m + pd.offsets.MonthEnd(0), color="#9e9e9e", alpha=0.25, lw=0)
if len(missing_months):
    ax.axvspan(missing_months[0], missing_months[0], color="#9e9e9e", alpha=0.25, label="no data for the month")
if partial.any():
    ax.scatter(
        s.index[partial.to_numpy()],
        s[partial].values,
        s=30,
        facecolors="white",
        edgecolors="#1f4e79",
        zorder=3,
        label="month covered only in part",
    )
top = s.max() * 1.02
colors = plt.get_cmap("tab10").colors
for i, (_, r) in enumerate(events.iterrows()):
    c = colors[(i + 1) % len(colors)]
    label = f"{r['where']}: {r[label_col]} ({r['event_date']})"
    if r["date_precision"] == "year":
        ax.axvspan(r["first"], r["last"], color=c, alpha=0.12, label=label)
    else:
        ax.axvline(r["first"], color=c, lw=1.2, ls="--", label=label)
    ax.annotate(str(i + 1), (r["first"], top), color=c, fontsize=8, ha="center", va="bottom", annotation_clip=False)
ax.set_ylim(0, top * 1.08)
ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:,.0f}"))
ax.xaxis.set_major_locator(mdates.YearLocator())
ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
ax.set_ylabel("Detainers prepared per month")
ax.set_title(f"ICE detainers nationwide by month, {h.month_label(s.index.min())} – {h.month_label(s.index.max())}")
handles, labels = ax.get_legend_handles_labels()
n_plain = len(labels) - len(events)  # lines, markers and bands first, then one entry per event
labels = [lab if j < n_plain else f"{j - n_plain + 1}. {lab}" for j, lab in enumerate(labels)]
fig.legend(handles, labels, fontsize=7, loc="outside lower left", frameon=False, ncols=1)
ax.set_xlabel(h.source_line(sources, series, "Calendar months by ICE prepare date.", width=150), fontsize=7, loc="left")
h.show_figure(fig, "national_detainers_by_month.png", figure_dpi)
