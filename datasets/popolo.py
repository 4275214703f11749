"""The people and institutions as Popolo JSON (https://www.popoloproject.com/specs/):
``organizations`` (the parties), ``persons``, ``posts`` (a title held in a party, such
as its President) and ``memberships`` (who held it, from when to when).

Organizations and persons are read from the API's lists (datasets/public_api.py), so
they say what the API says; posts and memberships from the posts the API shows inside
each person. Written a record at a time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from parties.models import Post

from .public_api import public_rows

CHUNK_SIZE = 1000


def page_url(route: str, slug: str | None = None) -> str:
    """A public page (in English; the Chinese page is its alternate), by its route name."""
    with translation.override("en"):
        path = reverse(route, kwargs={"slug": slug} if slug else None)
    return settings.SITE_URL.rstrip("/") + path


def without_empty(item: dict[str, Any]) -> dict[str, Any]:
    """Popolo leaves out what is unknown rather than writing it empty."""
    return {key: value for key, value in item.items() if value not in (None, "", [])}


def organization(party: dict[str, Any]) -> dict[str, Any]:
    other_names = [{"name": party["name_local"], "note": "local"}] if party["name_local"] else []
    other_names += [{"name": alias} for alias in party["aliases"]]
    if party["abbreviation"]:
        other_names.append({"name": party["abbreviation"], "note": "abbreviation"})
    links = [{"url": page_url("parties:party-detail", party["slug"]), "note": "registry page"}]
    if party["website"]:
        links.append({"url": party["website"], "note": "website"})
    return without_empty(
        {
            "id": party["slug"],
            "name": party["name"],
            "other_names": other_names,
            "identifiers": [
                {"scheme": item["scheme"], "identifier": item["value"]}
                for item in party["identifiers"]
            ],
            "classification": party["kind"],
            "parent_id": party["parent"],
            "description": party["description"],
            "links": links,
            "created_at": party["created_at"],
            "updated_at": party["updated_at"],
        }
    )


def person(row: dict[str, Any]) -> dict[str, Any]:
    return without_empty(
        {
            "id": row["slug"],
            "name": row["name"],
            "other_names": [{"name": row["name_local"], "note": "local"}]
            if row["name_local"]
            else [],
            "summary": row["description"],
            "links": [
                {"url": page_url("parties:person-detail", row["slug"]), "note": "registry page"}
            ],
            "created_at": row["created_at"],
            "updated_at": row["updated_at"],
        }
    )


def post_id(party_slug: str, title: str) -> str:
    """A post is a title within a party: the same title in the same party is one post."""
    return f"{party_slug}:{title}"


def posts() -> Iterator[dict[str, Any]]:
    rows = (
        Post.objects.order_by("party__slug", "title", "pk")
        .values_list("party__slug", "title", "title_local")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    previous = None
    for party_slug, title, title_local in rows:
        identifier = post_id(party_slug, title)
        if identifier == previous:  # ordered by the id's parts: repeats are adjacent
            continue
        previous = identifier
        yield without_empty(
            {
                "id": identifier,
                "label": title,
                "other_label": [title_local] if title_local else [],
                "role": title,
                "organization_id": party_slug,
            }
        )


def memberships() -> Iterator[dict[str, Any]]:
    rows = (
        Post.objects.select_related("person", "party")
        .only(
            "title",
            "started_on",
            "started_on_precision",
            "ended_on",
            "ended_on_precision",
            "person__slug",
            "party__slug",
        )
        .order_by("person__slug", "started_on", "pk")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    for row in rows:
        yield without_empty(
            {
                "id": f"membership-{row.pk}",
                "person_id": row.person.slug,
                "organization_id": row.party.slug,
                "post_id": post_id(row.party.slug, row.title),
                "role": row.title,
                "start_date": row.started_on.isoformat() if row.started_on else None,
                "end_date": row.ended_on.isoformat() if row.ended_on else None,
            }
        )


def popolo_sections() -> dict[str, Iterator[dict[str, Any]]]:
    return {
        "organizations": (organization(row) for row in public_rows("parties")),
        "persons": (person(row) for row in public_rows("people")),
        "posts": posts(),
        "memberships": memberships(),
    }
