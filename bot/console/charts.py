"""Server-rendered SVG charts (no script, no external request): bars and a daily column chart."""

from __future__ import annotations

from collections.abc import Sequence

from bot.console.html import Markup, el, join

PALETTE = {"blue": "#2f6fdb", "yellow": "#e0b100", "orange": "#ee7b16", "red": "#d23131"}
DEFAULT_FILL = "#3a7f8c"


def hbars(items: Sequence[tuple[str, float]], *, title: str, fills: Sequence[str] = (),
          width: int = 400) -> Markup:
    """Horizontal bars, one per (label, value), labelled with the value; scales to its box."""
    row, label_w, pad = 24, 84, 6
    height = max(1, len(items)) * row + pad
    top = max((v for _, v in items), default=0) or 1
    bar_w = width - label_w - 44
    bars = []
    for i, (name, value) in enumerate(items):
        y = i * row + pad
        w = max(0.0, value / top * bar_w)
        fill = fills[i] if i < len(fills) else DEFAULT_FILL
        bars.append(join([
            el("text", name, x=str(label_w - 6), y=str(y + 15), text_anchor="end"),
            el("rect", el("title", f"{name}: {_num(value)}"), x=str(label_w), y=str(y),
               width=f"{w:.1f}", height=str(row - 8), fill=fill, rx="2"),
            el("text", _num(value), x=f"{label_w + w + 4:.1f}", y=str(y + 15)),
        ]))
    return el("svg", el("title", title), join(bars), viewBox=f"0 0 {width} {height}",
              role="img", class_="chart", xmlns="http://www.w3.org/2000/svg",
              preserveAspectRatio="xMinYMin meet", font_size="13")


def columns(items: Sequence[tuple[str, float]], *, title: str, width: int = 1200,
            height: int = 180) -> Markup:
    """Vertical columns over time (one per day), first and last dates labelled."""
    pad_l, pad_b, pad_t = 30, 22, 10
    n = max(1, len(items))
    top = max((v for _, v in items), default=0) or 1
    slot = (width - pad_l) / n
    plot_h = height - pad_b - pad_t
    parts = [el("line", x1=str(pad_l), y1=str(height - pad_b), x2=str(width),
                y2=str(height - pad_b), stroke="#999"),
             el("text", _num(top), x=str(pad_l - 4), y=str(pad_t + 10), text_anchor="end")]
    for i, (name, value) in enumerate(items):
        h = value / top * plot_h
        x = pad_l + i * slot
        parts.append(el("rect", el("title", f"{name}: {_num(value)}"), x=f"{x + slot * 0.1:.1f}",
                        y=f"{height - pad_b - h:.1f}", width=f"{max(slot * 0.8, 1):.1f}",
                        height=f"{h:.1f}", fill=DEFAULT_FILL))
    if items:
        parts.append(el("text", items[0][0], x=str(pad_l), y=str(height - 6)))
        parts.append(el("text", items[-1][0], x=str(width), y=str(height - 6),
                        text_anchor="end"))
    return el("svg", el("title", title), join(parts), viewBox=f"0 0 {width} {height}",
              role="img", class_="chart", xmlns="http://www.w3.org/2000/svg", font_size="13")


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
