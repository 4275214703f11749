"""Language tags (BCP 47, e.g. ``en``, ``zh``, ``zh-Hans``) on names, titles and sources."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

LANGUAGE_TAG_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"

validate_language_tag = RegexValidator(
    LANGUAGE_TAG_PATTERN, _("Use a language tag such as 'en', 'zh' or 'zh-Hans'.")
)


class LanguageField(models.CharField):
    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("max_length", 35)
        kwargs.setdefault("validators", [validate_language_tag])
        kwargs.setdefault("help_text", _("Language tag, e.g. 'en', 'zh' or 'zh-Hans'."))
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
