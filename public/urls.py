"""Public pages under /<lang>/ (wrapped in i18n_patterns by registry/urls.py).

The paths are a contract, since people cite them: /<lang>/, /<lang>/agreements/,
/<lang>/agreements/<slug>/, /<lang>/parties/<slug>/, /<lang>/people/<slug>/,
/<lang>/events/<slug>/, /<lang>/fields/<slug>/, /<lang>/regions/<slug>/, the
directories /<lang>/parties/, /<lang>/people/, /<lang>/events/, /<lang>/fields/,
/<lang>/regions/, /<lang>/search/, and /<lang>/about/, /<lang>/data/ (the files
themselves are at /data/<filename>, in public/machine_urls.py); a record's BibTeX
entry at its address + cite.bib.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from public import citation, data, directories, search, views

# Party and person pages list agreements, so their views live in the agreements app
# (parties never imports agreements); they keep their own "parties" namespace.
party_patterns: list[URLPattern | URLResolver] = [
    path("parties/", directories.party_list, name="party-list"),
    path("people/", directories.person_list, name="person-list"),
    path("parties/<slug:slug>/", views.party_detail, name="party-detail"),
    path("parties/<slug:slug>/cite.bib", citation.party_bibtex, name="party-bibtex"),
    path("people/<slug:slug>/", views.person_detail, name="person-detail"),
]

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("about/", data.about, name="about"),
    path("data/", data.data, name="data"),
    path("search/", search.search_page, name="search"),
    path("search/suggest/", search.suggest, name="search-suggest"),
    path("", include("public.agreement_urls")),
    path("", include((party_patterns, "parties"))),
]
