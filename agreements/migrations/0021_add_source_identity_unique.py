"""One source per identity among sources without a URL, now that 0019 merged duplicates.
Apart from 0019 so that PostgreSQL builds the index after the merge's deferred checks ran."""

from __future__ import annotations

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0020_merge_duplicate_unlinked_sources"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="source",
            constraint=models.UniqueConstraint(
                condition=models.Q(("url", "")),
                fields=("identity_key",),
                name="agreements_source_identity_unique",
                violation_error_message="Another source without a URL has this publisher, "
                "title and publication date.",
            ),
        ),
    ]
