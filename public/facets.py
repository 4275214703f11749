"""Filtering and facet counts for the agreement search page.

The page takes the API's parameters (q, kind, status, field, region, party,
include_subunits, party_country, signed_year, ordering...), read by the API's own
AgreementFilterSet, so a page's query string works on /api/agreements/ too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from agreements.filtersets import AgreementFilterSet
from agreements.groupings import Group, count_by
from agreements.models import Agreement

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


# Each facet: its parameter, its title and the grouping (agreements/groupings.py) it counts.
FACETS: list[tuple[str, Any, str]] = [
    ("kind", _("Kind"), "kind"),
    ("status", _("Status"), "status"),
    ("field", _("Field"), "field"),
    ("region", _("Region"), "region"),
    ("party", _("Party"), "party"),
    ("party_country", _("Country"), "country"),
    ("signed_year", _("Year signed"), "year"),
]


def facet_groups(grouping: str, base: QuerySet[Agreement]) -> list[Group]:
    """A facet's values: the largest first (parties: only the largest), years newest first
    and without the undated."""
    if grouping == "year":
        dated = [g for g in count_by("year", base) if g.key is not None]
        return sorted(dated, key=lambda g: int(g.key or 0), reverse=True)
    limit = PARTY_FACET_SIZE if grouping == "party" else None
    return count_by(grouping, base, limit=limit)


def facets(search: AgreementSearch, params: QueryDict) -> list[Facet]:
    """Each facet's values with counts among the agreements matching every other filter,
    so choosing a value shows what the alternatives would give; one query per facet."""
    result = []
    for parameter, title, grouping in FACETS:
        without = {parameter, "include_subunits"} if parameter == "party" else {parameter}
        current = set(params.getlist(parameter))
        values = [
            FacetValue(str(g.key), g.label, g.label_local, g.count, str(g.key) in current)
            for g in facet_groups(grouping, search.results(without))
        ]
        result.append(Facet(parameter, str(title), values))
    return result
