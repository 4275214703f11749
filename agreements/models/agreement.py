"""Agreements, who is party to them, who signed them, and how they relate."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kernel.languages import LanguageField
from kernel.partial_date import (
    DatePrecisionField,
    PartialDateField,
    not_before,
    partial_date_constraints,
)
from kernel.slugs import SluggedModel, slug_constraint
from kernel.visibility import Viewer, visible
from parties.models import Party, Person, ancestor_ids

from ..choices import (
    INVERSE_RELATION,
    AgreementKind,
    AgreementStatus,
    PartyRole,
    RelationKind,
    SignatureRole,
)
from .source import Source
from .vocabulary import CooperationField, Region

# The signing-body rule, in one message: Python raises it translated, the PostgreSQL
# trigger (agreements/db_triggers.py, migration 0006) in English.
SIGNING_BODY_RULE = gettext_noop(
    "A signature must be on behalf of a party to the agreement or a body it belongs to."
)


def signing_body_message() -> str:
    return gettext(SIGNING_BODY_RULE)


def refused_signing_bodies(party_ids: set[int], body_ids: Sequence[int | None]) -> list[int]:
    """The positions in ``body_ids`` of bodies no signature may be on behalf of, for an
    agreement with the parties ``party_ids``: allowed are the parties and their ancestors."""
    allowed = ancestor_ids(party_ids)
    return [
        index for index, body in enumerate(body_ids) if body is not None and body not in allowed
    ]


# Publishing needs two parties; drafts may be incomplete. Checked in Python (the write
# service, the admin form and action) on every database, and on PostgreSQL by deferred
# constraint triggers at commit (agreements/db_triggers.py, migration 0017), so bulk loads
# may insert a published agreement before its parties. Not on SQLite: its triggers cannot
# be deferred, and an immediate one would refuse legitimate writes: Django deletes a
# published agreement's party rows before the agreement itself, and the admin saves a
# draft being published before the inline rows that give it its parties.
MIN_PUBLISHED_PARTIES = 2
PUBLISHING_RULE = gettext_noop("An agreement can be published only with at least two parties.")


def publishing_message() -> str:
    return gettext(PUBLISHING_RULE)


# A status kept by hand says why; the check constraint below holds it in the database.
FIXED_STATUS_RULE = _("A status set by hand needs a note saying why (and the source).")


def refuses_publishing(published: bool, party_ids: set[int]) -> bool:
    """An agreement with these parties may not have this ``published`` flag."""
    return published and len(party_ids) < MIN_PUBLISHED_PARTIES


class AgreementQuerySet(models.QuerySet["Agreement"]):
    def published(self) -> AgreementQuerySet:
        return self.filter(published=True)

    def visible_to(self, viewer: Viewer) -> AgreementQuerySet:
        """Drafts are for staff and API tokens only (kernel/visibility.py); ``viewer`` is
        the request (API views must pass it: it carries the token) or a user."""
        return visible(self, viewer)


class Agreement(SluggedModel):
    """A cooperation agreement between two or more institutions."""

    title = models.CharField(_("title"), max_length=500, help_text=_("Title in English."))
    title_local = models.CharField(
        _("title in the original language"),
        max_length=500,
        blank=True,
        help_text=_("e.g. 共同推进建设深圳国际科技产业创新中心合作协议书"),
    )
    language = LanguageField(
        _("original language"),
        blank=True,
        help_text=_("Language of the original title, e.g. 'zh'."),
    )
    kind = models.CharField(_("kind"), max_length=40, choices=AgreementKind.choices)
    # Follows the dates and the relations (agreements/lifecycle.py) unless status_fixed.
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AgreementStatus.choices,
        default=AgreementStatus.SIGNED,
        help_text=_(
            "Follows the dates and the agreements that renew or supersede it; without a "
            "signing or effective date, 'negotiating' or 'signed' as entered."
        ),
    )
    status_fixed = models.BooleanField(
        _("status set by hand"),
        default=False,
        help_text=_(
            "Keep the status as entered where the dates do not tell (a termination "
            "announced without a date); needs a note."
        ),
    )
    status_note = models.TextField(
        _("status note"),
        blank=True,
        help_text=_("Why the status is set by hand, and the source saying so."),
    )
    summary = models.TextField(_("summary"), blank=True)
    summary_local = models.TextField(
        _("summary in the original language"),
        blank=True,
        help_text=_("Shown on the Chinese pages when written in Chinese, e.g. 双方同意……"),
    )
    full_text = models.TextField(_("full text"), blank=True)
    signed_place = models.CharField(_("place of signing"), max_length=200, blank=True)
    signed_place_local = models.CharField(
        _("place of signing in the original language"),
        max_length=200,
        blank=True,
        help_text=_("e.g. 深圳"),
    )
    reference_number = models.CharField(
        _("reference number"),
        max_length=100,
        blank=True,
        help_text=_(
            "The registry's citation number for the agreement, e.g. 'CAS-SZ-2017-004'; "
            "unique when given."
        ),
    )
    signed_on = PartialDateField(
        _("signed on"), null=True, blank=True, help_text=_("YYYY, YYYY-MM or YYYY-MM-DD.")
    )
    signed_on_precision = DatePrecisionField()
    effective_on = PartialDateField(_("effective from"), null=True, blank=True)
    effective_on_precision = DatePrecisionField()
    expires_on = PartialDateField(_("expires on"), null=True, blank=True)
    expires_on_precision = DatePrecisionField()
    terminated_on = PartialDateField(_("terminated on"), null=True, blank=True)
    terminated_on_precision = DatePrecisionField()
    published = models.BooleanField(
        _("published"), default=False, help_text=_("Drafts are visible to staff only.")
    )
    parties = models.ManyToManyField(
        Party, through="AgreementParty", related_name="agreements", verbose_name=_("parties")
    )
    fields = models.ManyToManyField(
        CooperationField, blank=True, related_name="agreements", verbose_name=_("fields")
    )
    regions = models.ManyToManyField(
        Region, blank=True, related_name="agreements", verbose_name=_("regions")
    )
    sources = models.ManyToManyField(
        Source, through="AgreementSource", related_name="agreements", verbose_name=_("sources")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set by save() the first time the agreement is saved published, and kept if it becomes
    # a draft again: the Atom feeds list the newest publications from an index on it.
    first_published_at = models.DateTimeField(
        _("first published"), null=True, blank=True, editable=False
    )
    # Derived from the agreement, its parties and signatories by agreements/search.py;
    # one line per ranking weight (titles, party names, summary, people and place).
    search_document = models.TextField(_("search document"), blank=True, editable=False)
    # PostgreSQL only (always NULL on SQLite): the weighted tsvector of search_document.
    search_vector = SearchVectorField(null=True, editable=False)
    history = HistoricalRecords(
        m2m_fields=[fields, regions],
        excluded_fields=["search_document", "search_vector", "first_published_at"],
    )

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on", "title"]
        constraints = [
            slug_constraint(),
            *partial_date_constraints("signed_on", "effective_on", "expires_on", "terminated_on"),
            models.CheckConstraint(condition=~Q(title=""), name="agreements_agreement_title_set"),
            # Many agreements have no number yet; one that has one names it alone.
            models.UniqueConstraint(
                fields=["reference_number"],
                condition=~Q(reference_number=""),
                name="agreements_agreement_reference_number_unique",
                violation_error_message=_("Another agreement has this reference number."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=AgreementKind.values), name="agreements_agreement_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=AgreementStatus.values),
                name="agreements_agreement_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status_fixed=False) | ~Q(status_note=""),
                name="agreements_agreement_fixed_status_has_note",
                violation_error_message=FIXED_STATUS_RULE,
            ),
            models.CheckConstraint(
                condition=Q(published=False) | Q(first_published_at__isnull=False),
                name="agreements_agreement_published_has_date",
            ),
            models.CheckConstraint(
                condition=not_before("expires_on", "signed_on"),
                name="agreements_agreement_expires_after_signing",
                violation_error_message=_("An agreement cannot expire before it is signed."),
            ),
            models.CheckConstraint(
                condition=not_before("expires_on", "effective_on"),
                name="agreements_agreement_expires_after_effect",
                violation_error_message=_("An agreement cannot expire before it takes effect."),
            ),
            models.CheckConstraint(
                condition=not_before("terminated_on", "signed_on"),
                name="agreements_agreement_terminated_after_signing",
                violation_error_message=_("An agreement cannot end before it is signed."),
            ),
        ]
        indexes = [
            models.Index(fields=["published", "signed_on"]),
            models.Index(fields=["updated_at"]),
            # The default ordering, so a page of the list needs no sort of the whole table.
            models.Index(fields=["-signed_on", "title", "id"], name="agreements_default_order"),
            # The admin's search finds a reference number whatever its case.
            models.Index(Upper("reference_number"), name="agreements_reference_upper"),
            # The feeds: the newest publications first, read from the top.
            models.Index(
                F("first_published_at").desc(),
                F("id").desc(),
                condition=Q(published=True),
                name="agreements_newest_published",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.published and self.first_published_at is None:
            self.first_published_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "first_published_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("agreements:agreement-detail", kwargs={"slug": self.slug})

    def slug_source(self) -> list[str]:
        year = str(self.signed_on.start.year) if self.signed_on else ""
        return [f"{self.title[:80]} {year}".strip()]

    def clean(self) -> None:
        super().clean()
        if self.status_fixed and not self.status_note.strip():
            raise ValidationError({"status_note": FIXED_STATUS_RULE})

    def party_ids(self) -> set[int]:
        return set(self.agreement_parties.values_list("party_id", flat=True))

    def signing_body_ids(self) -> set[int]:
        """Bodies a signature may be made on behalf of: the parties and their ancestors."""
        return ancestor_ids(self.party_ids())


class AgreementParty(models.Model):
    """One party to an agreement, and its role in it."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="agreement_parties"
    )
    # PROTECT: a party that signed something cannot vanish from the record.
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="agreement_roles")
    role = models.CharField(
        _("role"), max_length=16, choices=PartyRole.choices, default=PartyRole.PARTY
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("party to the agreement")
        verbose_name_plural = _("parties to the agreement")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "party"],
                name="agreements_party_once_per_agreement",
                violation_error_message=_("This party is already a party to the agreement."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=PartyRole.values), name="agreements_party_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party} ({self.get_role_display()})"


class Signature(models.Model):
    """A person signing or witnessing an agreement on behalf of a body."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatures")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="signatures")
    on_behalf_of = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        related_name="signatures",
        verbose_name=_("on behalf of"),
        help_text=_("A party to the agreement, or a body it belongs to."),
    )
    role = models.CharField(
        _("role"), max_length=16, choices=SignatureRole.choices, default=SignatureRole.SIGNATORY
    )
    title = models.CharField(
        _("title held"),
        max_length=200,
        blank=True,
        help_text=_("The title the person held at the time, e.g. President."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "person", "role"], name="agreements_signature_unique"
            ),
            models.CheckConstraint(
                condition=Q(role__in=SignatureRole.values), name="agreements_signature_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} ({self.get_role_display()})"

    def save(self, *args: Any, signing_bodies: set[int] | None = None, **kwargs: Any) -> None:
        # Every save checks it (the PostgreSQL trigger checks it too). Forms and the API
        # check it earlier against the parties submitted with them (not yet saved). A
        # write saving several signatures passes ``signing_bodies`` (the agreement's
        # signing_body_ids()), read once for all of them.
        self.check_on_behalf_of(signing_bodies)
        super().save(*args, **kwargs)

    def check_on_behalf_of(self, signing_bodies: set[int] | None = None) -> None:
        """Raise unless the body is a party to the agreement or a parent, at any depth, of
        one (``signing_bodies``: those already read)."""
        if self.on_behalf_of_id is None or self.agreement_id is None:
            return
        if signing_bodies is None:
            signing_bodies = self.agreement.signing_body_ids()
        if self.on_behalf_of_id not in signing_bodies:
            raise ValidationError({"on_behalf_of": signing_body_message()})


class AgreementRelation(models.Model):
    """``agreement`` <kind> ``other``: "the 2022 agreement renews the 2017 one"."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField(_("relation"), max_length=16, choices=RelationKind.choices)
    # CASCADE from the agreement that states the relation; PROTECT on the one it names:
    # deleting an agreement that another renews (amends...) would silently drop that
    # fact from the other's record, so it must be a decision (agreements/services.py).
    other = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        related_name="inverse_relations",
        verbose_name=_("other agreement"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("related agreement")
        verbose_name_plural = _("related agreements")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "kind", "other"], name="agreements_relation_unique"
            ),
            models.CheckConstraint(
                condition=~Q(agreement=F("other")),
                name="agreements_relation_not_to_itself",
                violation_error_message=_("An agreement cannot relate to itself."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=RelationKind.values), name="agreements_relation_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} {self.get_kind_display()} {self.other}"

    @property
    def inverse_kind(self) -> str:
        return INVERSE_RELATION[RelationKind(self.kind)][0]

    @property
    def inverse_label(self) -> str:
        return str(INVERSE_RELATION[RelationKind(self.kind)][1])


class AgreementSource(models.Model):
    """A source cited for an agreement, with the facts it supports."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="citations")
    # PROTECT: a source that supports a fact cannot be deleted from under it.
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    supports = models.CharField(
        _("supports"),
        max_length=300,
        blank=True,
        help_text=_("Which facts this source states, e.g. 'signing date and place'."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cited source")
        verbose_name_plural = _("cited sources")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "source"], name="agreements_source_once_per_agreement"
            )
        ]

    def __str__(self) -> str:
        return str(self.source)
