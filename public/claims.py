"""An agreement's claims as the page shows them: numbered notes, one per quoted passage,
markers beside each fact pointing at its notes, and facts whose sources disagree."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from agreements.models import Agreement, Claim, ClaimPath
from agreements.models.claim import SINGLE_VALUED
from kernel.partial_date import PartialDate

from .templatetags.pages import partial_date

DATE_PATHS = {
    ClaimPath.SIGNED_ON,
    ClaimPath.EFFECTIVE_ON,
    ClaimPath.EXPIRES_ON,
    ClaimPath.TERMINATED_ON,
}
PATH_ORDER = {path: index for index, path in enumerate(ClaimPath.values)}


@dataclass
class Note:
    """One quoted passage of one source, and the facts it is cited for."""

    number: int
    claim: Claim
    facts: list[str] = field(default_factory=list)
    # Whether the source is among the agreement's cited sources, where the page lists it
    # (a source without a URL has no address: the note links to that entry instead).
    cited: bool = False


@dataclass
class Stated:
    """One value a source gives for a fact the sources disagree on."""

    value: str
    held: bool
    note: Note
    why: str


@dataclass
class Disagreement:
    label: str
    stated: list[Stated]


@dataclass
class CitedFacts:
    notes: list[Note]
    markers: dict[tuple[str, str], list[int]]
    disagreements: list[Disagreement]

    def numbers(self, path: str, value: str = "") -> list[int]:
        return self.markers.get((path, value), [])


def shown_value(claim: Claim) -> str:
    """A claim's value as the page writes it (dates at their precision)."""
    if claim.path in DATE_PATHS:
        try:
            return partial_date(PartialDate.parse(claim.value))
        except ValueError:
            return claim.value
    return claim.value


def cited_facts(agreement: Agreement) -> CitedFacts:
    """Uses ``agreement.claims.all()`` (prefetch it with its sources) and
    ``agreement.citations.all()`` (prefetched for the page's list of sources)."""
    cited = {citation.source_id for citation in agreement.citations.all()}
    claims: list[Claim] = sorted(
        agreement.claims.all(),
        key=lambda c: (PATH_ORDER.get(c.path, 99), c.source.published_on is None, c.pk),
    )
    notes: dict[tuple[int, str], Note] = {}
    markers: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_path: dict[str, list[tuple[Claim, Note]]] = defaultdict(list)
    for claim in claims:
        key = (claim.source_id, claim.quote)
        if key not in notes:
            notes[key] = Note(number=len(notes) + 1, claim=claim, cited=claim.source_id in cited)
        note = notes[key]
        label = str(claim.get_path_display())
        if label not in note.facts:
            note.facts.append(label)
        by_path[claim.path].append((claim, note))
        if claim.held:
            # A single-valued fact's marker sits beside the fact; a list's beside its item.
            marker = (claim.path, "" if claim.path in SINGLE_VALUED else claim.value)
            if note.number not in markers[marker]:
                markers[marker].append(note.number)
    disagreements = [
        Disagreement(
            label=str(stated[0][0].get_path_display()),
            stated=[
                Stated(value=shown_value(c), held=c.held, note=n, why=c.note) for c, n in stated
            ],
        )
        for path, stated in by_path.items()
        if path in SINGLE_VALUED and len({c.value for c, _n in stated}) > 1
    ]
    return CitedFacts(list(notes.values()), dict(markers), disagreements)
