"""Routes for machines: Atom feeds and the iCalendar feed under /<lang>/, and at the site root
sitemap.xml (an index of sitemap-<section>.xml?p=<n>), robots.txt and the dataset's files
(/data/<filename>, listed on /<lang>/data/).

The heavy ones are cached for anonymous callers and throttled per client (public_cache.py).
"""

from __future__ import annotations

from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path, reverse
from django.views.decorators.http import require_GET

from public.cache import public_page
from public.calendar import events_calendar
from public.data import download
from public.feeds import FieldAgreementsFeed, NewAgreementsFeed, PartyAgreementsFeed
from public.search import search_feed
from public.sitemaps import SITEMAPS


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may read every public page; the sitemap lists them."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# Included inside i18n_patterns: /<lang>/feeds/..., /<lang>/events.ics.
urlpatterns: list[URLPattern | URLResolver] = [
    path("feeds/agreements.atom", public_page(NewAgreementsFeed()), name="agreement-feed"),
    path(
        "feeds/parties/<slug:slug>.atom",
        public_page(PartyAgreementsFeed()),
        name="party-agreement-feed",
    ),
    path(
        "feeds/fields/<slug:slug>.atom",
        public_page(FieldAgreementsFeed()),
        name="field-agreement-feed",
    ),
    path("feeds/search.atom", public_page(search_feed), name="search-feed"),
    path("events.ics", public_page(events_calendar), name="event-calendar"),
]

# Included at the site root, without a language prefix.
site_urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "sitemap.xml",
        public_page(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        public_page(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", robots_txt, name="robots-txt"),
    path("data/<str:filename>", download, name="data-file"),
]
