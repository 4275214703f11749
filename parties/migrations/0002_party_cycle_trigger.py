from __future__ import annotations

from django.db import migrations

from kernel.db_triggers import acyclic_parent_trigger, postgresql_only


class Migration(migrations.Migration):
    dependencies = [("parties", "0001_initial")]

    operations = [postgresql_only(*acyclic_parent_trigger("parties_party"))]
