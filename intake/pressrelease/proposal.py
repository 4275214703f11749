"""What the extractor proposes: draft agreements whose every fact cites its passage."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Claim:
    """The passage stating a fact: ``text[start:end] == quote`` in the submitted text."""

    path: str
    quote: str
    start: int
    end: int

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "quote": self.quote, "start": self.start, "end": self.end}


@dataclass
class ProposedParty:
    """A party as written; ``party`` is the slug of the registry's party when one matched."""

    name: str
    party: str | None = None
    parent: str | None = None
    parent_name: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "party": self.party,
            "name": self.name,
            "parent": self.parent,
            "parent_name": self.parent_name,
        }


@dataclass
class ProposedSignatory:
    """Someone who signed (``signatory``) or witnessed (``witness``) the signing."""

    name: str
    role: str
    person: str | None = None
    title: str | None = None
    on_behalf_of: str | None = None
    on_behalf_of_name: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "person": self.person,
            "name": self.name,
            "role": self.role,
            "on_behalf_of": self.on_behalf_of,
            "on_behalf_of_name": self.on_behalf_of_name,
            "title": self.title,
        }


@dataclass
class ProposedRelation:
    """The text says this agreement renews or extends an earlier one (not identified)."""

    kind: str
    note: str

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "note": self.note}


@dataclass
class AgreementProposal:
    """One signed agreement the text reports, for staff to review."""

    title: str | None = None
    title_local: str | None = None
    kind: str | None = None
    signed_on: str | None = None
    signed_place: str | None = None
    parties: list[ProposedParty] = field(default_factory=list)
    signatories: list[ProposedSignatory] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    commitments: list[str] = field(default_factory=list)
    relations: list[ProposedRelation] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "title_local": self.title_local,
            "kind": self.kind,
            "signed_on": self.signed_on,
            "signed_place": self.signed_place,
            "parties": [party.as_dict() for party in self.parties],
            "signatories": [signatory.as_dict() for signatory in self.signatories],
            "fields": list(self.fields),
            "regions": list(self.regions),
            "commitments": [{"title": title} for title in self.commitments],
            "relations": [relation.as_dict() for relation in self.relations],
            "claims": [claim.as_dict() for claim in self.claims],
        }
