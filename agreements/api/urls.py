"""Routes under /api/ for the agreements app."""

from __future__ import annotations

from rest_framework.routers import SimpleRouter

from .views import AgreementViewSet, CooperationFieldViewSet, EventViewSet, RegionViewSet

app_name = "agreements-api"

router = SimpleRouter()
router.register("agreements", AgreementViewSet, basename="agreement")
router.register("events", EventViewSet, basename="event")
router.register("fields", CooperationFieldViewSet, basename="field")
router.register("regions", RegionViewSet, basename="region")
urlpatterns = router.urls
