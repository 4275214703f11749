"""Drafts reach no one who may not see them, by any route the project serves.

The routes come from the URL resolver, so a new route is walked without editing this
test; a route whose parameters the test cannot fill fails it (add a filler to
``candidates``), except the commented ``NOT_WALKED`` allow-list. Each route is requested
as an anonymous caller in every representation it may have, with the draft's
identifiers, public identifiers and a wrong guess, and list routes also with query
parameters naming the draft. The marker word is in every text field of the draft, its
event, document, commitment and signature, and must appear in no response; the draft's
identifiers must answer exactly as a wrong guess does (status, content type, JSON shape).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation

from agreements.choices import RelationKind
from agreements.models import AgreementRelation, Document
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    CommitmentFactory,
    CooperationFieldFactory,
    EventFactory,
    PartyFactory,
    PersonFactory,
    RegionFactory,
    SignatureFactory,
)

MARKER = "Quetzalmarker"
# A second word of the draft's title: searching for it would find the draft, and the
# search box echoing it back is not a leak of the marker.
SEARCH_WORD = "Zorblax"
DRAFT_SLUG = "zq-draft-accord"
DRAFT_EVENT_SLUG = "zq-draft-gala"
GUESS = "zq-no-such-record"

# Namespaces not walked, each with the reason; test_not_walked_routes_need_a_login
# checks the reason holds.
NOT_WALKED = {
    # The staff admin: every page but the login form redirects an anonymous caller to it.
    "admin",
}


@dataclass(frozen=True)
class Route:
    """One URL pattern: its reversible name, parameters, and whether it is localized."""

    name: str
    params: tuple[str, ...]
    localized: bool
    api: bool
    label: str = field(compare=False)


def walk(
    patterns: list[URLPattern | URLResolver], prefix: str = "", namespace: str = "", **flags: Any
) -> Iterator[Route]:
    for pattern in patterns:
        text = prefix + str(pattern.pattern)
        params = tuple(pattern.pattern.regex.groupindex)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace or ""
            localized = flags.get("localized", False) or isinstance(
                pattern.pattern, LocalePrefixPattern
            )
            if pattern.namespace in NOT_WALKED:
                continue
            if params:
                pytest.fail(f"{text}: a resolver with parameters {params}; teach this test")
            yield from walk(pattern.url_patterns, text, inner, localized=localized)
            continue
        if not pattern.name:
            pytest.fail(f"{text}: an unnamed route cannot be reversed; name it")
        name = f"{namespace}:{pattern.name}" if namespace else pattern.name
        localized = flags.get("localized", False)
        yield Route(name, params, localized, text.startswith("api/"), label=text)


ROUTES = sorted(set(walk(get_resolver().url_patterns)), key=lambda r: (r.label, r.name))


@pytest.fixture
def draft_world(db: None, settings: Any, tmp_path: Any) -> dict[str, Any]:
    """A draft with everything around it: a party only it uses, a signatory, a commitment,
    a draft event and a published one naming it, a document, fields and regions shared
    with a published agreement that renews it, and the draft amending that agreement."""
    settings.MEDIA_ROOT = tmp_path
    text = f"{SEARCH_WORD} {MARKER}"
    draft = AgreementFactory(
        slug=DRAFT_SLUG,
        title=f"{text} accord",
        title_local=f"{MARKER} 协议",
        summary=f"{MARKER} summary",
        summary_local=f"{MARKER} 摘要",
        full_text=f"{MARKER} full text",
        signed_place=f"{MARKER} City",
        signed_place_local=f"{MARKER} 城",
        published=False,
    )
    public = AgreementFactory(title="Public accord")
    lonely = PartyFactory(name="Lonely Institute")
    shared = PartyFactory(name="Shared Institute")
    AgreementPartyFactory(agreement=draft, party=lonely)
    AgreementPartyFactory(agreement=draft, party=shared)
    AgreementPartyFactory(agreement=public, party=shared)
    person = PersonFactory(name="Signing Person")
    SignatureFactory(agreement=draft, person=person, on_behalf_of=lonely, title=f"{MARKER} chair")
    CommitmentFactory(agreement=draft, title=f"{MARKER} commitment")
    cooperation_field, region = CooperationFieldFactory(), RegionFactory()
    for agreement in (draft, public):
        agreement.fields.add(cooperation_field)
        agreement.regions.add(region)
    AgreementRelation.objects.create(agreement=public, kind=RelationKind.RENEWS, other=draft)
    AgreementRelation.objects.create(agreement=draft, kind=RelationKind.AMENDS, other=public)
    draft_event = EventFactory(
        slug=DRAFT_EVENT_SLUG, title=f"{text} gala", place=MARKER, published=False
    )
    public_event = EventFactory(title="Public symposium")
    for event in (draft_event, public_event):
        event.agreements.add(draft, public)
        event.parties.add(lonely, shared)
    document = Document(agreement=draft, kind="signed_scan", language="en", title=f"{MARKER} scan")
    document.file.save("scan.txt", ContentFile(f"{MARKER} document".encode()))
    return {
        # Each must answer exactly like GUESS.
        "drafts": [DRAFT_SLUG, DRAFT_EVENT_SLUG],
        # Each must show nothing of the draft.
        "public": [
            public.slug,
            public_event.slug,
            lonely.slug,
            shared.slug,
            person.slug,
            cooperation_field.slug,
            region.slug,
        ],
        "document": document,
        "lonely": lonely.slug,
    }


def fillers(world: dict[str, Any]) -> dict[str, dict[str, list[str]]]:
    """Values for each route parameter the project uses (or is expected to): the draft's
    ("draft", which must answer like "guess") and public ones, which must show nothing."""
    from public.sitemaps import SITEMAPS

    document = world["document"]
    document_pk = {"draft": [str(document.pk)], "guess": ["999999"], "public": []}
    return {
        "slug": {"draft": world["drafts"], "guess": [GUESS], "public": world["public"]},
        "section": {"draft": [], "guess": [], "public": list(SITEMAPS)},
        "pk": document_pk,
        "id": document_pk,
        "document": document_pk,
        "document_id": document_pk,
        # /media/<name>: the stored name of the draft's document, or of none.
        "name": {
            "draft": [document.file.name],
            "guess": [document.file.name.rsplit("/", 1)[0] + "/no-such-file.pdf"],
            "public": [],
        },
        # Signed links of e-mail messages (watches/tokens.py): none names a draft.
        "token": {"draft": [], "guess": ["zq-no-such-token"], "public": []},
        "filename": {
            "draft": [document.file.name.rsplit("/", 1)[-1]],
            "guess": ["no-such-file.txt"],
            "public": [],
        },
    }


def candidates(route: Route, world: dict[str, Any]) -> list[tuple[str, dict[str, str]]]:
    """(kind, kwargs) to fill the route with: "draft", "guess" or "public"."""
    values = fillers(world)
    unknown = [name for name in route.params if name not in values]
    if unknown:
        pytest.fail(f"{route.label}: no values for {unknown}; add them to fillers()")
    filled = []
    for kind in ("draft", "guess", "public"):
        choices = [values[name][kind] for name in route.params]
        for combination in itertools.product(*choices):
            filled.append((kind, dict(zip(route.params, combination, strict=True))))
    return filled


def representations(route: Route) -> list[tuple[dict[str, str], dict[str, str]]]:
    """(query, headers) for each representation: the API's browsable HTML, JSON and CSV."""
    if not route.api:
        return [({}, {})]
    return [
        ({}, {}),
        ({}, {"HTTP_ACCEPT": "text/html"}),
        ({"format": "json"}, {}),
        ({"format": "csv"}, {}),
    ]


def probes(route: Route, world: dict[str, Any]) -> list[tuple[str, dict[str, str]]]:
    """Query parameters naming the draft, on routes without parameters (the lists)."""
    if route.params:
        return [("public", {})]
    return [
        ("public", {}),
        ("draft", {"agreement": DRAFT_SLUG}),
        ("guess", {"agreement": GUESS}),
        ("draft", {"event": DRAFT_EVENT_SLUG}),
        ("guess", {"event": GUESS}),
        ("public", {"party": world["lonely"]}),
        ("public", {"q": SEARCH_WORD}),
    ]


def content_of(response: Any) -> str:
    content = (
        b"".join(response.streaming_content) if response.streaming else bytes(response.content)
    )
    return content.decode("utf-8", errors="replace")


def shape(value: Any) -> Any:
    """A JSON document's structure: keys and types, not values."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(item) for item in value[:1]]
    return type(value).__name__


def answer(response: Any, content: str) -> tuple[Any, ...]:
    """What must not differ between a draft's identifier and a wrong guess."""
    kind = response.get("Content-Type", "")
    parsed = json.dumps(shape(json.loads(content or "null"))) if "json" in kind else None
    return (response.status_code, kind.split(";")[0], parsed)


def urls_of(route: Route, kwargs: dict[str, str]) -> list[tuple[str | None, str]]:
    languages = [code for code, _ in settings.LANGUAGES] if route.localized else [None]
    urls = []
    for language in languages:
        with translation.override(language):
            urls.append((language, reverse(route.name, kwargs=kwargs)))
    return urls


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.label)
def test_no_route_shows_a_draft_to_anonymous_callers(
    route: Route, draft_world: dict[str, Any]
) -> None:
    client = Client()
    identifiers = [*draft_world["drafts"], GUESS]
    answers: dict[tuple[Any, ...], dict[str, tuple[Any, ...]]] = {}
    for kind, kwargs in candidates(route, draft_world):
        for language, url in urls_of(route, kwargs):
            for query, headers in representations(route):
                for probe_kind, probe in probes(route, draft_world):
                    response = client.get(url, {**query, **probe}, **headers)
                    content = content_of(response)
                    body = "\n".join(f"{k}: {v}" for k, v in response.items()) + content
                    sent = url + json.dumps(probe)
                    assert MARKER.lower() not in body.lower(), (url, query, probe, headers)
                    # Identifiers the request did not name must not appear either.
                    for identifier in identifiers:
                        if identifier not in sent:
                            assert identifier not in body, (url, query, probe, identifier)
                    if "guess" in (kind, probe_kind) or "draft" in (kind, probe_kind):
                        key = (
                            language,
                            json.dumps(query),
                            json.dumps(headers),
                            next(iter(probe), ""),
                        )
                        seen = answers.setdefault(key, {})
                        seen[sent] = answer(response, content)
    for key, seen in answers.items():
        assert len(set(seen.values())) == 1, (key, seen)


def test_the_walk_covers_every_served_route() -> None:
    # A floor, so a resolver change that hides routes from the walk is noticed.
    names = {route.name for route in ROUTES}
    assert {
        "agreements-api:agreement-history",
        "agreements-api:event-list",
        "agreements:agreement-detail",
        "sitemap",
        "event-calendar",
        "agreement-feed",
    } <= names
    assert len(ROUTES) >= 33


def test_not_walked_routes_need_a_login(draft_world: dict[str, Any]) -> None:
    client = Client()
    for url in ["/admin/", "/admin/agreements/agreement/", "/admin/agreements/agreement/1/change/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url
    login = client.get("/admin/login/")
    assert login.status_code == 200 and MARKER not in login.content.decode()
