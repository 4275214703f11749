""" "Cite this record": a plain-text reference and a BibTeX entry for an agreement, a party or
an event, and the ``cite.bib`` downloads (public/agreement_urls.py, public/urls.py).

A record's stable number is the registry's own, ``REG-A-000123`` (``P`` for a party, ``E``
for an event), made from its primary key, which no edit changes. The agreement's
``reference_number`` cannot serve: it is optional and editors may correct it, and the slug
in the address may be corrected too. The citation gives the number, the reference number
when there is one, and the address as it is today.

The year is the year the record was last changed: a citation names the version read,
which the access date pins down further.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from agreements.models import Agreement, Event
from kernel.admin_site import registry_name
from kernel.partial_date import PartialDate
from parties.models import Party
from public.templatetags.pages import partial_date, primary_name

# One letter per kind of record, so that numbers of different kinds never collide.
NUMBER_PREFIXES: dict[type[Model], str] = {Agreement: "A", Party: "P", Event: "E"}
NUMBER_DIGITS = 6

# Characters that mean something to TeX, and what stands for each in a BibTeX value.
_TEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_TEX_SPECIAL = re.compile("|".join(re.escape(c) for c in _TEX_ESCAPES))


def registry_number(record: Agreement | Party | Event) -> str:
    """``REG-A-000123``: the record's stable number in this registry."""
    return f"REG-{NUMBER_PREFIXES[type(record)]}-{record.pk:0{NUMBER_DIGITS}d}"


def tex_escaped(value: str) -> str:
    """A text as a BibTeX value: TeX's special characters escaped, whitespace collapsed."""
    return _TEX_SPECIAL.sub(lambda m: _TEX_ESCAPES[m.group()], " ".join(value.split()))


@dataclass(frozen=True)
class Citation:
    """What a reference to one record says, in the reader's language."""

    title: str
    number: str
    reference_number: str
    url: str
    changed: dt.date
    accessed: dt.date

    @property
    def author(self) -> str:
        return registry_name()

    @property
    def identifiers(self) -> str:
        """'record REG-A-000001' and, when there is one, the agreement's reference number."""
        text = gettext("record %(number)s") % {"number": self.number}
        if self.reference_number:
            text += gettext(", reference number %(reference)s") % {
                "reference": self.reference_number
            }
        return text

    def plain_text(self) -> str:
        return gettext(
            "%(author)s (%(year)s). “%(title)s”, %(identifiers)s. Last changed %(changed)s. "
            "%(url)s (accessed %(accessed)s)."
        ) % {
            "author": self.author,
            "year": self.changed.year,
            "title": self.title,
            "identifiers": self.identifiers,
            "changed": partial_date(PartialDate(self.changed)),
            "url": self.url,
            "accessed": partial_date(PartialDate(self.accessed)),
        }

    def bibtex(self) -> str:
        """A ``@misc`` entry keyed by the record's number; ``urldate`` is biblatex's access
        date, the note says it too for BibTeX styles that ignore it."""
        note = gettext("%(identifiers)s; accessed %(accessed)s") % {
            "identifiers": self.identifiers,
            "accessed": self.accessed.isoformat(),
        }
        fields = [
            ("title", tex_escaped(self.title)),
            # Double braces: the registry is an institution, not a person's name to split.
            ("author", "{" + tex_escaped(self.author) + "}"),
            ("organization", tex_escaped(self.author)),
            ("year", str(self.changed.year)),
            ("url", self.url),
            ("note", tex_escaped(note[:1].upper() + note[1:])),
            ("urldate", self.accessed.isoformat()),
        ]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        return f"@misc{{{self.number},\n{body}\n}}\n"


def citation(record: Agreement | Party | Event, request: HttpRequest) -> Citation:
    """The citation of a record as read today at its address in the current language."""
    return Citation(
        title=primary_name(record),
        number=registry_number(record),
        reference_number=getattr(record, "reference_number", ""),
        url=request.build_absolute_uri(record.get_absolute_url()),
        changed=timezone.localdate(record.updated_at),
        accessed=timezone.localdate(),
    )


def bibtex_response(record: Agreement | Party | Event, request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        citation(record, request).bibtex(), content_type="text/x-bibtex; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{record.slug}.bib"'
    if not getattr(record, "published", True):
        # A draft's entry, seen by staff, must not stay in a shared cache.
        response["Cache-Control"] = "private"
    return response


@require_safe
def agreement_bibtex(request: HttpRequest, slug: str) -> HttpResponse:
    """404 where the agreement's page is: drafts for all who may not see them."""
    agreement = get_object_or_404(Agreement.objects.visible_to(request.user), slug=slug)
    return bibtex_response(agreement, request)


@require_safe
def event_bibtex(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.visible_to(request.user), slug=slug)
    return bibtex_response(event, request)


@require_safe
def party_bibtex(request: HttpRequest, slug: str) -> HttpResponse:
    return bibtex_response(get_object_or_404(Party, slug=slug), request)
