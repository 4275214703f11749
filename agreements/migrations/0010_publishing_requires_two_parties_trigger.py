"""A published agreement has at least two parties: deferred triggers on agreements and
their parties (PostgreSQL only; on SQLite the write service and the admin form check it).
Agreements already published with fewer parties stay as they are until next changed."""

from __future__ import annotations

from django.db import migrations

from agreements.db_triggers import publishing_triggers
from kernel.db_triggers import postgresql_only

# Copied, not imported: a migration must keep meaning what it meant when it was written.
PUBLISHING_RULE = "An agreement can be published only with at least two parties."
MIN_PUBLISHED_PARTIES = 2


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0009_document_file_allow_list"),
    ]

    operations = [postgresql_only(*publishing_triggers(PUBLISHING_RULE, MIN_PUBLISHED_PARTIES))]
