"""Atom feeds of published agreements: all of them, per party, per cooperation field and
per search."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.models import Agreement, AgreementParty, CooperationField
from agreements.search import search
from kernel.text import to_simplified
from kernel.tree import subtree_ids
from kernel.visibility import PUBLIC
from parties.models import Party
from public.sitemaps import (
    AGREEMENT_PAGE,
    FIELD_PAGE,
    PARTY_PAGE,
    page_path,
)
from public.templatetags.pages import primary_name

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

FEED_LENGTH = 50


def newest_published(agreements: QuerySet[Agreement]) -> QuerySet[Agreement]:
    """Published agreements, newest publication first, with their fields; read from the top
    of an index (``agreements_newest_published``), whatever the number of agreements."""
    return (
        agreements.visible_to(PUBLIC)  # type: ignore[attr-defined]
        .prefetch_related(
            Prefetch("fields", queryset=CooperationField.objects.only("name", "name_local"))
        )
        .order_by("-first_published_at", "-pk")[:FEED_LENGTH]
    )


class NewAgreementsFeed(Feed):
    """Newly published agreements, titled in the reader's language."""

    feed_type = Atom1Feed

    def title(self) -> str:
        return _("Newly published agreements")

    def link(self) -> str:
        return reverse("agreements:agreement-list")

    def author_name(self) -> str:
        return _("Cooperation agreement registry")

    def items(self) -> QuerySet[Agreement]:
        return newest_published(Agreement.objects.all())

    def item_title(self, item: Agreement) -> str:
        return primary_name(item)

    def item_link(self, item: Agreement) -> str:
        return page_path(AGREEMENT_PAGE, item.slug)

    def item_description(self, item: Agreement) -> str:
        # Atom's summary is typed HTML; the summary is plain text.
        return escape(item.summary)

    def item_pubdate(self, item: Agreement) -> dt.datetime:
        return item.first_published_at  # type: ignore[return-value]

    def item_updateddate(self, item: Agreement) -> dt.datetime:
        return item.updated_at

    def item_categories(self, item: Agreement) -> list[str]:
        return [primary_name(field) for field in item.fields.all()]


class SubtreeAgreementsFeed(NewAgreementsFeed):
    """Agreements of one node of a hierarchy (a party, a field) or of any node under it."""

    model: type[Party] | type[CooperationField]
    page: str
    title_text: StrOrPromise  # with %(name)s

    def get_object(self, request: HttpRequest, slug: str) -> Party | CooperationField:  # type: ignore[override]
        return get_object_or_404(  # type: ignore[no-any-return]
            self.model.objects.only("slug", "name", "name_local"), slug=slug
        )

    def title(self, obj: Party | CooperationField) -> str:  # type: ignore[override]
        return self.title_text % {"name": primary_name(obj)}

    def link(self, obj: Party | CooperationField) -> str:  # type: ignore[override]
        return page_path(self.page, obj.slug)

    def items(self, obj: Party | CooperationField) -> QuerySet[Agreement]:  # type: ignore[override]
        subtree = self.model.objects.filter(pk__in=subtree_ids(self.model, [obj])).values("pk")
        return newest_published(Agreement.objects.filter(pk__in=self.agreements_of(subtree)))

    def agreements_of(self, subtree: QuerySet[Any]) -> QuerySet[Any]:
        """Ids of the agreements linked to any node of ``subtree``."""
        raise NotImplementedError


class PartyAgreementsFeed(SubtreeAgreementsFeed):
    """Agreements of a party or of any of its sub-units."""

    model = Party
    page = PARTY_PAGE
    title_text = gettext_lazy("Agreements of %(name)s")

    def agreements_of(self, subtree: QuerySet[Any]) -> QuerySet[Any]:
        return AgreementParty.objects.filter(party__in=subtree).values("agreement")


class FieldAgreementsFeed(SubtreeAgreementsFeed):
    """Agreements in a cooperation field or in any of its narrower fields."""

    model = CooperationField
    page = FIELD_PAGE
    title_text = gettext_lazy("Agreements in %(name)s")

    def agreements_of(self, subtree: QuerySet[Any]) -> QuerySet[Any]:
        return Agreement.objects.filter(fields__in=subtree).values("pk")


class SearchAgreementsFeed(NewAgreementsFeed):
    """Published agreements matching a search (``?q=``, as the agreement list takes it),
    newest publication first."""

    def get_object(self, request: HttpRequest) -> str:  # type: ignore[override]
        # public.search.search_feed has checked q; Traditional script searched as Simplified.
        return to_simplified(" ".join(request.GET.get("q", "").split()))

    def title(self, obj: str) -> str:  # type: ignore[override]
        return _("Agreements matching “%(q)s”") % {"q": obj}

    def link(self, obj: str) -> str:  # type: ignore[override]
        return f"{reverse('agreements:agreement-list')}?{urlencode({'q': obj})}"

    def feed_url(self, obj: str) -> str:
        # The feed's own address keeps its query (Django's default is the bare path).
        return f"{reverse('search-feed')}?{urlencode({'q': obj})}"

    def items(self, obj: str) -> QuerySet[Agreement]:  # type: ignore[override]
        return newest_published(search(Agreement.objects.visible_to(PUBLIC), obj))
