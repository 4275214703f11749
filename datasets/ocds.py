"""The agreements as an OCDS-style release package (https://standard.open-contracting.org/):
each published agreement one release of the ``contract`` stage, its parties with their
roles, the agreement as its one contract, and the registry's own facts under
``agreement`` (an extension: OCDS has no field for them).

The package keeps what the OCDS release package schema requires (``uri``,
``publishedDate``, ``publisher.name``, ``releases``, ``version``) and so does each release
(``ocid``, ``id``, ``date``, ``tag``, ``initiationType``). Read from the API's list
(datasets/public_api.py), a chunk at a time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.conf import settings

from kernel.partial_date import PartialDate
from parties.models import Party

from .popolo import page_url, without_empty
from .public_api import public_chunks

OCDS_VERSION = "1.1"
# OCDS's contract status codelist, for each of the registry's statuses.
CONTRACT_STATUS = {
    "negotiating": "pending",
    "signed": "pending",
    "in_force": "active",
    "expired": "terminated",
    "terminated": "terminated",
    "superseded": "terminated",
}


def ocid(slug: str) -> str:
    return f"{settings.DATASET_OCID_PREFIX}-{slug}"


def date_time(text: str | None, *, end: bool = False) -> str | None:
    """A partial date as OCDS's date-time: the first moment of its period, or with
    ``end`` the last (an expiry known only as "2028" runs to 31 December 2028)."""
    if not text:
        return None
    partial = PartialDate.parse(text)
    if end:
        return dt.datetime.combine(partial.end, dt.time(23, 59, 59)).isoformat() + "Z"
    return dt.datetime.combine(partial.start, dt.time()).isoformat() + "Z"


def release_id(agreement: dict[str, Any]) -> str:
    """One release per version of the agreement: its ocid and when it last changed."""
    changed = dt.datetime.fromisoformat(agreement["updated_at"].replace("Z", "+00:00"))
    return f"{ocid(agreement['slug'])}-{changed.astimezone(dt.UTC):%Y%m%dT%H%M%S}"


def release(agreement: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """``agreement`` as the API shows it, as an OCDS release; ``names`` of its parties."""
    status = agreement["status"]
    parties = [
        {
            "id": item["party"],
            "name": names.get(item["party"], item["party"]),
            "roles": [item["role"]],
        }
        for item in agreement["parties"]
    ]
    documents = [
        without_empty(
            {
                "id": f"source-{number}",
                "documentType": "contractSource",
                "title": source["title"],
                "url": source["url"],
                "datePublished": date_time(source["published_on"]),
                "language": source["language"],
                "description": source["supports"],
            }
        )
        for number, source in enumerate(agreement["sources"], 1)
    ]
    contract = without_empty(
        {
            "id": agreement["slug"],
            "awardID": agreement["slug"],
            "title": agreement["title"],
            "description": agreement["summary"],
            "status": CONTRACT_STATUS.get(status, "pending"),
            "dateSigned": date_time(agreement["signed_on"]),
            "period": without_empty(
                {
                    "startDate": date_time(agreement["effective_on"] or agreement["signed_on"]),
                    "endDate": date_time(
                        agreement["terminated_on"] or agreement["expires_on"], end=True
                    ),
                }
            ),
            "documents": documents,
        }
    )
    return {
        "ocid": ocid(agreement["slug"]),
        "id": release_id(agreement),
        "date": agreement["updated_at"],
        "tag": ["contractTermination"] if status == "terminated" else ["contract"],
        "initiationType": "tender",
        "language": agreement["language"] or "en",
        "parties": parties,
        "contracts": [contract],
        "agreement": without_empty(
            {
                "slug": agreement["slug"],
                "url": page_url("agreements:agreement-detail", agreement["slug"]),
                "api": agreement["url"],
                "title_local": agreement["title_local"],
                "kind": agreement["kind"],
                "status": status,
                "reference_number": agreement["reference_number"],
                "signed_on": agreement["signed_on"],
                "effective_on": agreement["effective_on"],
                "expires_on": agreement["expires_on"],
                "terminated_on": agreement["terminated_on"],
                "signed_place": agreement["signed_place"],
                "signatories": agreement["signatories"],
                "fields": agreement["fields"],
                "regions": agreement["regions"],
            }
        ),
    }


def releases() -> Iterator[dict[str, Any]]:
    """Every published agreement's release; the party names of each chunk read at once."""
    for chunk in public_chunks("agreements"):
        slugs = {item["party"] for agreement in chunk for item in agreement["parties"]}
        names = dict(Party.objects.filter(slug__in=slugs).values_list("slug", "name"))
        for agreement in chunk:
            yield release(agreement, names)


def package_head(published: dt.datetime) -> dict[str, Any]:
    site = settings.SITE_URL.rstrip("/")
    return {
        "uri": f"{site}/data/ocds.json",
        "version": OCDS_VERSION,
        "publishedDate": published.isoformat().replace("+00:00", "Z"),
        "publisher": {"name": settings.REGISTRY_NAME, "uri": site},
        "license": settings.DATASET_LICENCE_URL,
        "publicationPolicy": page_url("about"),
    }
