"""Public agreement, event, field and region pages and directories, under /<lang>/
(public/urls.py)."""

from __future__ import annotations

from django.urls import path

from public import citation, directories, history, views

app_name = "agreements"

urlpatterns = [
    path("agreements/", views.agreement_list, name="agreement-list"),
    path("agreements/<slug:slug>/", views.agreement_detail, name="agreement-detail"),
    path("agreements/<slug:slug>/cite.bib", citation.agreement_bibtex, name="agreement-bibtex"),
    path("agreements/<slug:slug>/history/", history.agreement_history, name="agreement-history"),
    path("events/", directories.event_list, name="event-list"),
    path("events/<slug:slug>/", views.event_detail, name="event-detail"),
    path("events/<slug:slug>/cite.bib", citation.event_bibtex, name="event-bibtex"),
    path("fields/", directories.field_list, name="field-list"),
    path("fields/<slug:slug>/", views.field_detail, name="field-detail"),
    path("regions/", directories.region_list, name="region-list"),
    path("regions/<slug:slug>/", views.region_detail, name="region-detail"),
]
