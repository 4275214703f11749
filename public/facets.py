"""Filtering and facet counts for the agreement search page.

The page takes the API's parameters (q, kind, status, field, region, party,
include_subunits, party_country, signed_year, signed_after, signed_before, ordering...),
read by the API's own AgreementFilterSet, so a page's query string works on
/api/agreements/ too: a repeated parameter means "any of" on both. Two parameters shape
only the page's party facet: ``party_q`` (parties whose name contains it) and
``party_more`` (list more of them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from agreements.filtersets import AgreementFilterSet
from agreements.groupings import GROUPINGS, Group, count_by
from agreements.models import Agreement
from agreements.summaries import public_scope
from kernel.params import flag
from kernel.visibility import Viewer

RELEVANCE = "relevance"
ORDERINGS = {
    RELEVANCE: _("Best match"),
    "-signed_on": _("Newest first"),
    "signed_on": _("Oldest first"),
    "title": _("Title A–Z"),
    "-updated_at": _("Recently changed"),
}
DEFAULT_ORDERING = "-signed_on"
# How many parties the party facet lists, and how many once the reader asks for more; the
# others are reachable by searching the facet (party_q).
PARTY_FACET_SIZE = 15
PARTY_FACET_MORE = 300
# Parameters that shape the page but not its results.
PAGE_ONLY = {"party_q", "party_more"}
# Parameters that are not filters, or that only modify another filter.
NOT_FILTERS = {"ordering", "page", "format", *PAGE_ONLY}
# The signing-date range: its parameters are the API's (agreements/filtersets.py).
SIGNED_FROM, SIGNED_UNTIL = "signed_after", "signed_before"


@dataclass(frozen=True)
class FacetSpec:
    """A facet: its parameter, title, one-line explanation and the grouping
    (agreements/groupings.py) it counts."""

    parameter: str
    title: Promise
    description: Promise
    grouping: str


FACETS: list[FacetSpec] = [
    FacetSpec(
        "kind",
        _("Kind"),
        _("The form of the agreement: a cooperation agreement, a memorandum…"),
        "kind",
    ),
    FacetSpec(
        "status",
        _("Status"),
        _("Where the agreement stands today: in force, expired, terminated…"),
        "status",
    ),
    FacetSpec(
        "field",
        _("Field"),
        _("What the parties cooperate on; a field includes its narrower fields."),
        "field",
    ),
    FacetSpec(
        "region",
        _("Region"),
        _("Where the cooperation takes place; a region includes the places within it."),
        "region",
    ),
    FacetSpec(
        "party",
        _("Party"),
        _("Institutions that signed; the parties with the most agreements come first."),
        "party",
    ),
    FacetSpec(
        "party_country",
        _("Country"),
        _("The country of any of the parties; international bodies have none."),
        "country",
    ),
    FacetSpec(
        "signed_year",
        _("Year signed"),
        _("The year the agreement was signed; undated agreements are not counted."),
        "year",
    ),
]
# What an error message calls each parameter (the facets by their titles).
PARAMETER_LABELS: dict[str, Promise] = {
    "q": _("Search"),
    "include_subunits": _("Include the party's sub-units"),
    SIGNED_FROM: _("Signed from"),
    SIGNED_UNTIL: _("Signed until"),
    **{spec.parameter: spec.title for spec in FACETS},
}


@dataclass(frozen=True)
class FilterError:
    """An invalid parameter: its name, what the page calls it and what is wrong."""

    parameter: str
    label: str
    messages: list[str]


class AgreementSearch:
    """The query string's filters, validated once, applicable with some of them left out
    (each facet counts among the agreements matching every *other* filter)."""

    def __init__(self, viewer: Viewer, params: QueryDict) -> None:
        data = params.copy()
        for name in NOT_FILTERS:
            data.pop(name, None)
        self.params = params
        self.viewer = viewer
        self.visible = visible = Agreement.objects.visible_to(viewer)
        self.filterset = AgreementFilterSet(data=data, queryset=visible)
        self.valid = self.filterset.is_valid()
        self._errors: dict[str, list[str]] = {} if self.valid else dict(self.filterset.errors)
        if self.valid and self._range_is_reversed():
            self.valid = False
            message = _("The end of the signing-date range is before its start.")
            self._errors[SIGNED_UNTIL] = [str(message)]

    def _range_is_reversed(self) -> bool:
        start = self.cleaned(SIGNED_FROM)
        end = self.cleaned(SIGNED_UNTIL)
        return start is not None and end is not None and end.end < start.start

    def cleaned(self, name: str) -> Any:
        """A parameter's validated value (None when absent or when the search is invalid)."""
        return self.filterset.form.cleaned_data.get(name) if self.valid else None

    @property
    def errors(self) -> list[FilterError]:
        return [
            FilterError(name, str(PARAMETER_LABELS.get(name, name)), [str(m) for m in messages])
            for name, messages in self._errors.items()
        ]

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

    def scope(self, without: Iterable[str] = ()) -> str | None:
        """The summaries' scope (agreements/summaries.py) of ``results(without)``, or None
        when they must be counted: several filters, a search, a viewer who sees drafts."""
        if not self.valid:
            return None
        skipped = set(without)
        filters = {k: v for k, v in self.filterset.form.cleaned_data.items() if k not in skipped}
        return public_scope(self.viewer, filters)

    def chosen(self, parameter: str, label_of: Callable[[Any], str]) -> dict[str, tuple[str, str]]:
        """The values chosen for a facet, {key: (name, local name)} in the order given;
        as written when the search is invalid, so each can still be removed."""
        if self.valid:
            values = self.filterset.form.cleaned_data.get(parameter) or []
        else:
            values = [v for v in self.params.getlist(parameter) if v.strip()]
        chosen: dict[str, tuple[str, str]] = {}
        for value in values:
            if hasattr(value, "slug"):  # a party, field or region found by its slug
                chosen[value.slug] = (value.name, value.name_local or "")
            else:
                chosen[str(value)] = (str(label_of(value) or value), "")
        return chosen


def ordering_of(params: QueryDict) -> str:
    """The chosen order; searches default to best match first, other lists to newest."""
    value = params.get("ordering", "")
    if value == RELEVANCE and not params.get("q", "").strip():
        return DEFAULT_ORDERING
    if value in ORDERINGS:
        return value
    return RELEVANCE if params.get("q", "").strip() else DEFAULT_ORDERING


def filter_params(params: QueryDict) -> QueryDict:
    """The filters and ordering of a query string, as the API and a watch take them:
    without the page, the parameters that shape only the page, and empty values."""
    kept = QueryDict(mutable=True)
    for name, values in params.lists():
        if name == "page" or name in PAGE_ONLY:
            continue
        non_empty = [v for v in values if v.strip()]
        if non_empty:
            kept.setlist(name, non_empty)
    return kept


def is_filtered(params: QueryDict) -> bool:
    """Whether any filter has a value (an empty search box is no filter)."""
    return any(
        name not in NOT_FILTERS and any(v.strip() for v in values)
        for name, values in params.lists()
    )


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
    description: str
    values: list[FacetValue]
    # More values exist than are listed (the party facet only).
    more: bool = False

    @property
    def selected(self) -> list[FacetValue]:
        return [v for v in self.values if v.selected]


def facet_groups(
    grouping: str,
    base: QuerySet[Agreement],
    *,
    limit: int | None,
    label_contains: str,
    scope: str | None = None,
) -> list[Group]:
    """A facet's values: the largest first, years newest first and without the undated."""
    if grouping == "year":
        dated = [g for g in count_by("year", base, scope=scope) if g.key is not None]
        return sorted(dated, key=lambda g: int(g.key or 0), reverse=True)
    return count_by(grouping, base, limit=limit, label_contains=label_contains, scope=scope)


def facets(
    search: AgreementSearch, *, party_query: str = "", party_more: bool = False
) -> list[Facet]:
    """Each facet's values with counts among the agreements matching every other filter,
    so choosing a value shows what the alternatives would give; one query per facet.

    Chosen values are always listed, first, so each can be unchosen: with a count of 0
    when the other filters leave none, and (parties beyond those listed) counted by one
    more query."""
    result = []
    for spec in FACETS:
        without = {spec.parameter}
        if spec.parameter == "party":
            without.add("include_subunits")
        base = search.results(without)
        scope = search.scope(without)
        label_of = GROUPINGS[spec.grouping][1]
        chosen = search.chosen(spec.parameter, label_of)
        limit: int | None = None
        if spec.grouping == "party":
            limit = PARTY_FACET_MORE if party_more else PARTY_FACET_SIZE
        # One more than listed tells whether there are more.
        groups = facet_groups(
            spec.grouping,
            base,
            limit=None if limit is None else limit + 1,
            label_contains=party_query if spec.grouping == "party" else "",
            scope=scope,
        )
        more = limit is not None and len(groups) > limit
        groups = groups[:limit]
        listed = {g.key for g in groups}
        missing = [key for key in chosen if key not in listed]
        counted: dict[str | None, int] = {}
        if missing and limit is not None and search.valid:
            counted = {
                g.key: g.count for g in count_by(spec.grouping, base, keys=missing, scope=scope)
            }
        values = [
            FacetValue(key, *chosen[key], count=counted.get(key, 0), selected=True)
            for key in missing
        ] + [
            FacetValue(str(g.key), g.label, g.label_local, g.count, str(g.key) in chosen)
            for g in groups
        ]
        result.append(Facet(spec.parameter, str(spec.title), str(spec.description), values, more))
    return result


def filter_panel(search: AgreementSearch, params: QueryDict) -> dict[str, Any]:
    """What the search page's filter panel shows: the facets, the signing-date range (as
    typed, so a mistake can be corrected), the errors, and how many filters are chosen."""
    party_query = params.get("party_q", "").strip()
    party_more = flag(params, "party_more")
    facet_list = facets(search, party_query=party_query, party_more=party_more)
    signed_from, signed_until = search.cleaned(SIGNED_FROM), search.cleaned(SIGNED_UNTIL)
    errors = search.errors
    return {
        "facets": facet_list,
        "party_query": party_query,
        "party_more": party_more,
        "signed_from": signed_from,
        "signed_until": signed_until,
        "date_inputs": [
            (name, PARAMETER_LABELS[name], params.get(name, ""))
            for name in (SIGNED_FROM, SIGNED_UNTIL)
        ],
        "date_parameters": {SIGNED_FROM, SIGNED_UNTIL},
        "errors": errors,
        "error_parameters": {error.parameter for error in errors},
        "active_filters": sum(len(facet.selected) for facet in facet_list)
        + (signed_from is not None)
        + (signed_until is not None),
    }
