"""Triggers for invariants a CHECK constraint cannot express (PostgreSQL mostly; SQLite
where its immediate triggers can hold a rule without refusing legitimate writes).

The models check the same rules on save (and so on SQLite too); the triggers also stop
writes that bypass the models: bulk updates, raw SQL, other programs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import migrations


def acyclic_parent_trigger(table: str) -> tuple[str, str]:
    """SQL creating and dropping a trigger that refuses a parent which is the row itself
    or one of its descendants."""
    function = f"{table}_refuse_cycle"
    create = f"""
        CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
        BEGIN
            IF NEW.parent_id IS NULL THEN
                RETURN NEW;
            END IF;
            IF EXISTS (
                WITH RECURSIVE ancestors(id, parent_id) AS (
                    SELECT id, parent_id FROM {table} WHERE id = NEW.parent_id
                    UNION
                    SELECT t.id, t.parent_id FROM {table} t
                    JOIN ancestors a ON t.id = a.parent_id
                )
                SELECT 1 FROM ancestors WHERE id = NEW.id
            ) THEN
                RAISE EXCEPTION '% % would be its own ancestor', TG_TABLE_NAME, NEW.id
                    USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        END;
        $$ LANGUAGE plpgsql;
        CREATE TRIGGER {function}
            BEFORE INSERT OR UPDATE OF parent_id ON {table}
            FOR EACH ROW EXECUTE FUNCTION {function}();
    """
    drop = f"""
        DROP TRIGGER IF EXISTS {function} ON {table};
        DROP FUNCTION IF EXISTS {function}();
    """
    return create, drop


def sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def postgresql_only(create: str, drop: str) -> migrations.RunPython:
    """A migration operation that runs ``create`` (and ``drop`` on reverse) on PostgreSQL."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(create, params=None)

    def backwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(drop, params=None)

    return migrations.RunPython(forwards, backwards)


def per_vendor(
    *,
    postgresql: tuple[str, str],
    sqlite: tuple[Sequence[str], Sequence[str]] | None = None,
) -> migrations.RunPython:
    """A migration operation running each database's ``(create, drop)`` SQL on that
    database only (nothing on one not named). SQLite's are lists of statements: its
    driver runs one per call (a CREATE TRIGGER, with the ``;`` inside its body, is one)."""

    def run(schema_editor: Any, index: int) -> None:
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(postgresql[index], params=None)
        elif vendor == "sqlite" and sqlite is not None:
            for statement in sqlite[index]:
                schema_editor.execute(statement, params=None)

    def forwards(apps: Any, schema_editor: Any) -> None:
        run(schema_editor, 0)

    def backwards(apps: Any, schema_editor: Any) -> None:
        run(schema_editor, 1)

    return migrations.RunPython(forwards, backwards)
