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

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from agreements.api.serializers import AgreementSerializer
from agreements.choices import AgreementKind
from agreements.models import Agreement, AgreementSource, Claim, ClaimPath, Source
from agreements.nested_writes import find_source, insert_source
from kernel.partial_date import PartialDate
from kernel.slugs import KANA, unique_slug
from kernel.writes import User
from parties import services as party_services
from parties.choices import PartyKind
from parties.models import Party, Person

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
INDEXED = re.compile(r"^(?P<path>[a-z_]+)\[(?P<index>\d+)\]$")
SCALARS = ("title", "title_local", "kind", "signed_on", "signed_place")
UNLINKED_TEXT_DIFFERS = _(
    "The registry has a source without a URL with this publisher, title (the text's first "
    "line) and publication date, but another text: give this one's URL, or its publisher "
    "and publication date."
)
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
    ``text``; all or nothing. Errors name the proposal and field ("agreements[0].title");
    a staff session must also be allowed to add the parties, people and source it creates
    (API tokens are checked by their write scope)."""
    intake = Intake(request)
    with transaction.atomic():
        source = intake.source_for(
            text=text, url=url, publisher=publisher, published_on=published_on, language=language
        )
        intake.japanese = source.language.split("-")[0] == "ja"
        return [
            intake.save_one(proposal, where=f"agreements[{index}]", source=source)
            for index, proposal in enumerate(proposals)
        ]


class Intake:
    """One save: who saves, and the parties and people it created (a new institution
    named in two proposals is created once)."""

    def __init__(self, request: Any) -> None:
        self.request = request
        self.user: User = getattr(request, "user", None)
        self.parties: dict[tuple[str, int | None], Party] = {}
        self.people: dict[str, Person] = {}
        # Names in a Japanese text get no pinyin slugs, even those in kanji alone.
        self.japanese = False

    def may(self, permission: str) -> None:
        session = getattr(self.request, "auth", None) is None
        user: Any = self.user
        if session and user is not None and not user.has_perm(permission):
            raise PermissionDenied(f"Saving this needs the permission {permission}.")

    def source_for(
        self,
        *,
        text: str,
        url: str | None,
        publisher: str | None,
        published_on: PartialDate | None,
        language: str | None,
    ) -> Source:
        """The registry's source at ``url`` (or, without a URL, the one with this publisher,
        first line as title, and publication date), given the text if it had none; else a
        new one. Two saves of one new source at once: the second finds the first's row."""
        first_line = next((line.strip() for line in text.splitlines() if line.strip()), "")
        new = Source(
            url=url or "",
            title=first_line[:500] or "Press release",
            publisher=publisher or "",
            published_on=published_on,
            language=language or guessed_language(text),
            text=text,
        )
        source = find_source(
            url=new.url,
            publisher=new.publisher,
            title=new.title,
            published_on=published_on,
            lock=True,
        )
        if source is None:
            self.may("agreements.add_source")
            checked(new, "source", validate_constraints=False)
            source, _created = insert_source(new)
        if not source.text:
            source.text = text
            source.save(update_fields=["text", "updated_at"])
        elif not source.url and source.text != text:
            # Claims give offsets in the source's text: a different text is another source.
            raise serializers.ValidationError({"text": [UNLINKED_TEXT_DIFFERS]})
        return source

    def save_one(self, proposal: dict[str, Any], *, where: str, source: Source) -> Agreement:
        party_items = list(proposal.get("parties") or [])
        signatory_items = list(proposal.get("signatories") or [])
        parties = [
            self.party_of(item, where=f"{where}.parties[{i}]") for i, item in enumerate(party_items)
        ]
        by_name = {item.get("name"): p for item, p in zip(party_items, parties, strict=True)}
        people = [
            self.person_of(item, where=f"{where}.signatories[{i}]")
            for i, item in enumerate(signatory_items)
        ]
        bodies = [
            body_of(item, by_name, where=f"{where}.signatories[{i}]")
            for i, item in enumerate(signatory_items)
        ]
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
                for item, person, body in zip(signatory_items, people, bodies, strict=True)
                # A signature needs the body signed for; one the text does not name stays
                # a claim (the person and passage) for staff to complete.
                if body is not None
            ],
            "fields": list(proposal.get("fields") or []),
            "regions": list(proposal.get("regions") or []),
            "commitments": [{"title": title} for title in commitment_titles(proposal)],
            # A renewal the text mentions becomes a relation once review names the earlier
            # agreement; unnamed, its passage stays in the source.
            "relations": [
                {
                    "kind": r["kind"],
                    "agreement": r["agreement"],
                    "note": str(r.get("note") or "")[:300],
                }
                for r in named_relations(proposal)
            ],
        }
        serializer = AgreementSerializer(data=payload, context={"request": self.request})
        if not serializer.is_valid():
            raise serializers.ValidationError({where: serializer.errors})
        agreement = serializer.save()
        AgreementSource.objects.create(agreement=agreement, source=source, supports=SUPPORTS)
        self.save_claims(proposal, agreement, source, parties, people, where=where)
        return agreement

    def save_claims(
        self,
        proposal: dict[str, Any],
        agreement: Agreement,
        source: Source,
        parties: list[Party],
        people: list[Person],
        *,
        where: str,
    ) -> None:
        values = claim_values(proposal, agreement, parties, people)
        seen: set[tuple[str, str]] = set()
        for number, claim in enumerate(proposal.get("claims") or []):
            value = values.get(claim.get("path", "")) if isinstance(claim, dict) else None
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
                quote=str(claim.get("quote") or ""),
                start=claim.get("start"),
                end=claim.get("end"),
            )
            checked(saved, f"{where}.claims[{number}]", validate_unique=False)
            if (path, saved.value) not in seen:
                seen.add((path, saved.value))
                saved.save()

    def party_of(self, item: dict[str, Any], *, where: str) -> Party:
        if item.get("party"):
            return by_slug(Party, item["party"], f"{where}.party")
        name = str(item.get("name") or "").strip()
        if not name:
            raise serializers.ValidationError({f"{where}.name": "A new party needs its name."})
        parent = by_slug(Party, item["parent"], f"{where}.parent") if item.get("parent") else None
        key = (name, parent.pk if parent else None)
        if key not in self.parties:
            # The same name under the same body is the same institution, not a new one.
            existing = Party.objects.filter(name=name, parent=parent).first()
            self.parties[key] = existing or self.new_party(name, parent, where=where)
        return self.parties[key]

    def new_party(self, name: str, parent: Party | None, *, where: str) -> Party:
        self.may("parties.add_party")
        data: dict[str, Any] = {"name": name[:300], "kind": PartyKind.OTHER}
        if HAN.search(name):
            data["name_local"] = name[:300]
            japanese = self.japanese or (parent is not None and parent.country == "JP")
            data["slug"] = unique_slug(Party, name, japanese=japanese)
        if parent is not None:
            data["parent"] = parent  # the service gives a sub-unit its body's country
        try:
            return party_services.party_create(data=data, user=self.user)
        except ValidationError as error:
            raise serializers.ValidationError({where: error.messages}) from error

    def person_of(self, item: dict[str, Any], *, where: str) -> Person:
        if item.get("person"):
            return by_slug(Person, item["person"], f"{where}.person")
        name = str(item.get("name") or "").strip()
        if not name:
            raise serializers.ValidationError({f"{where}.name": "A new person needs a name."})
        if name not in self.people:
            self.may("parties.add_person")
            data: dict[str, Any] = {"name": name[:200]}
            if HAN.search(name):
                data["name_local"] = name[:200]
                data["slug"] = unique_slug(Person, name, japanese=self.japanese)
            try:
                self.people[name] = party_services.person_create(data=data, user=self.user)
            except ValidationError as error:
                raise serializers.ValidationError({where: error.messages}) from error
        return self.people[name]


def guessed_language(text: str) -> str:
    """The language of a text given without one: kana are Japanese, Han alone Chinese."""
    if KANA.search(text):
        return "ja"
    return "zh" if HAN.search(text) else "en"


def by_slug(model: type[Any], slug: Any, where: str) -> Any:
    """The record with this slug, or a 400 naming ``where``."""
    found = model.objects.filter(slug=str(slug)).first()
    if found is None:
        noun = model._meta.verbose_name
        raise serializers.ValidationError({where: f"No {noun} has the slug '{slug}'."})
    return found


def checked(record: Any, where: str, **options: Any) -> None:
    """``full_clean`` with its messages named by ``where`` ("agreements[0].claims[2]")."""
    try:
        record.full_clean(**options)
    except ValidationError as error:
        raise serializers.ValidationError(
            {f"{where}.{field}": messages for field, messages in error.message_dict.items()}
        ) from error


def body_of(item: dict[str, Any], by_name: dict[Any, Party], *, where: str) -> Party | None:
    if item.get("on_behalf_of"):
        return by_slug(Party, item["on_behalf_of"], f"{where}.on_behalf_of")
    return by_name.get(item.get("on_behalf_of_name"))


def commitment_titles(proposal: dict[str, Any]) -> list[str]:
    titles = []
    for item in proposal.get("commitments") or []:
        title = item.get("title") if isinstance(item, dict) else item
        if isinstance(title, str) and title.strip():
            titles.append(title.strip()[:300])
    return titles


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
            values[f"{name}[{index}]"] = (name, str(slug))
    for index, relation in enumerate(proposal.get("relations") or []):
        if isinstance(relation, dict) and relation.get("agreement"):
            values[f"relations[{index}]"] = (ClaimPath.RELATIONS, str(relation["agreement"]))
    for index, item in enumerate(proposal.get("commitments") or []):
        title = item.get("title") if isinstance(item, dict) else item
        if isinstance(title, str) and title.strip():
            values[f"commitments[{index}]"] = (ClaimPath.COMMITMENTS, title.strip()[:300])
    return values
