"""A message's story (engine/message_story.py) drawn as an SVG time axis, readable on a
projector: no script, no external assets.

The drawing is laid out for the width it will be shown at (the page's script asks for its
own width, ``viewBox`` = that many pixels, so one unit is one CSS pixel and the font size is
the size on screen), and scales with the page when it is not. Labels never overlap: each
event's label is put in the lowest row ("lane") above the axis where it does not touch
another label, with a leader line down to its dot; the markers (the guide's 30-second
"delayed" line, "now") get rows of their own above them, and the phases' labels (the time in
the sender's queue, with the carrier) rows below the tick marks. A label's width is an
estimate made on the generous side (the widest common sans-serif, DejaVu Sans), since the
server cannot measure text; every text has a white halo, so a line behind it never crosses
its letters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from smsim.web.ui import step_labels

DELAYED = 30.0  # the guide: over 30 s counts as delayed
SIZES = {"page": 17, "present": 28, "print": 15}  # font size in px per place shown
MIN_FONT = 9  # below this a label is not read anyway
MIN_WIDTH, MAX_WIDTH, DEFAULT_WIDTH = 320, 4000, 1000
FONT = ("system-ui, -apple-system, 'Segoe UI', 'Hiragino Sans', 'Noto Sans JP', "
        "'DejaVu Sans', sans-serif")
INK, MUTED, AXIS, HALO = "#111827", "#374151", "#1f2937", "#ffffff"
COLOURS = {"created": "#1d4ed8", "send_at": "#1d4ed8", "queued": "#1d4ed8",
           "dequeued": "#6d28d9", "handed_to_carrier": "#0f766e",
           "handset_received": "#166534", "delivered": "#166534", "undelivered": "#b91c1c",
           "failed": "#b91c1c", "receipt_missing": "#92400e", "canceled": "#4b5563",
           "handset_sent": "#0f766e", "received": "#1d4ed8", "webhook": "#6d28d9",
           "webhook_due": "#6d28d9", "webhook_missing": "#b91c1c", "reply": "#1d4ed8",
           "reply_delivered": "#166534", "reply_undelivered": "#b91c1c",
           "reply_failed": "#b91c1c"}
PHASE_COLOURS = {"scheduled": "#e5e7eb", "queue": "#fde68a", "carrier": "#99f6e4",
                 "to_twilio": "#99f6e4", "app": "#ddd6fe"}
TICK_STEPS = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600,
              43200, 86400)

# Advance widths in em, rounded up from DejaVu Sans (wider than most sans-serif fonts).
_NARROW = set("fijlrtI.,:;'!|()[]{} ")
_WIDE = set("mwMW@%")
_SYMBOLS = set("#+×→=<>~…")


def text_width(text: str, size: float) -> float:
    """A generous estimate of ``text``'s width at font size ``size``."""
    em = 0.0
    for char in text:
        if ord(char) >= 0x2E80:  # CJK, kana, full-width forms
            em += 1.05
        elif char in _NARROW:
            em += 0.44
        elif char in _WIDE:
            em += 1.04
        elif char in _SYMBOLS:
            em += 0.9
        elif char.isupper():
            em += 0.8
        else:
            em += 0.67
    return em * size


@dataclass
class Label:
    anchor: float  # x the label belongs to (its dot, its line, its phase's middle)
    text: str
    colour: str
    left: float = 0.0
    right: float = 0.0
    lane: int = 0
    css: str = ""
    tooltip: str = ""


def _place(labels: list[Label], size: float, lo: float, hi: float, align: str) -> int:
    """Give each label its box (starting at its anchor, or ending there when it would run
    past ``hi``; centred for ``align="middle"``) and the lowest lane where its box keeps a
    gap to every other box in that lane. Returns the number of lanes used."""
    gap = size * 0.7
    lanes: list[list[tuple[float, float]]] = []
    for label in sorted(labels, key=lambda b: b.anchor):
        width = text_width(label.text, size)
        if align == "middle":
            left = label.anchor - width / 2
        else:
            left = label.anchor if label.anchor + width <= hi else label.anchor - width
        left = max(lo, min(left, hi - width))
        label.left, label.right = left, left + width
        for index, boxes in enumerate(lanes):
            if all(label.right + gap <= a or label.left >= b + gap for a, b in boxes):
                boxes.append((label.left, label.right))
                label.lane = index
                break
        else:
            lanes.append([(label.left, label.right)])
            label.lane = len(lanes) - 1
    return len(lanes)


def _duration(seconds: float, t: dict) -> str:
    if seconds < 100:
        return t["tl_seconds"].format(n=f"{seconds:.1f}")
    if seconds < 7200:
        return t["tl_minutes"].format(n=f"{seconds / 60:.1f}")
    return t["tl_hours"].format(n=f"{seconds / 3600:.1f}")


def _tick_text(seconds: int, step: int, t: dict) -> str:
    """One unit along the whole axis, the step's: seconds, minutes or hours."""
    if step % 3600 == 0:
        return t["tl_hours"].format(n=seconds // 3600)
    if step % 60 == 0:
        return t["tl_minutes"].format(n=seconds // 60)
    return t["tl_seconds"].format(n=seconds)


def event_label(event: dict, t: dict) -> str:
    """The words under an event's dot, in the page's language."""
    kind, code = event["kind"], event.get("error_code")
    if kind == "handset_received":
        key = "tl_handset_received" if event.get("shown", True) else "tl_handset_hidden"
        return t[key].format(copy=event.get("copy") or 1)
    if kind == "received" and event.get("status") == "failed":
        return t["tl_received_failed"].format(code=code or "").strip()
    if kind == "webhook":
        if code:
            return t["tl_webhook_error"].format(code=code)
        return t["tl_webhook"].format(status=event.get("status") or "-")
    if kind == "reply":
        return t["tl_reply"].format(sid=(event.get("sid") or "")[-6:])
    key = f"tl_{kind}"
    if event.get("channel") == "whatsapp" and f"tl_wa_{kind}" in t:
        key = f"tl_wa_{kind}"  # WhatsApp has the message, not a carrier
    if key not in t:
        return kind.replace("_", " ")
    return t[key].format(code=code or "").strip()


def svg(story: dict, t: dict, width: int | None = None, size: str = "page",
        standalone: bool = False, lang: str = "en") -> str:
    """The timeline of ``story`` (message_story.story) ``width`` pixels wide, with labels
    of font ``size`` ("page", "present", "print"); ``standalone``: a file of its own (the
    SVG download), with its XML declaration, namespace, size and a white background;
    ``lang``: the language of the steps' reasons in their tooltips (labels/steps.toml)."""
    font = SIZES.get(size, SIZES["page"])
    width = max(MIN_WIDTH, min(int(width or DEFAULT_WIDTH), MAX_WIDTH))
    origin, now = story["origin"], story["now"]
    events = story["events"]
    last = max([e["at"] - origin for e in events] + [0.0])
    if story["live"]:
        last = max(last, now - origin)
    span = max(last, DELAYED) * 1.06 + 0.5
    # A label wider than the drawing (a phone's width at the presenter's size) would run off
    # it: the type shrinks until the widest fits.
    phase_words = [t[f"tl_phase_{p['kind']}"].format(time=_duration(p["end"] - p["start"], t))
                   + (" …" if p["open"] else "") for p in story["phases"]]
    words = [event_label(e, t) for e in events] + [t["delayed"], t["tl_now"], *phase_words]
    widest = max(text_width(w, 1.0) for w in words)
    font = max(MIN_FONT, min(font, math.floor(width / (widest + 1.6) * 10) / 10))
    pad, radius = font * 0.8, font * 0.4
    tick_labels_half = text_width(_tick_text(int(span), 1, t), font) / 2
    lo, hi = pad, width - pad
    axis_lo, axis_hi = lo + max(radius, tick_labels_half), hi - max(radius, tick_labels_half)
    scale = (axis_hi - axis_lo) / span

    def x(offset: float) -> float:
        return axis_lo + max(0.0, offset) * scale

    # The words, laid out in lanes.
    marks = [Label(x(DELAYED), t["delayed"], "#92400e", css="delayed")]
    if story["live"]:
        marks.append(Label(x(now - origin), t["tl_now"], MUTED, css="now"))
    mark_lanes = _place(marks, font, lo, hi, "start")
    labels = []
    for event in events:
        offset = event["at"] - origin
        label = Label(x(offset), event_label(event, t), COLOURS.get(event["kind"], INK),
                      css="step", tooltip="+" + t["tl_seconds"].format(n=f"{offset:.1f}")
                      + " · " + step_labels.reason_text(event["reason"], lang))
        labels.append(label)
    event_lanes = _place(labels, font, lo, hi, "start")
    phases = []
    for phase, words in zip(story["phases"], phase_words, strict=True):
        middle = (x(phase["start"] - origin) + x(phase["end"] - origin)) / 2
        phases.append((phase, Label(middle, words, INK, css="phase")))
    phase_lanes = _place([p[1] for p in phases], font, lo, hi, "middle")

    lane = font * 1.6
    top = pad + font
    axis_y = top + (mark_lanes + event_lanes) * lane + font * 0.3
    band = font * 0.8
    tick_y = axis_y + band / 2 + font * 1.25
    height = tick_y + phase_lanes * lane + pad + font * 0.3

    def baseline_above(index: int) -> float:  # lane 0 is the one nearest the axis
        return axis_y - band / 2 - font * 0.55 - index * lane

    parts = []
    if standalone:
        parts.append('<?xml version="1.0" encoding="UTF-8"?>\n')
    message = story["message"]
    size_attrs = (f'width="{width}" height="{height:.0f}" ' if standalone
                  else 'width="100%" ')
    parts.append(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" '
        f'viewBox="0 0 {width} {height:.0f}" {size_attrs}'
        f'preserveAspectRatio="xMinYMin meet" font-family="{escape(FONT)}" '
        f'font-size="{font}" data-steps="{len(events)}" data-live="{str(story["live"]).lower()}"'
        f' aria-labelledby="tl-title-{escape(message["sid"])}">')
    # Named by its <title> (not an aria-label): the name holds the SID, and an attribute
    # cannot mark that part as data the way an element can (translate="no").
    parts.append(f'<title id="tl-title-{escape(message["sid"])}">'
                 f'{escape(t["tl_aria"].format(sid=message["sid"], count=len(events)))}</title>')
    if standalone:
        parts.append(f'<rect width="100%" height="100%" fill="{HALO}"/>')
    # Lines first, words last: the words' halos cover any line behind them.
    beyond = x(DELAYED)
    parts.append(f'<rect x="{beyond:.1f}" y="{top - font:.1f}" '
                 f'width="{max(0, axis_hi - beyond):.1f}" height="{axis_y - top + font:.1f}" '
                 'fill="#fffbeb"/>')
    for phase, _label in phases:
        left, right = x(phase["start"] - origin), x(phase["end"] - origin)
        parts.append(f'<rect class="phase-band" x="{left:.1f}" y="{axis_y - band / 2:.1f}" '
                     f'width="{max(right - left, 2):.1f}" height="{band:.1f}" rx="{band / 4:.1f}"'
                     f' fill="{PHASE_COLOURS.get(phase["kind"], "#e5e7eb")}"/>')
    parts.append(f'<line x1="{axis_lo:.1f}" y1="{axis_y:.1f}" x2="{axis_hi:.1f}" '
                 f'y2="{axis_y:.1f}" stroke="{AXIS}" stroke-width="2"/>')
    for mark in marks:
        dash = ' stroke-dasharray="6 4"' if mark.css == "delayed" else ""
        parts.append(f'<line x1="{mark.anchor:.1f}" y1="{top - font * 0.2:.1f}" '
                     f'x2="{mark.anchor:.1f}" y2="{axis_y + band / 2 + 4:.1f}" '
                     f'stroke="{mark.colour}" stroke-width="2"{dash}/>')
    for label in labels:
        y = baseline_above(label.lane)
        parts.append(f'<line x1="{label.anchor:.1f}" y1="{axis_y:.1f}" x2="{label.anchor:.1f}" '
                     f'y2="{y + font * 0.25:.1f}" stroke="{label.colour}" stroke-width="1.5"/>')
    ticks, step = _ticks(span, scale, font, t)
    for tick in ticks:
        parts.append(f'<line x1="{x(tick):.1f}" y1="{axis_y:.1f}" x2="{x(tick):.1f}" '
                     f'y2="{axis_y + band / 2 + 3:.1f}" stroke="{AXIS}" stroke-width="1.5"/>')
    for label in labels:
        parts.append(f'<circle cx="{label.anchor:.1f}" cy="{axis_y:.1f}" r="{radius:.1f}" '
                     f'fill="{label.colour}" stroke="{HALO}" stroke-width="2">'
                     f'<title>{escape(label.text)} {escape(label.tooltip)}</title></circle>')
    halo = (f'paint-order="stroke" stroke="{HALO}" stroke-width="{font * 0.35:.1f}" '
            'stroke-linejoin="round"')
    for tick in ticks:
        parts.append(f'<text class="tick" x="{x(tick):.1f}" y="{tick_y:.1f}" '
                     f'text-anchor="middle" fill="{MUTED}" {halo}>'
                     f'{escape(_tick_text(tick, step, t))}</text>')
    mark_top = baseline_above(event_lanes)
    for mark in marks:
        y = mark_top - mark.lane * lane
        parts.append(_text(mark, y, halo))
    for label in labels:
        parts.append(_text(label, baseline_above(label.lane), halo))
    for _phase, label in phases:
        parts.append(_text(label, tick_y + (label.lane + 1) * lane, halo))
    parts.append("</svg>")
    return "".join(parts)


def _text(label: Label, y: float, halo: str) -> str:
    return (f'<text class="{label.css}" x="{label.left:.1f}" y="{y:.1f}" '
            f'fill="{label.colour}" {halo}>{escape(label.text)}</text>')


def _ticks(span: float, scale: float, font: float, t: dict) -> tuple[list[int], int]:
    """Tick marks far enough apart that their labels (centred on them) never touch, and
    their step."""
    for step in TICK_STEPS:
        ticks = list(range(0, int(span) + 1, step))
        widest = max(text_width(_tick_text(tick, step, t), font) for tick in ticks)
        if step * scale >= widest + font:
            return ticks, step
    return [0], TICK_STEPS[-1]
