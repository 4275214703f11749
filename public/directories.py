"""Directory pages: every party (as a hierarchy), person, event, field and region, each
with what the caller may see of its agreements.

Counts start from ``Agreement.objects.visible_to`` (a party whose agreements are all
drafts is listed with 0 to the public: parties themselves are public records). Names are
ordered for the reader (kernel/name_order.py): by pinyin on the Chinese pages. Long lists
are paged (public/paging.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Count,
    F,
    IntegerField,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from agreements import lifecycle
from agreements.models import Agreement, AgreementParty, CooperationField, Event, Region, Signature
from kernel.name_order import name_ordering
from kernel.partial_date import ends_on_or_after
from kernel.slugs import SLUG_PATTERN
from kernel.tree import subtree_ids
from parties.choices import PartyKind
from parties.filtersets import PartyFilterSet, PersonFilterSet
from parties.models import Party, Person, Post
from public.cache import public_page
from public.paging import page_of

UPCOMING, PAST = "upcoming", "past"
WHEN_HINT = _("Choose “upcoming” or “past”.")


def count_of(rows: QuerySet[Any], key: str) -> Coalesce:
    """The number of ``rows`` whose ``key`` is the outer row, as a subquery column (0 for
    none): one per row listed, never a join that would multiply other counts."""
    counted = (
        rows.filter(**{key: OuterRef("pk")})
        .order_by()
        .values(key)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def filter_data(params: QueryDict, names: tuple[str, ...]) -> QueryDict:
    """Only the query-string parameters a filter set should read (the others are the page's)."""
    data = QueryDict(mutable=True)
    for name in names:
        values = [v for v in params.getlist(name) if v.strip()]
        if values:
            data.setlist(name, values)
    return data


# Parties ---------------------------------------------------------------------------------


@public_page
def party_list(request: HttpRequest) -> HttpResponse:
    """``/<lang>/parties/``: the top-level parties, or a party's sub-units
    (``?parent=<slug>``); with ``q``, ``kind`` or ``country`` (several values each: any
    of them) every party matching, at any depth (within ``parent``'s if given)."""
    visible = Agreement.objects.visible_to(request.user)
    parent: Party | None = None
    parent_slug = request.GET.get("parent", "").strip()
    if parent_slug:
        # Not a slug (a NUL byte, which PostgreSQL refuses in a query): no such party either.
        if not re.fullmatch(SLUG_PATTERN, parent_slug):
            raise Http404("No such party.")
        parent = get_object_or_404(Party.objects.select_related("parent"), slug=parent_slug)
    filterset = PartyFilterSet(
        data=filter_data(request.GET, ("q", "kind", "country")), queryset=Party.objects.all()
    )
    valid = filterset.is_valid()
    searching = bool(filterset.data)
    parties = filterset.qs if valid else Party.objects.none()
    if parent is not None and searching:
        parties = parties.filter(pk__in=subtree_ids(Party, [parent], include_self=False))
    elif parent is not None:
        parties = parties.filter(parent=parent)
    elif not searching:
        parties = parties.filter(parent__isnull=True)
    parties = (
        parties.select_related("parent")
        .annotate(
            agreement_count=count_of(AgreementParty.objects.filter(agreement__in=visible), "party"),
            subunit_count=count_of(Party.objects.all(), "parent"),
        )
        .order_by(*name_ordering())
    )
    context = {
        "page_obj": page_of(request, parties),
        "parent": parent,
        "trail": [*parent.ancestors(), parent] if parent is not None else [],
        "searching": searching,
        "errors": {} if valid else dict(filterset.errors),
        "q": request.GET.get("q", "").strip(),
        "kinds": PartyKind.choices,
        "chosen_kinds": set(request.GET.getlist("kind")),
        "countries": countries_in_use(),
        "chosen_countries": {c.upper() for c in request.GET.getlist("country")},
    }
    return render(request, "public/party_list.html", context)


def countries_in_use() -> list[tuple[str, str]]:
    """(code, name in the reader's language) of the countries some party is in; one query."""
    codes = (
        Party.objects.exclude(country="")
        .order_by("country")
        .values_list("country", flat=True)
        .distinct()
    )
    return sorted(((code, str(countries.name(code))) for code in codes), key=lambda c: c[1])


# People ----------------------------------------------------------------------------------


@public_page
def person_list(request: HttpRequest) -> HttpResponse:
    """``/<lang>/people/``: everyone, with their posts and the signatures the caller may
    see; ``q`` searches names in both scripts."""
    visible = Agreement.objects.visible_to(request.user)
    filterset = PersonFilterSet(
        data=filter_data(request.GET, ("q",)), queryset=Person.objects.all()
    )
    valid = filterset.is_valid()
    people = (filterset.qs if valid else Person.objects.none()).annotate(
        signature_count=count_of(Signature.objects.filter(agreement__in=visible), "person")
    )
    people = people.prefetch_related(
        Prefetch("posts", queryset=Post.objects.select_related("party").order_by("-started_on"))
    ).order_by(*name_ordering())
    context = {
        "page_obj": page_of(request, people),
        "q": request.GET.get("q", "").strip(),
        "errors": {} if valid else dict(filterset.errors),
    }
    return render(request, "public/person_list.html", context)


# Events ----------------------------------------------------------------------------------


@public_page
def event_list(request: HttpRequest) -> HttpResponse:
    """``/<lang>/events/``: the events the caller may see, ``?when=upcoming`` (the
    default; soonest first) or ``?when=past`` (latest first, undated ones last)."""
    events = Event.objects.visible_to(request.user)
    when = request.GET.get("when", "").strip() or UPCOMING
    errors = {}
    if when not in (UPCOMING, PAST):
        errors["when"] = [WHEN_HINT]
        when = UPCOMING
    # An event dated only "2026-12" is upcoming all December (kernel/partial_date.py).
    upcoming = ends_on_or_after("date", lifecycle.today())
    counts = events.aggregate(
        upcoming=Count("pk", filter=upcoming), past=Count("pk", filter=~upcoming)
    )
    if when == UPCOMING:
        listed = events.filter(upcoming).order_by("date", "title", "pk")
    else:
        listed = events.exclude(upcoming).order_by(F("date").desc(nulls_last=True), "title", "pk")
    context = {
        "page_obj": page_of(request, listed),
        "when": when,
        "counts": counts,
        "errors": errors,
    }
    return render(request, "public/event_list.html", context)


# Fields and regions ----------------------------------------------------------------------


@dataclass
class TermNode:
    """A vocabulary term, its count of visible agreements and its narrower terms."""

    term: Model
    count: int
    children: list[TermNode] = field(default_factory=list)


def term_tree(
    model: type[CooperationField | Region], visible: QuerySet[Agreement]
) -> list[TermNode]:
    """Every term of ``model`` as a forest in the reader's name order, each with its count
    of ``visible`` agreements; one query (the vocabularies are small)."""
    terms = model.objects.annotate(
        n=Count("agreements", filter=Q(agreements__in=visible), distinct=True)
    ).order_by(*name_ordering())
    nodes = {term.pk: TermNode(term, getattr(term, "n", 0)) for term in terms}
    roots = []
    for node in nodes.values():
        parent_id = node.term.parent_id  # type: ignore[attr-defined]
        if parent_id is None or parent_id not in nodes:
            roots.append(node)
        else:
            nodes[parent_id].children.append(node)
    return roots


def _vocabulary(
    request: HttpRequest, model: type[CooperationField | Region], template: str
) -> HttpResponse:
    roots = term_tree(model, Agreement.objects.visible_to(request.user))
    return render(request, template, {"page_obj": page_of(request, roots)})


@public_page
def field_list(request: HttpRequest) -> HttpResponse:
    """``/<lang>/fields/``: the cooperation fields as a tree, with agreement counts."""
    return _vocabulary(request, CooperationField, "public/field_list.html")


@public_page
def region_list(request: HttpRequest) -> HttpResponse:
    """``/<lang>/regions/``: the regions as a tree, with agreement counts."""
    return _vocabulary(request, Region, "public/region_list.html")
