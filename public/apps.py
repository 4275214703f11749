from __future__ import annotations

from django.apps import AppConfig


class PublicConfig(AppConfig):
    """The public site: pages, facets, feeds, calendar, JSON-LD and sitemaps."""

    name = "public"
    verbose_name = "Public site"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .cache import record_changed

        # Any saved, deleted or re-tagged record may change a cached public page.
        for name, signal in (("save", post_save), ("delete", post_delete), ("m2m", m2m_changed)):
            signal.connect(record_changed, dispatch_uid=f"public-pages.{name}")
        # So do statuses the daily refresh rewrites in bulk (no post_save).
        from agreements.statuses import statuses_changed

        statuses_changed.connect(record_changed, dispatch_uid="public-pages.statuses")
