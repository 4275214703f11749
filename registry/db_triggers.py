"""PostgreSQL triggers for invariants a CHECK constraint cannot express.

The models check the same rules on save (and so on SQLite too); the triggers also stop
writes that bypass the models: bulk updates, raw SQL, other programs.
"""

from __future__ import annotations

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


def signature_body_trigger() -> tuple[str, str]:
    """SQL creating and dropping a trigger that refuses a signature on behalf of a body
    that is neither a party to the agreement nor a parent, at any depth, of one."""
    create = """
        CREATE OR REPLACE FUNCTION agreements_signature_check_body() RETURNS trigger AS $$
        BEGIN
            IF NOT EXISTS (
                WITH RECURSIVE bodies(id, parent_id) AS (
                    SELECT p.id, p.parent_id FROM parties_party p
                    JOIN agreements_agreementparty ap ON ap.party_id = p.id
                    WHERE ap.agreement_id = NEW.agreement_id
                    UNION
                    SELECT p.id, p.parent_id FROM parties_party p
                    JOIN bodies b ON p.id = b.parent_id
                )
                SELECT 1 FROM bodies WHERE id = NEW.on_behalf_of_id
            ) THEN
                RAISE EXCEPTION 'party % is neither a party to agreement % nor a parent of one',
                    NEW.on_behalf_of_id, NEW.agreement_id
                    USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        END;
        $$ LANGUAGE plpgsql;
        CREATE TRIGGER agreements_signature_check_body
            BEFORE INSERT OR UPDATE OF agreement_id, on_behalf_of_id ON agreements_signature
            FOR EACH ROW EXECUTE FUNCTION agreements_signature_check_body();
    """
    drop = """
        DROP TRIGGER IF EXISTS agreements_signature_check_body ON agreements_signature;
        DROP FUNCTION IF EXISTS agreements_signature_check_body();
    """
    return create, drop


def postgresql_only(create: str, drop: str) -> migrations.RunPython:
    """A migration operation that runs ``create`` (and ``drop`` on reverse) on PostgreSQL."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(create, params=None)

    def backwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(drop, params=None)

    return migrations.RunPython(forwards, backwards)
