"""Filtering and facet counts for the agreement search page.

The page takes the API's parameters (q, kind, status, field, region, party,
include_subunits, party_country, signed_year, ordering...), read by the API's own
AgreementFilterSet, so a page's query string works on /api/agreements/ too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .choices import AgreementKind, AgreementStatus
from .filtersets import AgreementFilterSet
from .models import Agreement, AgreementParty

RELEVANCE = "relevance"
ORDERINGS = {
    RELEVANCE: _("Best match"),
    "-signed_on": _("Newest first"),
    "signed_on": _("Oldest first"),
    "title": _("Title A–Z"),
    "-updated_at": _("Recently changed"),
}
DEFAULT_ORDERING = "-signed_on"
# How many values the party facet lists; the others are reachable by search.
PARTY_FACET_SIZE = 15
# Parameters that are not filters, or that only modify another filter.
NOT_FILTERS = {"ordering", "page", "format"}


class AgreementSearch:
    """The query string's filters, validated once, applicable with some of them left out
    (each facet counts among the agreements matching every *other* filter)."""

    def __init__(self, visible: QuerySet[Agreement], params: QueryDict) -> None:
        data = params.copy()
        for name in NOT_FILTERS:
            data.pop(name, None)
        self.visible = visible
        self.filterset = AgreementFilterSet(data=data, queryset=visible)
        self.valid = self.filterset.is_valid()

    @property
    def errors(self) -> dict[str, list[str]]:
        return {} if self.valid else dict(self.filterset.errors)

    def results(self, without: Iterable[str] = ()) -> QuerySet[Agreement]:
        """Agreements matching every filter but those named; none if a value is invalid."""
        if not self.valid:
            return self.visible.none()
        skipped = set(without)
        queryset = self.visible
        for name, value in self.filterset.form.cleaned_data.items():
            if name not in skipped and name != "ordering":
                queryset = self.filterset.filters[name].filter(queryset, value)
        return queryset


def ordering_of(params: QueryDict) -> str:
    """The chosen order; searches default to best match first, other lists to newest."""
    value = params.get("ordering", "")
    if value == RELEVANCE and not params.get("q", "").strip():
        return DEFAULT_ORDERING
    if value in ORDERINGS:
        return value
    return RELEVANCE if params.get("q", "").strip() else DEFAULT_ORDERING


@dataclass(frozen=True)
class FacetValue:
    value: str
    name: str
    name_local: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    parameter: str
    title: str
    values: list[FacetValue]

    @property
    def selected(self) -> FacetValue | None:
        return next((v for v in self.values if v.selected), None)


def _choice_rows(base: QuerySet[Agreement], name: str, labels: dict[str, Any]) -> list[tuple]:
    rows = base.order_by().values_list(name).annotate(n=Count("pk")).order_by("-n", name)
    return [(value, str(labels.get(value, value)), "", n) for value, n in rows]


def _term_rows(base: QuerySet[Agreement], through: Any, term: str) -> list[tuple]:
    rows = (
        through.objects.filter(agreement_id__in=base.values("pk"))
        .values_list(f"{term}__slug", f"{term}__name", f"{term}__name_local")
        .annotate(n=Count("agreement_id", distinct=True))
        .order_by("-n", f"{term}__name")
    )
    return list(rows)


def _party_rows(base: QuerySet[Agreement]) -> list[tuple]:
    rows = (
        AgreementParty.objects.filter(agreement_id__in=base.values("pk"))
        .values_list("party__slug", "party__name", "party__name_local")
        .annotate(n=Count("agreement_id", distinct=True))
        .order_by("-n", "party__name")[:PARTY_FACET_SIZE]
    )
    return list(rows)


def _country_rows(base: QuerySet[Agreement]) -> list[tuple]:
    rows = (
        AgreementParty.objects.filter(agreement_id__in=base.values("pk"))
        .exclude(party__country="")
        .values_list("party__country")
        .annotate(n=Count("agreement_id", distinct=True))
        .order_by("-n", "party__country")
    )
    return [(code, str(countries.name(code)), "", n) for code, n in rows]


def _year_rows(base: QuerySet[Agreement]) -> list[tuple]:
    rows = (
        base.order_by()
        .exclude(signed_on__isnull=True)
        .annotate(year=ExtractYear("signed_on"))
        .values_list("year")
        .annotate(n=Count("pk"))
        .order_by("-year")
    )
    return [(str(year), str(year), "", n) for year, n in rows]


FACETS: list[tuple[str, Any, Callable[[QuerySet[Agreement]], list[tuple]]]] = [
    ("kind", _("Kind"), lambda base: _choice_rows(base, "kind", dict(AgreementKind.choices))),
    (
        "status",
        _("Status"),
        lambda base: _choice_rows(base, "status", dict(AgreementStatus.choices)),
    ),
    (
        "field",
        _("Field"),
        lambda base: _term_rows(base, Agreement.fields.through, "cooperationfield"),
    ),
    ("region", _("Region"), lambda base: _term_rows(base, Agreement.regions.through, "region")),
    ("party", _("Party"), _party_rows),
    ("party_country", _("Country"), _country_rows),
    ("signed_year", _("Year signed"), _year_rows),
]


def facets(search: AgreementSearch, params: QueryDict) -> list[Facet]:
    """Each facet's values with counts among the agreements matching every other filter,
    so choosing a value shows what the alternatives would give; one query per facet."""
    result = []
    for parameter, title, rows_of in FACETS:
        without = {parameter, "include_subunits"} if parameter == "party" else {parameter}
        base = Agreement.objects.filter(pk__in=search.results(without).values("pk"))
        current = set(params.getlist(parameter))
        values = [
            FacetValue(str(value), name, local or "", count, str(value) in current)
            for value, name, local, count in rows_of(base)
        ]
        result.append(Facet(parameter, str(title), values))
    return result
