"""The signing-body rule in the database raises the models' message, and now also guards
removing a party (or changing which party a row names), not only adding a signature.
PostgreSQL only; SQLite relies on the write service and Signature.save()."""

from __future__ import annotations

from django.db import migrations

from agreements.db_triggers import signing_body_triggers
from kernel.db_triggers import postgresql_only

# Copied, not imported: a migration must keep meaning what it meant when it was written.
SIGNING_BODY_RULE = (
    "A signature must be on behalf of a party to the agreement or a body it belongs to."
)


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0005_rebuild_search_vectors_with_cjk_pairs"),
    ]

    operations = [postgresql_only(*signing_body_triggers(SIGNING_BODY_RULE))]
