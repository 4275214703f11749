"""Public pages: home, agreement search and pages, events, cooperation fields, regions,
and the pages of parties and people (which list agreements, so they live here: ``parties``
never imports ``agreements``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Max, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from agreements import lifecycle
from agreements.chains import chain_of
from agreements.groupings import (
    count_by,
    group_count,
    largest_terms,
    summarized_total,
    terms_counted,
)
from agreements.models import (
    Agreement,
    AgreementParty,
    AgreementRelation,
    AgreementSource,
    Claim,
    Commitment,
    CommitmentProgress,
    CooperationField,
    Document,
    Event,
    EventParticipant,
    Region,
    Signature,
)
from agreements.network import Counted
from agreements.summaries import public_scope
from agreements.uploads import served_content_type
from kernel.name_order import name_ordering
from kernel.params import flag
from kernel.tree import subtree_ids
from kernel.visibility import can_see_drafts
from parties.models import Party, Person, Post
from public import jsonld
from public.cache import public_page
from public.claims import cited_facts
from public.facets import (
    ORDERINGS,
    RELEVANCE,
    AgreementSearch,
    filter_panel,
    filter_params,
    is_filtered,
    ordering_of,
)
from public.paging import page_of
from public.pictures import countries, network, timeline

PAGE_SIZE = 20
# A party page's "in force today" and "expiring soon" lists: this many, then a link.
LIFECYCLE_LIST_SIZE = 10
EXPIRING_DAYS = 180


def with_parties(queryset: QuerySet[Agreement]) -> QuerySet[Agreement]:
    """Agreements with their parties in one extra query, for lists."""
    return queryset.prefetch_related(
        Prefetch("agreement_parties", queryset=AgreementParty.objects.select_related("party"))
    )


# What the home page's lists show of a party, field or region: grouping and sorting the
# other columns (descriptions, search keys) only made its aggregates slower.
LISTED_NAME = ("slug", "name", "name_local", "sort_key")


@public_page(throttle=False)
def home(request: HttpRequest) -> HttpResponse:
    visible = Agreement.objects.visible_to(request.user)
    # The public's counts come from the summaries (agreements/summaries.py); staff, who
    # see drafts too, have them counted.
    scope = public_scope(request.user)
    years = [g for g in count_by("year", visible, scope=scope) if g.key is not None]
    context = {
        "agreement_count": visible.count() if scope is None else summarized_total(scope),
        "party_count": group_count("party", visible, scope=scope),
        "event_count": Event.objects.visible_to(request.user).count(),
        "latest": with_parties(visible.order_by("-signed_on", "-created_at"))[:8],
        "fields": terms_counted("field", visible, scope=scope).only(*LISTED_NAME).order_by("name"),
        "regions": terms_counted("region", visible, scope=scope)
        .only(*LISTED_NAME)
        .order_by("name"),
        "parties": largest_terms("party", visible, limit=12, scope=scope).only(*LISTED_NAME),
        "years": sorted(((int(g.key or 0), g.count) for g in years), reverse=True),
        "years_picture": timeline.per_year(visible, ident="years", by="kind", scope=scope),
        "countries_picture": countries.by_country(visible, ident="countries", scope=scope),
    }
    return render(request, "home.html", context)


@public_page
def agreement_list(request: HttpRequest) -> HttpResponse:
    search = AgreementSearch(request.user, request.GET)
    ordering = ordering_of(request.GET)
    results = search.results()
    if ordering != RELEVANCE:  # the search ranks best matches first by itself
        results = results.order_by(ordering, "title", "pk")
    scope = search.scope()
    total = None if scope is None else summarized_total(scope)
    page = page_of(request, with_parties(results), per_page=PAGE_SIZE, count=total)
    q = request.GET.get("q", "").strip()
    context = {
        "page_obj": page,
        **filter_panel(search, request.GET),
        "q": q,
        "ordering": ordering,
        "orderings": {k: v for k, v in ORDERINGS.items() if q or k != RELEVANCE},
        "include_subunits": flag(request.GET, "include_subunits"),
        "query_string": filter_params(request.GET).urlencode(),
        "filtered": is_filtered(request.GET),
    }
    return render(request, "agreements/agreement_list.html", context)


@public_page(throttle=False)
def agreement_detail(request: HttpRequest, slug: str) -> HttpResponse:
    user = request.user
    visible = Agreement.objects.visible_to(user)
    queryset = visible.prefetch_related(
        Prefetch(
            "agreement_parties", queryset=AgreementParty.objects.select_related("party__parent")
        ),
        Prefetch("signatures", queryset=Signature.objects.select_related("person", "on_behalf_of")),
        "fields",
        "regions",
        Prefetch(
            "commitments",
            queryset=Commitment.objects.prefetch_related(
                "responsible_parties",
                Prefetch(
                    "progress_notes", queryset=CommitmentProgress.objects.select_related("source")
                ),
            ),
        ),
        Prefetch("events", queryset=Event.objects.visible_to(user).order_by("date", "title")),
        Prefetch(
            "relations",
            queryset=AgreementRelation.objects.filter(other__in=visible).select_related("other"),
        ),
        Prefetch(
            "inverse_relations",
            queryset=AgreementRelation.objects.filter(agreement__in=visible).select_related(
                "agreement"
            ),
        ),
        Prefetch(
            "citations",
            queryset=AgreementSource.objects.select_related("source").order_by(
                "source__published_on", "pk"
            ),
        ),
        "documents",
        # A claim naming another agreement (a renewal of it) is shown only with it.
        Prefetch(
            "claims",
            queryset=Claim.objects.select_related("source").filter(
                Q(named_agreement__isnull=True) | Q(named_agreement__in=visible)
            ),
        ),
    )
    agreement = get_object_or_404(queryset, slug=slug)
    chain = chain_of(agreement, user)
    related = [(r.get_kind_display(), r.other, r.note) for r in agreement.relations.all()] + [
        (r.inverse_label, r.agreement, r.note) for r in agreement.inverse_relations.all()
    ]
    context = {
        "agreement": agreement,
        "signatories": [s for s in agreement.signatures.all() if s.role == "signatory"],
        "witnesses": [s for s in agreement.signatures.all() if s.role == "witness"],
        "timeline": events_timeline(agreement),
        "lifecycle_picture": timeline.lifecycle(agreement, chain, ident="lifecycle"),
        "related": related,
        "chain": chain,
        "facts": cited_facts(agreement),
        "jsonld": jsonld.agreement(agreement, request),
    }
    return render(request, "agreements/agreement_detail.html", context)


def events_timeline(agreement: Agreement) -> list[dict[str, Any]]:
    """Related events and the signing in date order; on the same day the events come first,
    as the symposium preceded the signing."""
    items: list[dict[str, Any]] = [
        {"date": e.date, "event": e, "order": 0}
        for e in agreement.events.all()  # type: ignore[attr-defined]  # Event.agreements
    ]
    if agreement.signed_on:
        items.append({"date": agreement.signed_on, "signing": True, "order": 1})
    dated = sorted((i for i in items if i["date"]), key=lambda i: (i["date"].start, i["order"]))
    return dated + [i for i in items if not i["date"]]


@public_page(throttle=False)
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    queryset = Event.objects.visible_to(request.user).prefetch_related(
        Prefetch(
            "participants",
            queryset=EventParticipant.objects.select_related("person", "party"),
        ),
        "parties",
        Prefetch("agreements", queryset=Agreement.objects.visible_to(request.user)),
        "sources",
    )
    event = get_object_or_404(queryset, slug=slug)
    context = {"event": event, "jsonld": jsonld.event(event, request)}
    return render(request, "agreements/event_detail.html", context)


def _term_detail(
    request: HttpRequest, model: type[CooperationField | Region], slug: str, template: str
) -> HttpResponse:
    term: CooperationField | Region = get_object_or_404(
        model.objects.select_related("parent"), slug=slug
    )
    parameter = "field" if model is CooperationField else "region"
    agreements = Agreement.objects.visible_to(request.user).filter(**{f"{parameter}s": term})
    scope = public_scope(request.user, {parameter: [term]})
    page = page_of(
        request,
        with_parties(agreements.order_by("-signed_on", "title", "pk")),
        count=None if scope is None else summarized_total(scope),
    )
    context = {
        "term": term,
        "children": term.children.order_by(*name_ordering()),
        "page_obj": page,
        "agreements": page.object_list,
        "agreement_count": page.paginator.count,
        "search_query": f"{parameter}={term.slug}",
        "years_picture": timeline.per_year(
            agreements, ident="years", search=f"{parameter}={term.slug}", scope=scope
        ),
        "countries_picture": countries.by_country(
            agreements, ident="countries", search=f"{parameter}={term.slug}", scope=scope
        ),
    }
    return render(request, template, context)


@public_page
def field_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _term_detail(request, CooperationField, slug, "agreements/cooperationfield_detail.html")


@public_page
def region_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _term_detail(request, Region, slug, "agreements/region_detail.html")


@public_page
def party_detail(request: HttpRequest, slug: str) -> HttpResponse:
    party: Party = get_object_or_404(
        Party.objects.select_related("parent").prefetch_related(
            "aliases", "identifiers", Prefetch("children", queryset=Party.objects.order_by("name"))
        ),
        slug=slug,
    )
    include_subunits = flag(request.GET, "include_subunits")
    # The sub-units at any depth as one recursive subquery, not a query per level.
    party_ids = subtree_ids(Party, [party]) if include_subunits else [party.pk]
    visible = Agreement.objects.visible_to(request.user)
    agreements = visible.filter(
        pk__in=AgreementParty.objects.filter(party_id__in=party_ids).values("agreement_id")
    )
    # Filtered, then annotated: the counts and years read the same join, so they cover only
    # the agreements shared with this party that the caller may see.
    partners = (
        Party.objects.filter(agreement_roles__agreement__in=agreements)
        .exclude(pk__in=party_ids)
        .annotate(
            n=Count("agreement_roles__agreement", distinct=True),
            first_signed=Min("agreement_roles__agreement__signed_on"),
            last_signed=Max("agreement_roles__agreement__signed_on"),
        )
        .order_by("-n", *name_ordering())
    )
    # The signatures for this party in agreements the caller sees, counted per person by
    # an index lookup each: grouping the join by every column of a person sorted 50 MB on
    # disk for the largest party at a million agreements.
    signed_here = Signature.objects.filter(on_behalf_of_id__in=party_ids, agreement__in=visible)
    signed_by_one = (
        signed_here.filter(person_id=OuterRef("pk"))
        .order_by()
        .values("person_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    signers = (
        Person.objects.filter(pk__in=signed_here.values("person_id"))
        .only("slug", "name", "name_local")
        .annotate(n=Subquery(signed_by_one))
        .order_by("name")
    )
    today = lifecycle.today()
    in_force = agreements.filter(lifecycle.in_force_during(today, today))
    expiring = in_force.filter(
        lifecycle.expiring_between(today, today + dt.timedelta(days=EXPIRING_DAYS))
    )
    search_query = f"party={party.slug}" + ("&include_subunits=1" if include_subunits else "")
    scope = public_scope(request.user, {"party": [party], "include_subunits": include_subunits})
    page = page_of(
        request,
        with_parties(agreements.order_by("-signed_on", "title", "pk")),
        count=None if scope is None else summarized_total(scope),
    )
    context = {
        "party": party,
        "include_subunits": include_subunits,
        "in_force": in_force.order_by("-signed_on", "title")[:LIFECYCLE_LIST_SIZE],
        "in_force_count": in_force.count(),
        "in_force_query": f"{search_query}&in_force_on={today.isoformat()}",
        "expiring": expiring.order_by("expires_on", "title")[:LIFECYCLE_LIST_SIZE],
        "expiring_count": expiring.count(),
        "expiring_query": (
            f"{search_query}&in_force_on={today.isoformat()}&expiring_within={EXPIRING_DAYS}"
        ),
        "expiring_days": EXPIRING_DAYS,
        "page_obj": page,
        "agreements": page.object_list,
        "agreement_count": page.paginator.count,
        "partners": page_of(request, partners, param="partners_page"),
        "signers": signers,
        "search_query": search_query,
        "network_picture": network.party_network(
            party,
            agreements,
            party_ids,
            # Its own agreements' partners are in the pair table; with sub-units, an
            # agreement of two of them would count twice there.
            counted=None
            if include_subunits
            else Counted(drafts=can_see_drafts(request.user), party=party.pk),
        ),
        "years_picture": timeline.per_year(
            agreements, ident="years", search=search_query, scope=scope
        ),
        "jsonld": jsonld.party(party, request),
    }
    return render(request, "parties/party_detail.html", context)


@public_page(throttle=False)
def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    person = get_object_or_404(
        Person.objects.prefetch_related(
            Prefetch("posts", queryset=Post.objects.select_related("party"))
        ),
        slug=slug,
    )
    visible = Agreement.objects.visible_to(request.user)
    signatures = (
        person.signatures.filter(agreement__in=visible)
        .select_related("agreement", "on_behalf_of")
        .order_by("-agreement__signed_on", "agreement__title", "pk")
    )
    participations = (
        person.participations.filter(event__in=Event.objects.visible_to(request.user))
        .select_related("event", "party")
        .order_by("-event__date")
    )
    context = {
        "person": person,
        "signatures": page_of(request, signatures),
        "participations": participations,
        "jsonld": jsonld.person(person, request),
    }
    return render(request, "parties/person_detail.html", context)


@require_safe
def document_file(request: HttpRequest, name: str) -> FileResponse:
    """``/media/<name>``: an uploaded document of an agreement the caller may see, as a download.

    Never shown inline: a safe Content-Type, ``nosniff`` and a sandboxing policy keep a file
    from running as a page of this site.
    """
    visible = Agreement.objects.visible_to(request.user)
    # first(): two rows may name one stored file (a history revert, a copied row).
    document = Document.objects.filter(agreement__in=visible, file=name).only("file").first()
    if document is None:
        raise Http404("No such document.")
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The document's file is missing.") from missing
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=name.rsplit("/", 1)[-1],
        content_type=served_content_type(name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # Drafts' documents must not stay in shared caches.
    response["Cache-Control"] = "private"
    return response
