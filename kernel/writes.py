"""What every write service shares: row and hierarchy locks, saving only what changed,
and the error that means "this conflicts with what is stored" (409, not 400).

Where PostgreSQL and SQLite differ it is hidden here: SQLite has no row locks (a writing
transaction holds the whole database), so the locks are no-ops there."""

from __future__ import annotations

import zlib
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import connections, models

from kernel.partial_date import PartialDateField, precision_attname

User = AbstractBaseUser | AnonymousUser | None


class Conflict(ValidationError):
    """A well-formed write refused because of what is stored (or was stored concurrently);
    keyed, like a ValidationError, by the request's field paths. The API answers 409."""


def lock_row(instance: models.Model, *, for_delete: bool = False) -> None:
    """Lock ``instance``'s row until the transaction ends.

    FOR NO KEY UPDATE for a change: writers of the row wait for each other, while rows
    referring to it (which take FOR KEY SHARE) can still be written, so two writes that
    refer to each other's rows do not deadlock. FOR UPDATE for a delete: nothing may start
    referring to the row meanwhile."""
    rows = type(instance)._default_manager.filter(pk=instance.pk)
    rows.select_for_update(no_key=not for_delete).exists()


def lock_tree(model: type[models.Model]) -> bool:
    """Serialize changes to ``model``'s parent hierarchy until the transaction ends, and
    say whether another transaction held it (so this one waited for its change).

    Two concurrent parent changes can each look acyclic alone and form a cycle together;
    taken one after the other, the second sees the first."""
    connection = connections[model._default_manager.db]
    if connection.vendor != "postgresql":
        return False
    key = zlib.crc32(f"tree:{model._meta.db_table}".encode())
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [key])
        if cursor.fetchone()[0]:
            return False
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
    return True


def assign_changed(instance: models.Model, data: dict[str, Any]) -> list[str]:
    """Set on ``instance`` the values of ``data`` that differ from its own, and name the
    columns to write (a partial date's precision column with it)."""
    changed: list[str] = []
    for name, value in data.items():
        if getattr(instance, name) == value and instance.pk is not None:
            continue
        setattr(instance, name, value)
        changed.append(name)
        field = instance._meta.get_field(name)
        if isinstance(field, PartialDateField):
            changed.append(precision_attname(name))
    return changed


def save_changed(
    instance: models.Model, changed: list[str], *, user: User = None, touch: bool = False
) -> bool:
    """Save a new ``instance`` whole, an existing one only in its ``changed`` columns and
    ``updated_at``; with ``touch`` (its nested lists were written) ``updated_at`` even if
    nothing else changed. Says whether it saved."""
    if user is not None and user.is_authenticated:
        instance._history_user = user  # type: ignore[attr-defined]  # django-simple-history
    if instance.pk is None:
        instance.save()
        return True
    stamps = [f.name for f in instance._meta.concrete_fields if getattr(f, "auto_now", False)]
    if not (changed or (touch and stamps)):
        return False
    instance.save(update_fields=[*changed, *stamps])
    return True


def refuse_cycle_conflict(error: ValidationError, *, waited: bool) -> None:
    """A cycle found after waiting for another hierarchy change is that change's conflict."""
    if waited and hasattr(error, "error_dict") and "parent" in error.error_dict:
        raise Conflict(
            {
                "parent": [
                    "Another change to the hierarchy was saved while this one waited; "
                    "together they would make a cycle, so nothing was written."
                ]
            }
        ) from error


def check_deferred_now(using: str = "default") -> None:
    """Run the pending deferred constraint checks now rather than at commit, so that a
    violation is raised inside the write that caused it (where it can be named and that
    write rolled back to its savepoint) instead of from a commit further out. The checks
    are deferred again afterwards. SQLite checks nothing deferred but foreign keys, which
    Django's own writes keep; there this does nothing."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
