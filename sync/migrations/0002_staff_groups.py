from __future__ import annotations

from django.db import migrations

from kernel.staff_groups import sync_staff_groups


def give_staff_groups(apps, schema_editor):
    """Editors manage webhook receivers and deliveries; viewers read them and the feed."""
    sync_staff_groups(apps, ("sync",))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("sync", "0001_change_feed_and_webhooks"),
    ]

    operations = [migrations.RunPython(give_staff_groups, migrations.RunPython.noop)]
