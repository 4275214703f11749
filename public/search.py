"""One search box for everything: ``/<lang>/search/?q=`` finds agreements, parties, people,
events and places, grouped; ``/<lang>/search/suggest/?q=`` gives a few of each as JSON for
the header box's suggestions (static/js/search-suggest.js).

Agreements are agreements/search.py's full-text search, so a group's "see all" count is the
agreement list's. Parties and people match their stored search keys (parties/search.py);
events and places match their names the same loose way (kernel/fuzzy.py). Only agreements
and events the caller may see are searched, and signing places only of those agreements.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Max, QuerySet, Value
from django.db.models.functions import Concat, Lower
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseBase,
    JsonResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from agreements.models import Agreement, Event, Region
from agreements.search import parse_query
from agreements.search import search as search_agreements
from kernel.fuzzy import loose_match, loosely_matching
from kernel.text import CONTROL, fold, query_variants, to_simplified
from kernel.visibility import Viewer
from parties.models import Party, Person
from parties.search import find_parties, find_people
from public.cache import public_page
from public.feeds import SearchAgreementsFeed
from public.templatetags.pages import (
    partial_date,
    primary_lang,
    primary_name,
    secondary_name,
    text_lang,
)

MAX_QUERY_LENGTH = 200
# Hits per group on the search page, and in the suggestions.
GROUP_SIZE = 5
SUGGEST_SIZE = 3
# One group shown alone (?kind=...): this many per page.
PAGE_SIZE = 20
# The search page's groups, in the order shown.
KINDS = {
    "agreements": _("Agreements"),
    "parties": _("Parties"),
    "people": _("People"),
    "events": _("Events"),
    "places": _("Places"),
}


class QueryError(ValueError):
    """A ``q`` the search refuses; the message names the parameter."""


def clean_query(raw: str | None) -> str:
    """The query as typed, trimmed; QueryError for one too long or with control characters."""
    text = (raw or "").strip()
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(
            _("The search (q) is too long: at most %(limit)d characters.")
            % {"limit": MAX_QUERY_LENGTH}
        )
    if CONTROL.search(text):
        raise QueryError(_("The search (q) contains control characters; remove them."))
    return " ".join(text.split())


@dataclass(frozen=True)
class Hit:
    """One found record as a search result and as a suggestion."""

    kind: str
    label: str
    url: str
    lang: str = "en"
    alt: str = ""
    detail: str = ""
    alt_lang: str = ""

    def as_json(self) -> dict[str, str]:
        return {"label": self.label, "kind": self.kind, "url": self.url, "detail": self.detail}


@dataclass
class Group:
    kind: str
    hits: list[Hit]
    count: int
    # The page listing all of them: the agreement list for agreements, else this search
    # with ?kind=.
    more_url: str = ""
    page: Page[Any] | None = field(default=None)

    @property
    def title(self) -> str:
        return str(KINDS[self.kind])


def _agreements(viewer: Viewer, text: str) -> QuerySet[Agreement]:
    # The full-text index holds names as written; Simplified is how Chinese names are kept.
    visible = Agreement.objects.visible_to(viewer)
    simplified = to_simplified(text)
    if not parse_query(simplified):  # only operators ("-", "or"): no term to look for
        return visible.none().annotate(search_rank=Value(0.0))
    return search_agreements(visible, simplified).order_by(
        F("search_rank").desc(), F("signed_on").desc(nulls_last=True), "pk"
    )


def _names(*columns: str) -> Any:
    """Columns joined into one lower-case text, for kernel/fuzzy.py to match."""
    parts: list[Any] = []
    for column in columns:
        parts += [F(column), Value(" | ")]
    return Lower(Concat(*parts[:-1]))


def _events(viewer: Viewer, text: str) -> QuerySet[Event]:
    matched = loosely_matching(
        Event.objects.visible_to(viewer),
        _names("title", "title_local", "place"),
        _variants(text),
        fold(text),
    )
    return matched.order_by("-match_rank", F("date").desc(nulls_last=True), "pk")


def _regions(text: str) -> QuerySet[Region]:
    matched = loosely_matching(
        Region.objects.all(), _names("name", "name_local"), _variants(text), fold(text)
    )
    return matched.order_by("-match_rank", "name", "pk")


def _signing_places(viewer: Viewer, text: str) -> QuerySet[Any]:
    """Places of signing of the agreements the viewer sees, with how many were signed there."""
    condition, rank = loose_match(Lower(F("signed_place")), _variants(text), fold(text))
    return (
        Agreement.objects.visible_to(viewer)
        .exclude(signed_place="")
        .filter(condition)
        .values("signed_place")
        .annotate(n=Count("pk"), match_rank=Max(rank))
        .order_by("-match_rank", "-n", "signed_place")
    )


def _variants(text: str) -> list[str]:
    """Columns not folded in the database are matched as typed too (lower case)."""
    return list(dict.fromkeys([*query_variants(text), text.lower()]))


def _url(name: str, **query: str) -> str:
    return f"{reverse(name)}?{urlencode(query)}" if query else reverse(name)


def _agreement_hit(agreement: Agreement) -> Hit:
    signed = partial_date(agreement.signed_on) if agreement.signed_on else ""
    return Hit(
        "agreements",
        primary_name(agreement),
        reverse("agreements:agreement-detail", kwargs={"slug": agreement.slug}),
        primary_lang(agreement),
        secondary_name(agreement),
        str(signed),
        alt_lang=text_lang(agreement),
    )


def _party_hit(party: Party) -> Hit:
    return Hit(
        "parties",
        primary_name(party),
        party.get_absolute_url(),
        primary_lang(party),
        secondary_name(party),
        party.abbreviation,
        alt_lang=text_lang(party),
    )


def _person_hit(person: Person) -> Hit:
    return Hit(
        "people",
        primary_name(person),
        person.get_absolute_url(),
        primary_lang(person),
        secondary_name(person),
        alt_lang=text_lang(person),
    )


def _event_hit(event: Event) -> Hit:
    when = partial_date(event.date) if event.date else ""
    detail = " · ".join(part for part in (str(when), event.place) if part)
    return Hit(
        "events",
        primary_name(event),
        event.get_absolute_url(),
        primary_lang(event),
        secondary_name(event),
        detail,
        alt_lang=text_lang(event),
    )


def _region_hit(region: Region) -> Hit:
    return Hit(
        "places",
        primary_name(region),
        reverse("agreements:region-detail", kwargs={"slug": region.slug}),
        primary_lang(region),
        secondary_name(region),
        str(_("Region")),
        alt_lang=text_lang(region),
    )


def _place_hit(row: dict[str, Any]) -> Hit:
    place = row["signed_place"]
    return Hit(
        "places",
        place,
        _url("agreements:agreement-list", q=place),
        detail=ngettext(
            "Place of signing · %(count)d agreement",
            "Place of signing · %(count)d agreements",
            row["n"],
        )
        % {"count": row["n"]},
    )


# Each kind: its query for a viewer and a text, and how a row becomes a hit. Places are
# two sources (regions, then places of signing), so they are built apart.
SOURCES: dict[str, tuple[Callable[[Viewer, str], QuerySet[Any]], Callable[[Any], Hit]]] = {
    "agreements": (_agreements, _agreement_hit),
    "parties": (lambda _viewer, text: find_parties(Party.objects.all(), text), _party_hit),
    "people": (lambda _viewer, text: find_people(Person.objects.all(), text), _person_hit),
    "events": (_events, _event_hit),
}


def find(viewer: Viewer, text: str, *, size: int, counted: bool = True) -> list[Group]:
    """Every kind's best ``size`` hits for ``text`` and, when ``counted``, how many there
    are; two queries per kind (one without ``counted``), whatever the data."""
    groups = []
    for kind, (query, to_hit) in SOURCES.items():
        rows = query(viewer, text)
        hits = [to_hit(row) for row in rows[:size]]
        count = _count(rows) if counted else len(hits)
        groups.append(Group(kind, hits, count, _more_url(kind, text)))
    groups.append(_places(viewer, text, size=size, counted=counted))
    return groups


def _count(rows: QuerySet[Any]) -> int:
    """How many rows: for agreements the search's bounded count (agreements/search.py),
    which reuses the ids its page was read from and estimates a very large number."""
    bounded = getattr(rows, "bounded_count", None)
    return int(bounded()[0]) if callable(bounded) else rows.count()


def _places(viewer: Viewer, text: str, *, size: int, counted: bool) -> Group:
    regions, places = _regions(text), _signing_places(viewer, text)
    # Both read whole (not the places only when regions leave room): a constant count.
    hits = [_region_hit(region) for region in regions[:size]]
    hits = (hits + [_place_hit(row) for row in places[:size]])[:size]
    count = regions.count() + places.count() if counted else len(hits)
    return Group("places", hits, count, _more_url("places", text))


def _more_url(kind: str, text: str) -> str:
    if kind == "agreements":
        return _url("agreements:agreement-list", q=to_simplified(text))
    return _url("search", q=text, kind=kind)


def find_one_kind(viewer: Viewer, text: str, kind: str, page_number: str | None) -> Group:
    """All hits of one kind, a page at a time (places: regions, then places of signing)."""
    if kind == "places":
        regions = list(_regions(text)[: PAGE_SIZE * 10])
        places = list(_signing_places(viewer, text)[: PAGE_SIZE * 10])
        rows: Any = [_region_hit(r) for r in regions] + [_place_hit(p) for p in places]
        page = Paginator(rows, PAGE_SIZE).get_page(page_number)
        return Group(kind, list(page.object_list), page.paginator.count, page=page)
    query, to_hit = SOURCES[kind]
    page = Paginator(query(viewer, text), PAGE_SIZE).get_page(page_number)
    hits = [to_hit(row) for row in page.object_list]
    return Group(kind, hits, page.paginator.count, page=page)


@require_safe
@public_page
def search_page(request: HttpRequest) -> HttpResponse:
    """The search page: grouped hits, one group in full with ``?kind=``, or a hint."""
    context: dict[str, Any] = {"q": "", "kinds": KINDS, "groups": [], "error": ""}
    status = 200
    try:
        text = clean_query(request.GET.get("q"))
    except QueryError as error:
        context["error"] = str(error)
        return render(request, "public/search.html", context, status=400)
    kind = request.GET.get("kind", "")
    if kind and kind not in KINDS:
        context["q"] = text
        context["error"] = _("There is no kind of record “%(kind)s” to search.") % {
            "kind": kind[:40]
        }
        return render(request, "public/search.html", context, status=400)
    context["q"] = text
    if text:
        if kind and kind != "agreements":
            context["one_kind"] = find_one_kind(request.user, text, kind, request.GET.get("page"))
        else:
            context["groups"] = find(request.user, text, size=GROUP_SIZE)
        context["found"] = any(g.count for g in context["groups"]) or bool(
            context.get("one_kind") and context["one_kind"].count
        )
        context["feed_url"] = _url("search-feed", q=text)
    return render(request, "public/search.html", context, status=status)


_search_feed = SearchAgreementsFeed()


@require_safe
def search_feed(request: HttpRequest) -> HttpResponseBase:
    """``/<lang>/feeds/search.atom?q=``: the Atom feed of a search; a missing or refused
    ``q`` is a plain-text 400 naming it. Cached and throttled by public/machine_urls.py."""
    try:
        text = clean_query(request.GET.get("q"))
    except QueryError as error:
        return HttpResponseBadRequest(f"{error}\n", content_type="text/plain; charset=utf-8")
    if not text:
        message = _("Add the search to the address: ?q=…")
        return HttpResponseBadRequest(f"{message}\n", content_type="text/plain; charset=utf-8")
    return _search_feed(request)


@require_safe
@public_page
def suggest(request: HttpRequest) -> JsonResponse:
    """A few hits of each kind, for the suggestions under the header's search box:
    ``{"q": ..., "groups": [{"kind", "title", "items": [{label, kind, url, detail}]}]}``."""
    try:
        text = clean_query(request.GET.get("q"))
    except QueryError as error:
        return JsonResponse({"q": "", "error": str(error), "groups": []}, status=400)
    groups = find(request.user, text, size=SUGGEST_SIZE, counted=False) if text else []
    return JsonResponse(
        {
            "q": text,
            "search_url": _url("search", q=text),
            "groups": [
                {
                    "kind": group.kind,
                    "title": group.title,
                    "items": [hit.as_json() for hit in group.hits],
                }
                for group in groups
                if group.hits
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )
