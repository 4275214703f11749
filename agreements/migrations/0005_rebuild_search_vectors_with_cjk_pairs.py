"""Rebuild every search vector: they now hold the character pairs of CJK text, which
``?q=`` matches through the GIN index instead of a LIKE over each document
(agreements/search.py). PostgreSQL only; SQLite keeps no vector."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def rebuild_vectors(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    # The current code, not historical models: the vector is what search.py reads today.
    # A no-op on an empty database; about a minute per 100,000 agreements.
    from agreements.search import rebuild_search_index

    rebuild_search_index(using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0004_add_ordering_index_and_triggers"),
    ]

    operations = [
        migrations.RunPython(rebuild_vectors, migrations.RunPython.noop, elidable=True),
    ]
