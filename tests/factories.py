"""Factories for every model; each makes a valid, minimal record."""

from __future__ import annotations

import factory

from agreements.choices import AgreementKind, EventKind, SignatureRole
from agreements.models import (
    Agreement,
    AgreementParty,
    AgreementSource,
    Commitment,
    CooperationField,
    Event,
    Region,
    Signature,
    Source,
)
from parties.choices import PartyKind
from parties.models import Party, PartyAlias, Person, Post


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    name = factory.Sequence(lambda n: f"Institute {n}")
    kind = PartyKind.RESEARCH_INSTITUTE
    country = "CN"


class PartyAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyAlias

    party = factory.SubFactory(PartyFactory)
    name = factory.Sequence(lambda n: f"Alias {n}")
    language = "en"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"PERSON Number{n}")


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    person = factory.SubFactory(PersonFactory)
    party = factory.SubFactory(PartyFactory)
    title = "President"


class CooperationFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CooperationField

    name = factory.Sequence(lambda n: f"Field {n}")


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"Region {n}")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    url = factory.Sequence(lambda n: f"https://news.example.org/{n}.html")
    title = factory.Sequence(lambda n: f"Press release {n}")
    publisher = "Example News"
    language = "en"


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Cooperation agreement {n}")
    kind = AgreementKind.COOPERATION_AGREEMENT
    signed_on = "2019-07"
    published = True

    @factory.post_generation
    def parties(
        obj: Agreement, create: bool, extracted: list[Party] | None, **kwargs: object
    ) -> None:
        """``parties=[...]``: the agreement's parties, in order. Left out, none: many tests
        build their own. The factory writes around the service and the admin, which
        refuse to publish with fewer than two; a test of that rule goes through them."""
        if not create or not extracted:
            return
        for position, party in enumerate(extracted):
            AgreementParty.objects.create(agreement=obj, party=party, position=position)


class AgreementPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementParty

    agreement = factory.SubFactory(AgreementFactory)
    party = factory.SubFactory(PartyFactory)


class SignatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signature

    agreement = factory.SubFactory(AgreementFactory)
    person = factory.SubFactory(PersonFactory)
    on_behalf_of = factory.LazyAttribute(
        lambda s: AgreementPartyFactory(agreement=s.agreement).party
    )
    role = SignatureRole.SIGNATORY


class AgreementSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementSource

    agreement = factory.SubFactory(AgreementFactory)
    source = factory.SubFactory(SourceFactory)


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    agreement = factory.SubFactory(AgreementFactory)
    title = factory.Sequence(lambda n: f"Build facility {n}")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Symposium {n}")
    kind = EventKind.SYMPOSIUM
    date = "2017-12-03"
    published = True
