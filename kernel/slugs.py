"""Slugs: the stable addresses of records (``/api/agreements/<slug>/``)."""

from __future__ import annotations

import re

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


# Kana mark a text as Japanese; its kanji are the Han characters.
KANA = re.compile(r"[\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9d]")
HAN = re.compile(r"[\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
SMALL_Y = {"ゃ": "a", "ゅ": "u", "ょ": "o", "ャ": "a", "ュ": "u", "ョ": "o"}
SMALL_VOWEL = {"ぁ": "a", "ぃ": "i", "ぅ": "u", "ぇ": "e", "ぉ": "o"}
SMALL_VOWEL.update({"ァ": "a", "ィ": "i", "ゥ": "u", "ェ": "e", "ォ": "o"})
SOKUON = {"っ", "ッ"}


def slug_text(text: str, *, japanese: bool = False) -> str:
    """``text`` as a slug's words, in any script: Chinese characters as pinyin syllables,
    every other script transliterated to ASCII by anyascii (Кириллица, 한글, العربية,
    Ελληνικά), then lowercased and hyphenated. A Japanese text (one with kana, or
    ``japanese``) is never read as Mandarin: its kana are romanised and its kanji left
    out, the registry holding no Japanese readings. "" when nothing readable is left."""
    if japanese or KANA.search(text):
        return slugify(romaji(HAN.sub(" ", text)))
    # lazy_pinyin passes what is not Han through unchanged, as items of its own.
    return slugify(anyascii(" ".join(lazy_pinyin(text))))


def romaji(text: str) -> str:
    """Kana in Hepburn-like romaji (きょうと → kyouto, がっこう → gakkou, ジェ → je); the
    rest by anyascii, which reads kana one by one (きょ → kiyo)."""
    out: list[str] = []
    for index, char in enumerate(text):
        following = text[index + 1] if index + 1 < len(text) else ""
        if char in SMALL_Y and out and out[-1].endswith("i") and len(out[-1]) > 1:
            syllable = out.pop()[:-1]  # き+ょ: ki → ky; し+ょ: shi → sh
            glide = "" if syllable.endswith(("sh", "ch", "j")) else "y"
            out.append(syllable + glide + SMALL_Y[char])
        elif char in SMALL_VOWEL and out and len(out[-1]) > 1:
            out.append(out.pop()[:-1] + SMALL_VOWEL[char])  # ジ+ェ: ji → je; フ+ァ: fu → fa
        elif char in SOKUON and following and KANA.match(following):
            out.append(anyascii(following)[:1])  # っ doubles the next consonant
        else:
            out.append(anyascii(char))
    return "".join(out)


def unique_slug(
    model: type[models.Model], *texts: str, exclude_pk: object = None, japanese: bool = False
) -> str:
    """A free slug derived from the first text that yields one, suffixed -2, -3... if taken;
    ``japanese`` texts are read as ``slug_text`` reads them."""
    slugs = (slug_text(t, japanese=japanese)[: SLUG_MAX_LENGTH - 8] for t in texts if t)
    base = next((s for s in slugs if s), "")
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
            self.slug = self.derived_slug()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> None:
        # Derived here too, so forms check the derived slug (format, uniqueness) before saving.
        super().clean()
        if not self.slug:
            self.slug = self.derived_slug()

    def derived_slug(self) -> str:
        return unique_slug(
            type(self),
            *self.slug_source(),
            exclude_pk=self.pk,
            japanese=self.slug_source_is_japanese(),
        )

    def slug_source(self) -> list[str]:
        raise NotImplementedError

    def slug_source_is_japanese(self) -> bool:
        """Whether ``slug_source``'s texts are Japanese even without kana (their kanji are
        then never read as Mandarin)."""
        return False
