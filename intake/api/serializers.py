"""The intake request, and the proposals it answers with (described for the schema)."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.conf.locale import LANG_INFO
from rest_framework import serializers

from agreements.choices import SignatureRole
from kernel.api.fields import PartialDateSerializerField
from kernel.languages import validate_language_tag

# Primary language subtags Django has names for; the text's language must be one of them.
KNOWN_LANGUAGES = {code.split("-")[0] for code in LANG_INFO}
_NOT_TEXT = re.compile("[\x00\ud800-\udfff]")


class StrictCharField(serializers.CharField):
    """Text that must be sent as a JSON string (12 or true is refused, not converted)."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return str(super().to_internal_value(data))


class IntakeRequestSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """A press release to read: its text, and what is known of where it comes from."""

    text = StrictCharField(
        trim_whitespace=False, help_text="The press release as published, any language."
    )
    url = serializers.URLField(required=False, allow_null=True, allow_blank=True, max_length=500)
    publisher = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, max_length=300
    )
    published_on = PartialDateSerializerField(
        required=False,
        allow_null=True,
        help_text="YYYY, YYYY-MM or YYYY-MM-DD; relative dates in the text count from it.",
    )
    language = serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        max_length=35,
        validators=[validate_language_tag],
        help_text="Language tag of the text, e.g. 'en', 'zh-Hans', 'zh-Hant', 'fr'.",
    )

    def validate_language(self, value: str | None) -> str | None:
        """A tag whose language Django knows ('en', 'zh-Hant', 'sw'...), else a 400."""
        if value and value.split("-")[0].lower() not in KNOWN_LANGUAGES:
            raise serializers.ValidationError(f"Unknown language '{value}'.")
        return value

    def validate_text(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError("The text is empty.")
        limit = settings.INTAKE_MAX_TEXT_CHARS
        if len(value) > limit:
            raise serializers.ValidationError(
                f"The text has {len(value)} characters; at most {limit} are read."
            )
        if _NOT_TEXT.search(value):
            raise serializers.ValidationError("The text holds a NUL or a lone surrogate.")
        return value


class ProposedClaimSerializer(serializers.Serializer):  # type: ignore[type-arg]
    path = serializers.CharField(help_text="The fact: signed_on, parties[0], signatories[1]...")
    quote = serializers.CharField(help_text="The passage, exactly text[start:end].")
    start = serializers.IntegerField()
    end = serializers.IntegerField()


class ProposedPartySerializer(serializers.Serializer):  # type: ignore[type-arg]
    party = serializers.CharField(allow_null=True, help_text="Slug of the matched party.")
    name = serializers.CharField(help_text="As written in the text.")
    parent = serializers.CharField(allow_null=True)
    parent_name = serializers.CharField(allow_null=True)


class ProposedSignatorySerializer(serializers.Serializer):  # type: ignore[type-arg]
    person = serializers.CharField(allow_null=True, help_text="Slug of the matched person.")
    name = serializers.CharField()
    role = serializers.ChoiceField(choices=SignatureRole.choices)
    on_behalf_of = serializers.CharField(allow_null=True)
    on_behalf_of_name = serializers.CharField(allow_null=True)
    title = serializers.CharField(allow_null=True)


class ProposedRelationSerializer(serializers.Serializer):  # type: ignore[type-arg]
    kind = serializers.CharField()
    note = serializers.CharField()


class ProposedCommitmentSerializer(serializers.Serializer):  # type: ignore[type-arg]
    title = serializers.CharField()


class AgreementProposalSerializer(serializers.Serializer):  # type: ignore[type-arg]
    title = serializers.CharField(allow_null=True)
    title_local = serializers.CharField(allow_null=True)
    kind = serializers.CharField(allow_null=True)
    signed_on = serializers.CharField(
        allow_null=True, help_text="At the precision the text states: YYYY, YYYY-MM or YYYY-MM-DD."
    )
    signed_place = serializers.CharField(allow_null=True)
    parties = ProposedPartySerializer(many=True)
    signatories = ProposedSignatorySerializer(many=True)
    fields = serializers.ListField(child=serializers.CharField())
    regions = serializers.ListField(child=serializers.CharField())
    commitments = ProposedCommitmentSerializer(many=True)
    relations = ProposedRelationSerializer(many=True)
    claims = ProposedClaimSerializer(many=True)
    slug = serializers.CharField(
        required=False, help_text="With ?save=true: the slug of the draft created."
    )
    url = serializers.URLField(required=False, help_text="With ?save=true: the draft's address.")


class IntakeResponseSerializer(serializers.Serializer):  # type: ignore[type-arg]
    agreements = AgreementProposalSerializer(many=True)


def as_request(validated: dict[str, Any]) -> dict[str, Any]:
    """The validated body as ``propose()``'s keyword arguments."""
    return {
        "text": validated["text"],
        "url": validated.get("url") or None,
        "publisher": validated.get("publisher") or None,
        "published_on": validated.get("published_on"),
        "language": validated.get("language") or None,
    }
