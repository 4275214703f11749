"""The agreements app's models, split by sub-domain and re-exported here."""

from __future__ import annotations

from .agreement import (
    Agreement,
    AgreementParty,
    AgreementQuerySet,
    AgreementRelation,
    AgreementSource,
    Signature,
)
from .claim import Claim, ClaimPath
from .commitment import Commitment, CommitmentProgress
from .event import Event, EventParticipant, EventQuerySet
from .network import CountedLink, Partnership
from .search import SearchWord
from .source import Document, Source
from .summary import AgreementCount, CountedAgreement
from .vocabulary import CooperationField, Region

__all__ = [
    "Agreement",
    "AgreementCount",
    "AgreementParty",
    "AgreementQuerySet",
    "AgreementRelation",
    "AgreementSource",
    "Claim",
    "ClaimPath",
    "Commitment",
    "CommitmentProgress",
    "CooperationField",
    "CountedAgreement",
    "CountedLink",
    "Document",
    "Event",
    "EventParticipant",
    "EventQuerySet",
    "Partnership",
    "Region",
    "SearchWord",
    "Signature",
    "Source",
]
