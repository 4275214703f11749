"""Query-string filters for agreements, events, cooperation fields and regions, and the
parties API's filters that go through agreements (the parties app declares its own).

Every filter combines with every other (AND); a repeated parameter means "any of".
Filters on related rows (parties, signatories, fields...) are ``pk IN (subquery)`` each,
so results never repeat and two filters need not match the same related row:
``party_kind=university&party_country=DE`` finds agreements with a university party and
a German party (kernel/filters.py's ``any_related``). Invalid values (unknown slug or
choice, bad date, non-integer) make the form invalid, which the API turns into a 400
naming the parameter.

Dates are periods (kernel/partial_date.py). ``signed_after=X`` keeps agreements whose
signing period starts on or after the first day of X; ``signed_before=Y`` keeps those
whose signing period ends on or before the last day of Y. So a range contains an
agreement signed "2019-07" only if it contains the whole of July 2019, and "2019-07" is
within ``signed_after=2019&signed_before=2019``. Undated agreements match neither.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from kernel.filters import (
    BooleanFilter,
    CountryFilter,
    IntegerFilter,
    SlugsFilter,
    UpdatedSinceFilterSet,
    any_related,
    contains_text,
)
from kernel.partial_date import FORMAT_HINT, PartialDate, Precision, precision_attname
from parties import filtersets as parties_filtersets
from parties.choices import PartyKind
from parties.models import Party, Person

from . import lifecycle
from . import search as search_backend
from .choices import AgreementKind, AgreementStatus, EventKind, SignatureRole
from .models import Agreement, AgreementParty, CooperationField, Event, Region, Signature

AGREEMENT = "agreement_id"
# expiring_within: up to ten years ahead.
MAX_EXPIRING_WITHIN = 3650
PARTIES = any_related(AgreementParty, "party", key=AGREEMENT)
PARTY_SUBTREES = any_related(AgreementParty, "party", key=AGREEMENT, tree=Party)


def with_any(queryset: QuerySet[Agreement], rows: QuerySet[Any]) -> QuerySet[Agreement]:
    """The agreements that at least one of ``rows`` (which have an ``agreement_id``) names;
    a subquery, so no agreement comes back twice."""
    return queryset.filter(pk__in=rows.values("agreement_id"))


class PartialDateFormField(forms.CharField):
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, cleaned to a PartialDate."""

    default_error_messages = {"invalid": FORMAT_HINT}

    def to_python(self, value: Any) -> PartialDate | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            return PartialDate.parse(text)
        except ValueError as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc


@extend_schema_field(OpenApiTypes.STR)
class PartialDateFilter(filters.Filter):
    """A date at any precision, compared as a period (see the module docstring):
    ``lookup_expr="gte"`` keeps periods starting on or after its first day, ``"lte"``
    periods ending on or before its last day."""

    field_class = PartialDateFormField

    def filter(self, qs: QuerySet[Any], value: PartialDate | None) -> QuerySet[Any]:
        if value is None:
            return qs
        if self.lookup_expr == "gte":
            return qs.filter(starts_on_or_after(self.field_name, value))
        return qs.filter(ends_on_or_before(self.field_name, value))


class IntegersField(forms.Field):
    """One or more whole numbers from a repeated parameter (``?signed_year=2017&...``)."""

    widget = forms.SelectMultiple  # reads every value of a repeated parameter
    default_error_messages = {"invalid": "Enter whole numbers."}

    def to_python(self, value: Any) -> list[int]:
        values = value if isinstance(value, list | tuple) else [value] if value else []
        try:
            return [int(v) for v in values if str(v).strip()]
        except (TypeError, ValueError) as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc


@extend_schema_field(OpenApiTypes.INT)
class IntegersFilter(filters.Filter):
    """A column matching any of several whole numbers."""

    field_class = IntegersField

    def filter(self, qs: QuerySet[Any], value: list[int]) -> QuerySet[Any]:
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__in": value})


def starts_on_or_after(field: str, limit: PartialDate) -> Q:
    """The date's period starts no earlier than the first day of ``limit``."""
    return Q(**{f"{field}__gte": limit.start})


def ends_on_or_before(field: str, limit: PartialDate) -> Q:
    """The date's period ends no later than the last day of ``limit``: a month counts only
    if its last day does, a year only if 31 December does. Bounds are computed here, so
    the database compares the indexed date column with constants."""
    day_after = limit.end + dt.timedelta(days=1)
    precision = precision_attname(field)
    return (
        Q(**{precision: Precision.DAY, f"{field}__lte": limit.end})
        | Q(**{precision: Precision.MONTH, f"{field}__lt": day_after.replace(day=1)})
        | Q(**{precision: Precision.YEAR, f"{field}__lt": dt.date(day_after.year, 1, 1)})
    )


class StableOrderingFilter(filters.OrderingFilter):
    """``ordering``, with the primary key last so that pages never overlap on ties."""

    def filter(self, qs: QuerySet[Any], value: list[str] | None) -> QuerySet[Any]:
        ordering = [self.get_ordering_value(param) for param in value or [] if param]
        return qs.order_by(*ordering, "pk") if ordering else qs


ORDERING_FIELDS = (("signed_on", "signed_on"), ("title", "title"), ("updated_at", "updated_at"))


class AgreementFilterSet(UpdatedSinceFilterSet):
    """Every agreement filter of the API contract (issue 3); see the module docstring."""

    party = SlugsFilter(queryset=Party.objects.all(), method="filter_party")
    include_subunits = BooleanFilter(method="filter_party_option")
    party_kind = filters.MultipleChoiceFilter(
        choices=PartyKind.choices, method=any_related(AgreementParty, "party__kind", key=AGREEMENT)
    )
    party_country = CountryFilter(
        method=any_related(AgreementParty, "party__country", key=AGREEMENT)
    )
    international = BooleanFilter(method="filter_international")
    kind = filters.MultipleChoiceFilter(choices=AgreementKind.choices, distinct=False)
    status = filters.MultipleChoiceFilter(choices=AgreementStatus.choices, distinct=False)
    # A field or region stands for itself and its narrower terms at any depth.
    field = SlugsFilter(
        queryset=CooperationField.objects.all(),
        method=any_related(
            Agreement.fields.through, "cooperationfield", key=AGREEMENT, tree=CooperationField
        ),
    )
    region = SlugsFilter(
        queryset=Region.objects.all(),
        method=any_related(Agreement.regions.through, "region", key=AGREEMENT, tree=Region),
    )
    signed_year = IntegersFilter(field_name="signed_on__year")
    signed_after = PartialDateFilter(field_name="signed_on", lookup_expr="gte")
    signed_before = PartialDateFilter(field_name="signed_on", lookup_expr="lte")
    signed_place = filters.CharFilter(lookup_expr="icontains")
    reference_number = filters.CharFilter(lookup_expr="iexact")
    person = SlugsFilter(queryset=Person.objects.all(), method="filter_person")
    person_role = filters.ChoiceFilter(choices=SignatureRole.choices, method="filter_person_role")
    min_parties = IntegerFilter(method="filter_min_parties", min_value=0)
    # Inclusive like signed_before: expiring within or before the period given.
    expires_before = PartialDateFilter(field_name="expires_on", lookup_expr="lte")
    # Like signed_after: expiring in or after the period given.
    expires_after = PartialDateFilter(field_name="expires_on", lookup_expr="gte")
    # In force on a day, or at any time within a month or a year (agreements/lifecycle.py).
    in_force_on = PartialDateFilter(method="filter_in_force_on", label="In force on")
    expiring_within = IntegerFilter(
        method="filter_expiring_within",
        min_value=1,
        max_value=MAX_EXPIRING_WITHIN,
        label="Expiring within (days from today)",
    )
    # Declared before ``ordering`` so an explicit ordering replaces the search rank order.
    q = filters.CharFilter(method="search", label="Search")
    ordering = StableOrderingFilter(fields=ORDERING_FIELDS)

    class Meta:
        model = Agreement
        fields: list[str] = []

    def _option(self, name: str) -> Any:
        return self.form.cleaned_data.get(name)

    def filter_party(
        self, queryset: QuerySet[Agreement], name: str, value: list[Party]
    ) -> QuerySet[Agreement]:
        """Agreements any of these parties is a party to; with ``include_subunits=true``,
        also their sub-units at any depth."""
        subunits = bool(self._option("include_subunits"))
        return (PARTY_SUBTREES if subunits else PARTIES)(queryset, name, value)

    def filter_party_option(
        self, queryset: QuerySet[Agreement], name: str, value: Any
    ) -> QuerySet[Agreement]:
        return queryset  # read by filter_party

    def filter_international(
        self, queryset: QuerySet[Agreement], name: str, value: bool
    ) -> QuerySet[Agreement]:
        """Parties from more than one country; parties without one (international
        organizations) do not count."""
        international = (
            AgreementParty.objects.exclude(party__country="")
            .values("agreement_id")
            .annotate(countries=Count("party__country", distinct=True))
            .filter(countries__gt=1)
            .values("agreement_id")
        )
        if value:
            return queryset.filter(pk__in=international)
        return queryset.exclude(pk__in=international)

    def filter_person(
        self, queryset: QuerySet[Agreement], name: str, value: list[Person]
    ) -> QuerySet[Agreement]:
        """Signed or witnessed by any of these people (only in ``person_role``, if given)."""
        if not value:
            return queryset
        signatures = Signature.objects.filter(person__in=value)
        if role := self._option("person_role"):
            signatures = signatures.filter(role=role)
        return with_any(queryset, signatures)

    def filter_person_role(
        self, queryset: QuerySet[Agreement], name: str, value: str
    ) -> QuerySet[Agreement]:
        """Alone: agreements with anyone in this role. With ``person``: see filter_person."""
        if self._option("person"):
            return queryset
        signatures = Signature.objects.filter(role=value)
        return with_any(queryset, signatures)

    def filter_min_parties(
        self, queryset: QuerySet[Agreement], name: str, value: int
    ) -> QuerySet[Agreement]:
        if value <= 0:
            return queryset
        enough = (
            AgreementParty.objects.values("agreement_id")
            .annotate(parties=Count("pk"))
            .filter(parties__gte=value)
            .values("agreement_id")
        )
        return queryset.filter(pk__in=enough)

    def filter_in_force_on(
        self, queryset: QuerySet[Agreement], name: str, value: PartialDate | None
    ) -> QuerySet[Agreement]:
        """In force on at least one day of the period (a day, a month or a year)."""
        if value is None:
            return queryset
        return queryset.filter(lifecycle.in_force_during(value.start, value.end))

    def filter_expiring_within(
        self, queryset: QuerySet[Agreement], name: str, value: int | None
    ) -> QuerySet[Agreement]:
        """Expiring (the last day of the expiry date) from today to ``value`` days ahead."""
        if value is None:
            return queryset
        today = lifecycle.today()
        return queryset.filter(lifecycle.expiring_between(today, today + dt.timedelta(days=value)))

    def search(self, queryset: QuerySet[Agreement], name: str, value: str) -> QuerySet[Agreement]:
        """Full text (agreements/search.py); best matches first unless ``ordering`` is given."""
        if not value.strip():
            return queryset
        ordering = [f for f in Agreement._meta.ordering or [] if isinstance(f, str)]
        ranked = search_backend.search(queryset, value)
        return ranked.order_by(F("search_rank").desc(), *ordering, "pk")


def visible_agreements(request: Any) -> QuerySet[Agreement]:
    """The agreements the filterset's caller (a request; None for the schema) may see; also a
    request-dependent choice queryset, so drafts stay out of the browsable filter forms."""
    return Agreement.objects.visible_to(request)


EVENT = "event_id"


class EventFilterSet(UpdatedSinceFilterSet):
    """``kind``, ``party``, ``agreement`` (slugs), ``date_after``/``date_before``
    (precision-aware, as for agreements), ``q`` (titles in both languages, place and
    description)."""

    kind = filters.MultipleChoiceFilter(choices=EventKind.choices, distinct=False)
    party = SlugsFilter(
        queryset=Party.objects.all(), method=any_related(Event.parties.through, "party", key=EVENT)
    )
    # Per request: a draft is not among the browsable form's choices, and its slug is as
    # invalid (400) as an unknown one for callers who may not see it.
    agreement = SlugsFilter(
        queryset=visible_agreements,
        method=any_related(Event.agreements.through, "agreement", key=EVENT),
    )
    date_after = PartialDateFilter(field_name="date", lookup_expr="gte")
    date_before = PartialDateFilter(field_name="date", lookup_expr="lte")
    q = filters.CharFilter(
        method=contains_text("title", "title_local", "place", "description"), label="Search"
    )

    class Meta:
        model = Event
        fields: list[str] = []


class VocabularyFilterSet(UpdatedSinceFilterSet):
    """``parent`` (slug: the direct narrower terms of it) and ``q`` (name in either language)."""

    q = filters.CharFilter(method=contains_text("name", "name_local"), label="Search")


class CooperationFieldFilterSet(VocabularyFilterSet):
    parent = SlugsFilter(field_name="parent", queryset=CooperationField.objects.all())

    class Meta:
        model = CooperationField
        fields: list[str] = []


class RegionFilterSet(VocabularyFilterSet):
    parent = SlugsFilter(field_name="parent", queryset=Region.objects.all())

    class Meta:
        model = Region
        fields: list[str] = []


class PartyWithAgreementsFilterSet(parties_filtersets.PartyFilterSet):
    """The parties API's filters: the parties app's own and ``has_agreements``."""

    has_agreements = BooleanFilter(method="filter_has_agreements")

    class Meta(parties_filtersets.PartyFilterSet.Meta):
        pass

    def filter_has_agreements(
        self, queryset: QuerySet[Party], name: str, value: bool
    ) -> QuerySet[Party]:
        """Parties to at least one agreement the caller can see (or to none)."""
        rows = AgreementParty.objects.filter(agreement__in=visible_agreements(self.request))
        with_agreements = Q(pk__in=rows.values("party_id"))
        return queryset.filter(with_agreements if value else ~with_agreements)


class PersonWithAgreementsFilterSet(parties_filtersets.PersonFilterSet):
    """The people API's filters: ``party`` also finds who signed on the party's behalf an
    agreement the caller can see."""

    class Meta(parties_filtersets.PersonFilterSet.Meta):
        pass

    def at_party(self, parties: list[Party]) -> Q:
        signers = Signature.objects.filter(
            on_behalf_of__in=parties, agreement__in=visible_agreements(self.request)
        ).values("person_id")
        return super().at_party(parties) | Q(pk__in=signers)
