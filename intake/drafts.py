"""Saving reviewed proposals: draft agreements citing the press release, each fact with
its claim. The one write path of intake (the API's ``?save=true`` and the admin's review
page call it); agreements go through the agreement write service, so every rule of the
API holds, and nothing is published.

A proposal is the API's shape (``intake/pressrelease/proposal.py``'s ``as_dict``),
possibly corrected by staff. A party or person without a slug is created as written;
``parent`` gives a new sub-unit its body (and its country). A claim's ``path`` indexes
the proposal ("parties[1]"); the saved claim names the record's value (the party's slug).
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from pypinyin import lazy_pinyin
from rest_framework import serializers

from agreements.api.serializers import AgreementSerializer
from agreements.choices import AgreementKind
from agreements.models import Agreement, AgreementSource, Claim, ClaimPath, Source
from kernel.partial_date import PartialDate
from kernel.slugs import unique_slug
from kernel.writes import User
from parties import services as party_services
from parties.choices import PartyKind
from parties.models import Party, Person

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
INDEXED = re.compile(r"^(?P<path>[a-z_]+)\[(?P<index>\d+)\]$")
SCALARS = ("title", "title_local", "kind", "signed_on", "signed_place")
SUPPORTS = "Facts proposed from the text by intake and reviewed by staff (see the claims)."


def save_drafts(
    *,
    proposals: list[dict[str, Any]],
    text: str,
    url: str | None = None,
    publisher: str | None = None,
    published_on: PartialDate | None = None,
    language: str | None = None,
    request: Any = None,
) -> list[Agreement]:
    """Create one draft agreement per proposal, all citing one source that holds
    ``text``; all or nothing. Errors name the proposal and field ("agreements[0].title")."""
    user: User = getattr(request, "user", None)
    with transaction.atomic():
        source = source_for(
            text=text, url=url, publisher=publisher, published_on=published_on, language=language
        )
        return [
            save_one(proposal, index=index, source=source, request=request, user=user)
            for index, proposal in enumerate(proposals)
        ]


def source_for(
    *,
    text: str,
    url: str | None,
    publisher: str | None,
    published_on: PartialDate | None,
    language: str | None,
) -> Source:
    """The registry's source at ``url``, given the text if it had none; else a new one."""
    source = Source.objects.select_for_update().filter(url=url).first() if url else None
    if source is None:
        first_line = next((line.strip() for line in text.splitlines() if line.strip()), "")
        source = Source(
            url=url or "",
            title=first_line[:500] or "Press release",
            publisher=publisher or "",
            published_on=published_on,
            language=language or ("zh" if HAN.search(text) else "en"),
        )
    if not source.text:
        source.text = text
        source.full_clean()
        source.save()
    return source


def save_one(
    proposal: dict[str, Any], *, index: int, source: Source, request: Any, user: User
) -> Agreement:
    where = f"agreements[{index}]"
    party_items = list(proposal.get("parties") or [])
    signatory_items = list(proposal.get("signatories") or [])
    parties = [party_of(item, user=user) for item in party_items]
    by_name = {item.get("name"): party for item, party in zip(party_items, parties, strict=True)}
    people = [person_of(item) for item in signatory_items]
    payload = {
        "title": proposal.get("title") or proposal.get("title_local") or default_title(parties),
        "title_local": proposal.get("title_local") or "",
        "kind": proposal.get("kind") or AgreementKind.OTHER,
        "signed_on": proposal.get("signed_on"),
        "signed_place": proposal.get("signed_place") or "",
        "published": False,
        "parties": [{"party": party.slug} for party in parties],
        "signatories": [
            {
                "person": person.slug,
                "role": item.get("role") or "signatory",
                "on_behalf_of": body.slug,
                "title": item.get("title") or "",
            }
            for item, person in zip(signatory_items, people, strict=True)
            # A signature needs the body signed for; one the text does not name stays a
            # claim (the person and passage) for staff to complete.
            if (body := body_of(item, by_name)) is not None
        ],
        "fields": list(proposal.get("fields") or []),
        "regions": list(proposal.get("regions") or []),
        "commitments": [
            {"title": c["title"] if isinstance(c, dict) else c}
            for c in proposal.get("commitments") or []
        ],
        # A renewal the text mentions becomes a relation once review names the earlier
        # agreement; unnamed, its passage stays in the source.
        "relations": [
            {"kind": r["kind"], "agreement": r["agreement"], "note": (r.get("note") or "")[:300]}
            for r in named_relations(proposal)
        ],
    }
    if proposal.get("language"):
        payload["language"] = proposal["language"]
    serializer = AgreementSerializer(data=payload, context={"request": request})
    if not serializer.is_valid():
        raise serializers.ValidationError({where: serializer.errors})
    agreement = serializer.save()
    AgreementSource.objects.create(agreement=agreement, source=source, supports=SUPPORTS)
    values = claim_values(proposal, agreement, parties, people)
    for number, claim in enumerate(proposal.get("claims") or []):
        value = values.get(claim.get("path", ""))
        if value is None:
            continue  # a fact dropped in review takes its claim with it
        path, stated = value
        if path in SCALARS and claim.get("value"):
            stated = str(claim["value"])  # what the text said, if review corrected it
        saved = Claim(
            agreement=agreement,
            source=source,
            path=path,
            value=stated[:500],
            quote=claim.get("quote", ""),
            start=claim.get("start"),
            end=claim.get("end"),
        )
        try:
            saved.full_clean(validate_unique=False)
        except ValidationError as error:
            raise serializers.ValidationError(
                {f"{where}.claims[{number}]": error.messages}
            ) from error
        if not Claim.objects.filter(
            agreement=agreement, source=source, path=path, value=saved.value
        ).exists():
            saved.save()
    return agreement


def named_relations(proposal: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        r
        for r in proposal.get("relations") or []
        if isinstance(r, dict) and r.get("agreement") and r.get("kind")
    ]


def default_title(parties: list[Party]) -> str:
    """A label staff will correct: the text gave no title."""
    names = " and ".join(p.abbreviation or p.name for p in parties[:3])
    return f"Agreement between {names}" if names else "Untitled agreement"


def party_of(item: dict[str, Any], *, user: User) -> Party:
    if item.get("party"):
        found = Party.objects.filter(slug=item["party"]).first()
        if found is None:
            raise serializers.ValidationError({"party": f"Unknown party '{item['party']}'."})
        return found
    name = (item.get("name") or "").strip()
    parent = Party.objects.filter(slug=item["parent"]).first() if item.get("parent") else None
    data: dict[str, Any] = {"name": name, "kind": item.get("kind") or PartyKind.OTHER}
    if HAN.search(name):
        data["name_local"] = name
        data["slug"] = unique_slug(Party, romanised(name))
    if parent is not None:
        data["parent"] = parent
        data["country"] = parent.country  # a sub-unit takes its body's country
    return party_services.party_create(data=data, user=user)


def person_of(item: dict[str, Any]) -> Person:
    if item.get("person"):
        found = Person.objects.filter(slug=item["person"]).first()
        if found is None:
            raise serializers.ValidationError({"person": f"Unknown person '{item['person']}'."})
        return found
    name = (item.get("name") or "").strip()
    person = Person(name=name, name_local=name if HAN.search(name) else "")
    if HAN.search(name):
        person.slug = unique_slug(Person, romanised(name))
    person.full_clean()
    person.save()
    return person


def romanised(name: str) -> str:
    """A Chinese name in pinyin, for its slug only (白春礼 → bai-chun-li)."""
    return " ".join(lazy_pinyin(name))


def body_of(item: dict[str, Any], by_name: dict[Any, Party]) -> Party | None:
    if item.get("on_behalf_of"):
        return Party.objects.filter(slug=item["on_behalf_of"]).first()
    return by_name.get(item.get("on_behalf_of_name"))


def claim_values(
    proposal: dict[str, Any], agreement: Agreement, parties: list[Party], people: list[Person]
) -> dict[str, tuple[str, str]]:
    """Each claimable path of the proposal → (the claim's path, the value as saved)."""
    values: dict[str, tuple[str, str]] = {}
    for name in SCALARS:
        value = getattr(agreement, name)
        if value not in (None, "") and proposal.get(name):
            values[name] = (name, str(value))
    for index, party in enumerate(parties):
        values[f"parties[{index}]"] = (ClaimPath.PARTIES, party.slug)
    for index, person in enumerate(people):
        values[f"signatories[{index}]"] = (ClaimPath.SIGNATORIES, person.slug)
    for name in ("fields", "regions"):
        for index, slug in enumerate(proposal.get(name) or []):
            values[f"{name}[{index}]"] = (name, slug)
    for index, relation in enumerate(proposal.get("relations") or []):
        if isinstance(relation, dict) and relation.get("agreement"):
            values[f"relations[{index}]"] = (ClaimPath.RELATIONS, str(relation["agreement"]))
    for index, item in enumerate(proposal.get("commitments") or []):
        title = item["title"] if isinstance(item, dict) else item
        values[f"commitments[{index}]"] = (ClaimPath.COMMITMENTS, title)
    return values
