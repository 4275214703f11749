"""Parties and people as the API shows and accepts them."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from kernel.api.fields import NameListField, PartialDateSerializerField, SlugReference
from kernel.api.serializers import (
    RegistrySerializer,
    WholeRowSerializer,
    api_url,
    unique_items,
)

from .. import services
from ..models import Party, PartyIdentifier, Person, Post


class PartyIdentifierSerializer(WholeRowSerializer, serializers.ModelSerializer):
    class Meta:
        model = PartyIdentifier
        fields = ["scheme", "value"]


class PartySerializer(RegistrySerializer):
    url = api_url("parties-api:party-detail")
    aliases = NameListField(help_text="Other names: former names, translations, short forms.")
    parent = SlugReference(
        queryset=Party.objects.all(), allow_null=True, required=False, help_text="Slug or null."
    )
    identifiers = PartyIdentifierSerializer(many=True, required=False)

    class Meta:
        model = Party
        fields = [
            "slug",
            "url",
            "name",
            "name_local",
            "abbreviation",
            "aliases",
            "kind",
            "country",
            "parent",
            "website",
            "description",
            "identifiers",
            "created_at",
            "updated_at",
        ]
        brief_fields = ["slug", "url", "name"]

    def validate_aliases(self, value: list[str]) -> list[str]:
        return [name.strip() for name in unique_items(value, str.strip, "alias")]

    def validate_identifiers(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return unique_items(value, lambda i: (i["scheme"], i["value"]), "identifier")

    def create(self, validated_data: dict[str, Any]) -> Party:
        return services.party_create(data=validated_data, user=self.context["request"].user)

    def update(self, instance: Party, validated_data: dict[str, Any]) -> Party:
        user = self.context["request"].user
        return services.party_update(party=instance, data=validated_data, user=user)


class PostSerializer(serializers.ModelSerializer):
    party = SlugReference(read_only=True)
    started_on = PartialDateSerializerField(read_only=True)
    ended_on = PartialDateSerializerField(read_only=True)

    class Meta:
        model = Post
        fields = ["party", "title", "title_local", "started_on", "ended_on"]


class PersonSerializer(RegistrySerializer):
    url = api_url("parties-api:person-detail")
    posts = PostSerializer(many=True, read_only=True)

    class Meta:
        model = Person
        fields = [
            "slug",
            "url",
            "name",
            "name_local",
            "description",
            "posts",
            "created_at",
            "updated_at",
        ]
        brief_fields = ["slug", "url", "name"]
