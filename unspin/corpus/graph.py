"""A deterministic layout for the outlet graph (no JavaScript in the page).

Nodes go on a circle. Connected outlets are placed next to each other:
components one after another (largest first), each walked breadth-first from
its best-connected outlet, so a network of rewriters forms an arc and its
edges stay short. Same input, same picture.
"""

from __future__ import annotations

import math
from collections import Counter, deque
from typing import Iterable, Sequence


def node_order(nodes: Sequence[str], edges: Iterable[tuple[str, str]]) -> list[str]:
    known = set(nodes)
    neighbours: dict[str, set[str]] = {n: set() for n in nodes}
    for a, b in edges:
        if a in known and b in known and a != b:
            neighbours[a].add(b)
            neighbours[b].add(a)
    degree = Counter({n: len(neighbours[n]) for n in nodes})
    seen: set[str] = set()
    components: list[list[str]] = []
    for start in sorted(nodes, key=lambda n: (-degree[n], n)):
        if start in seen:
            continue
        component: list[str] = []
        queue = deque([start])
        seen.add(start)
        while queue:
            node = queue.popleft()
            component.append(node)
            for nxt in sorted(neighbours[node] - seen, key=lambda n: (-degree[n], n)):
                seen.add(nxt)
                queue.append(nxt)
        components.append(component)
    components.sort(key=lambda c: (-len(c), c[0]))
    return [n for component in components for n in component]


def circular_layout(nodes: Sequence[str], edges: Iterable[tuple[str, str]], *,
                    size: float) -> dict[str, tuple[float, float]]:
    """``{node: (x, y)}`` on a circle centred in a ``size`` x ``size`` square."""
    order = node_order(nodes, list(edges))
    centre = size / 2
    radius = size / 2 - 175  # room for labels outside the circle
    if len(order) == 1:
        return {order[0]: (centre, centre)}
    positions = {}
    for index, node in enumerate(order):
        angle = -math.pi / 2 + 2 * math.pi * index / len(order)
        positions[node] = (round(centre + radius * math.cos(angle), 1),
                           round(centre + radius * math.sin(angle), 1))
    return positions


def curve(start: tuple[float, float], end: tuple[float, float], *, bend: float = 0.12,
          shorten_by: float = 0.0) -> tuple[str, tuple[float, float]]:
    """An SVG quadratic path from start to end bent to the left of travel, and its midpoint.

    Bending to one side keeps A->B and B->A apart. ``shorten_by`` pulls the end
    back so an arrowhead stops at the node's edge.
    """
    (x1, y1), (x2, y2) = start, end
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy) or 1.0
    if shorten_by:
        x2, y2 = x2 - dx / length * shorten_by, y2 - dy / length * shorten_by
    cx, cy = (x1 + x2) / 2 - dy * bend, (y1 + y2) / 2 + dx * bend
    mid = (0.25 * x1 + 0.5 * cx + 0.25 * x2, 0.25 * y1 + 0.5 * cy + 0.25 * y2)
    path = f"M{x1:.1f},{y1:.1f} Q{cx:.1f},{cy:.1f} {x2:.1f},{y2:.1f}"
    return path, (round(mid[0], 1), round(mid[1], 1))
