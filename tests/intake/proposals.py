"""Small readers of propose()'s output, shared by the extractor's rule tests."""

from __future__ import annotations

from typing import Any

from intake.pressrelease import AgreementProposal, propose


def one(text: str, **kwargs: Any) -> AgreementProposal:
    """The single agreement ``text`` reports (fails when it reports none or several)."""
    (proposal,) = propose(text=text, **kwargs)
    return proposal


def names(proposal: AgreementProposal) -> list[str]:
    return [p.name for p in proposal.parties]


def roles(proposal: AgreementProposal) -> list[tuple[str, str]]:
    return [(s.name, s.role) for s in proposal.signatories]


def claim(proposal: AgreementProposal, path: str) -> str:
    """The quoted passage of the proposal's first claim on ``path``."""
    return next(c.quote for c in proposal.claims if c.path == path)
