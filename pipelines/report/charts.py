"""Charts of the weekly report as SVG: greyscale, hatched and directly labelled for black-and-white print."""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from pipelines.report.records import BreakdownRow, WeekFigures
from pipelines.vocabulary import INDONESIAN, Labels

# fixed salt and no date: the same data gives the same SVG bytes. Labels stay text in the report's
# own font (DejaVu Sans, as the page): selectable in the PDF, and about a quarter faster to lay out than
# every glyph drawn as a path
_STYLE = {
    "svg.hashsalt": "timpora-rakor",
    "svg.fonttype": "none",
    "font.size": 9,
    "axes.edgecolor": "#333333",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "hatch.color": "#333333",
    "hatch.linewidth": 0.6,
}


def _to_svg(figure: Figure) -> str:
    # an Agg canvas per figure, without pyplot: no global backend switch (notebooks keep theirs), no
    # figure registry to leak, safe in worker threads
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue().decode("utf-8")


def _number_axis(lang: Labels) -> FuncFormatter:
    return FuncFormatter(lambda value, _pos: lang.format_number(value))


def _week_tick(row: WeekFigures, lang: Labels) -> str:
    monday = row.week_start_date
    return f"{row.iso_week[-3:]}\n{monday.day} {lang.months[monday.month - 1][:3]}"


def _label_points(axes: Axes, xs: Sequence[int], values: Sequence[int], above: float, lang: Labels) -> None:
    for x, value in zip(xs, values, strict=True):
        axes.annotate(
            lang.format_number(value),
            (x, value),
            xytext=(0, above),
            textcoords="offset points",
            ha="center",
            fontsize=7.5,
            fontweight="bold" if x == xs[-1] else "normal",
        )


def trend_chart(rows: Sequence[WeekFigures], lang: Labels = INDONESIAN) -> str:
    """Two stacked panels over the weeks: foreigners present (line) and complaints received (bars).

    Every point carries its value, the report's week (the last) in bold; weeks without data show 0.
    Titles, month names and numbers are in the language of `lang`.
    """
    with matplotlib.rc_context(_STYLE):
        figure = Figure(figsize=(7.2, 3.5))
        top, bottom = figure.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 2], "hspace": 0.35})
        xs = list(range(len(rows)))
        present = [row.foreigners_present for row in rows]
        complaints = [row.complaints_received for row in rows]
        top.plot(xs, present, color="black", linewidth=1.6, marker="o", markersize=4)
        top.set_title(lang.headline["foreigners_present"], loc="left", fontsize=9, fontweight="bold")
        _label_points(top, xs, present, 5, lang)
        bottom.bar(xs, complaints, color="white", edgecolor="#333333", hatch="///", linewidth=0.8)
        bottom.set_title(lang.headline["complaints_received"], loc="left", fontsize=9, fontweight="bold")
        _label_points(bottom, xs, complaints, 2, lang)
        for axes, values in ((top, present), (bottom, complaints)):
            axes.set_ylim(0, max(max(values, default=0), 1) * 1.25)
            axes.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
            axes.yaxis.set_major_formatter(_number_axis(lang))
            axes.grid(axis="y", color="#bbbbbb", linewidth=0.5, linestyle=":")
        bottom.set_xticks(xs, [_week_tick(row, lang) for row in rows], fontsize=7.5)
        return _to_svg(figure)


def nationality_chart(rows: Sequence[BreakdownRow], lang: Labels = INDONESIAN) -> str | None:
    """Horizontal bars of persons present by nationality, largest on top, the others' row last and cross-hatched.

    Bar labels come from the rows; the axis label and numbers are in the language of `lang`. Returns
    None when there are no rows: the report says "Tidak ada data" ("No data") instead of an empty chart.
    """
    if not rows:
        return None
    with matplotlib.rc_context(_STYLE):
        height = 0.9 + 0.3 * len(rows)
        figure = Figure(figsize=(7.2, height))
        # room on the left for the longest country names, at the foot for the axis label
        figure.subplots_adjust(left=0.24, right=0.97, top=1 - 0.15 / height, bottom=0.6 / height)
        axes = figure.subplots()
        ys = list(range(len(rows)))[::-1]
        values = [row.persons_present for row in rows]
        bars = axes.barh(ys, values, color="#d9d9d9", edgecolor="#333333", linewidth=0.8, height=0.7)
        for bar, row in zip(bars, rows, strict=True):
            if row.is_other:
                bar.set_hatch("xx")
                bar.set_facecolor("white")
        axes.bar_label(bars, labels=[lang.format_number(v) for v in values], padding=3, fontsize=8)
        axes.set_yticks(ys, [row.label for row in rows])
        axes.set_xlim(0, max(max(values), 1) * 1.15)
        axes.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        axes.xaxis.set_major_formatter(_number_axis(lang))
        axes.set_xlabel(lang.headline["foreigners_present"])
        return _to_svg(figure)
