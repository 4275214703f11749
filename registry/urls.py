"""Top-level routes: the staff admin, the API under /api/, public pages under /<lang>/, and
uploaded documents at their storage URLs (/media/...), served by a view that checks visibility."""

from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from intake.review import press_release
from public.machine_urls import site_urlpatterns
from public.views import document_file

urlpatterns: list[URLPattern | URLResolver] = [
    # The admin's "New from press release" (staff who may add agreements).
    path(
        "admin/intake/press-release/",
        admin.site.admin_view(press_release),
        name="intake-press-release",
    ),
    path("admin/", admin.site.urls),
    path("api/", include("registry.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # MEDIA_URL: every stored document's .url (pages, API, admin) lands here, in production
    # as in development; nothing serves the media directory directly.
    path("media/<path:name>", document_file, name="document-file"),
    path("", include(site_urlpatterns)),
]
urlpatterns += i18n_patterns(
    path("", include("public.urls")),
    path("", include("public.machine_urls")),
    # E-mail subscriptions: subscribe, confirm, unsubscribe (watches/urls.py).
    path("", include("watches.urls")),
)
# Under /api/ errors answer in the API's JSON shape; elsewhere Django's pages.
handler400 = "kernel.api.faults.bad_request"
handler403 = "kernel.api.faults.permission_denied"
handler404 = "kernel.api.faults.page_not_found"
handler500 = "kernel.api.faults.server_error"
