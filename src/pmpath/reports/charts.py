"""SVG charts drawn from the core's results: a competency radar and a career timeline."""

from __future__ import annotations

import math
from html import escape

from pmpath.planner import CareerPath

Series = tuple[str, list[int], str, bool]  # label, one value per axis, colour, filled


def radar_svg(axes: list[str], series: list[Series], max_depth: int, size: int = 460) -> str:
    """A radar chart: one axis per competency, rings at each depth, one polygon per series."""
    pad = 90  # room for the labels left and right
    cx, cy = size / 2 + pad, size / 2
    radius = size / 2 - 80
    n = len(axes)

    def point(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = radius * value / max_depth
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size + 2 * pad} {size + 30}" width="{size + 2 * pad}" height="{size + 30}" role="img" aria-label="Competency radar chart" font-family="sans-serif" font-size="11">'
    ]
    for depth in range(1, max_depth + 1):
        ring = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, depth) for i in range(n)))
        parts.append(f'<polygon points="{ring}" fill="none" stroke="#d0d5dd" stroke-width="1"/>')
    for i, label in enumerate(axes):
        x, y = point(i, max_depth)
        parts.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="#d0d5dd"/>')
        lx, ly = point(i, max_depth + 0.9)
        anchor = "middle" if abs(lx - cx) < 20 else ("start" if lx > cx else "end")
        words = label.split()
        half = (len(words) + 1) // 2
        lines = [" ".join(words[:half]), " ".join(words[half:])] if len(label) > 18 else [label]
        for k, text in enumerate(line for line in lines if line):
            parts.append(
                f'<text x="{lx:.1f}" y="{ly + 12 * k - 4:.1f}" text-anchor="{anchor}" fill="#344054">{escape(text)}</text>'
            )
    for label, values, colour, filled in series:
        shape = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, v) for i, v in enumerate(values)))
        fill = f'fill="{colour}" fill-opacity="0.25"' if filled else 'fill="none" stroke-dasharray="5 4"'
        parts.append(
            f'<polygon points="{shape}" {fill} stroke="{colour}" stroke-width="2"><title>{escape(label)}</title></polygon>'
        )
    x = pad
    for label, _, colour, filled in series:
        dash = "" if filled else ' stroke-dasharray="5 4"'
        parts.append(
            f'<line x1="{x}" y1="{size + 15}" x2="{x + 24}" y2="{size + 15}" stroke="{colour}" stroke-width="3"{dash}/>'
        )
        parts.append(f'<text x="{x + 30}" y="{size + 19}" fill="#344054">{escape(label)}</text>')
        x += 40 + 7 * len(label)
    parts.append("</svg>")
    return "\n".join(parts)


def timeline_svg(path: CareerPath, names: dict[str, str], width: int = 720) -> str:
    """A horizontal timeline: now, then each step at its earliest realistic time."""
    points = [
        ("Now", names[path.start], 0.0),
        *((f"+{s.years_from_now:g} yrs", s.name, s.years_from_now) for s in path.steps),
    ]
    span = max(path.total_years, 1.0)
    left, right = 90, width - 90  # room for the first and last labels
    height = 130
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="Career timeline" font-family="sans-serif" font-size="12">'
    ]
    parts.append(f'<line x1="{left}" y1="60" x2="{right}" y2="60" stroke="#98a2b3" stroke-width="3"/>')
    for k, (when, name, years) in enumerate(points):
        x = left + (right - left) * years / span
        y_text = 35 if k % 2 == 0 else 95
        parts.append(f'<circle cx="{x:.1f}" cy="60" r="8" fill="{"#175cd3" if k else "#667085"}"/>')
        parts.append(
            f'<text x="{x:.1f}" y="{y_text}" text-anchor="middle" fill="#101828" font-weight="bold">{escape(name)}</text>'
        )
        parts.append(f'<text x="{x:.1f}" y="{y_text + 15}" text-anchor="middle" fill="#475467">{escape(when)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)
