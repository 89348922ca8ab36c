"""A person's assessments over time as an SVG line chart: placement level and readiness."""

from __future__ import annotations

from html import escape

from pmpath.framework import Framework


def progress_svg(fw: Framework, rows: list, width: int = 640, height: int = 240) -> str:
    """Oldest first. Placement on the left axis (levels), readiness (0-100%) as a dashed line."""
    left, right, top, bottom = 120, width - 40, 20, height - 40
    n = max(len(rows) - 1, 1)
    levels = fw.level_ids

    def x(i: int) -> float:
        return left + (right - left) * (i / n if len(rows) > 1 else 0.5)

    def y_level(level_id: str) -> float:
        return (
            bottom - (bottom - top) * (levels.index(level_id) / max(len(levels) - 1, 1))
            if level_id in levels
            else bottom
        )

    def y_score(score: float) -> float:
        return bottom - (bottom - top) * score

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="Progress over time" font-family="sans-serif" font-size="11">'
    ]
    for level_id in levels:
        y = y_level(level_id)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="#eaecf0"/>')
        parts.append(
            f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" fill="#475467">{escape(fw.level(level_id).short_name)}</text>'
        )
    placement = " ".join(f"{x(i):.1f},{y_level(r.placement):.1f}" for i, r in enumerate(rows))
    readiness = " ".join(f"{x(i):.1f},{y_score(r.readiness_score):.1f}" for i, r in enumerate(rows))
    parts.append(
        f'<polyline points="{placement}" fill="none" stroke="#175cd3" stroke-width="3"><title>Placement</title></polyline>'
    )
    parts.append(
        f'<polyline points="{readiness}" fill="none" stroke="#dc6803" stroke-width="2" stroke-dasharray="5 4"><title>Readiness</title></polyline>'
    )
    for i, r in enumerate(rows):
        parts.append(
            f'<circle cx="{x(i):.1f}" cy="{y_level(r.placement):.1f}" r="5" fill="#175cd3"><title>{escape(str(r.created_at)[:10])}: {escape(r.placement)}, readiness {r.readiness_score:.0%}</title></circle>'
        )
        parts.append(
            f'<text x="{x(i):.1f}" y="{height - 18}" text-anchor="middle" fill="#475467">{escape(str(r.created_at)[:10])}</text>'
        )
    parts.append(
        f'<text x="{left}" y="{height - 4}" fill="#175cd3">— placement</text><text x="{left + 100}" y="{height - 4}" fill="#dc6803">- - readiness for the next level</text>'
    )
    parts.append("</svg>")
    return "\n".join(parts)
