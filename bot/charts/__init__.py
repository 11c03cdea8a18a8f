"""Answer charts: an answer's figures as a PNG (time across, one series per estimator).

    from bot.charts import chart_answer, is_chartable
    if is_chartable(answer):                 # cheap: decides whether a Chart button is shown
        chart = chart_answer(answer, "kk")   # Chart(spec, png, width, height) or None
    figures_spec(records, names_answer, lang) -> ChartSpec | None   # figures rebuilt from ids
    render_png(spec) -> Chart                # matplotlib, imported on the first call only

spec.py decides what is plotted (plain data, translated labels); draw.py draws it.
"""

from __future__ import annotations

from bot.charts.draw import Chart, draw, png_size, render_png
from bot.charts.spec import (
    ChartSpec,
    Point,
    Series,
    chart_figures,
    chart_spec,
    figures_spec,
    is_chartable,
    x_position,
)

__all__ = ["Chart", "ChartSpec", "Point", "Series", "chart_answer", "chart_figures", "chart_spec", "draw",
           "figures_spec", "is_chartable", "png_size", "render_png", "x_position"]


def chart_answer(answer, lang: str | None = None) -> Chart | None:  # noqa: ANN001 - an Answer
    """The answer's chart as a PNG in `lang` (default: the answer's), or None when not chartable."""
    spec = chart_spec(answer, lang)
    return render_png(spec) if spec is not None else None
