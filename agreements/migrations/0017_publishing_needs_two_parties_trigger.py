"""Publishing needs two parties, now also in the database (PostgreSQL): deferred
constraint triggers on agreements and on their party rows, checked at commit."""

from __future__ import annotations

from django.db import migrations

from agreements.db_triggers import publishing_triggers
from kernel.db_triggers import per_vendor

# Copied, not imported: a migration must keep meaning what it meant when it was written.
PUBLISHING_RULE = "An agreement can be published only with at least two parties."


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0016_add_summary_and_place_local"),
    ]

    operations = [per_vendor(postgresql=publishing_triggers(PUBLISHING_RULE, 2))]
