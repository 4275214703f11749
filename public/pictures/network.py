"""A party's network: the party in the centre, its partners on a circle around it in
order of rank (most agreements together first, clockwise from the top), a spoke to each as
thick as their agreements together, and thin chords between partners who signed the same
of its agreements. Deterministic: the same data gives the same SVG.

The data is /api/network/'s (agreements.network), over the agreements the caller may see.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agreements.models import Agreement
from agreements.network import Counted, Edge, Node, network_edges, network_nodes
from parties.models import Party
from public.templatetags.pages import primary_lang, primary_name

from .svg import Cell, Picture, Table, document, link, shorten, tag, text, tooltip

# Partners drawn at most; the rest are counted in a note (the page's partner list has all).
CAP = 30
SIZE = 760
CENTRE = SIZE / 2
RADIUS = 205
FONT = 13
LABEL_ROOM = SIZE / 2 - RADIUS - 24
# Up to this many partners the labels stay level; more are written along their spokes.
LEVEL_LABELS = 8


def _angle(index: int, count: int) -> float:
    """Degrees, clockwise from the top."""
    return -90 + 360 * index / count


def _point(angle: float, radius: float) -> tuple[float, float]:
    rad = math.radians(angle)
    return CENTRE + radius * math.cos(rad), CENTRE + radius * math.sin(rad)


def _label(node: Node, angle: float, count: int, node_r: float) -> str:
    """The partner's name outside its node: level when there are few, else along the spoke
    (turned on the left half so it never reads upside down)."""
    name = primary_name(node)
    lang = primary_lang(node)
    x, y = _point(angle, RADIUS + node_r + 6)
    left = math.cos(math.radians(angle)) < -1e-9
    if count <= LEVEL_LABELS:
        if abs(math.cos(math.radians(angle))) < 0.2:  # at the top or the bottom: centred
            dy = -8 if math.sin(math.radians(angle)) < 0 else FONT + 6
            return text(
                shorten(name, 2 * LABEL_ROOM, FONT),
                x=x,
                y=y + dy,
                text_anchor="middle",
                class_="label",
                lang=lang,
            )
        return text(
            shorten(name, LABEL_ROOM + 40, FONT),
            x=x,
            y=y + 4.5,
            text_anchor="end" if left else "start",
            class_="label",
            lang=lang,
        )
    turn = angle + 180 if left else angle
    return text(
        shorten(name, LABEL_ROOM, FONT),
        x=x,
        y=y + 4.5,
        text_anchor="end" if left else "start",
        transform=f"rotate({turn:.1f} {x:.1f} {y:.1f})",
        class_="label",
        lang=lang,
    )


def draw(
    centre: Node | Party,
    partners: Sequence[Node],
    peers: Sequence[Edge],
    *,
    ident: str,
    more: int = 0,
) -> Picture:
    """The picture of ``centre`` and its ``partners`` (ranked), with the ``peers`` edges
    between partners. Pure: no query."""
    count = len(partners)
    heaviest = max(p.agreements for p in partners)
    position = {p.slug: index for index, p in enumerate(partners)}
    chords: list[str] = []
    heaviest_peer = max((e.weight for e in peers), default=1)
    names = {p.slug: primary_name(p) for p in partners}
    for edge in peers:
        if edge.source not in position or edge.target not in position:
            continue
        x1, y1 = _point(_angle(position[edge.source], count), RADIUS)
        x2, y2 = _point(_angle(position[edge.target], count), RADIUS)
        # A curve bent towards the centre, so chords do not run through the spokes' ends.
        cx, cy = CENTRE + ((x1 + x2) / 2 - CENTRE) * 0.3, CENTRE + ((y1 + y2) / 2 - CENTRE) * 0.3
        chords.append(
            tag(
                "path",
                tooltip(f"{names[edge.source]} – {names[edge.target]}: {edge.weight}"),
                d=f"M{x1:.1f},{y1:.1f} Q{cx:.1f},{cy:.1f} {x2:.1f},{y2:.1f}",
                stroke_width=round(0.6 + 2.4 * edge.weight / heaviest_peer, 1),
                class_="edge-peer",
            )
        )
    spokes: list[str] = []
    nodes: list[str] = []
    rows: list[list[Cell]] = []
    for index, partner in enumerate(partners):
        angle = _angle(index, count)
        share = partner.agreements / heaviest
        node_r = 5 + 9 * math.sqrt(share)
        x, y = _point(angle, RADIUS)
        name = names[partner.slug]
        together = ngettext(
            "%(name)s: %(count)s agreement together",
            "%(name)s: %(count)s agreements together",
            partner.agreements,
        ) % {"name": name, "count": partner.agreements}
        spokes.append(
            tag(
                "line",
                tooltip(together),
                x1=CENTRE,
                y1=CENTRE,
                x2=x,
                y2=y,
                stroke_width=round(1 + 7 * share, 1),
                class_="edge",
            )
        )
        lx, ly = _point(angle, RADIUS * 0.74)
        spokes.append(
            text(str(partner.agreements), x=lx, y=ly + 4, text_anchor="middle", class_="weight")
        )
        href = reverse("parties:party-detail", args=[partner.slug])
        nodes.append(
            link(
                href,
                tooltip(together),
                tag("circle", cx=x, cy=y, r=node_r, class_="node"),
                _label(partner, angle, count, node_r),
                class_="node-link",
            )
        )
        rows.append([Cell(name, href, primary_lang(partner)), Cell(str(partner.agreements))])
    centre_name = primary_name(centre)
    centre_label = shorten(centre_name, 180, FONT + 1)
    label_w = 180 if centre_label != centre_name else min(180, len(centre_label) * 9 + 16)
    body = [
        *chords,
        *spokes,
        tag("circle", cx=CENTRE, cy=CENTRE, r=22, class_="node node-centre"),
        tag(
            "rect",
            x=CENTRE - label_w / 2 - 6,
            y=CENTRE + 26,
            width=label_w + 12,
            height=22,
            rx=4,
            class_="centre-label-box",
        ),
        text(
            centre_label,
            x=CENTRE,
            y=CENTRE + 42,
            text_anchor="middle",
            class_="centre-label",
            lang=primary_lang(centre),
        ),
        *nodes,
    ]
    title = _("The partners of %(name)s") % {"name": centre_name}
    description = ngettext(
        "%(count)s partner drawn around %(name)s; a line is thicker the more agreements "
        "they signed together (most: %(top)s, %(n)s).",
        "%(count)s partners drawn around %(name)s; a line is thicker the more agreements "
        "they signed together (most: %(top)s, %(n)s).",
        count,
    ) % {"count": count, "name": centre_name, "top": names[partners[0].slug], "n": heaviest}
    note = (
        ngettext(
            "and %(count)s more partner, in the list below",
            "and %(count)s more partners, in the list below",
            more,
        )
        % {"count": more}
        if more
        else ""
    )
    table = Table(caption=title, columns=[_("Partner"), _("Agreements together")], rows=rows)
    svg = document(
        ident=ident,
        width=SIZE,
        height=SIZE,
        title=title,
        description=description,
        body=body,
        css_class="chart-network",
    )
    return Picture(ident=ident, svg=svg, table=table, note=note)


def party_network(
    party: Party,
    agreements: QuerySet[Agreement],
    party_ids: Any,
    *,
    ident: str = "network",
    cap: int = CAP,
    counted: Counted | None = None,
) -> Picture | None:
    """The network of ``party`` over ``agreements`` (those of it, or of it and its
    sub-units ``party_ids``: ids or a subquery of them, that the caller may see); None
    when it has no partner. Two queries: with ``counted`` (the party's own agreements),
    the partners come from the pair table."""
    partners = network_nodes(agreements, excluding=party_ids, counted=counted)
    if not partners:
        return None
    shown = partners[:cap]
    peers = network_edges(agreements, among=[p.pk for p in shown], counted=counted)
    return draw(party, shown, peers, ident=ident, more=len(partners) - len(shown))
