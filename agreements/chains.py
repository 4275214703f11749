"""Renewal chains: the agreements an agreement renews, extends, supersedes or amends, and
those that do so to it, at any distance, as the viewer may see them; and which is current.

A selector: it walks only through agreements ``viewer`` may see (kernel/visibility.py),
so a draft renewal neither shows nor links two published agreements for the public."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kernel.partial_date import PartialDate
from kernel.visibility import Viewer

from .choices import INVERSE_RELATION, AgreementStatus, RelationKind
from .lifecycle import took_effect
from .models import Agreement, AgreementRelation

CHAIN_KINDS = (
    RelationKind.RENEWS,
    RelationKind.EXTENDS,
    RelationKind.SUPERSEDES,
    RelationKind.AMENDS,
)
# Further than any real chain; a bound on the walk's queries whatever the data.
MAX_STEPS = 25
THIS, EARLIER, LATER = "this", "earlier", "later"
# How each member relates to the agreement whose chain it is: a relation's kind ("this
# agreement renews it"), its inverse ("renewed_by"), or, further away, earlier/later.
CHAIN_RELATIONS: dict[str, Any] = {
    THIS: _("this agreement"),
    **{str(kind): kind.label for kind in CHAIN_KINDS},
    **{name: label for kind, (name, label) in INVERSE_RELATION.items() if kind in CHAIN_KINDS},
    EARLIER: _("earlier in the chain"),
    LATER: _("later in the chain"),
}


@dataclass(frozen=True)
class Link:
    agreement: Agreement
    relation: str
    current: bool

    @property
    def relation_label(self) -> str:
        return str(CHAIN_RELATIONS[self.relation])


def _start(agreement: Agreement) -> tuple[int, dt.date, int]:
    effect: PartialDate | None = took_effect(agreement)
    return (0, effect.start, agreement.pk) if effect else (1, dt.date.min, agreement.pk)


def chain_of(agreement: Agreement, viewer: Viewer) -> list[Link]:
    """The chain ``agreement`` belongs to, oldest first and itself included, or [] when it
    has none. Current is the latest member in force that is not an amendment of another.
    One query per step along the chain, plus one for the members."""
    visible = Agreement.objects.visible_to(viewer)
    relation: dict[int, str] = {agreement.pk: THIS}
    amendments: set[int] = set()
    earlier, later = {agreement.pk}, {agreement.pk}
    for _step in range(MAX_STEPS):
        if not (earlier or later):
            break
        rows = AgreementRelation.objects.filter(
            Q(agreement_id__in=earlier, other__in=visible)
            | Q(other_id__in=later, agreement__in=visible),
            kind__in=CHAIN_KINDS,
        ).values_list("agreement_id", "kind", "other_id")
        next_earlier: set[int] = set()
        next_later: set[int] = set()
        for source, kind, target in rows:
            if kind == RelationKind.AMENDS:
                amendments.add(source)
            if source in earlier and target not in relation:
                relation[target] = kind if source == agreement.pk else EARLIER
                next_earlier.add(target)
            if target in later and source not in relation:
                inverse = INVERSE_RELATION[RelationKind(kind)][0]
                relation[source] = inverse if target == agreement.pk else LATER
                next_later.add(source)
        earlier, later = next_earlier, next_later
    if len(relation) == 1:
        return []
    members = sorted(visible.filter(pk__in=relation), key=_start)
    in_force = [
        m for m in members if m.status == AgreementStatus.IN_FORCE and m.pk not in amendments
    ]
    current = in_force[-1].pk if in_force else None
    return [Link(m, relation[m.pk], m.pk == current) for m in members]
