"""Team charts as SVG, in the reports' style: the level pyramid, the readiness heatmap, span of control."""

from __future__ import annotations

from html import escape

from pmpath.teams import HeatmapGroup, LevelCount, SpanRow

TITLE_COLOUR, PLACED_COLOUR = "#98a2b3", "#175cd3"
STATUS_COLOUR = {"met": "#12b76a", "partly": "#fdb022", "not-yet": "#f04438", "unanswered": "#eaecf0"}


def _svg(width: int, height: int, label: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
        f' role="img" aria-label="{escape(label)}" font-family="sans-serif" font-size="11">'
    )


CHAR_WIDTH = 6.2  # an 11 px sans-serif character is about this wide on average (names, not level ids)


def _label(x: float, y: float, text: str, room: float) -> str:
    """A right-aligned row label that stays inside its `room` pixels: a longer name is shortened with an
    ellipsis (and given whole as its tooltip), so it is never cut off at the chart's left edge."""
    fits = max(int(room / CHAR_WIDTH), 4)
    shown = text if len(text) <= fits else text[: fits - 1].rstrip() + "…"
    tip = f"<title>{escape(text)}</title>" if shown != text else ""
    return f'<text x="{x}" y="{y}" text-anchor="end" fill="#344054">{escape(shown)}{tip}</text>'


def pyramid_svg(counts: list[LevelCount], names: dict[str, str], width: int = 640) -> str:
    """People per level, the top level on top: by title (grey, left) and by placement (blue, right)."""
    row, label = 26, 150
    half = (width - label) / 2 - 10
    most = max([max(c.by_title, c.by_placement) for c in counts] + [1])
    height = row * len(counts) + 40
    centre = label + half + 5
    parts = [_svg(width, height, "Level pyramid")]
    for i, c in enumerate(reversed(counts)):
        y = 10 + i * row
        wt, wp = half * c.by_title / most, half * c.by_placement / most
        parts.append(
            f'<text x="{label - 8}" y="{y + 15}" text-anchor="end" fill="#344054">{escape(names.get(c.level, c.level))}</text>'
        )
        parts.append(
            f'<rect x="{centre - wt:.1f}" y="{y}" width="{wt:.1f}" height="{row - 6}" fill="{TITLE_COLOUR}"><title>{c.by_title} by title</title></rect>'
        )
        parts.append(
            f'<rect x="{centre:.1f}" y="{y}" width="{wp:.1f}" height="{row - 6}" fill="{PLACED_COLOUR}"><title>{c.by_placement} by placement</title></rect>'
        )
        parts.append(
            f'<text x="{centre - wt - 4:.1f}" y="{y + 15}" text-anchor="end" fill="#475467">{c.by_title}</text>'
        )
        parts.append(f'<text x="{centre + wp + 4:.1f}" y="{y + 15}" fill="#475467">{c.by_placement}</text>')
    parts.append(f'<text x="{centre - 8}" y="{height - 8}" text-anchor="end" fill="#475467">by title</text>')
    parts.append(f'<text x="{centre + 8}" y="{height - 8}" fill="{PLACED_COLOUR}">by placement</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def heatmap_svg(group: HeatmapGroup, names: dict[str, str], cell: int = 22) -> str:
    """People (rows) against the readiness criteria of their next step (columns), one colour per status."""
    label = 160
    width = label + cell * max(len(group.criteria), 1) + 10
    height = cell * len(group.rows) + 30
    parts = [_svg(width, height, f"Readiness heatmap for {names.get(group.level, group.level)}")]
    for j, (_, text) in enumerate(group.criteria):
        parts.append(
            f'<text x="{label + j * cell + cell / 2}" y="14" text-anchor="middle" fill="#475467">{j + 1}<title>{escape(text)}</title></text>'
        )
    for i, (pid, statuses) in enumerate(group.rows):
        y = 20 + i * cell
        parts.append(_label(label - 8, y + cell - 7, names.get(pid, pid), label - 12))
        for j, status in enumerate(statuses):
            parts.append(
                f'<rect x="{label + j * cell}" y="{y}" width="{cell - 2}" height="{cell - 2}" rx="3" fill="{STATUS_COLOUR.get(status, "#eaecf0")}">'
                f"<title>{escape(names.get(pid, pid))}: {j + 1} {escape(status)}</title></rect>"  # texts: the legend
            )
    parts.append("</svg>")
    return "\n".join(parts)


def span_svg(spans: list[SpanRow], names: dict[str, str], width: int = 640) -> str:
    """Direct reports per manager, largest first."""
    row, label = 24, 170
    most = max([s.direct for s in spans] + [1])
    height = row * len(spans) + 10
    parts = [_svg(width, max(height, 30), "Span of control")]
    for i, s in enumerate(spans):
        y = 5 + i * row
        w = (width - label - 60) * s.direct / most
        parts.append(_label(label - 8, y + 14, names.get(s.manager_id, s.manager_id), label - 12))
        parts.append(
            f'<rect x="{label}" y="{y}" width="{w:.1f}" height="{row - 6}" fill="{PLACED_COLOUR}"><title>{s.direct} direct, {s.total} in all</title></rect>'
        )
        parts.append(f'<text x="{label + w + 4:.1f}" y="{y + 14}" fill="#475467">{s.direct} ({s.total})</text>')
    parts.append("</svg>")
    return "\n".join(parts)
