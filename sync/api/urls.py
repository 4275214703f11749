"""Routes under /api/ for the change feed and webhooks."""

from __future__ import annotations

from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import ChangesView, WebhookViewSet

app_name = "sync-api"

router = SimpleRouter()
router.register("webhooks", WebhookViewSet, basename="webhook")
urlpatterns = [path("changes/", ChangesView.as_view(), name="changes"), *router.urls]
