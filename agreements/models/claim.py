"""Claims: one fact of an agreement, the source that states it, and the passage saying so.

A claim names a field of the agreement by its API name (``path``: ``signed_on``,
``parties``...) and the value the source gives for it, in the registry's own form (a date
as ``YYYY[-MM[-DD]]``, a party or person by slug, a commitment by title). Sources may
disagree: both claims are kept, and ``held`` says whether the registry's record has the
claim's value (kept true by ``refresh_held`` whenever the agreement is written), ``note``
why one was preferred.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .agreement import Agreement
from .source import Source


class ClaimPath(models.TextChoices):
    """The facts a claim can be about, by the agreement's API field names."""

    TITLE = "title", _("title")
    TITLE_LOCAL = "title_local", _("title in the original language")
    KIND = "kind", _("kind")
    SIGNED_ON = "signed_on", _("signing date")
    SIGNED_PLACE = "signed_place", _("place of signing")
    EFFECTIVE_ON = "effective_on", _("date of effect")
    EXPIRES_ON = "expires_on", _("expiry date")
    TERMINATED_ON = "terminated_on", _("termination date")
    PARTIES = "parties", _("party")
    SIGNATORIES = "signatories", _("signatory or witness")
    COMMITMENTS = "commitments", _("commitment")
    FIELDS = "fields", _("cooperation field")
    REGIONS = "regions", _("region")
    RELATIONS = "relations", _("related agreement")


# Facts with one value; the others are lists, each value claimed on its own.
SINGLE_VALUED = {
    ClaimPath.TITLE,
    ClaimPath.TITLE_LOCAL,
    ClaimPath.KIND,
    ClaimPath.SIGNED_ON,
    ClaimPath.SIGNED_PLACE,
    ClaimPath.EFFECTIVE_ON,
    ClaimPath.EXPIRES_ON,
    ClaimPath.TERMINATED_ON,
}

QUOTE_NOT_FOUND = _("The quote is not in the source's stored text: paste it exactly.")


class Claim(models.Model):
    """ "Source S states that the agreement's <path> is <value>: '<quote>'"."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="claims")
    # PROTECT: a source that states a fact cannot be deleted from under the claim.
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="claims")
    path = models.CharField(_("fact"), max_length=20, choices=ClaimPath.choices)
    value = models.CharField(
        _("value stated"),
        max_length=500,
        help_text=_(
            "What the source says, in the registry's form: a date as YYYY[-MM[-DD]], a "
            "party or person by slug, a commitment by its title."
        ),
    )
    quote = models.TextField(
        _("quoted passage"), help_text=_("The source's words that state the fact, verbatim.")
    )
    start = models.PositiveIntegerField(
        _("start"),
        null=True,
        blank=True,
        help_text=_("Character offset of the quote in the source's stored text, if it has one."),
    )
    end = models.PositiveIntegerField(_("end"), null=True, blank=True)
    held = models.BooleanField(
        _("held"),
        default=True,
        editable=False,
        help_text=_("Whether the registry's record has this value (kept up to date)."),
    )
    # SET_NULL: set from ``value`` for a relation's claim, so that visibility can follow
    # the agreement named; a claim outlives the record it names.
    named_agreement = models.ForeignKey(
        Agreement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="naming_claims",
    )
    note = models.CharField(
        _("note"),
        max_length=500,
        blank=True,
        help_text=_("Why this value is (or is not) the one the registry holds."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(quote=""), name="agreements_claim_quote_set"),
            models.CheckConstraint(condition=~Q(value=""), name="agreements_claim_value_set"),
            models.CheckConstraint(
                condition=Q(path__in=ClaimPath.values), name="agreements_claim_path_valid"
            ),
            models.CheckConstraint(
                condition=(Q(start__isnull=True) & Q(end__isnull=True))
                | Q(start__isnull=False, end__isnull=False, start__lte=F("end")),
                name="agreements_claim_offsets_ordered",
                violation_error_message=_("Give both offsets, the start before the end."),
            ),
            models.UniqueConstraint(
                fields=["agreement", "source", "path", "value"],
                name="agreements_claim_once_per_source",
                violation_error_message=_("This source already has this claim."),
            ),
        ]
        indexes = [models.Index(fields=["agreement", "path"])]

    def __str__(self) -> str:
        return f"{self.get_path_display()}: {self.value}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.held = self.value in held_values(self.agreement, self.path)
        if self.path == ClaimPath.RELATIONS:
            self.named_agreement = Agreement.objects.filter(slug=self.value).first()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.source_id is None or not self.quote:
            return
        text = self.source.text
        if not text:
            # Offsets point into a stored text; a source without one has none to give.
            self.start = self.end = None
            return
        if not isinstance(self.start, int) or not isinstance(self.end, int):
            self.start = self.end = None  # field validation reports what was wrong
        if self.start is None or text[self.start : self.end] != self.quote:
            if self.quote not in text:
                raise ValidationError({"quote": QUOTE_NOT_FOUND})
            # Staff paste the passage; the offsets follow from the source's stored text.
            self.start = text.index(self.quote)
            self.end = self.start + len(self.quote)


def held_values(agreement: Agreement, path: str) -> set[str]:
    """The values the registry's record has for ``path``, in the claims' form."""
    if path in SINGLE_VALUED:
        value = getattr(agreement, path)
        return {str(value)} if value not in (None, "") else set()
    if path == ClaimPath.PARTIES:
        return set(agreement.agreement_parties.values_list("party__slug", flat=True))
    if path == ClaimPath.SIGNATORIES:
        return set(agreement.signatures.values_list("person__slug", flat=True))
    if path == ClaimPath.COMMITMENTS:
        return set(agreement.commitments.values_list("title", flat=True))
    if path == ClaimPath.FIELDS:
        return set(agreement.fields.values_list("slug", flat=True))
    if path == ClaimPath.REGIONS:
        return set(agreement.regions.values_list("slug", flat=True))
    return set(agreement.relations.values_list("other__slug", flat=True))


def refresh_held(agreement: Agreement) -> None:
    """Bring every claim's ``held`` in line with the agreement as it now stands; called
    by the write service (and the admin) after each write. One query per fact claimed."""
    claims = list(agreement.claims.all())
    values = {path: held_values(agreement, path) for path in {c.path for c in claims}}
    changed = []
    for claim in claims:
        held = claim.value in values[claim.path]
        if claim.held != held:
            claim.held = held
            changed.append(claim)
    if changed:
        Claim.objects.bulk_update(changed, ["held"])


def realign_claims(source: Source) -> None:
    """After the source's text changed: each claim's offsets found again from its quote."""
    for claim in source.claims.exclude(start=None):
        if source.text[claim.start : claim.end] != claim.quote and claim.quote in source.text:
            claim.start = source.text.index(claim.quote)
            claim.end = claim.start + len(claim.quote)
            claim.save(update_fields=["start", "end"])
