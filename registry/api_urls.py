"""Routes under /api/: one router per app, the schema and the interactive docs."""

from __future__ import annotations

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from agreements.api import parties as parties_with_agreements
from agreements.api.analytics import AgreementStatsView, PartyNetworkView
from intake.api.records import AgreementExportView, PartyExportView, PersonExportView
from intake.api.views import IntakeView
from parties.api import urls as parties_urls
from registry.api.root import ApiRootView

urlpatterns: list[URLPattern | URLResolver] = [
    path("", ApiRootView.as_view(), name="api-root"),
    # The parties app's routes, with the filters through agreements added on that side.
    path(
        "",
        include(
            parties_urls.routes(
                parties_with_agreements.PartyViewSet, parties_with_agreements.PersonViewSet
            )
        ),
    ),
    path("", include("agreements.api.urls")),
    # The change feed for mirroring, and webhook receivers (sync/).
    path("", include("sync.api.urls")),
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

# Downloads in the bulk import's columns (intake/records/), for a round trip.
urlpatterns += [
    path("export/agreements/", AgreementExportView.as_view(), name="export-agreements"),
    path("export/parties/", PartyExportView.as_view(), name="export-parties"),
    path("export/people/", PersonExportView.as_view(), name="export-people"),
]

# Draft agreements proposed from a press release (write callers); ?save=true creates them
# as drafts citing the text.
urlpatterns += [path("intake/", IntakeView.as_view(), name="intake")]
