"""Where facts come from: published sources, and uploaded documents."""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kernel.languages import LanguageField
from kernel.partial_date import DatePrecisionField, PartialDateField, partial_date_constraints
from parties.models import Party

from ..choices import DocumentKind
from ..uploads import ALLOWED_LABELS, validate_document_size, validate_document_type

# The fields a source's identity is made of (``source_identity``).
IDENTITY_FIELDS = frozenset({"url", "publisher", "title", "published_on"})
UNLINKED_DUPLICATE = _(
    "Another source without a URL has this publisher, title and publication date."
)


class Source(models.Model):
    """A published text that states facts: a press release, a news dispatch, a gazette."""

    url = models.URLField(
        _("URL"),
        max_length=1000,
        blank=True,
        help_text=_(
            "Where the source is published; unique when given (a pasted text may have none)."
        ),
    )
    title = models.CharField(_("title"), max_length=500)
    publisher = models.CharField(_("publisher"), max_length=300, blank=True)
    published_on = PartialDateField(_("published on"), null=True, blank=True)
    published_on_precision = DatePrecisionField()
    language = LanguageField(_("language"))
    excerpt = models.TextField(
        _("quoted excerpt"), blank=True, help_text=_("The passage that states the facts, verbatim.")
    )
    text = models.TextField(
        _("full text"),
        blank=True,
        help_text=_(
            "The source's text as retrieved or pasted; claims give their quotes' offsets in it."
        ),
    )
    identity_key = models.CharField(
        _("identity key"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_(
            "A digest of the publisher, title and publication date, compared as "
            "source_identity compares them; unique among sources without a URL."
        ),
    )
    parties = models.ManyToManyField(
        Party,
        verbose_name=_("about parties"),
        blank=True,
        related_name="sources",
        help_text=_("Parties whose facts (names, hierarchy) this source states."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[parties])

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["-published_on", "title"]
        constraints = [
            *partial_date_constraints("published_on"),
            models.CheckConstraint(condition=~Q(title=""), name="agreements_source_title_set"),
            models.CheckConstraint(
                condition=~Q(language=""), name="agreements_source_language_set"
            ),
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url=""),
                name="agreements_source_url_unique",
                violation_error_message=_("Another source has this URL."),
            ),
            # Two requests citing the same printed communiqué at once must not make two.
            models.UniqueConstraint(
                fields=["identity_key"],
                condition=Q(url=""),
                name="agreements_source_identity_unique",
                violation_error_message=UNLINKED_DUPLICATE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.publisher}: {self.title}" if self.publisher else self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.identity_key = identity_key_of(self)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and IDENTITY_FIELDS.intersection(update_fields):
            kwargs["update_fields"] = {*update_fields, "identity_key"}
        super().save(*args, **kwargs)

    def validate_constraints(self, exclude: Collection[str] | None = None) -> None:
        # The key follows the fields it digests; checked only when all of them are valid.
        excluded = set(exclude or ())
        if not excluded.intersection(IDENTITY_FIELDS):
            self.identity_key = identity_key_of(self)
            excluded.discard("identity_key")
        super().validate_constraints(exclude=excluded)

    def clean(self) -> None:
        super().clean()
        if self.pk is None:
            return
        # A claim quotes this text: the text may change, the quoted passages may not go.
        missing = [c for c in self.claims.exclude(start=None) if c.quote not in self.text]
        if missing:
            quoted = "; ".join(f"“{c.quote[:60]}”" for c in missing[:3])
            raise ValidationError(
                {"text": _("Claims quote passages this text no longer has: %s") % quoted}
            )


def source_identity(url: str, publisher: str, title: str, published_on: Any) -> tuple[str, ...]:
    """What makes two mentions of a source the same source, for nested writes: its URL;
    for one without a URL (a printed communiqué, a gazette page), its publisher, title
    and publication date together, compared without regard to case or spacing."""
    if url:
        return ("url", url)

    def folded(text: str) -> str:
        return " ".join(text.split()).casefold()

    return ("unlinked", folded(publisher), folded(title), str(published_on or ""))


def identity_of(source: Source) -> tuple[str, ...]:
    return source_identity(source.url, source.publisher, source.title, source.published_on)


def identity_key(publisher: str, title: str, published_on: Any) -> str:
    """The stored form of a URL-less source's identity (``Source.identity_key``)."""
    folded = source_identity("", publisher, title, published_on)
    return hashlib.sha256("\x1f".join(folded).encode()).hexdigest()


def identity_key_of(source: Source) -> str:
    """A source's key; blank for one with a URL (the URL identifies it)."""
    if source.url:
        return ""
    return identity_key(source.publisher, source.title, source.published_on)


def document_upload_to(instance: Document, filename: str) -> str:
    return f"documents/{instance.agreement.slug}/{filename}"


class Document(models.Model):
    """An uploaded file for an agreement: a signed scan, the full text, a translation."""

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=300, blank=True)
    language = LanguageField(_("language"))
    file = models.FileField(
        _("file"),
        upload_to=document_upload_to,
        max_length=500,
        # Size first: a file too large is refused before its content is read.
        validators=[validate_document_size, validate_document_type],
        help_text=_("%(types)s; downloaded as an attachment, never shown in the browser.")
        % {"types": ALLOWED_LABELS},
    )
    sha256 = models.CharField(
        _("SHA-256"), max_length=64, editable=False, help_text=_("Checksum of the file.")
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["kind", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "sha256"], name="agreements_document_once_per_agreement"
            ),
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"),
                name="agreements_document_sha256_format",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} ({self.language})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.file:
            self.sha256 = self.compute_sha256()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.file and self.agreement_id:
            checksum = self.compute_sha256()
            duplicate = Document.objects.filter(agreement_id=self.agreement_id, sha256=checksum)
            if duplicate.exclude(pk=self.pk).exists():
                raise ValidationError({"file": _("This file is already attached.")})

    def compute_sha256(self) -> str:
        digest = hashlib.sha256()
        self.file.open("rb")
        try:
            for chunk in self.file.chunks():
                digest.update(chunk)
        finally:
            self.file.seek(0)
        return digest.hexdigest()
