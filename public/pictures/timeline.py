"""Timelines: agreements signed per year as stacked bars (by status or kind), and one
agreement's own lifecycle (signed, in force, expires, renewed or superseded by) as a
horizontal line of dated marks."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from agreements import lifecycle as agreement_lifecycle
from agreements.chains import Link
from agreements.choices import INVERSE_RELATION, AgreementKind, AgreementStatus, RelationKind
from agreements.groupings import count_by_year_and
from agreements.lifecycle import took_effect
from agreements.models import Agreement
from kernel.partial_date import PartialDate, format_partial_date
from public.templatetags.pages import primary_name

from .svg import Cell, LegendEntry, Picture, Table, axis_step, document, tag, text, tooltip

# A stack's series, in a fixed order so each keeps its colour (class series-<n>) everywhere.
SERIES: dict[str, Any] = {"status": AgreementStatus, "kind": AgreementKind}
WIDTH, HEIGHT = 560, 220
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 12, 26
SUCCESSOR_RELATIONS = (RelationKind.RENEWS, RelationKind.SUPERSEDES, RelationKind.EXTENDS)
# Years drawn at most, the latest; agreements signed earlier are counted in a note.
MAX_YEARS = 60


@dataclass(frozen=True)
class YearCounts:
    """Agreements of one year by series key, in series order."""

    year: int
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class PerYear:
    """The years drawn (gaps included), the series keys present in series order, and the
    agreements left out: undated, and signed before the first year drawn."""

    years: list[YearCounts]
    series: list[str]
    undated: int = 0
    earlier: int = 0


def counts_per_year(
    agreements: QuerySet[Agreement], by: str, *, scope: str | None = None
) -> PerYear:
    """``agreements`` counted by signing year and ``by`` (agreements/groupings.py; with
    ``scope``, from the summaries). One grouped query."""
    per_year: dict[int, dict[str, int]] = defaultdict(dict)
    undated = 0
    present: set[str] = set()
    for year, key, n in count_by_year_and(by, agreements, scope=scope):
        if year is None:
            undated += n
            continue
        per_year[year][key] = n
        present.add(key)
    order = [value for value in SERIES[by].values if value in present]
    if not per_year:
        return PerYear([], order, undated)
    last = max(per_year)
    first = max(min(per_year), last - MAX_YEARS + 1)
    years = [
        YearCounts(year, {k: per_year[year].get(k, 0) for k in order})
        for year in range(first, last + 1)
    ]
    earlier = sum(sum(counts.values()) for year, counts in per_year.items() if year < first)
    return PerYear(years, order, undated, earlier)


def per_year(
    agreements: QuerySet[Agreement],
    *,
    ident: str,
    by: str = "status",
    search: str = "",
    scope: str | None = None,
) -> Picture | None:
    """Agreements signed per year, stacked by ``by`` (status or kind); None when none is
    dated. ``search`` is the search page's query string for these agreements (a year's
    row in the table links to it)."""
    counted = counts_per_year(agreements, by, scope=scope)
    years, order = counted.years, counted.series
    if not years:
        return None
    labels = {value: str(label) for value, label in SERIES[by].choices}
    classes = {value: f"series-{index}" for index, value in enumerate(SERIES[by].values)}
    tallest = max(year.total for year in years)
    step = axis_step(tallest)
    top = step * -(-tallest // step)  # the tallest rounded up to a whole step
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(years)
    bar_w = max(slot * 0.75, 1.0)
    body: list[str] = []
    for value in range(0, top + 1, step):
        y = TOP + plot_h - plot_h * value / top
        body.append(tag("line", x1=LEFT, x2=WIDTH - RIGHT, y1=y, y2=y, class_="grid"))
        body.append(text(str(value), x=LEFT - 6, y=y + 4, text_anchor="end", class_="tick"))
    # Year labels: about one per 48 units of width, on round years.
    label_every = next(n for n in (1, 2, 5, 10, 20, 50, 100) if n * slot >= 36)
    base = f"{reverse('agreements:agreement-list')}?{search + '&' if search else ''}"
    for index, year in enumerate(years):
        x = LEFT + index * slot + (slot - bar_w) / 2
        y = TOP + plot_h
        marks: list[str] = []
        for key in order:
            n = year.counts[key]
            if not n:
                continue
            h = plot_h * n / top
            y -= h
            marks.append(
                tag(
                    "rect",
                    tooltip(f"{year.year} · {labels[key]}: {n}"),
                    x=x,
                    y=y,
                    width=bar_w,
                    height=h,
                    class_=f"bar {classes[key]}",
                )
            )
        if marks:
            body.append(tag("a", *marks, href=f"{base}signed_year={year.year}", class_="bar-link"))
        if year.year % label_every == 0 or len(years) == 1:
            body.append(
                text(
                    str(year.year),
                    x=LEFT + index * slot + slot / 2,
                    y=HEIGHT - 8,
                    text_anchor="middle",
                    class_="tick",
                )
            )
    body.append(
        tag("line", x1=LEFT, x2=WIDTH - RIGHT, y1=TOP + plot_h, y2=TOP + plot_h, class_="axis")
    )
    total = sum(year.total for year in years)
    span = f"{years[0].year}–{years[-1].year}" if len(years) > 1 else str(years[0].year)
    title = _("Agreements signed per year")
    description = ngettext(
        "%(count)s agreement signed in %(span)s; the most in one year: %(most)s.",
        "%(count)s agreements signed in %(span)s; the most in one year: %(most)s.",
        total,
    ) % {"count": total, "span": span, "most": tallest}
    series_heading = _("Status") if by == "status" else _("Kind")
    table = Table(
        caption=title,
        columns=[_("Year"), *[labels[key] for key in order], _("Total")],
        rows=[
            [
                Cell(str(year.year), f"{base}signed_year={year.year}" if year.total else ""),
                *[Cell(str(year.counts[key])) for key in order],
                Cell(str(year.total)),
            ]
            for year in years
        ],
    )
    notes = []
    if counted.earlier:
        notes.append(
            ngettext(
                "%(count)s agreement signed before %(year)s is not drawn.",
                "%(count)s agreements signed before %(year)s are not drawn.",
                counted.earlier,
            )
            % {"count": counted.earlier, "year": years[0].year}
        )
    if counted.undated:
        notes.append(
            ngettext(
                "%(count)s agreement has no known signing date.",
                "%(count)s agreements have no known signing date.",
                counted.undated,
            )
            % {"count": counted.undated}
        )
    note = " ".join(notes)
    svg = document(
        ident=ident,
        width=WIDTH,
        height=HEIGHT,
        title=f"{title} ({series_heading})",
        description=description,
        body=body,
        css_class="chart-years",
    )
    legend = [LegendEntry(classes[key], labels[key]) for key in order]
    return Picture(ident=ident, svg=svg, table=table, legend=legend, note=note)


@dataclass(frozen=True)
class Mark:
    """A dated moment of an agreement's life, and the agreement it names if another."""

    date: PartialDate
    label: str
    css_class: str
    other: Agreement | None = None


def lifecycle_marks(agreement: Agreement, chain: Sequence[Link]) -> list[Mark]:
    """Signed, in force from, expires, terminated, and each agreement that renews,
    supersedes or extends it (when it takes effect), in date order."""
    marks: list[Mark] = []
    if agreement.signed_on:
        marks.append(Mark(agreement.signed_on, _("signed"), "mark-signed"))
    if agreement.effective_on and agreement.effective_on != agreement.signed_on:
        marks.append(Mark(agreement.effective_on, _("in force from"), "mark-effective"))
    if agreement.expires_on:
        marks.append(Mark(agreement.expires_on, _("expires"), "mark-expires"))
    if agreement.terminated_on:
        marks.append(Mark(agreement.terminated_on, _("terminated"), "mark-terminated"))
    successors = {INVERSE_RELATION[kind][0] for kind in SUCCESSOR_RELATIONS}
    for link in chain:
        effect = took_effect(link.agreement)
        if effect is None or link.relation not in successors:
            continue
        marks.append(Mark(effect, link.relation_label, "mark-successor", link.agreement))
    return sorted(marks, key=lambda mark: mark.date.start)


LIFE_WIDTH, LIFE_HEIGHT = 720, 120
LIFE_PAD = 70


def lifecycle(agreement: Agreement, chain: Sequence[Link], *, ident: str) -> Picture | None:
    """The agreement's dates on one line, its time in force as a band; None when it has
    fewer than two dated moments (one date is no line). No query: ``chain`` is the
    page's (agreements.chains.chain_of)."""
    marks = lifecycle_marks(agreement, chain)
    if len(marks) < 2:
        return None
    language = get_language() or "en"
    now = agreement_lifecycle.today()
    first = marks[0].date.start
    last = max(marks[-1].date.end, min(now, marks[-1].date.end + dt.timedelta(days=365)))
    days = max((last - first).days, 1)

    def x_of(day: dt.date) -> float:
        return LIFE_PAD + (LIFE_WIDTH - 2 * LIFE_PAD) * (day - first).days / days

    line_y = LIFE_HEIGHT / 2
    body = [tag("line", x1=x_of(first), x2=x_of(last), y1=line_y, y2=line_y, class_="axis")]
    effect = took_effect(agreement)
    if effect is not None:
        ends = [m.date.start for m in marks if m.css_class in ("mark-terminated", "mark-successor")]
        ends += [agreement.expires_on.end] if agreement.expires_on else []
        end = min([e for e in ends if e >= effect.start] or [min(now, last)])
        if end > effect.start:
            body.append(
                tag(
                    "rect",
                    tooltip(_("in force")),
                    x=x_of(effect.start),
                    y=line_y - 6,
                    width=x_of(end) - x_of(effect.start),
                    height=12,
                    class_="in-force-band",
                )
            )
    if first <= now <= last:
        body.append(
            tag("line", x1=x_of(now), x2=x_of(now), y1=12, y2=LIFE_HEIGHT - 12, class_="today")
        )
    rows: list[list[Cell]] = []
    for index, mark in enumerate(marks):
        x = x_of(mark.date.start)
        when = format_partial_date(mark.date, language)
        name = primary_name(mark.other) if mark.other is not None else ""
        label = f"{mark.label}: {name}" if name else mark.label
        # Labels alternate above and below the line, so neighbours do not overlap.
        above = index % 2 == 0
        y_label, y_date = (line_y - 26, line_y - 14) if above else (line_y + 24, line_y + 36)
        circle = tag(
            "circle", tooltip(f"{when} · {label}"), cx=x, cy=line_y, r=6, class_=mark.css_class
        )
        lines = [
            text(mark.label, x=x, y=y_label, text_anchor="middle", class_="label"),
            text(when, x=x, y=y_date, text_anchor="middle", class_="tick"),
        ]
        if mark.other is not None:
            href = reverse("agreements:agreement-detail", args=[mark.other.slug])
            body.append(tag("a", circle, *lines, href=href))
            rows.append([Cell(when), Cell(label, href)])
        else:
            body.extend([circle, *lines])
            rows.append([Cell(when), Cell(label)])
    title = _("This agreement's lifecycle")
    svg = document(
        ident=ident,
        width=LIFE_WIDTH,
        height=LIFE_HEIGHT,
        title=title,
        description="; ".join(f"{row[1].text} {row[0].text}" for row in rows),
        body=body,
        css_class="chart-lifecycle",
    )
    table = Table(caption=title, columns=[_("Date"), _("What")], rows=rows)
    return Picture(ident=ident, svg=svg, table=table)
