"""Static charts for documents, drawn offline with matplotlib (no browser, no network)."""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")  # no display; must precede pyplot
import matplotlib.pyplot as plt  # noqa: E402

BLUE = "#2f6fb3"
MAX_BARS = 15  # a document chart shows the largest ones; its table lists all


def _wrap(label: str, width: int = 38) -> str:
    words, lines, line = label.split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    return "\n".join(lines[:3]) + ("…" if len(lines) > 3 else "")


def bar_png(labels: Sequence[str], values: Sequence[int], title: str, *, horizontal: bool = True) -> bytes:
    """A bar chart as PNG bytes; horizontal bars keep long names readable."""
    labels, values = list(labels)[:MAX_BARS], [int(v) for v in list(values)[:MAX_BARS]]
    height = max(2.2, 0.42 * len(labels) + 1.0) if horizontal else 3.2
    fig, ax = plt.subplots(figsize=(9.5, height), dpi=130)
    try:
        if horizontal:
            y = range(len(labels))
            ax.barh(list(y), values, color=BLUE)
            ax.set_yticks(list(y), [_wrap(s) for s in labels], fontsize=8)
            ax.invert_yaxis()
            for i, v in enumerate(values):
                ax.text(v, i, f" {v}", va="center", fontsize=8)
            ax.set_xlim(0, max(values + [1]) * 1.12)
        else:
            x = range(len(labels))
            ax.bar(list(x), values, color=BLUE)
            ax.set_xticks(list(x), labels, fontsize=8)
            for i, v in enumerate(values):
                ax.text(i, v, f"{v}", ha="center", va="bottom", fontsize=8)
            ax.set_ylim(0, max(values + [1]) * 1.15)
        ax.set_title(title, fontsize=10, loc="left")
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format="png")
        return out.getvalue()
    finally:
        plt.close(fig)
