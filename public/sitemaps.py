"""sitemap.xml: an index of sections listing every public page in both languages, and the page
paths machine outputs link to.

A section page reads only its own slice of records (one query) after one count; the index
reads one count and one latest change per kind of record. Nothing loads a whole table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cached_property
from typing import Any, overload

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Count, Max, Model, QuerySet
from django.urls import reverse

from agreements.models import Agreement, CooperationField, Event, Region
from kernel.visibility import PUBLIC
from parties.models import Party, Person

# The public pages (public/urls.py), named for reverse(); each takes the record's slug.
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


class InLanguages:
    """(record, language) pairs of a queryset, sliced in the database rather than in memory,
    so a paginator over them reads only the records of the page it shows."""

    def __init__(self, queryset: QuerySet[Any], languages: list[str], count: int) -> None:
        self.queryset = queryset
        self.languages = languages
        self.total = count * len(languages)

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    @overload
    def __getitem__(self, index: int) -> tuple[Any, str]: ...
    @overload
    def __getitem__(self, index: slice) -> list[tuple[Any, str]]: ...
    def __getitem__(self, index: int | slice) -> tuple[Any, str] | list[tuple[Any, str]]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        start, stop, _step = index.indices(self.total)
        per = len(self.languages)
        first = start // per
        records = self.queryset[first : -(-stop // per)]
        pairs = [(record, language) for record in records for language in self.languages]
        return pairs[start - first * per : stop - first * per]

    def __iter__(self) -> Iterator[tuple[Any, str]]:
        return iter(self[0 : self.total])


class RecordSitemap(Sitemap):
    """The pages of one kind of record, in every language, each with its hreflang alternates,
    in sections of ``SITEMAP_SECTION_SIZE`` URLs."""

    i18n = True
    alternates = True
    # x-default is the page without a language prefix, which redirects by the browser's language.
    x_default = True
    page: str
    queryset: QuerySet[Any]

    @property  # type: ignore[misc]
    def limit(self) -> int:  # type: ignore[override]
        return settings.SITEMAP_SECTION_SIZE  # type: ignore[no-any-return]

    def items(self) -> QuerySet[Any]:
        return self.queryset.order_by("slug")

    def location(self, item: Model) -> str:
        return page_path(self.page, item.slug)  # type: ignore[attr-defined]

    @cached_property
    def summary(self) -> dict[str, Any]:
        """How many records, and when the latest changed (None for records without dates)."""
        return self.queryset.aggregate(count=Count("pk"))

    @cached_property
    def paginator(self) -> Paginator:  # type: ignore[override]
        languages = self._languages()  # type: ignore[attr-defined]
        pairs = InLanguages(self.items(), languages, self.summary["count"])
        return Paginator(pairs, self.limit)  # type: ignore[arg-type]

    def get_latest_lastmod(self) -> dt.datetime | None:
        return self.summary.get("latest")


class DatedRecordSitemap(RecordSitemap):
    """Records that know when they last changed."""

    def lastmod(self, item: Model) -> dt.datetime:
        return item.updated_at  # type: ignore[attr-defined,no-any-return]

    @cached_property
    def summary(self) -> dict[str, Any]:
        return self.queryset.aggregate(count=Count("pk"), latest=Max("updated_at"))


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
