"""Agreements, events, cooperation fields and regions as the API shows and accepts them.

An agreement is read and written whole: parties, signatories, relations, commitments and
sources nest inside it (the writing itself is in nested.py)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from kernel.api.fields import (
    PartialDateSerializerField,
    PrefetchedListSerializer,
    SlugListField,
    SlugReference,
)
from kernel.api.serializers import (
    RegistrySerializer,
    WholeRowSerializer,
    api_url,
    reject_duplicates,
    unique_items,
)
from kernel.languages import validate_language_tag
from kernel.partial_date import PartialDate
from parties.models import Party, Person

from .. import nested_writes as nested
from .. import services
from ..chains import CHAIN_RELATIONS, Link, chain_of
from ..choices import (
    INVERSE_RELATION,
    AgreementStatus,
    CommitmentStatus,
    RelationKind,
    SignatureRole,
)
from ..models import (
    Agreement,
    AgreementParty,
    AgreementRelation,
    Claim,
    Commitment,
    CooperationField,
    Document,
    Event,
    EventParticipant,
    Region,
    Signature,
)
from ..models.agreement import FIXED_STATUS_RULE
from ..models.source import source_identity
from .fields import InverseRelationField, VisibleListSerializer, VisibleSlugListField
from .output import ByKind, Rows, represent


class AgreementPartySerializer(WholeRowSerializer, serializers.ModelSerializer):
    party = SlugReference(queryset=Party.objects.all())

    class Meta:
        model = AgreementParty
        fields = ["party", "role"]
        list_serializer_class = PrefetchedListSerializer


class SignatorySerializer(WholeRowSerializer, serializers.ModelSerializer):
    person = SlugReference(queryset=Person.objects.all())
    on_behalf_of = SlugReference(
        queryset=Party.objects.all(), help_text="A party, or a body a party belongs to."
    )

    class Meta:
        model = Signature
        fields = ["person", "on_behalf_of", "role", "title"]
        list_serializer_class = PrefetchedListSerializer


class RelationSerializer(WholeRowSerializer, serializers.ModelSerializer):
    agreement = SlugReference(
        source="other", queryset=Agreement.objects.all(), help_text="The other agreement."
    )

    class Meta:
        model = AgreementRelation
        fields = ["kind", "agreement", "note"]
        list_serializer_class = VisibleListSerializer
        published_via = "other"


class CommitmentSerializer(WholeRowSerializer, serializers.ModelSerializer):
    due_on = PartialDateSerializerField(required=False, allow_null=True)
    completed_on = PartialDateSerializerField(required=False, allow_null=True)
    responsible_parties = SlugListField(queryset=Party.objects.all())

    class Meta:
        model = Commitment
        fields = [
            "title",
            "title_local",
            "description",
            "status",
            "due_on",
            "completed_on",
            "responsible_parties",
        ]
        list_serializer_class = PrefetchedListSerializer

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("completed_on") and attrs.get("status") != CommitmentStatus.DONE:
            raise serializers.ValidationError(
                {"completed_on": "Only a commitment that is done has a completion date."}
            )
        return attrs


class CitedSourceSerializer(WholeRowSerializer):
    """A source, matched to the registry's sources by URL (or, for one without a URL, by
    publisher, title and publication date together), and what it supports here."""

    url = serializers.URLField(
        source="source.url",
        max_length=1000,
        required=False,
        allow_blank=True,
        help_text="Left out or empty for a source not published online (a printed "
        "communiqué): its publisher, title and publication date then identify it.",
    )
    title = serializers.CharField(source="source.title", max_length=500)
    publisher = serializers.CharField(
        source="source.publisher", max_length=300, required=False, allow_blank=True
    )
    published_on = PartialDateSerializerField(
        source="source.published_on", required=False, allow_null=True
    )
    language = serializers.CharField(
        source="source.language", max_length=35, validators=[validate_language_tag]
    )
    excerpt = serializers.CharField(source="source.excerpt", required=False, allow_blank=True)
    supports = serializers.CharField(max_length=300, required=False, allow_blank=True)

    class Meta:
        list_serializer_class = PrefetchedListSerializer

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        source = attrs["source"]
        source.setdefault("url", "")
        if not source["url"]:
            missing = [name for name in ("publisher", "published_on") if not source.get(name)]
            if missing:
                message = (
                    "A source without a URL is identified by its publisher, title and "
                    "publication date; give all three."
                )
                raise serializers.ValidationError({name: [message] for name in missing})
        return attrs


def duplicate_sources(citations: list[dict[str, Any]]) -> dict[int, Any]:
    """Errors by index for each source that is the same source as an earlier one."""
    seen: set[tuple[str, ...]] = set()
    errors: dict[int, Any] = {}
    for index, item in enumerate(citations):
        given = item["source"]
        identity = source_identity(
            given["url"], given.get("publisher", ""), given["title"], given.get("published_on")
        )
        if identity in seen:
            field = "url" if given["url"] else "title"
            described = " · ".join(identity[1:])
            errors[index] = {field: [f"duplicate source: {described}"]}
        seen.add(identity)
    return errors


class ClaimSerializer(serializers.ModelSerializer):
    """One fact, the source stating it (by URL, title, publisher and date) and the passage;
    read-only here (claims are written by intake and in the admin)."""

    source = serializers.CharField(
        source="source.url", help_text="URL of the source; blank for one without a URL."
    )
    # The source's identity beside its URL: a source without a URL is known by these three.
    source_title = serializers.CharField(source="source.title")
    source_publisher = serializers.CharField(source="source.publisher")
    source_published_on = PartialDateSerializerField(source="source.published_on")

    class Meta:
        model = Claim
        fields = [
            "path",
            "value",
            "held",
            "source",
            "source_title",
            "source_publisher",
            "source_published_on",
            "quote",
            "start",
            "end",
            "note",
        ]
        read_only_fields = fields
        list_serializer_class = PrefetchedListSerializer


class DocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Document
        fields = ["kind", "title", "language", "file", "sha256", "uploaded_at"]
        read_only_fields = fields
        list_serializer_class = PrefetchedListSerializer


class ChainLinkSerializer(serializers.Serializer):
    """One agreement of a renewal chain (agreements/chains.py), as seen from the one shown."""

    slug = serializers.CharField()
    title = serializers.CharField()
    relation = serializers.ChoiceField(
        choices=list(CHAIN_RELATIONS),
        help_text="How it relates to the agreement shown: a relation kind (it is renewed "
        "by this one: renews), its inverse (renewed_by), this, earlier or later.",
    )
    status = serializers.ChoiceField(choices=AgreementStatus.choices)
    signed_on = serializers.CharField(allow_null=True)
    current = serializers.BooleanField(
        help_text="The latest agreement of the chain in force (amendments aside)."
    )


def chain_item(link: Link) -> dict[str, Any]:
    agreement = link.agreement
    return {
        "slug": agreement.slug,
        "title": agreement.title,
        "relation": link.relation,
        "status": agreement.status,
        "signed_on": agreement.signed_on.isoformat() if agreement.signed_on else None,
        "current": link.current,
    }


# Later dates that may not fall before earlier ones, as the model's constraints say.
DATE_ORDER = [
    ("expires_on", "signed_on"),
    ("expires_on", "effective_on"),
    ("terminated_on", "signed_on"),
]


class AgreementSerializer(RegistrySerializer):
    url = api_url("agreements-api:agreement-detail")
    parties = AgreementPartySerializer(source="agreement_parties", many=True, required=False)
    signatories = SignatorySerializer(source="signatures", many=True, required=False)
    fields = SlugListField(queryset=CooperationField.objects.all())
    regions = SlugListField(queryset=Region.objects.all())
    relations = RelationSerializer(many=True, required=False)
    amended_by = InverseRelationField(RelationKind.AMENDS)
    renewed_by = InverseRelationField(RelationKind.RENEWS)
    extended_by = InverseRelationField(RelationKind.EXTENDS)
    superseded_by = InverseRelationField(RelationKind.SUPERSEDES)
    implemented_by = InverseRelationField(RelationKind.IMPLEMENTS)
    related = InverseRelationField(RelationKind.RELATED)
    commitments = CommitmentSerializer(many=True, required=False)
    sources = CitedSourceSerializer(source="citations", many=True, required=False)
    events = VisibleSlugListField(queryset=Event.objects.all(), read_only=True)
    documents = DocumentSerializer(many=True, read_only=True)
    claims = ClaimSerializer(many=True, read_only=True)
    chain = ChainLinkSerializer(
        many=True,
        read_only=True,
        required=False,
        help_text="Single agreements only (not in lists): its renewal chain, oldest first, "
        "itself included; empty when it has none.",
    )

    class Meta:
        model = Agreement
        fields = [
            "slug",
            "url",
            "title",
            "title_local",
            "language",
            "kind",
            "status",
            "status_fixed",
            "status_note",
            "published",
            "signed_on",
            "effective_on",
            "expires_on",
            "terminated_on",
            "signed_place",
            "signed_place_local",
            "reference_number",
            "summary",
            "summary_local",
            "full_text",
            "parties",
            "signatories",
            "fields",
            "regions",
            "relations",
            "amended_by",
            "renewed_by",
            "extended_by",
            "superseded_by",
            "implemented_by",
            "related",
            "commitments",
            "sources",
            "events",
            "documents",
            "claims",
            "chain",
            "created_at",
            "updated_at",
        ]
        brief_fields = ["slug", "url", "title"]
        list_route = "agreements-api:agreement-list"
        # Shown by get_<name>() below, not read by the output's queries.
        computed = ("chain",)
        # How each nested list above is read, in its one order (agreements/api/output.py);
        # every other name is the agreement's own column.
        lists = {
            "parties": Rows(
                "agreement_parties", {"party": "party__slug", "role": "role"}, ("position", "pk")
            ),
            "signatories": Rows(
                "signatures",
                {
                    "person": "person__slug",
                    "on_behalf_of": "on_behalf_of__slug",
                    "role": "role",
                    "title": "title",
                },
                ("role", "pk"),
            ),
            "fields": Rows("fields", "slug", ("name", "pk")),
            "regions": Rows("regions", "slug", ("name", "pk")),
            "relations": Rows(
                "relations",
                {"kind": "kind", "agreement": "other__slug", "note": "note"},
                ("pk",),
                published="other__published",
            ),
            "inverse": ByKind(
                Rows(
                    "inverse_relations",
                    {"kind": "kind", "agreement": "agreement__slug"},
                    ("pk",),
                    published="agreement__published",
                ),
                key="kind",
                value="agreement",
                names={kind: name for kind, (name, _label) in INVERSE_RELATION.items()},
            ),
            "commitments": Rows(
                "commitments",
                {
                    "title": "title",
                    "title_local": "title_local",
                    "description": "description",
                    "status": "status",
                    "due_on": "due_on",
                    "completed_on": "completed_on",
                    "responsible_parties": Rows("responsible_parties", "slug", ("name", "pk")),
                },
                ("position", "pk"),
            ),
            "sources": Rows(
                "citations",
                {
                    "url": "source__url",
                    "title": "source__title",
                    "publisher": "source__publisher",
                    "published_on": "source__published_on",
                    "language": "source__language",
                    "excerpt": "source__excerpt",
                    "supports": "supports",
                },
                ("pk",),
            ),
            "events": Rows("events", "slug", ("-date", "title", "pk"), published="published"),
            "documents": Rows(
                "documents",
                {
                    "kind": "kind",
                    "title": "title",
                    "language": "language",
                    "file": "file",
                    "sha256": "sha256",
                    "uploaded_at": "uploaded_at",
                },
                ("kind", "language", "pk"),
            ),
            # Each fact with the passage stating it; disagreeing sources side by side.
            "claims": Rows(
                "claims",
                {
                    "path": "path",
                    "value": "value",
                    "held": "held",
                    "source": "source__url",
                    "source_title": "source__title",
                    "source_publisher": "source__publisher",
                    "source_published_on": "source__published_on",
                    "quote": "quote",
                    "start": "start",
                    "end": "end",
                    "note": "note",
                },
                ("path", "pk"),
                # A claim naming a draft agreement (a renewal of it) hides with the draft.
                published="named_agreement__published",
            ),
        }

    def to_representation(self, instance: Agreement) -> dict[str, Any]:
        return represent(self, instance)

    def get_chain(self, instance: Agreement) -> list[dict[str, Any]]:
        """On a single agreement's answer only: a walk per row would cost a list dearly."""
        if not self.context.get("with_chain"):
            raise serializers.SkipField
        viewer = self.context.get("request")
        return [chain_item(link) for link in chain_of(instance, viewer)]

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        # A new agreement's own slug is not in the database yet, so "unknown slug" would
        # hide the real mistake.
        if isinstance(data, dict) and isinstance(data.get("relations"), list):
            own = data.get("slug") or (self.instance.slug if self.instance else None)
            errors = {
                index: {"agreement": ["An agreement cannot relate to itself."]}
                for index, item in enumerate(data["relations"])
                if own and isinstance(item, dict) and item.get("agreement") == own
            }
            if errors:
                raise serializers.ValidationError({"relations": errors})
        return super().to_internal_value(data)

    def current(self, attrs: dict[str, Any], name: str) -> Any:
        """The value a write leaves: the new one if given, else the stored one."""
        if name in attrs:
            return attrs[name]
        return getattr(self.instance, name, None) if self.instance else None

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (
            self.current(attrs, "status_fixed")
            and not str(self.current(attrs, "status_note") or "").strip()
        ):
            raise serializers.ValidationError({"status_note": [str(FIXED_STATUS_RULE)]})
        for later, earlier in DATE_ORDER:
            end, start = self.current(attrs, later), self.current(attrs, earlier)
            if isinstance(end, PartialDate) and isinstance(start, PartialDate):
                if end.end < start.start:
                    raise serializers.ValidationError({later: f"{later} is before {earlier}."})
        parties = attrs.get("agreement_parties")
        if parties is not None:
            reject_duplicates(parties, lambda p: p["party"].slug, "parties", "party")
        signatures = attrs.get("signatures")
        if signatures is not None:
            reject_duplicates(
                signatures,
                lambda s: (s["person"].slug, s.get("role", SignatureRole.SIGNATORY)),
                "signatories",
                "person",
            )
        relations = attrs.get("relations")
        if relations is not None:
            reject_duplicates(
                relations, lambda r: (r["kind"], r["other"].slug), "relations", "agreement"
            )
            for index, relation in enumerate(relations):
                if self.instance is not None and relation["other"].pk == self.instance.pk:
                    raise serializers.ValidationError(
                        {
                            "relations": {
                                index: {"agreement": ["An agreement cannot relate to itself."]}
                            }
                        }
                    )
        if attrs.get("commitments") is not None:
            reject_duplicates(attrs["commitments"], lambda c: c["title"], "commitments", "title")
        if attrs.get("citations") is not None:
            duplicates = duplicate_sources(attrs["citations"])
            if duplicates:
                raise serializers.ValidationError({"sources": duplicates})
        return attrs

    def create(self, validated_data: dict[str, Any]) -> Agreement:
        user = self.context["request"].user
        return services.agreement_create(data=validated_data, user=user)

    def update(self, instance: Agreement, validated_data: dict[str, Any]) -> Agreement:
        user = self.context["request"].user
        return services.agreement_update(agreement=instance, data=validated_data, user=user)


class EventParticipantSerializer(WholeRowSerializer, serializers.ModelSerializer):
    person = SlugReference(queryset=Person.objects.all())
    party = SlugReference(queryset=Party.objects.all(), allow_null=True, required=False)

    class Meta:
        model = EventParticipant
        fields = ["person", "party", "role", "note"]


class EventSerializer(RegistrySerializer):
    url = api_url("agreements-api:event-detail")
    parties = SlugListField(queryset=Party.objects.all())
    agreements = VisibleSlugListField(queryset=Agreement.objects.all())
    participants = EventParticipantSerializer(many=True, required=False)
    sources = serializers.SlugRelatedField(
        slug_field="url", many=True, read_only=True, help_text="URLs of the sources."
    )

    class Meta:
        model = Event
        fields = [
            "slug",
            "url",
            "title",
            "title_local",
            "kind",
            "date",
            "place",
            "description",
            "published",
            "parties",
            "agreements",
            "participants",
            "sources",
            "created_at",
            "updated_at",
        ]
        brief_fields = ["slug", "url", "title"]

    def validate_participants(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return unique_items(value, lambda p: p["person"].slug, "person")

    def create(self, validated_data: dict[str, Any]) -> Event:
        return nested.save_event(Event(), validated_data)

    def update(self, instance: Event, validated_data: dict[str, Any]) -> Event:
        return nested.save_event(instance, validated_data)


class VocabularySerializer(RegistrySerializer):
    """A cooperation field or a region; subclasses declare ``url`` and ``parent``."""

    class Meta:
        fields = ["slug", "url", "name", "name_local", "description", "parent"]
        brief_fields = ["slug", "url", "name"]

    def create(self, validated_data: dict[str, Any]) -> Any:
        term = self.Meta.model()  # type: ignore[attr-defined]
        return self.update(term, validated_data)

    def update(self, instance: Any, validated_data: dict[str, Any]) -> Any:
        user = self.context["request"].user
        return services.vocabulary_term_save(term=instance, data=validated_data, user=user)


class CooperationFieldSerializer(VocabularySerializer):
    url = api_url("agreements-api:field-detail")
    parent = SlugReference(queryset=CooperationField.objects.all(), allow_null=True, required=False)

    class Meta(VocabularySerializer.Meta):
        model = CooperationField


class RegionSerializer(VocabularySerializer):
    url = api_url("agreements-api:region-detail")
    parent = SlugReference(queryset=Region.objects.all(), allow_null=True, required=False)

    class Meta(VocabularySerializer.Meta):
        model = Region
        fields = [*VocabularySerializer.Meta.fields, "countries"]
        extra_kwargs = {"countries": {"required": False}}
