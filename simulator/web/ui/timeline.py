"""The delivery-steps timeline as an inline SVG time axis (no script, no external assets)."""

from __future__ import annotations

from html import escape

WIDTH, HEIGHT, LEFT, RIGHT, AXIS_Y = 760, 150, 30, 30, 100
COLOURS = {"created": "#1d4ed8", "queued": "#1d4ed8", "dequeued": "#7c3aed",
           "handed_to_carrier": "#0f766e", "handset_received": "#15803d",
           "delivered": "#15803d", "undelivered": "#b91c1c", "failed": "#b91c1c",
           "receipt_missing": "#b45309", "canceled": "#6b7280"}
DELAYED = 30.0


def svg(steps: list[dict], delayed_label: str) -> str:
    """``steps``: dicts with offset_seconds, kind, status, reason (the steps endpoint's)."""
    if not steps:
        return ""
    end = max(max(s["offset_seconds"] for s in steps), DELAYED) * 1.1 or 1.0
    scale = (WIDTH - LEFT - RIGHT) / end

    def x(offset: float) -> float:
        return LEFT + offset * scale

    parts = [f'<svg class="timeline" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'width="100%" aria-label="delivery steps over {end / 1.1:.0f} s">',
             f'<line x1="{LEFT}" y1="{AXIS_Y}" x2="{WIDTH - RIGHT}" y2="{AXIS_Y}" '
             'stroke="#374151" stroke-width="2"/>']
    # The guide: over 30 s counts as delayed.
    parts.append(f'<line x1="{x(DELAYED):.1f}" y1="20" x2="{x(DELAYED):.1f}" y2="{AXIS_Y + 10}" '
                 'stroke="#b45309" stroke-dasharray="4 3"/>'
                 f'<text x="{x(DELAYED) - 4:.1f}" y="30" font-size="12" fill="#92400e" '
                 f'text-anchor="end">{escape(delayed_label)}</text>')
    for tick in range(0, int(end) + 1, max(5, int(end / 8) // 5 * 5 or 5)):
        parts.append(f'<text x="{x(tick):.1f}" y="{AXIS_Y + 22}" font-size="11" '
                     f'text-anchor="middle" fill="#374151">{tick}s</text>')
    for i, step in enumerate(steps):
        colour = COLOURS.get(step["kind"], "#111827")
        cx = x(step["offset_seconds"])
        label = step["kind"].replace("_", " ")
        if step.get("copy"):
            label += f" #{step['copy']}"
        y = AXIS_Y - 14 - (i % 4) * 16
        parts.append(f'<g><title>{escape(step["reason"])}</title>'
                     f'<circle cx="{cx:.1f}" cy="{AXIS_Y}" r="6" fill="{colour}"/>'
                     f'<text x="{cx:.1f}" y="{y}" font-size="12" text-anchor="middle" '
                     f'fill="{colour}">{escape(label)}</text></g>')
    parts.append("</svg>")
    return "".join(parts)
