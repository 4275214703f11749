"""Top-level routes: the staff admin, the API under /api/, public pages under /<lang>/."""

from __future__ import annotations

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from registry.machine_urls import site_urlpatterns

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("api/", include("registry.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include(site_urlpatterns)),
]
urlpatterns += i18n_patterns(
    path("", include("registry.page_urls")), path("", include("registry.machine_urls"))
)
# Under /api/ errors answer in the API's JSON shape; elsewhere Django's pages.
handler400 = "registry.api.faults.bad_request"
handler403 = "registry.api.faults.permission_denied"
handler404 = "registry.api.faults.page_not_found"
handler500 = "registry.api.faults.server_error"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
