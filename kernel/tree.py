"""Hierarchies (parties, cooperation fields, regions) that can never form a cycle, and
the one way the project walks them: a recursive SQL query, up or down, from many nodes.

The walk is the same on PostgreSQL and SQLite (both have ``WITH RECURSIVE``). Only the
database triggers (kernel/db_triggers.py) repeat it, in SQL, for writes that bypass
Django.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _


def _walk_sql(model: type[models.Model], count: int, *, up: bool, include_self: bool) -> str:
    """SQL selecting the ids reached from ``count`` starting ids, following ``parent`` up
    to the ancestors or down to the descendants at any depth."""
    table = model._meta.db_table
    pk = model._meta.pk.column  # type: ignore[union-attr]
    parent = model._meta.get_field("parent").column  # type: ignore[union-attr]
    start = ", ".join(["%s"] * count)
    if not include_self:  # start one step away: the parents, or the children
        near = parent if up else pk
        far = pk if up else parent
        start = f"SELECT {near} FROM {table} WHERE {far} IN ({start})"
    seed = f"{pk} IN ({start})"
    step = f"node.{pk} = walk.parent" if up else f"node.{parent} = walk.id"
    # UNION (not UNION ALL) would also stop on a cycle, which AcyclicTreeNode forbids.
    return (
        f"WITH RECURSIVE walk(id, parent) AS ("
        f"SELECT {pk}, {parent} FROM {table} WHERE {seed} "
        f"UNION SELECT node.{pk}, node.{parent} FROM {table} node JOIN walk ON {step}"
        f") SELECT id FROM walk"
    )


def _ids(nodes: Iterable[models.Model | int]) -> list[int]:
    return [node if isinstance(node, int) else node.pk for node in nodes]


def subtree_ids(
    model: type[models.Model], roots: Iterable[models.Model | int], *, include_self: bool = True
) -> RawSQL:
    """The ids of ``roots``' descendants at any depth (and of the roots themselves unless
    ``include_self=False``), as a subquery for ``pk__in=``: no query of its own."""
    ids: list[int | None] = [*_ids(roots)] or [None]  # IN (NULL) matches nothing
    return RawSQL(_walk_sql(model, len(ids), up=False, include_self=include_self), ids)


def ancestor_ids(
    model: type[models.Model], nodes: Iterable[models.Model | int], *, include_self: bool = True
) -> set[int]:
    """The ids of ``nodes``' ancestors at any depth (and of the nodes themselves unless
    ``include_self=False``); one query."""
    ids = _ids(nodes)
    if not ids:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(_walk_sql(model, len(ids), up=True, include_self=include_self), ids)
        return {row[0] for row in cursor.fetchall()}


class AcyclicTreeNode(models.Model):
    """A node with a ``parent`` foreign key to its own model (declared by the subclass,
    which chooses its ``on_delete``); saving a node under its own descendant fails."""

    parent: models.ForeignKey[Any, Any]
    parent_id: int | None

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Enforced on every save, not only in forms: a cycle would hang every tree query.
        self.check_acyclic()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        self.check_acyclic()

    def ancestors(self) -> list[Any]:
        """From the root down to the parent; two queries."""
        if self.parent_id is None:
            return []
        nodes = type(self)._default_manager.in_bulk(ancestor_ids(type(self), [self.parent_id]))
        chain = []
        node: Any = nodes.get(self.parent_id)
        while node is not None:
            chain.append(node)
            node = nodes.get(node.parent_id)
        return chain[::-1]

    def check_acyclic(self) -> None:
        """Raise ValidationError on ``parent`` when this node would become its own ancestor."""
        if self.parent_id is None:
            return
        if self.pk is not None and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A node cannot be its own parent.")})
        if self.pk is None:
            return  # a new node has no descendants yet
        if self.pk in ancestor_ids(type(self), [self.parent_id]):
            raise ValidationError({"parent": _("This would make the node a descendant of itself.")})


def no_self_parent(name: str = "%(app_label)s_%(class)s_not_own_parent") -> models.CheckConstraint:
    return models.CheckConstraint(condition=~models.Q(parent=models.F("pk")), name=name)
