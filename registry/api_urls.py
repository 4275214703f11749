"""Routes under /api/: one router per app, the schema and the interactive docs."""

from __future__ import annotations

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from agreements.api.analytics import AgreementStatsView, PartyNetworkView
from registry.api.root import ApiRootView

urlpatterns: list[URLPattern | URLResolver] = [
    path("", ApiRootView.as_view(), name="api-root"),
    path("", include("parties.api.urls")),
    path("", include("agreements.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its script as a file, so scripts stay 'self' only; Swagger UI
    # styles itself inline, which this one page allows.
    path(
        "docs/",
        csp_update({"style-src": [SELF, UNSAFE_INLINE]})(
            SpectacularSwaggerSplitView.as_view(url_name="api-schema")
        ),
        name="api-docs",
    ),
]

# Counts and the co-signature network over the agreements the agreement filters select.
urlpatterns += [
    path("stats/agreements/", AgreementStatsView.as_view(), name="agreement-stats"),
    path("network/", PartyNetworkView.as_view(), name="party-network"),
]
