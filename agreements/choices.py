from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgreementKind(models.TextChoices):
    FRAMEWORK_AGREEMENT = "framework_agreement", _("framework agreement")
    STRATEGIC_COOPERATION_AGREEMENT = (
        "strategic_cooperation_agreement",
        _("strategic cooperation agreement"),
    )
    COOPERATION_AGREEMENT = "cooperation_agreement", _("cooperation agreement")
    MEMORANDUM_OF_UNDERSTANDING = "memorandum_of_understanding", _("memorandum of understanding")
    LETTER_OF_INTENT = "letter_of_intent", _("letter of intent")
    CONTRACT = "contract", _("contract")
    PROTOCOL = "protocol", _("protocol")
    AMENDMENT = "amendment", _("amendment")
    OTHER = "other", _("other")


class AgreementStatus(models.TextChoices):
    NEGOTIATING = "negotiating", _("negotiating")
    SIGNED = "signed", _("signed")
    IN_FORCE = "in_force", _("in force")
    EXPIRED = "expired", _("expired")
    TERMINATED = "terminated", _("terminated")
    SUPERSEDED = "superseded", _("superseded")


class PartyRole(models.TextChoices):
    PARTY = "party", _("party")
    LEAD = "lead", _("lead party")
    GUARANTOR = "guarantor", _("guarantor")
    OBSERVER = "observer", _("observer")


class SignatureRole(models.TextChoices):
    SIGNATORY = "signatory", _("signatory")
    WITNESS = "witness", _("witness")


class RelationKind(models.TextChoices):
    """How one agreement relates to another: "A renews B"."""

    AMENDS = "amends", _("amends")
    RENEWS = "renews", _("renews")
    EXTENDS = "extends", _("extends")
    SUPERSEDES = "supersedes", _("supersedes")
    IMPLEMENTS = "implements", _("implements")
    RELATED = "related", _("related to")


# The same relation read from the other side: "B is renewed by A".
INVERSE_RELATION = {
    RelationKind.AMENDS: ("amended_by", _("amended by")),
    RelationKind.RENEWS: ("renewed_by", _("renewed by")),
    RelationKind.EXTENDS: ("extended_by", _("extended by")),
    RelationKind.SUPERSEDES: ("superseded_by", _("superseded by")),
    RelationKind.IMPLEMENTS: ("implemented_by", _("implemented by")),
    RelationKind.RELATED: ("related", _("related to")),
}


class CommitmentStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


class EventKind(models.TextChoices):
    SYMPOSIUM = "symposium", _("symposium")
    SIGNING_CEREMONY = "signing_ceremony", _("signing ceremony")
    MEETING = "meeting", _("meeting")
    VISIT = "visit", _("visit")
    REVIEW = "review", _("review")
    ANNOUNCEMENT = "announcement", _("announcement")


class ParticipantRole(models.TextChoices):
    HOST = "host", _("host")
    GUEST = "guest", _("guest")
    SPEAKER = "speaker", _("speaker")
    PARTICIPANT = "participant", _("participant")


class DocumentKind(models.TextChoices):
    SIGNED_SCAN = "signed_scan", _("signed scan")
    FULL_TEXT = "full_text", _("full text")
    TRANSLATION = "translation", _("translation")
    ANNEX = "annex", _("annex")
    OTHER = "other", _("other")
