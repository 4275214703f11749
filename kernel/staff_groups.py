"""The two staff groups: editors change every registry record, viewers only read them."""

from __future__ import annotations

from typing import Any

EDITORS = "editors"
VIEWERS = "viewers"
REGISTRY_APPS = ("parties", "agreements")


def sync_staff_groups(apps: Any, app_labels: tuple[str, ...] = REGISTRY_APPS) -> None:
    """Give editors every permission and viewers every view permission on ``app_labels``.

    Called from data migrations with the historical app registry; safe to run again.
    """
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations ran; create them now so a
    # fresh database gets complete groups in one `migrate`.
    for label in app_labels:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    editors, _ = group_model.objects.get_or_create(name=EDITORS)
    viewers, _ = group_model.objects.get_or_create(name=VIEWERS)
    perms = permission_model.objects.filter(content_type__app_label__in=app_labels)
    editors.permissions.add(*perms)
    viewers.permissions.add(*perms.filter(codename__startswith="view_"))
