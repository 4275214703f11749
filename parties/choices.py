from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PartyKind(models.TextChoices):
    ACADEMY = "academy", _("academy")
    RESEARCH_INSTITUTE = "research_institute", _("research institute")
    UNIVERSITY = "university", _("university")
    GOVERNMENT = "government", _("government")
    GOVERNMENT_AGENCY = "government_agency", _("government agency")
    ENTERPRISE = "enterprise", _("enterprise")
    NGO = "ngo", _("non-governmental organization")
    INTERNATIONAL_ORGANIZATION = "international_organization", _("international organization")
    OTHER = "other", _("other")


class IdentifierScheme(models.TextChoices):
    WIKIDATA = "wikidata", "Wikidata"
    ROR = "ror", "ROR"
    ISNI = "isni", "ISNI"
    GRID = "grid", "GRID"
    USCC = "uscc", _("Unified Social Credit Code (China)")
    OTHER = "other", _("other")
