"""schema.org descriptions of agreements, parties, people and events, for JSON-LD blocks.

An agreement is a ``CreativeWork``: schema.org has no contract or agreement type, and
``Legislation`` means laws and regulations issued by a legislator, which a cooperation
agreement between an academy and a city government is not. Its parties are its
``creator``s, its sources its ``citation``s, its fields its ``about``, its regions its
``spatialCoverage``. Dates are ISO 8601 at their precision ("2017-12-03", "2017-07", "2018").
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from agreements.models import Agreement, Event
from parties.choices import IdentifierScheme, PartyKind
from parties.models import Party, Person
from public.templatetags.pages import local_lang

CONTEXT = "https://schema.org"
PARTY_TYPES = {
    PartyKind.ACADEMY: "ResearchOrganization",
    PartyKind.RESEARCH_INSTITUTE: "ResearchOrganization",
    PartyKind.UNIVERSITY: "CollegeOrUniversity",
    PartyKind.GOVERNMENT: "GovernmentOrganization",
    PartyKind.GOVERNMENT_AGENCY: "GovernmentOrganization",
    PartyKind.ENTERPRISE: "Corporation",
    PartyKind.NGO: "NGO",
}


def _url(request: HttpRequest, name: str, slug: str) -> str:
    return request.build_absolute_uri(reverse(name, args=[slug]))


def _names(english: str, local: str, *others: str) -> dict[str, Any]:
    alternates = [n for n in (local, *others) if n and n != english]
    return {"name": english, **({"alternateName": alternates} if alternates else {})}


def _record(
    type_: str, request: HttpRequest, url_name: str, slug: str, *names: str
) -> dict[str, Any]:
    """The head every described record shares: type, address, slug and names."""
    url = _url(request, url_name, slug)
    return {
        "@context": CONTEXT,
        "@type": type_,
        "@id": url,
        "url": url,
        "identifier": slug,
        **_names(*names),
    }


def party_type(party: Party) -> str:
    return PARTY_TYPES.get(PartyKind(party.kind), "Organization")


def party_ref(party: Party, request: HttpRequest) -> dict[str, Any]:
    """A party as a node inside another description."""
    return {
        "@type": party_type(party),
        "@id": _url(request, "parties:party-detail", party.slug),
        **_names(party.name, party.name_local),
    }


def agreement(obj: Agreement, request: HttpRequest) -> dict[str, Any]:
    data: dict[str, Any] = {
        **_record(
            "CreativeWork",
            request,
            "agreements:agreement-detail",
            obj.slug,
            obj.title,
            obj.title_local,
        ),
        "genre": obj.get_kind_display(),
        "creativeWorkStatus": obj.get_status_display(),
        "creator": [party_ref(ap.party, request) for ap in obj.agreement_parties.all()],
        "about": [
            {"@type": "DefinedTerm", **_names(f.name, f.name_local)} for f in obj.fields.all()
        ],
        "spatialCoverage": [
            {"@type": "Place", **_names(r.name, r.name_local)} for r in obj.regions.all()
        ],
        "citation": [
            {
                "@type": "CreativeWork",
                # A source without a URL (a printed communiqué) is named, not linked.
                **({"url": c.source.url} if c.source.url else {}),
                "name": c.source.title,
                "inLanguage": c.source.language,
                **(
                    {"publisher": {"@type": "Organization", "name": c.source.publisher}}
                    if c.source.publisher
                    else {}
                ),
                **({"datePublished": str(c.source.published_on)} if c.source.published_on else {}),
            }
            for c in obj.citations.all()
        ],
        "dateModified": obj.updated_at.isoformat(),
    }
    if obj.language:
        data["inLanguage"] = obj.language
    if obj.signed_on:
        data["dateCreated"] = str(obj.signed_on)
    if obj.expires_on:
        data["expires"] = str(obj.expires_on)
    place = tagged(obj.signed_place, obj.signed_place_local, obj.language)
    if place:
        data["locationCreated"] = {"@type": "Place", "name": place}
    summary = tagged(obj.summary, obj.summary_local, obj.language)
    if summary:
        data["abstract"] = summary
    return data


def tagged(english: str, local: str, language: str) -> str | list[dict[str, str]]:
    """A text in English and in the original language: a plain string when there is only
    the English, else JSON-LD values with language tags."""
    if not local:
        return english
    values = [{"@value": english, "@language": "en"}] if english else []
    return [*values, {"@value": local, "@language": local_lang(local, language) or "und"}]


def party(obj: Party, request: HttpRequest) -> dict[str, Any]:
    aliases = [a.name for a in obj.aliases.all()]
    same_as = [obj.website] if obj.website else []
    same_as += [
        f"https://www.wikidata.org/wiki/{i.value}"
        for i in obj.identifiers.all()
        if i.scheme == IdentifierScheme.WIKIDATA
    ]
    data = _record(
        party_type(obj),
        request,
        "parties:party-detail",
        obj.slug,
        obj.name,
        obj.name_local,
        obj.abbreviation,
        *aliases,
    )
    if obj.country:
        data["address"] = {"@type": "PostalAddress", "addressCountry": str(obj.country)}
    if obj.parent:
        data["parentOrganization"] = party_ref(obj.parent, request)
    children = [party_ref(c, request) for c in obj.children.all()]
    if children:
        data["subOrganization"] = children
    if same_as:
        data["sameAs"] = same_as
    if obj.description:
        data["description"] = obj.description
    return data


def person(obj: Person, request: HttpRequest) -> dict[str, Any]:
    data = _record("Person", request, "parties:person-detail", obj.slug, obj.name, obj.name_local)
    posts = list(obj.posts.all())
    if posts:
        # A Role node carries the post's title and dates between person and organization.
        data["affiliation"] = [
            {
                "@type": "OrganizationRole",
                "roleName": p.title,
                **({"startDate": str(p.started_on)} if p.started_on else {}),
                **({"endDate": str(p.ended_on)} if p.ended_on else {}),
                "affiliation": party_ref(p.party, request),
            }
            for p in posts
        ]
    if obj.description:
        data["description"] = obj.description
    return data


def event(obj: Event, request: HttpRequest) -> dict[str, Any]:
    data = {
        **_record(
            "Event", request, "agreements:event-detail", obj.slug, obj.title, obj.title_local
        ),
        "organizer": [party_ref(p, request) for p in obj.parties.all()],
        "attendee": [
            {
                "@type": "Person",
                "@id": _url(request, "parties:person-detail", p.person.slug),
                **_names(p.person.name, p.person.name_local),
            }
            for p in obj.participants.all()
        ],
    }
    if obj.date:
        data["startDate"] = str(obj.date)
    if obj.place:
        data["location"] = {"@type": "Place", "name": obj.place}
    if obj.description:
        data["description"] = obj.description
    return data
