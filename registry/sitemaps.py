"""sitemap.xml: every public page in both languages, and the page paths machine outputs link to."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.db.models import Model, QuerySet
from django.urls import reverse

from agreements.models import Agreement, CooperationField, Event, Region
from parties.models import Party, Person
from registry.visibility import PUBLIC

# The public pages (registry/page_urls.py), named for reverse(); each takes the record's slug.
# Reversed under the active language, they give the cited permalinks /<lang>/<section>/<slug>/.
AGREEMENT_PAGE = "agreements:agreement-detail"
PARTY_PAGE = "parties:party-detail"
PERSON_PAGE = "parties:person-detail"
EVENT_PAGE = "agreements:event-detail"
FIELD_PAGE = "agreements:field-detail"
REGION_PAGE = "agreements:region-detail"


def page_path(page: str, slug: str) -> str:
    """The public page of a record in the active language, e.g. /zh-hans/agreements/<slug>/."""
    return reverse(page, kwargs={"slug": slug})


class RecordSitemap(Sitemap):
    """The pages of one kind of record, in every language, each with its hreflang alternates."""

    i18n = True
    alternates = True
    # x-default is the page without a language prefix, which redirects by the browser's language.
    x_default = True
    page: str
    queryset: QuerySet[Any]

    def items(self) -> QuerySet[Any]:
        return self.queryset.order_by("slug")

    def location(self, item: Model) -> str:
        return page_path(self.page, item.slug)  # type: ignore[attr-defined]


class DatedRecordSitemap(RecordSitemap):
    """Records that know when they last changed."""

    def lastmod(self, item: Model) -> dt.datetime:
        return item.updated_at  # type: ignore[attr-defined,no-any-return]


class AgreementSitemap(DatedRecordSitemap):
    page = AGREEMENT_PAGE
    queryset = Agreement.objects.visible_to(PUBLIC).only("slug", "updated_at")


class PartySitemap(DatedRecordSitemap):
    page = PARTY_PAGE
    queryset = Party.objects.only("slug", "updated_at")


class PersonSitemap(DatedRecordSitemap):
    page = PERSON_PAGE
    queryset = Person.objects.only("slug", "updated_at")


class EventSitemap(DatedRecordSitemap):
    page = EVENT_PAGE
    queryset = Event.objects.visible_to(PUBLIC).only("slug", "updated_at")


class FieldSitemap(RecordSitemap):
    page = FIELD_PAGE
    queryset = CooperationField.objects.only("slug")


class RegionSitemap(RecordSitemap):
    page = REGION_PAGE
    queryset = Region.objects.only("slug")


SITEMAPS: dict[str, type[Sitemap]] = {
    "agreements": AgreementSitemap,
    "parties": PartySitemap,
    "people": PersonSitemap,
    "events": EventSitemap,
    "fields": FieldSitemap,
    "regions": RegionSitemap,
}
