"""Slugs: the stable addresses of records (``/api/agreements/<slug>/``)."""

from __future__ import annotations

from anyascii import anyascii
from django.core.validators import RegexValidator
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from pypinyin import lazy_pinyin

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_MAX_LENGTH = 120

validate_slug = RegexValidator(
    SLUG_PATTERN,
    _("Use lowercase letters, digits and single hyphens, e.g. 'cas-shenzhen-2017'."),
    code="invalid_slug",
)


def slug_constraint() -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(slug__regex=SLUG_PATTERN),
        name="%(app_label)s_%(class)s_slug_format",
    )


def slug_text(text: str) -> str:
    """``text`` as a slug's words, in any script: Chinese characters (Japanese kanji
    too: the registry keeps no Japanese readings) as pinyin syllables, every other
    script transliterated to ASCII by anyascii (Кириллица, かな, 한글, العربية, Ελληνικά),
    then lowercased and hyphenated. "" when nothing readable is left."""
    # lazy_pinyin passes what is not Han through unchanged, as items of its own.
    return slugify(anyascii(" ".join(lazy_pinyin(text))))


def unique_slug(model: type[models.Model], *texts: str, exclude_pk: object = None) -> str:
    """A free slug derived from the first text that yields one, suffixed -2, -3... if taken."""
    base = next((s for s in (slug_text(t)[: SLUG_MAX_LENGTH - 8] for t in texts if t) if s), "")
    base = base.strip("-") or model._meta.model_name or "record"
    taken = set(
        model._default_manager.filter(slug__startswith=base)  # type: ignore[attr-defined]
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


class SluggedModel(models.Model):
    """A record addressed by a unique slug, derived from ``slug_source()`` when left empty."""

    slug = models.SlugField(
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        blank=True,
        validators=[validate_slug],
        help_text=_("Permanent address; derived from the name when left empty."),
    )

    class Meta:
        abstract = True

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.slug:
            self.slug = unique_slug(type(self), *self.slug_source(), exclude_pk=self.pk)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> None:
        # Derived here too, so forms check the derived slug (format, uniqueness) before saving.
        super().clean()
        if not self.slug:
            self.slug = unique_slug(type(self), *self.slug_source(), exclude_pk=self.pk)

    def slug_source(self) -> list[str]:
        raise NotImplementedError
