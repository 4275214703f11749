from __future__ import annotations

from django.db import migrations, models

from agreements.db_triggers import signature_body_trigger
from kernel.db_triggers import acyclic_parent_trigger, postgresql_only


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0003_add_search_document"),
        ("parties", "0002_party_cycle_trigger"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="agreement",
            index=models.Index(
                fields=["-signed_on", "title", "id"], name="agreements_default_order"
            ),
        ),
        postgresql_only(*acyclic_parent_trigger("agreements_cooperationfield")),
        postgresql_only(*acyclic_parent_trigger("agreements_region")),
        postgresql_only(*signature_body_trigger()),
    ]
