"""The agreement admin's form: defaults guessed from the titles, and the rules that span
the agreement and its party rows (which the admin saves only after validating both)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from kernel.rule_forms import RuleCheckedModelForm

from .choices import AgreementKind
from .models import Agreement
from .models.agreement import publishing_message, refuses_publishing

# The prefix of the party rows on the agreement's page (the inline's default).
PARTIES_PREFIX = "agreement_parties"

# Words in an English title that name the kind; the first that matches wins.
KIND_WORDS: list[tuple[str, AgreementKind]] = [
    (r"memorand(um|a) of understanding|\bmou\b", AgreementKind.MEMORANDUM_OF_UNDERSTANDING),
    (r"letter of intent", AgreementKind.LETTER_OF_INTENT),
    (r"strategic (cooperation|partnership)", AgreementKind.STRATEGIC_COOPERATION_AGREEMENT),
    (r"framework", AgreementKind.FRAMEWORK_AGREEMENT),
    (r"protocol", AgreementKind.PROTOCOL),
    (r"amendment", AgreementKind.AMENDMENT),
    (r"contract", AgreementKind.CONTRACT),
]

# Scripts that name a language well enough for a default; kana before Han (Japanese
# titles mix both).
SCRIPT_LANGUAGES: list[tuple[str, str]] = [
    (r"[\u3040-\u30ff]", "ja"),
    (r"[\uac00-\ud7af]", "ko"),
    (r"[\u4e00-\u9fff\u3400-\u4dbf]", "zh"),
    (r"[\u0400-\u04ff]", "ru"),
    (r"[\u0600-\u06ff]", "ar"),
    (r"[\u0e00-\u0e7f]", "th"),
    (r"[\u0370-\u03ff]", "el"),
]


def guess_kind(title: str) -> str:
    for pattern, kind in KIND_WORDS:
        if re.search(pattern, title, re.IGNORECASE):
            return str(kind)
    return str(AgreementKind.COOPERATION_AGREEMENT)


def guess_language(title_local: str) -> str:
    """The original title's language from its script; without one, the English title is
    the original. Latin script says too little: left blank."""
    if not title_local.strip():
        return "en"
    for pattern, language in SCRIPT_LANGUAGES:
        if re.search(pattern, title_local):
            return language
    return ""


def submitted_party_ids(data: Mapping[str, Any], instance: Agreement) -> set[int]:
    """The parties the page's party rows leave (deleted rows left out); the stored ones
    when the page has no party rows."""
    total_key = f"{PARTIES_PREFIX}-TOTAL_FORMS"
    if total_key not in data:
        if instance.pk is None:
            return set()
        return instance.party_ids()
    ids: set[int] = set()
    total = str(data.get(total_key) or "0")
    for i in range(int(total) if total.isdigit() else 0):
        party_id = data.get(f"{PARTIES_PREFIX}-{i}-party")
        deleted = data.get(f"{PARTIES_PREFIX}-{i}-DELETE")
        if party_id and str(party_id).isdigit() and not deleted:
            ids.add(int(party_id))
    return ids


class AgreementAdminForm(RuleCheckedModelForm):
    """Kind and language may be left empty (guessed from the titles); publishing is
    checked against the party rows submitted on the same page."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields.get("kind")
        if kind is not None:
            kind.required = False
            kind.help_text = _("Left empty: guessed from the title.")
        language = self.fields.get("language")
        if language is not None:
            language.help_text = _(
                "Language tag, e.g. 'zh'. Left empty: guessed from the original title's "
                "script (English without one)."
            )

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if "kind" in self.fields and not cleaned.get("kind"):
            cleaned["kind"] = guess_kind(str(cleaned.get("title") or ""))
        if "language" in self.fields and not cleaned.get("language"):
            cleaned["language"] = guess_language(str(cleaned.get("title_local") or ""))
        published = cleaned.get("published", self.instance.published)
        if "published" in self.fields and refuses_publishing(
            bool(published), submitted_party_ids(self.data, self.instance)
        ):
            self.add_error("published", publishing_message())
        return cleaned
