"""Routes under /api/ for the parties app."""

from __future__ import annotations

from rest_framework.routers import SimpleRouter

from .views import PartyViewSet, PersonViewSet

app_name = "parties-api"

router = SimpleRouter()
router.register("parties", PartyViewSet, basename="party")
router.register("people", PersonViewSet, basename="person")
urlpatterns = router.urls
