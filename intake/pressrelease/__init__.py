"""Proposals from press releases: draft agreements whose every fact cites its passage."""

from __future__ import annotations

from .extract import propose
from .proposal import AgreementProposal, Claim, ProposedParty, ProposedRelation, ProposedSignatory

__all__ = [
    "AgreementProposal",
    "Claim",
    "ProposedParty",
    "ProposedRelation",
    "ProposedSignatory",
    "propose",
]
