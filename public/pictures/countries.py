"""Where: agreements by the countries of their parties, as horizontal bars (a map would
need geodata the registry does not hold). Country names come from django-countries, in the
reader's language."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from agreements.groupings import count_by
from agreements.models import Agreement

from .svg import Cell, Picture, Table, document, link, shorten, tag, text, tooltip

# Bars drawn; the table lists every country.
TOP = 12
WIDTH = 560
ROW = 26
LABEL_W = 180
COUNT_W = 48
FONT = 13


def by_country(
    agreements: QuerySet[Agreement],
    *,
    ident: str,
    search: str = "",
    top: int = TOP,
    scope: str | None = None,
) -> Picture | None:
    """The ``top`` countries with the most of ``agreements`` (an agreement counts once for
    each country among its parties; parties without one are left out), and every country
    in the table; None when no party has a country. With ``scope``, from the summaries
    (agreements/groupings.py). One grouped query."""
    groups = count_by("country", agreements, scope=scope)
    if not groups:
        return None
    base = f"{reverse('agreements:agreement-list')}?{search + '&' if search else ''}"
    names = {group.key: str(countries.name(group.key)) for group in groups}
    shown = groups[:top]
    largest = shown[0].count
    bar_room = WIDTH - LABEL_W - COUNT_W
    body: list[str] = []
    for index, group in enumerate(shown):
        y = index * ROW
        name = names[group.key]
        width = max(bar_room * group.count / largest, 2.0)
        body.append(
            link(
                f"{base}party_country={group.key}",
                tooltip(f"{name}: {group.count}"),
                text(
                    shorten(name, LABEL_W - 10, FONT),
                    x=LABEL_W - 8,
                    y=y + ROW / 2 + 4.5,
                    text_anchor="end",
                    class_="label",
                ),
                tag("rect", x=LABEL_W, y=y + 4, width=width, height=ROW - 8, class_="bar series-0"),
                text(str(group.count), x=LABEL_W + width + 6, y=y + ROW / 2 + 4.5, class_="tick"),
                class_="bar-link",
            )
        )
    title = _("Agreements by country of their parties")
    description = ngettext(
        "Parties from %(count)s country; the most agreements: %(name)s (%(n)s).",
        "Parties from %(count)s countries; the most agreements: %(name)s (%(n)s).",
        len(groups),
    ) % {"count": len(groups), "name": names[shown[0].key], "n": largest}
    more = len(groups) - len(shown)
    note = (
        ngettext(
            "and %(count)s more country, in the table",
            "and %(count)s more countries, in the table",
            more,
        )
        % {"count": more}
        if more
        else ""
    )
    svg = document(
        ident=ident,
        width=WIDTH,
        height=ROW * len(shown),
        title=title,
        description=description,
        body=body,
        css_class="chart-countries",
    )
    table = Table(
        caption=title,
        columns=[_("Country"), _("Agreements")],
        rows=[
            [Cell(names[g.key], f"{base}party_country={g.key}"), Cell(str(g.count))] for g in groups
        ],
    )
    return Picture(ident=ident, svg=svg, table=table, note=note)
