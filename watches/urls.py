"""Public e-mail subscription pages, under /<lang>/ (included by registry/urls.py)."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import views

app_name = "watches"

urlpatterns: list[URLPattern] = [
    path("subscribe/", views.subscribe, name="subscribe"),
    path("subscribe/confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
