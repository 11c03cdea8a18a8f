"""ChartSpec -> matplotlib Figure -> PNG bytes (Agg, no display, no pyplot).

matplotlib is imported on the first chart only, so neither start-up nor answering pays for
it. Each series is drawn as artists with a gid ("series-0", "series-0-value", "series-0-lower",
"series-0-upper", "series-0-range") so tests can read back exactly what was plotted.
"""

from __future__ import annotations

import io
import math
import struct
import textwrap
import threading
from dataclasses import dataclass
from typing import Any

from bot.charts.spec import LOWER, RANGE, UPPER, VALUE, ChartSpec
from bot.i18n import format_number

WIDTH_IN, HEIGHT_IN, DPI = 9.0, 5.4, 120  # 1080 x 648 px: sharp on a phone, well under 100 KB
FONT = "DejaVu Sans"  # ships with matplotlib and carries the Kazakh letters (ә ғ қ ң ө ұ ү һ і)
MAX_YEAR_TICKS = 10
LEGEND_WRAP = 30  # characters per legend line

# matplotlib's global state (rcParams, the font cache) is not made for threads drawing at once:
# charts are drawn one at a time (a few hundred milliseconds each; presses are rare, they can queue)
_LOCK = threading.Lock()
_mpl: Any = None


@dataclass(frozen=True)
class Chart:
    spec: ChartSpec
    png: bytes
    width: int
    height: int


def _matplotlib() -> Any:
    """Import matplotlib once, pinned to the Agg renderer and a font with Kazakh letters."""
    global _mpl
    if _mpl is None:
        import matplotlib

        matplotlib.use("Agg")  # never a display, whatever the environment says
        matplotlib.rcParams["font.family"] = [FONT]
        matplotlib.rcParams["svg.fonttype"] = "none"
        _mpl = matplotlib
    return _mpl


def render_png(spec: ChartSpec) -> Chart:
    """Draw `spec` and return the PNG (0.2-0.4 s of CPU: call it off the event loop)."""
    with _LOCK:
        figure = draw(spec)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    png = buffer.getvalue()
    width, height = png_size(png)
    return Chart(spec=spec, png=png, width=width, height=height)


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's header; ValueError when it is not a PNG."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    return struct.unpack(">II", png[16:24])


def draw(spec: ChartSpec) -> Any:
    """The matplotlib Figure for `spec` (not yet rendered)."""
    _matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    ax = figure.add_subplot()
    palette = _palette()
    handles: list[Any] = []
    for i, series in enumerate(spec.series):
        colour = palette[i % len(palette)]
        points = series.points
        ax.plot([p.x for p in points], [p.y for p in points], color=colour, linewidth=1.6,
                          alpha=0.75, label=_wrap(series.label), gid=f"series-{i}")
        handles.append(Line2D([], [], color=colour, linewidth=2, marker="o", label=_wrap(series.label)))
        by_mark = {mark: [p for p in points if p.mark == mark] for mark in (VALUE, LOWER, UPPER, RANGE)}
        if by_mark[VALUE]:
            ax.plot([p.x for p in by_mark[VALUE]], [p.y for p in by_mark[VALUE]], linestyle="none",
                    marker="o", markersize=7, color=colour, gid=f"series-{i}-{VALUE}")
        for mark, symbol in ((LOWER, "^"), (UPPER, "v")):
            if by_mark[mark]:
                ax.plot([p.x for p in by_mark[mark]], [p.y for p in by_mark[mark]], linestyle="none",
                        marker=symbol, markersize=10, markerfacecolor="white", markeredgecolor=colour,
                        markeredgewidth=2, gid=f"series-{i}-{mark}")
        if by_mark[RANGE]:
            ranges = by_mark[RANGE]
            ax.vlines([p.x for p in ranges], [p.low for p in ranges], [p.high for p in ranges],
                      colors=colour, linewidth=3, gid=f"series-{i}-{RANGE}")
            for end in ("low", "high"):
                ax.plot([p.x for p in ranges], [getattr(p, end) for p in ranges], linestyle="none",
                        marker="_", markersize=12, markeredgewidth=3, color=colour)
        for p in points:
            ax.annotate(p.short(spec.lang, spec.percent), (p.x, p.high if p.mark == RANGE else p.y),
                        xytext=(7, 4), textcoords="offset points", fontsize=8, color=colour)
    handles += [_mark_handle(mark, Line2D, label) for mark, label in spec.marks]

    # the title over the whole figure (the legend stands right of the plot, under it)
    figure.suptitle(_wrap(spec.title, 90), x=0.01, ha="left", fontsize=12, fontweight="bold")
    ax.set_xlabel(spec.x_label, fontsize=9)
    ax.set_ylabel(spec.y_label, fontsize=9)
    _y_axis(ax, spec)
    _x_axis(ax, spec)
    ax.grid(axis="y", color="0.9")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0, fontsize=8,
              labelspacing=0.9, frameon=False)  # right of the plot, under the title: constrained layout makes room
    bottom = [*spec.notes, spec.sources]
    figure.supxlabel("\n".join(_wrap(line, 150) for line in bottom), x=0.01, ha="left", fontsize=7.5,
                     color="0.3")
    return figure


def _palette() -> list[str]:
    return ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
            "#7f7f7f", "#bcbd22"]


def _mark_handle(mark: str, line_class: Any, label: str) -> Any:
    """A grey legend entry for a kind of mark: open triangles for bounds, a bar for a range."""
    if mark == RANGE:
        return line_class([], [], linestyle="none", marker="|", markersize=10, markeredgewidth=3,
                          color="0.35", label=_wrap(label))
    return line_class([], [], linestyle="none", marker="^" if mark == LOWER else "v", markersize=8,
                      markerfacecolor="white", markeredgecolor="0.35", markeredgewidth=2, label=_wrap(label))


def _y_axis(ax: Any, spec: ChartSpec) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    tops = [p.high if p.mark == RANGE else p.y for p in spec.points]
    bottoms = [p.low if p.mark == RANGE else p.y for p in spec.points]
    top = max(tops) or 1.0
    bottom = min(0.0, min(bottoms))  # counts start at zero: the height of a point means something
    ax.set_ylim(bottom, top * 1.18 if top > 0 else top + 1)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6))
    ax.yaxis.set_major_formatter(FuncFormatter(
        lambda v, _pos: format_number(round(v, 6), spec.lang) + ("%" if spec.percent else "")))


def _x_axis(ax: Any, spec: ChartSpec) -> None:
    """Years along the bottom: each year's label in the middle of its band, a line between years."""
    from matplotlib.ticker import FixedLocator, NullFormatter

    xs = [p.x for p in spec.points]
    first, last = math.floor(min(xs)), math.floor(max(xs))
    step = max(1, math.ceil((last - first + 1) / MAX_YEAR_TICKS))
    years = list(range(first, last + 1, step))
    ax.set_xlim(first - 0.05, last + 1.05)
    ax.xaxis.set_major_locator(FixedLocator([y + 0.5 for y in years]))
    ax.set_xticklabels([str(y) for y in years])
    ax.tick_params(axis="x", which="major", length=0)
    ax.xaxis.set_minor_locator(FixedLocator(list(range(first, last + 2))))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.grid(axis="x", which="minor", color="0.85")


def _wrap(text: str, width: int = LEGEND_WRAP) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text
