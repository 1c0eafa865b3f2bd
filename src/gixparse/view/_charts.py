"""Charts of a batch index as static SVG, drawn with matplotlib.

Each chart is returned as a ``data:image/svg+xml`` URI for an ``<img>``: an SVG
shown as an image runs no script and loads nothing, whatever text (agency or
province names from untrusted reports) it holds.
"""

from __future__ import annotations

import base64
import io
import warnings
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.axis import Axis
    from matplotlib.figure import Figure

__all__ = ["bar_counts", "histogram"]

_FONTS = ["Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Microsoft YaHei",
          "PingFang SC", "SimHei", "DejaVu Sans"]
# keys typed Any: matplotlib's own key type (matplotlib.typing.RcKeyType) is newer than 3.10's matplotlib
_STYLE: dict[Any, object] = {
    "svg.fonttype": "none",  # text stays text: the browser draws it with a font that has the glyphs
    "svg.hashsalt": "gixparse",  # the same data draws the same bytes
    "font.family": "sans-serif",
    "font.sans-serif": _FONTS,
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titleweight": "normal",
    "axes.titlesize": 10.5,
}
_COLOUR = "#1f5fa8"


def _use_agg() -> None:
    """Draw off screen; call before importing ``matplotlib.pyplot``."""
    import matplotlib

    matplotlib.use("Agg", force=False)


def _integer_ticks(axis: Axis) -> None:
    """Ticks at whole numbers only, on an axis with its default (Auto) locator."""
    from matplotlib.ticker import MaxNLocator

    locator = axis.get_major_locator()
    if isinstance(locator, MaxNLocator):  # AutoLocator is one; the base Locator takes no parameters
        locator.set_params(integer=True)


def _svg(fig: Figure) -> str:
    buf = io.BytesIO()
    with warnings.catch_warnings():  # glyphs missing from the measuring font: the browser's font draws them
        warnings.filterwarnings("ignore", message=r".*[Gg]lyph.*missing")
        warnings.filterwarnings("ignore", message=r".*findfont.*")
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    _use_agg()
    import matplotlib.pyplot as plt

    plt.close(fig)
    return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def histogram(values: Sequence[float], title: str, xlabel: str, *, bins: Sequence[float] | int = 10,
              percent: bool = False, counts: bool = False) -> str | None:
    """A histogram of ``values``; ``None`` when there is nothing to draw. ``counts``:
    the values are whole numbers, one bar per number while there are few of them."""
    if not values:
        return None
    if counts:
        top = int(max(values))
        bins = [x - 0.5 for x in range(top + 2)] if top < 30 else 15
    _use_agg()
    import matplotlib
    import matplotlib.pyplot as plt

    with matplotlib.rc_context(_STYLE), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*[Gg]lyph.*missing")
        warnings.filterwarnings("ignore", message=r".*findfont.*")
        fig, ax = plt.subplots(figsize=(4.6, 2.6))
        ax.hist(values, bins=bins, color=_COLOUR, edgecolor="white")
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        ax.set_ylabel("报告数")
        _integer_ticks(ax.yaxis)
        if counts:
            _integer_ticks(ax.xaxis)
        if percent:
            ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
        return _svg(fig)


def bar_counts(labels: Sequence[str], title: str, *, limit: int = 20, by_label: bool = False) -> str | None:
    """Horizontal bars counting each label: the ``limit`` most frequent, the most frequent
    on top (``by_label``: in the labels' order, as for years)."""
    if not labels:
        return None
    _use_agg()
    import matplotlib
    import matplotlib.pyplot as plt

    counts = Counter(labels).most_common(limit)
    counts.sort(key=(lambda kv: kv[0]) if by_label else (lambda kv: (-kv[1], kv[0])))
    names = [k for k, _ in counts][::-1]
    sizes = [v for _, v in counts][::-1]
    with matplotlib.rc_context(_STYLE), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*[Gg]lyph.*missing")
        warnings.filterwarnings("ignore", message=r".*findfont.*")
        fig, ax = plt.subplots(figsize=(4.6, 0.5 + 0.28 * len(names)))
        ax.barh(range(len(names)), sizes, color=_COLOUR)
        ax.set_yticks(range(len(names)), names)
        ax.set_title(title)
        ax.set_xlabel("报告数")
        _integer_ticks(ax.xaxis)
        for i, v in enumerate(sizes):
            ax.text(v, i, f" {v}", va="center", fontsize=8)
        return _svg(fig)
