"""SVG primitives for the pictures drawn server-side: escaped elements, an accessible
document, text widths and axis steps; and ``Picture``, what a page shows (the SVG, its
legend and the table that says the same in words).

Markup is built as strings from escaped parts only: every text and attribute value passes
``escape``, so a party's name cannot open an element. No ``style`` attribute is ever
written (the Content-Security-Policy forbids inline styles); classes are styled from
static/css/site.css.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

Number = int | float
Attr = str | Number | None


@dataclass(frozen=True)
class Cell:
    """A table cell: its text and, if it names a page, that page's address."""

    text: str
    href: str = ""
    lang: str = ""


@dataclass(frozen=True)
class Table:
    """The picture's figures as a table: caption, column headings and rows."""

    caption: str
    columns: Sequence[str]
    rows: Sequence[Sequence[Cell]]


@dataclass(frozen=True)
class LegendEntry:
    """A series of a chart: the class its marks are drawn with and its label."""

    css_class: str
    label: str


@dataclass(frozen=True)
class Picture:
    """An SVG picture with its table alternative; ``ident`` prefixes its element ids, so
    it must be unique on the page."""

    ident: str
    svg: SafeString
    table: Table
    legend: Sequence[LegendEntry] = field(default_factory=tuple)
    note: str = ""

    @property
    def table_id(self) -> str:
        return f"{self.ident}-table"


def number(value: Number) -> str:
    """Coordinates to one decimal at most: '12', '12.5', never '12.000000001'."""
    rounded = round(float(value), 1)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}"


def _attributes(attrs: dict[str, Attr]) -> str:
    parts = []
    for key, value in attrs.items():
        if value is None:
            continue
        name = key.rstrip("_").replace("_", "-")
        shown = number(value) if isinstance(value, int | float) else value
        parts.append(f' {name}="{escape(shown)}"')
    return "".join(parts)


def tag(name: str, *children: str, **attrs: Attr) -> str:
    """``<name attrs>children</name>``; children are markup already built by these helpers.
    Attribute names: ``class_`` is ``class``, ``text_anchor`` is ``text-anchor``."""
    opening = f"<{name}{_attributes(attrs)}"
    if not children:
        return opening + "/>"
    return f"{opening}>{''.join(children)}</{name}>"


def text(content: str, **attrs: Attr) -> str:
    """A ``<text>`` element holding ``content`` escaped."""
    return tag("text", escape(content), **attrs)


def tooltip(content: str) -> str:
    """A ``<title>`` child: the mark's full text when hovered."""
    return tag("title", escape(content))


def link(href: str, *children: str, **attrs: Attr) -> str:
    return tag("a", *children, href=href, **attrs)


def document(
    *,
    ident: str,
    width: Number,
    height: Number,
    title: str,
    description: str,
    body: Sequence[str],
    css_class: str,
) -> SafeString:
    """An ``<svg role="img">`` named by its title and description and described by the
    table with id ``<ident>-table`` beside it."""
    markup = tag(
        "svg",
        tag("title", escape(title), id=f"{ident}-title"),
        tag("desc", escape(description), id=f"{ident}-desc"),
        *body,
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {number(width)} {number(height)}",
        role="img",
        class_=f"picture-svg {css_class}",
        aria_labelledby=f"{ident}-title {ident}-desc",
        aria_describedby=f"{ident}-table",
        preserveAspectRatio="xMidYMin meet",
    )
    return mark_safe(markup)  # noqa: S308 - every part above is escaped


def _char_width(char: str) -> float:
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    if char in "il.,:;'|! ":
        return 0.3
    if char.isupper() or char in "mwMW":
        return 0.7
    return 0.55


def text_width(label: str, size: Number) -> float:
    """An estimate of the width of ``label`` at font size ``size`` (Chinese characters are
    one em wide, Latin letters about half); good enough to keep labels apart."""
    return sum(_char_width(char) for char in label) * float(size)


def shorten(label: str, width: Number, size: Number) -> str:
    """``label``, cut with an ellipsis to fit ``width`` at font size ``size``."""
    if text_width(label, size) <= width:
        return label
    cut = label
    while cut and text_width(cut + "…", size) > width:
        cut = cut[:-1]
    return cut.rstrip() + "…"


def axis_step(largest: int, ticks: int = 4) -> int:
    """A round step (1, 2, 5, 10, 20, 50...) giving about ``ticks`` ticks up to ``largest``."""
    if largest <= ticks:
        return 1
    rough = largest / ticks
    magnitude = 10 ** math.floor(math.log10(rough))
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= rough:
            return int(factor * magnitude)
    return int(10 * magnitude)  # pragma: no cover - the loop always returns
