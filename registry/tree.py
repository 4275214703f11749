"""Hierarchies (parties, cooperation fields, regions) that can never form a cycle."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from tree_queries.query import TreeQuerySet


class AcyclicTreeNode(models.Model):
    """A node with a ``parent`` foreign key to its own model (declared by the subclass,
    which chooses its ``on_delete``); saving a node under its own descendant fails."""

    parent: models.ForeignKey[Any, Any]

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Enforced on every save, not only in forms: a cycle would hang every tree query.
        self.check_acyclic()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        self.check_acyclic()

    def ancestors(self) -> TreeQuerySet[Any]:
        """From the root down to the parent."""
        return type(self)._default_manager.ancestors(self)  # type: ignore[attr-defined,no-any-return]

    def descendants(self, *, include_self: bool = False) -> TreeQuerySet[Any]:
        return type(self)._default_manager.descendants(  # type: ignore[attr-defined,no-any-return]
            self, include_self=include_self
        )

    def check_acyclic(self) -> None:
        """Raise ValidationError on ``parent`` when this node would become its own ancestor."""
        if self.parent_id is None:  # type: ignore[attr-defined]
            return
        if self.pk is not None and self.parent_id == self.pk:  # type: ignore[attr-defined]
            raise ValidationError({"parent": _("A node cannot be its own parent.")})
        if self.pk is None:
            return  # a new node has no descendants yet
        ancestor_ids = set(
            type(self)
            ._default_manager.ancestors(self.parent_id, include_self=True)  # type: ignore[attr-defined]
            .values_list("pk", flat=True)
        )
        if self.pk in ancestor_ids:
            raise ValidationError({"parent": _("This would make the node a descendant of itself.")})


def no_self_parent(name: str = "%(app_label)s_%(class)s_not_own_parent") -> models.CheckConstraint:
    return models.CheckConstraint(condition=~models.Q(parent=models.F("pk")), name=name)
