"""Reading for watches and subscriptions: what a saved search means, which agreements an
interest covers for whom, and the watches and subscriptions due for a run.

Every agreement list starts from ``Agreement.objects.visible_to(viewer)`` (the one rule,
kernel/visibility.py): a watch reads as its staff member, a subscription as the public. A
party, field or search is evaluated by the agreement search's own AgreementFilterSet."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _

from agreements.filtersets import AgreementFilterSet
from agreements.models import Agreement
from kernel.visibility import PUBLIC, Viewer

from .choices import Kind, State
from .models import Interest, Subscription, Watch

# Query-string parameters that do not choose agreements (the search page's order, page,
# format), left out of a saved search.
NOT_FILTERS = {"ordering", "page", "format"}


def normalized_query(raw: str) -> str:
    """A search's query string in one spelling: no leading '?', no page or order, no empty
    values, parameters and repeated values sorted; '' for every agreement."""
    params = QueryDict(raw.strip().lstrip("?"))
    pairs = sorted(
        (name, value.strip())
        for name, values in params.lists()
        if name not in NOT_FILTERS
        for value in values
        if value.strip()
    )
    normalized = QueryDict(mutable=True)
    for name, value in pairs:
        normalized.appendlist(name, value)
    return normalized.urlencode()


def search_errors(query: str) -> dict[str, list[str]]:
    """The filterset's complaints about a saved search's parameters (unknown slug, bad
    date...), by parameter; unknown parameters too, since they would silently match all."""
    params = QueryDict(query)
    filterset = AgreementFilterSet(data=params, queryset=Agreement.objects.none())
    errors = {} if filterset.is_valid() else {k: list(v) for k, v in filterset.errors.items()}
    for name in params:
        if name not in filterset.filters:
            errors.setdefault(name, []).append(_("Unknown search parameter."))
    return errors


def viewer_of(interest: Interest) -> Viewer:
    """Whose eyes an interest reads with: a watch its staff member's, a subscription the
    public's."""
    if isinstance(interest, Watch):
        return interest.user
    return PUBLIC


def filter_data(interest: Interest) -> QueryDict | None:
    """The AgreementFilterSet parameters an interest stands for (None: one agreement)."""
    if interest.kind == Kind.AGREEMENT:
        return None
    if interest.kind == Kind.SEARCH:
        return QueryDict(interest.query)
    data = QueryDict(mutable=True)
    if interest.kind == Kind.PARTY:
        data["party"] = interest.party.slug  # type: ignore[union-attr]
        if interest.include_subunits:
            data["include_subunits"] = "true"
    else:
        data["field"] = interest.field.slug  # type: ignore[union-attr]
    return data


def covered_agreements(interest: Interest, viewer: Viewer | None = None) -> QuerySet[Agreement]:
    """The agreements ``interest`` covers that its follower may see; none if its saved
    search no longer validates (a slug since removed). At most one query per filter slug
    to validate, and the list itself is one query when evaluated."""
    visible = Agreement.objects.visible_to(viewer_of(interest) if viewer is None else viewer)
    data = filter_data(interest)
    if data is None:
        return visible.filter(pk=interest.agreement_id or 0)
    filterset = AgreementFilterSet(data=data, queryset=visible)
    if not filterset.is_valid():
        return visible.none()
    queryset = visible
    # Every filter but the order (the search ranks by relevance; a list here has its own order).
    for name, value in filterset.form.cleaned_data.items():
        if name != "ordering":
            queryset = filterset.filters[name].filter(queryset, value)
    return queryset.order_by()


def active_watches() -> QuerySet[Watch]:
    """Watches of active staff members (an account that left is told nothing)."""
    return Watch.objects.filter(user__is_active=True, user__is_staff=True).select_related(
        "user", "party", "field", "agreement"
    )


def confirmed_subscriptions() -> QuerySet[Subscription]:
    return Subscription.objects.filter(state=State.CONFIRMED).select_related("party", "field")


def changed_since(since: Any, until: Any) -> Q:
    """Agreements created or changed in the period (since, until]."""
    return Q(created_at__gt=since, created_at__lte=until) | Q(
        updated_at__gt=since, updated_at__lte=until
    )


def may_watch(user: Any, agreement: Agreement) -> bool:
    """A staff member may watch an agreement they may see (drafts need the permission)."""
    viewer = user if user is not None else AnonymousUser()
    return Agreement.objects.visible_to(viewer).filter(pk=agreement.pk).exists()
