"""A source without a URL is identified by its publisher, title and publication date
(compared without regard to case or spacing): the database holds one per identity, the
write path reuses the stored one when a concurrent write got there first, and migration
0019 merges the duplicates stored before the rule."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from agreements.models import AgreementSource, Claim, Source
from agreements.models.source import identity_key
from agreements.nested_writes import insert_source
from kernel.partial_date import PartialDate
from tests.factories import AgreementFactory, EventFactory, PartyFactory, SourceFactory

pytestmark = pytest.mark.django_db

COMMUNIQUE = {
    "url": "",
    "title": "Joint communiqué on scientific cooperation",
    "publisher": "People's Daily (print edition)",
    "published_on": PartialDate.coerce("2017-07-14"),
    "language": "en",
}
SPELLED_OTHERWISE = {
    "title": "  JOINT communiqué on  scientific cooperation ",
    "publisher": "people's daily (print edition)",
}

migration = __import__(
    "agreements.migrations.0020_merge_duplicate_unlinked_sources", fromlist=["merge_duplicates"]
)


def test_the_database_refuses_a_second_source_with_the_same_identity() -> None:
    Source.objects.create(**COMMUNIQUE)

    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.create(**{**COMMUNIQUE, **SPELLED_OTHERWISE})


def test_the_same_identity_with_a_url_or_another_date_is_another_source() -> None:
    Source.objects.create(**COMMUNIQUE)
    Source.objects.create(**{**COMMUNIQUE, "url": "https://example.org/communique"})
    Source.objects.create(**{**COMMUNIQUE, "published_on": PartialDate.coerce("2017-07")})

    assert Source.objects.count() == 3


def test_validation_names_the_rule_before_the_database_does() -> None:
    Source.objects.create(**COMMUNIQUE)
    again = Source(**{**COMMUNIQUE, **SPELLED_OTHERWISE})

    with pytest.raises(ValidationError) as refused:
        again.full_clean()

    assert refused.value.messages == [
        "Another source without a URL has this publisher, title and publication date."
    ]


def test_the_key_follows_a_changed_title() -> None:
    source = Source.objects.create(**COMMUNIQUE)
    source.title = "Another communiqué"
    source.save(update_fields=["title"])

    source.refresh_from_db()
    assert source.identity_key == identity_key(
        COMMUNIQUE["publisher"], "Another communiqué", COMMUNIQUE["published_on"]
    )


def test_inserting_a_source_stored_meanwhile_returns_the_stored_one() -> None:
    # What a concurrent write sees: it found nothing, then the other write stored it first.
    stored = Source.objects.create(**COMMUNIQUE)

    source, created = insert_source(Source(**{**COMMUNIQUE, **SPELLED_OTHERWISE}))

    assert (source.pk, created) == (stored.pk, False)
    assert Source.objects.count() == 1


def test_inserting_a_new_source_saves_it() -> None:
    source, created = insert_source(Source(**COMMUNIQUE))

    assert created and Source.objects.get().pk == source.pk


class MigrationEditor:
    """What RunPython hands the migration's function, here for the current database."""

    connection = connection


def stored_duplicate(**changes: object) -> Source:
    """A URL-less source saved as before the rule: its key not (yet) the identity's."""
    [source] = Source.objects.bulk_create(
        [Source(**{**COMMUNIQUE, **changes}, identity_key=f"before-{Source.objects.count()}")]
    )
    return source


def test_the_migration_merges_duplicates_into_the_oldest() -> None:
    first = stored_duplicate(excerpt="")
    second = stored_duplicate(**SPELLED_OTHERWISE, excerpt="The two sides agreed…", text="Full")
    both, only_second = AgreementFactory(), AgreementFactory()
    AgreementSource.objects.create(agreement=both, source=first)
    AgreementSource.objects.create(agreement=both, source=second, supports="signing date")
    AgreementSource.objects.create(agreement=only_second, source=second)
    Claim.objects.create(agreement=both, source=first, path="kind", value="other", quote="MoU")
    Claim.objects.create(agreement=both, source=second, path="kind", value="other", quote="MoU")
    Claim.objects.create(
        agreement=only_second, source=second, path="title", value="T", quote="Full"
    )
    event, party = EventFactory(), PartyFactory()
    event.sources.add(first, second)
    second.parties.add(party)

    migration.merge_duplicates(apps, MigrationEditor())

    [kept] = Source.objects.all()
    assert kept.pk == first.pk
    assert (kept.text, kept.excerpt) == ("Full", "The two sides agreed…")
    assert kept.identity_key == identity_key(
        COMMUNIQUE["publisher"], COMMUNIQUE["title"], COMMUNIQUE["published_on"]
    )
    assert sorted(kept.citations.values_list("agreement_id", "supports")) == [
        (both.pk, "signing date"),
        (only_second.pk, ""),
    ]
    assert sorted(kept.claims.values_list("agreement_id", "path")) == [
        (both.pk, "kind"),
        (only_second.pk, "title"),
    ]
    assert list(event.sources.all()) == [kept]
    assert list(kept.parties.all()) == [party]


def test_the_migration_keeps_duplicates_with_other_texts_apart() -> None:
    first = stored_duplicate(text="One text")
    second = stored_duplicate(text="Another text")
    unrelated = SourceFactory()

    migration.merge_duplicates(apps, MigrationEditor())

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.title == COMMUNIQUE["title"]
    assert second.title == f"{COMMUNIQUE['title']} (#{second.pk})"
    assert first.identity_key != second.identity_key
    assert second.identity_key == identity_key(second.publisher, second.title, second.published_on)
    assert Source.objects.count() == 3 and unrelated.identity_key == ""
