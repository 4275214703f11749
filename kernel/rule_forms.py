"""Admin forms that check every model rule and show each broken one on its field.

Django's model forms skip a constraint that names a column the form does not show (a
PartialDateField's precision column, for one), so such a rule surfaced only as a database
error; and they report a broken check constraint above the form, not on its field.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, router
from django.forms.models import InlineForeignKeyField
from django.utils.translation import gettext_lazy as _

from kernel.partial_date import PartialDateField, precision_attname

# For a rule that has no message of its own: never show the constraint's name.
FALLBACK_MESSAGE = _("This value breaks a rule of the registry; check it and the fields near it.")


def _names_in(condition: object) -> Iterator[str]:
    """Field names a condition refers to, left-hand sides first, in order of appearance."""
    children: list[Any] = list(getattr(condition, "children", []))
    for child in children:
        if isinstance(child, models.Q):
            yield from _names_in(child)
        elif isinstance(child, tuple):
            lookup, value = child
            yield str(lookup).split("__")[0]
            if isinstance(value, models.F):
                yield str(getattr(value, "name", "")).split("__")[0]


def rule_fields(constraint: models.BaseConstraint) -> list[str]:
    """The fields a broken constraint is about, most telling first: the last of a unique
    constraint's fields, the first a check constraint names (a date, not its precision)."""
    if isinstance(constraint, models.UniqueConstraint):
        return list(reversed(constraint.fields))
    if isinstance(constraint, models.CheckConstraint):
        names = (n.removesuffix("_precision") for n in _names_in(constraint.condition))
        return list(dict.fromkeys(names))
    return []


def _visible(name: str, fields: Mapping[str, forms.Field]) -> bool:
    field = fields.get(name)
    return (
        field is not None
        and not isinstance(field, InlineForeignKeyField)
        and not field.widget.is_hidden
    )


class RuleCheckedModelForm(forms.ModelForm):
    """A model form that checks every constraint, precision columns included, and puts a
    readable message on the field each broken one is about."""

    def _get_validation_exclusions(self) -> set[str]:
        exclude: set[str] = super()._get_validation_exclusions()  # type: ignore[misc]
        # A precision column is never on the form: it is written with its date.
        for field in self.instance._meta.fields:
            if isinstance(field, PartialDateField) and field.name not in exclude:
                exclude.discard(precision_attname(field.name))
        return exclude

    def _post_clean(self) -> None:
        instance = self.instance
        # Model.full_clean() would report broken constraints above the form; they are
        # checked below instead, each against its field.
        instance.validate_constraints = _no_constraint_check  # type: ignore[method-assign]
        try:
            super()._post_clean()  # type: ignore[misc]
        finally:
            del instance.validate_constraints
        self._check_constraints()

    def _check_constraints(self) -> None:
        instance = self.instance
        exclude = self._get_validation_exclusions()
        inline_keys = {n for n, f in self.fields.items() if isinstance(f, InlineForeignKeyField)}
        # Plain uniqueness with the inline's own key is the formset's to check, against all
        # the rows on the page (one deleted or swapped there would clash with its old
        # value); the formset skips conditional unique constraints, so they are checked here.
        unique_exclude = exclude | inline_keys
        # Check rules may name that key once the parent is saved (a change page); on an add
        # page it is not known yet.
        check_exclude = exclude | {
            n for n in inline_keys if getattr(instance, instance._meta.get_field(n).attname) is None
        }
        using = router.db_for_write(type(instance), instance=instance)
        for model_class, constraints in instance.get_constraints():
            for constraint in constraints:
                unique = (
                    isinstance(constraint, models.UniqueConstraint) and not constraint.condition
                )
                try:
                    constraint.validate(
                        model_class,
                        instance,
                        exclude=unique_exclude if unique else check_exclude,
                        using=using,
                    )
                except ValidationError as error:
                    self._add_rule_error(constraint, error)

    def _add_rule_error(self, constraint: models.BaseConstraint, error: ValidationError) -> None:
        if constraint.violation_error_message == constraint.default_violation_error_message:
            if not isinstance(constraint, models.UniqueConstraint) or constraint.condition:
                error = ValidationError(FALLBACK_MESSAGE, code="rule")
        field = next((n for n in rule_fields(constraint) if _visible(n, self.fields)), None)
        self.add_error(field, error)


def _no_constraint_check(exclude: object = None) -> None:
    return None
