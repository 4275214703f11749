"""API tokens, stored as a SHA-256 hash: the key itself is shown once, when created."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PREFIX_LENGTH = 8


class TokenScope(models.TextChoices):
    READ = "read", _("read: published records and drafts")
    WRITE = "write", _("write: read, create, change and delete")


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A key another system or an analyst sends as ``Authorization: Token <key>``."""

    # CASCADE: a token acts for its user and means nothing once the user is gone.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    scope = models.CharField(_("scope"), max_length=8, choices=TokenScope.choices)
    description = models.CharField(
        _("description"), max_length=200, blank=True, help_text=_("Who or what uses it.")
    )
    prefix = models.CharField(
        _("prefix"), max_length=PREFIX_LENGTH, editable=False, help_text=_("Start of the key.")
    )
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope__in=TokenScope.values), name="access_token_scope_valid"
            ),
            models.CheckConstraint(
                condition=Q(key_hash__regex=r"^[0-9a-f]{64}$"), name="access_token_hash_format"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user}, {self.scope})"

    @classmethod
    def issue(cls, user: models.Model, scope: str, description: str = "") -> tuple[ApiToken, str]:
        """Create a token; returns it with the key, which is not stored and cannot be recovered."""
        key = secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            scope=scope,
            description=description,
            prefix=key[:PREFIX_LENGTH],
            key_hash=hash_key(key),
        )
        return token, key

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def reads_drafts(self) -> bool:
        """Every active token, read or write, sees drafts (kernel/visibility.py asks)."""
        return self.is_active and self.user.is_active

    @property
    def can_write(self) -> bool:
        return self.scope == TokenScope.WRITE

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])
