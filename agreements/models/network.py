"""The co-signature network, counted ahead: per pair of parties, the agreements both are
party to (agreements/partnerships.py keeps it current inside every write's transaction;
agreements/network.py reads it for the whole network and for one party's partners).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from parties.models import Party


class Partnership(models.Model):
    """Two parties (``party_a`` the one with the lower id) and the agreements both are party
    to. A party paired with itself counts the agreements it is party to: the network's
    nodes come from the same rows as its edges."""

    # CASCADE: derived data; a party that is party to anything cannot be deleted anyway
    # (AgreementParty.party is PROTECT), and its rows here are then all zero and gone.
    # Indexed by the unique constraint (party_a first) and partnership_party_b.
    party_a = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+", db_index=False)
    party_b = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+", db_index=False)
    agreements = models.PositiveIntegerField(
        _("agreements"), default=0, help_text=_("Published agreements both are party to.")
    )
    with_drafts = models.PositiveIntegerField(
        _("agreements with drafts"),
        default=0,
        help_text=_("Agreements both are party to, drafts included."),
    )

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [
            models.UniqueConstraint(fields=["party_a", "party_b"], name="partnership_once"),
            models.CheckConstraint(
                condition=Q(party_a__lte=F("party_b")), name="partnership_lower_party_first"
            ),
            models.CheckConstraint(
                condition=Q(agreements__lte=F("with_drafts")),
                name="partnership_published_within_all",
            ),
        ]
        indexes = [
            # A party's partners where it is the second of the pair.
            models.Index(fields=["party_b", "party_a"], name="partnership_party_b"),
            # Each party with itself: the nodes of the whole network.
            models.Index(
                fields=["party_a"], condition=Q(party_a=F("party_b")), name="partnership_party"
            ),
            # The heaviest edges first, for the unfiltered network's top edges.
            models.Index(
                F("agreements").desc(),
                condition=Q(party_a__lt=F("party_b")),
                name="partnership_heaviest",
            ),
            models.Index(
                F("with_drafts").desc(),
                condition=Q(party_a__lt=F("party_b")),
                name="partnership_heaviest_drafts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party_a_id}–{self.party_b_id}: {self.agreements}"


class CountedLink(models.Model):
    """A party link of an agreement as Partnership counts it now: what a refresh takes
    away before adding the agreement's links as they are after a write. Plain ids, no
    foreign keys: the rows must outlive the agreement's own deletion until it is counted
    out."""

    agreement_id = models.BigIntegerField(_("agreement"))
    party_id = models.BigIntegerField(_("party"))
    published = models.BooleanField(_("published"))

    class Meta:
        verbose_name = _("counted party link")
        verbose_name_plural = _("counted party links")
        constraints = [
            models.UniqueConstraint(fields=["agreement_id", "party_id"], name="counted_link_once")
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id}: {self.party_id}"
