"""Dates known to the day, the month or only the year.

"July 2017" must never become 1 July 2017. A ``PartialDate`` keeps the first day of the
period it names and its precision; in the database that is a ``DateField`` holding the
first day and a sibling ``<name>_precision`` column, so dates still sort, filter and index
like dates.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core import checks
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.query_utils import DeferredAttribute
from django.utils.translation import gettext_lazy as _

FORMAT_HINT = _("Enter a date as YYYY, YYYY-MM or YYYY-MM-DD.")
_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class Precision(models.TextChoices):
    YEAR = "year", _("year")
    MONTH = "month", _("month")
    DAY = "day", _("day")


# Computed once: TextChoices.values builds a new list on every access, and PartialDate is
# validated for every date a bulk load writes.
PRECISIONS = frozenset(Precision.values)


@dataclass(frozen=True, order=True)
class PartialDate:
    """The period a date names: its first day and how precisely it is known."""

    start: dt.date
    precision: str = Precision.DAY

    def __post_init__(self) -> None:
        if self.precision not in PRECISIONS:
            raise ValueError(f"unknown precision {self.precision!r}")
        if self.precision != Precision.DAY and self.start.day != 1:
            raise ValueError("a month or year date starts on the first day")
        if self.precision == Precision.YEAR and self.start.month != 1:
            raise ValueError("a year date starts in January")

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read ``2017``, ``2017-07`` or ``2017-07-15``; raise ValueError on anything else."""
        match = _PATTERN.match(text.strip())
        if not match:
            raise ValueError(f"{text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = match.groups()
        precision = Precision.DAY if day else Precision.MONTH if month else Precision.YEAR
        try:
            start = dt.date(int(year), int(month or 1), int(day or 1))
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a real date") from exc
        return cls(start, precision)

    @classmethod
    def coerce(cls, value: object) -> PartialDate | None:
        """A PartialDate from a PartialDate, a date (day precision), a string or None."""
        if value is None or value == "":
            return None
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.datetime):
            return cls(value.date())
        if isinstance(value, dt.date):
            return cls(value)
        if isinstance(value, str):
            return cls.parse(value)
        raise TypeError(f"cannot read a date from {type(value).__name__}")

    @property
    def end(self) -> dt.date:
        """The last day of the period."""
        if self.precision == Precision.DAY:
            return self.start
        if self.precision == Precision.MONTH:
            last = calendar.monthrange(self.start.year, self.start.month)[1]
            return self.start.replace(day=last)
        return self.start.replace(month=12, day=31)

    def isoformat(self) -> str:
        if self.precision == Precision.YEAR:
            return f"{self.start.year:04d}"
        if self.precision == Precision.MONTH:
            return f"{self.start.year:04d}-{self.start.month:02d}"
        return self.start.isoformat()

    def __str__(self) -> str:
        return self.isoformat()


def precision_attname(date_field_name: str) -> str:
    return f"{date_field_name}_precision"


class _PartialDateDescriptor(DeferredAttribute):
    """Reads the date and its precision column as one PartialDate; writes both."""

    def __get__(self, instance: Any, cls: Any = None) -> Any:
        if instance is None:
            return self
        start = super().__get__(instance, cls)
        if start is None:
            return None
        precision = getattr(instance, precision_attname(self.field.attname)) or Precision.DAY
        return PartialDate(start, precision)

    def __set__(self, instance: Any, value: Any) -> None:
        # Loading a row sets the date first and its precision column afterwards, so a
        # plain date reads as day precision only until the stored precision arrives.
        try:
            partial = PartialDate.coerce(value)
        except (TypeError, ValueError):
            # Left for full_clean() to report against the field, as Django does for dates.
            instance.__dict__[self.field.attname] = value
            return
        instance.__dict__[self.field.attname] = partial.start if partial else None
        instance.__dict__[precision_attname(self.field.attname)] = (
            partial.precision if partial else ""
        )


class PartialDateFormField(forms.CharField):
    """A text box that accepts YYYY, YYYY-MM or YYYY-MM-DD."""

    default_error_messages = {"invalid": FORMAT_HINT}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", FORMAT_HINT)
        super().__init__(**kwargs)
        self.widget.attrs.update({"placeholder": "YYYY-MM-DD", "maxlength": "10", "size": "10"})

    def prepare_value(self, value: Any) -> Any:
        return str(value) if isinstance(value, PartialDate) else value

    def to_python(self, value: Any) -> PartialDate | None:  # type: ignore[override]
        text = super().to_python(value)
        try:
            return PartialDate.coerce(text)
        except (TypeError, ValueError) as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc


class PartialDateField(models.DateField):
    """A date at day, month or year precision; needs a ``DatePrecisionField`` named
    ``<name>_precision`` on the same model."""

    descriptor_class = _PartialDateDescriptor
    default_error_messages = {"invalid": FORMAT_HINT}
    # What django-stubs' mypy plugin takes the attribute's types to be.
    _pyi_private_set_type: PartialDate | dt.date | str | None  # type: ignore[assignment]
    _pyi_private_get_type: PartialDate | None  # type: ignore[assignment]

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        errors = super().check(**kwargs)
        sibling = precision_attname(self.name)
        if not any(f.name == sibling for f in self.model._meta.local_fields):
            errors.append(
                checks.Error(
                    f"{self.model.__name__}.{self.name} needs a DatePrecisionField "
                    f"named {sibling!r}.",
                    obj=self,
                    id="registry.E001",
                )
            )
        return errors

    def to_python(self, value: Any) -> PartialDate | None:  # type: ignore[override]
        try:
            return PartialDate.coerce(value)
        except (TypeError, ValueError) as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc

    def get_prep_value(self, value: Any) -> dt.date | None:
        value = models.Field.get_prep_value(self, value)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        partial = self.to_python(value)
        return partial.start if partial else None

    def value_to_string(self, obj: models.Model) -> str:
        value = self.value_from_object(obj)
        return "" if value is None else str(value)

    def formfield(self, **kwargs: Any) -> forms.Field:
        defaults: dict[str, Any] = {
            "form_class": PartialDateFormField,
            "required": not self.blank,
            "label": self.verbose_name,
        }
        if self.help_text:
            defaults["help_text"] = self.help_text
        defaults.update(kwargs)
        form_class = defaults.pop("form_class")
        defaults.pop("widget", None)  # the admin's date picker cannot say "July 2017"
        return form_class(**defaults)


class _PrecisionDescriptor(DeferredAttribute):
    def __set__(self, instance: Any, value: Any) -> None:
        # Model.__init__ sets this column's default after the date was given as a keyword
        # (PartialDate or string); that blank must not erase the precision the date set.
        date_attname = self.field.attname.removesuffix("_precision")
        if not value and instance.__dict__.get(date_attname) is not None:
            return
        instance.__dict__[self.field.attname] = value


class DatePrecisionField(models.CharField):
    """The precision column that goes with a PartialDateField; set through that field."""

    descriptor_class = _PrecisionDescriptor

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 5)
        kwargs.setdefault("choices", Precision.choices)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)


def partial_date_constraints(*names: str) -> list[models.BaseConstraint]:
    """Check constraints keeping each named PartialDateField's two columns consistent:
    a precision exactly when there is a date, and month and year dates on their first day."""
    constraints: list[models.BaseConstraint] = []
    for name in names:
        precision = precision_attname(name)
        constraints += [
            models.CheckConstraint(
                condition=(
                    models.Q(**{f"{name}__isnull": True, precision: ""})
                    | models.Q(**{f"{name}__isnull": False, f"{precision}__in": Precision.values})
                ),
                name=f"%(app_label)s_%(class)s_{name}_precision_set",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(**{precision: Precision.DAY})
                    | models.Q(**{f"{name}__isnull": True})
                    | models.Q(**{f"{name}__day": 1, precision: Precision.MONTH})
                    | models.Q(**{f"{name}__day": 1, f"{name}__month": 1})
                ),
                name=f"%(app_label)s_%(class)s_{name}_precision_aligned",
            ),
        ]
    return constraints


def not_before(later: str, earlier: str) -> models.Q:
    """True when the ``later`` PartialDateField does not start before ``earlier``.

    Precision-aware: a month or year that contains the earlier date counts as not before
    it ("signed 2017-07-20, expires 2017-07" is allowed)."""
    return (
        models.Q(**{f"{later}__isnull": True})
        | models.Q(**{f"{earlier}__isnull": True})
        | models.Q(**{f"{later}__gte": models.F(earlier)})
        | models.Q(
            **{
                precision_attname(later): Precision.MONTH,
                f"{later}__year": models.F(f"{earlier}__year"),
                f"{later}__month": models.F(f"{earlier}__month"),
            }
        )
        | models.Q(
            **{
                precision_attname(later): Precision.YEAR,
                f"{later}__year": models.F(f"{earlier}__year"),
            }
        )
    )


def ends_on_or_after(name: str, day: dt.date) -> models.Q:
    """The PartialDateField ``name``'s period ends on or after ``day`` (false when it is
    NULL): "2028" ends on 2028-12-31, "2017-07" on 2017-07-31. The bounds are computed
    here, so the database compares the indexed date column with constants."""
    precision = precision_attname(name)
    return (
        models.Q(**{precision: Precision.DAY, f"{name}__gte": day})
        | models.Q(**{precision: Precision.MONTH, f"{name}__gte": day.replace(day=1)})
        | models.Q(**{precision: Precision.YEAR, f"{name}__gte": dt.date(day.year, 1, 1)})
    )


_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_partial_date(value: PartialDate, language: str) -> str:
    """A date for readers, at its precision: "3 December 2017" / "2017年12月3日",
    "July 2017" / "2017年7月", "2018" / "2018年"."""
    start = value.start
    if language.lower().startswith("zh"):
        if value.precision == Precision.YEAR:
            return f"{start.year}年"
        if value.precision == Precision.MONTH:
            return f"{start.year}年{start.month}月"
        return f"{start.year}年{start.month}月{start.day}日"
    if value.precision == Precision.YEAR:
        return str(start.year)
    if value.precision == Precision.MONTH:
        return f"{_MONTHS_EN[start.month - 1]} {start.year}"
    return f"{start.day} {_MONTHS_EN[start.month - 1]} {start.year}"
