"""The change feed's entries and webhook receivers, as the API shows them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.reverse import reverse

from ..choices import ChangeAction, Collection, WebhookEvent
from ..models import Change, Webhook
from ..webhooks import refused_address, validate_events

DETAIL_ROUTES = {
    Collection.AGREEMENTS: "agreements-api:agreement-detail",
    Collection.PARTIES: "parties-api:party-detail",
    Collection.PEOPLE: "parties-api:person-detail",
    Collection.EVENTS: "agreements-api:event-detail",
    Collection.FIELDS: "agreements-api:field-detail",
    Collection.REGIONS: "agreements-api:region-detail",
}


class ChangeEntrySerializer(serializers.Serializer[Change]):
    """One entry as the caller may see it (``context["drafts"]``): for the public a
    draft's publication is a creation and its unpublication a deletion (tombstone)."""

    cursor = serializers.CharField(help_text="Opaque; pass it as ?since= to read what follows.")
    collection = serializers.ChoiceField(choices=Collection.choices)
    slug = serializers.CharField(help_text="The record's slug; for a deletion, the slug that went.")
    previous_slug = serializers.CharField(
        allow_null=True, help_text="For an update that renamed the record: its slug before."
    )
    action = serializers.ChoiceField(choices=ChangeAction.choices)
    at = serializers.DateTimeField()
    url = serializers.URLField(allow_null=True, help_text="The API record; null for a deletion.")

    def to_representation(self, change: Change) -> dict[str, Any]:
        drafts = self.context["drafts"]
        action = change.action if drafts else change.public_action or None
        slug, previous = change.slug, change.previous_slug or None
        if action == ChangeAction.DELETED and previous:
            slug = previous  # unpublished as it was renamed: the slug that went
        if action != ChangeAction.UPDATED:
            previous = None
        url = None
        if action != ChangeAction.DELETED:
            route = DETAIL_ROUTES[Collection(change.collection)]
            url = reverse(route, kwargs={"slug": slug}, request=self.context["request"])
        return {
            "cursor": str(change.pk),
            "collection": change.collection,
            "slug": slug,
            "previous_slug": previous,
            "action": action,
            "at": serializers.DateTimeField().to_representation(change.at),
            "url": url,
        }


class WebhookSerializer(serializers.ModelSerializer[Webhook]):
    """A receiver: the registry POSTs the named events to ``url``, signed with ``secret``."""

    url = serializers.CharField(max_length=500, help_text="http(s) address of the receiver.")
    secret = serializers.CharField(
        write_only=True, max_length=200, help_text="Key of the X-Registry-Signature HMAC."
    )
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=WebhookEvent.choices),
        allow_empty=False,
        max_length=len(WebhookEvent.values),
    )
    paused = serializers.SerializerMethodField()

    class Meta:
        model = Webhook
        fields = [
            "id",
            "url",
            "secret",
            "events",
            "created_at",
            "consecutive_failures",
            "paused",
            "paused_at",
            "paused_reason",
        ]
        read_only_fields = [
            "id",
            "created_at",
            "consecutive_failures",
            "paused_at",
            "paused_reason",
        ]

    def get_paused(self, webhook: Webhook) -> bool:
        return webhook.paused_at is not None

    def validate_url(self, value: str) -> str:
        value = value.strip()
        try:
            serializers.URLField().run_validators(value)
        except serializers.ValidationError as error:
            raise serializers.ValidationError(error.detail) from None
        refused = refused_address(value)
        if refused:
            raise serializers.ValidationError(refused)
        scheme, rest = value.split(":", 1)
        return f"{scheme.lower()}:{rest}"  # HTTPS://… is https://…

    def validate_secret(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError("Give a secret to sign the deliveries with.")
        return value

    def validate_events(self, value: list[str]) -> list[str]:
        try:
            return validate_events(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict["events"]) from None
