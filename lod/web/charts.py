"""Small inline SVG pictures, laid out here and drawn by the macros in ``templates/macros.html``: a timeline
of records per year (with the offices a person held as bands above it), the network around one agent, and
the correspondence network of the whole dataset.

Each function returns plain numbers and labels (or None when there is nothing to draw); the templates
escape every label.

>>> t = timeline([(1950, 2, 1), (1953, 0, 4)])
>>> (t["first"], t["last"], t["peak"], len(t["bars"]))
(1950, 1953, 4, 2)
"""
from __future__ import annotations

import math
from collections.abc import Sequence

from lod.web.viewmodel import Link, Neighbour, Office, Pair

OFFICE_ROW = 16  # height of one office band above the timeline's bars
MAX_OFFICE_ROWS = 8


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def timeline(years: list[tuple[int, int, int]], offices: Sequence[Office] = (), width: int = 640,
             height: int = 150) -> dict | None:
    """Bars per year (stacked: as correspondent, otherwise named), laid out for an inline SVG; each dated
    office a band from its first to its last year above the bars."""
    dated = [o for o in offices if o.first_year is not None][:MAX_OFFICE_ROWS]
    if not years and not dated:
        return None
    span_years = [y for y, _, _ in years] + [y for o in dated for y in (o.first_year, o.last_year or o.first_year)]
    first, last = min(span_years), max(span_years)
    span = last - first + 1
    by_year = {y: (c, m) for y, c, m in years}
    peak = max((c + m for _, c, m in years), default=0) or 1
    band_top = 8
    top = band_top + OFFICE_ROW * len(dated) + (6 if dated else 2)
    height = height + top - 10
    left, bottom = 28, height - 22
    slot = (width - left - 8) / span
    bar = min(slot * 0.8, 40)
    bars, ticks = [], []
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 1000) if span / s <= 12)
    for i, year in enumerate(range(first, last + 1)):
        c, m = by_year.get(year, (0, 0))
        x = left + i * slot
        hc = (bottom - top) * c / peak
        hm = (bottom - top) * m / peak
        if c or m:
            bars.append({"year": year, "x": round(x + (slot - bar) / 2, 1), "w": round(max(bar, 1.5), 1),
                         "c": c, "m": m, "yc": round(bottom - hc, 1), "hc": round(hc, 1),
                         "ym": round(bottom - hc - hm, 1), "hm": round(hm, 1)})
        if year % step == 0 or span == 1:
            ticks.append({"x": round(x + slot / 2, 1), "year": year})
    bands = []
    for row, office in enumerate(dated):
        a = office.first_year - first
        b = (office.last_year or office.first_year) - first + 1
        x1, x2 = left + a * slot + 1, left + b * slot - 1
        y = band_top + row * OFFICE_ROW
        bands.append({"x": round(x1, 1), "w": round(max(x2 - x1, 3), 1), "y": y, "h": OFFICE_ROW - 4,
                      "tx": round(x1 + 3, 1), "ty": y + OFFICE_ROW - 7, "label": office.link.label,
                      "short": _short(office.link.label, max(4, int((width - x1 - 4) / 6.2))),
                      "period": office.period, "count": office.count})
    return {"width": width, "height": height, "bars": bars, "ticks": ticks, "bottom": bottom, "left": left,
            "peak": peak, "top": top, "first": first, "last": last, "roles": any(c for _, c, _ in years),
            "offices": bands}


def network(centre: str, kind: str, corr: list[Neighbour], co: list[Neighbour], limit: int = 14,
            width: int = 720, height: int = 380) -> dict | None:
    """The agent in the centre and its strongest neighbours on an ellipse; edge width by shared records."""
    merged: dict[str, Neighbour] = {}
    for n in corr + co:
        have = merged.setdefault(n.link.iri, Neighbour(n.link))
        have.sent += n.sent
        have.received += n.received
        have.together += n.together
    chosen = sorted(merged.values(), key=lambda n: (-(n.letters * 2 + n.together), n.link.label))[:limit]
    if not chosen:
        return None
    cx, cy, rx, ry = width / 2, height / 2, width / 2 - 170, height / 2 - 40
    heaviest = max(max(n.letters, n.together) for n in chosen)
    nodes = []
    for i, n in enumerate(chosen):
        angle = -math.pi / 2 + 2 * math.pi * i / len(chosen)
        x, y, anchor, lx, ly = _place(cx, cy, rx, ry, angle)
        weight = max(n.letters, n.together)
        nodes.append({"link": n.link, "x": x, "y": y, "lx": lx, "ly": ly,
                      "anchor": anchor, "short": _short(n.link.label, 24), "letters": n.letters,
                      "together": n.together, "sent": n.sent, "received": n.received,
                      "width": round(1.5 + 6 * weight / heaviest, 1), "radius": round(6 + 5 * weight / heaviest, 1)})
    return {"width": width, "height": height, "cx": cx, "cy": cy, "centre": _short(centre, 28),
            "centre_full": centre, "kind": kind, "nodes": nodes}


def _place(cx: float, cy: float, rx: float, ry: float, angle: float) -> tuple[float, float, str, float, float]:
    """A node on an ellipse at ``angle`` and where its label goes: (x, y, text-anchor, label x, label y)."""
    cos, sin = math.cos(angle), math.sin(angle)
    x, y = cx + rx * cos, cy + ry * sin
    anchor = "start" if cos > 0.25 else "end" if cos < -0.25 else "middle"
    lx = x + (14 if anchor == "start" else -14 if anchor == "end" else 0)
    ly = (y + 26 if sin > 0 else y - 16) if anchor == "middle" else y + 4
    return round(x, 1), round(y, 1), anchor, round(lx, 1), round(ly, 1)


def _order(weights: dict[str, int], ties: dict[frozenset[str], int]) -> list[str]:
    """Nodes in an order that puts strongly connected ones side by side on the circle: start with the
    busiest, then repeatedly the unplaced node most tied to the last placed (else the busiest left)."""
    left = sorted(weights, key=lambda k: (-weights[k], k))
    order = [left.pop(0)] if left else []
    while left:
        last = order[-1]
        best = max(left, key=lambda k: (ties.get(frozenset((last, k)), 0), weights[k]))
        order.append(best)
        left.remove(best)
    return order


def correspondence(pairs: Sequence[Pair], limit: int = 24, width: int = 760, height: int = 560) -> dict | None:
    """The busiest ``limit`` correspondents on an ellipse, an arrow from sender to addressee for each pair
    between them (curved, so that letters each way are two arrows), its width by the number of records."""
    volume: dict[str, int] = {}
    links: dict[str, Link] = {}
    for p in pairs:
        for link in (p.sender_link, p.addressee_link):
            volume[link.iri] = volume.get(link.iri, 0) + p.records
            links[link.iri] = link
    kept = set(sorted(volume, key=lambda k: (-volume[k], links[k].label, k))[:limit])
    shown = [p for p in pairs if p.sender in kept and p.addressee in kept and p.sender != p.addressee]
    if not shown:
        return None
    ties: dict[frozenset[str], int] = {}
    for p in shown:
        key = frozenset((p.sender, p.addressee))
        ties[key] = ties.get(key, 0) + p.records
    order = _order({k: volume[k] for k in kept}, ties)
    cx, cy, rx, ry = width / 2, height / 2, width / 2 - 175, height / 2 - 50
    busiest = max(volume[k] for k in kept)
    nodes, at = [], {}
    for i, key in enumerate(order):
        angle = -math.pi / 2 + 2 * math.pi * i / len(order)
        x, y, anchor, lx, ly = _place(cx, cy, rx, ry, angle)
        radius = round(5 + 7 * math.sqrt(volume[key] / busiest), 1)
        at[key] = (x, y, radius)
        nodes.append({"link": links[key], "x": x, "y": y, "lx": lx, "ly": ly, "anchor": anchor, "radius": radius,
                      "short": _short(links[key].label, 26), "records": volume[key]})
    heaviest = max(p.records for p in shown)
    edges = []
    for p in sorted(shown, key=lambda p: p.records):  # the heaviest drawn last, on top
        (x1, y1, r1), (x2, y2, r2) = at[p.sender], at[p.addressee]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy) or 1.0
        bend = 0.12 * length  # to the right of the direction of travel: A→B and B→A do not overlap
        qx, qy = (x1 + x2) / 2 - dy / length * bend, (y1 + y2) / 2 + dx / length * bend
        sx, sy = _towards(x1, y1, qx, qy, r1 + 1)
        ex, ey = _towards(x2, y2, qx, qy, r2 + 3)
        edges.append({"pair": p, "d": f"M{sx:.1f},{sy:.1f} Q{qx:.1f},{qy:.1f} {ex:.1f},{ey:.1f}",
                      "width": round(1 + 5 * p.records / heaviest, 1)})
    return {"width": width, "height": height, "nodes": nodes, "edges": edges, "shown": len(order),
            "agents": len(volume)}


def _towards(x: float, y: float, tx: float, ty: float, distance: float) -> tuple[float, float]:
    """The point ``distance`` from (x, y) towards (tx, ty)."""
    d = math.hypot(tx - x, ty - y) or 1.0
    return x + (tx - x) / d * distance, y + (ty - y) / d * distance
