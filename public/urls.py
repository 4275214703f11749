"""Public pages under /<lang>/ (wrapped in i18n_patterns by registry/urls.py).

The paths are a contract, since people cite them: /<lang>/, /<lang>/agreements/,
/<lang>/agreements/<slug>/, /<lang>/parties/<slug>/, /<lang>/people/<slug>/,
/<lang>/events/<slug>/, /<lang>/fields/<slug>/, /<lang>/regions/<slug>/; a record's
BibTeX entry at its address + cite.bib.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from public import citation, views

# Party and person pages list agreements, so their views live in the agreements app
# (parties never imports agreements); they keep their own "parties" namespace.
party_patterns: list[URLPattern | URLResolver] = [
    path("parties/<slug:slug>/", views.party_detail, name="party-detail"),
    path("parties/<slug:slug>/cite.bib", citation.party_bibtex, name="party-bibtex"),
    path("people/<slug:slug>/", views.person_detail, name="person-detail"),
]

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("", include("public.agreement_urls")),
    path("", include((party_patterns, "parties"))),
]
