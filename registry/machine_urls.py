"""Routes for machines: Atom feeds and the iCalendar feed under /<lang>/, and at the site root
sitemap.xml and robots.txt."""

from __future__ import annotations

from django.contrib.sitemaps.views import sitemap
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path, reverse
from django.views.decorators.http import require_GET

from agreements.calendar import events_calendar
from agreements.feeds import FieldAgreementsFeed, NewAgreementsFeed, PartyAgreementsFeed

from .sitemaps import SITEMAPS


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
    path("feeds/agreements.atom", NewAgreementsFeed(), name="agreement-feed"),
    path("feeds/parties/<slug:slug>.atom", PartyAgreementsFeed(), name="party-agreement-feed"),
    path("feeds/fields/<slug:slug>.atom", FieldAgreementsFeed(), name="field-agreement-feed"),
    path("events.ics", events_calendar, name="event-calendar"),
]

# Included at the site root, without a language prefix.
site_urlpatterns: list[URLPattern | URLResolver] = [
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots-txt"),
]
