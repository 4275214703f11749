"""Sources without a URL get a stored identity key (publisher, title and publication
date, compared without regard to case or spacing), and the sources that share one are
merged before 0020 makes the key unique: citations, claims, progress notes, events,
commitments and parties move to the oldest, the others are deleted. Two whose stored
texts differ are not merged (claims give offsets in a source's text): the later one's
title gains its number, so both stay, told apart."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from typing import Any

from django.db import migrations, models

# Copied, not imported: a migration must keep meaning what it meant when it was written
# (agreements.models.source.source_identity and identity_key).


def folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def key_of(publisher: str, title: str, published_on: Any) -> str:
    parts = ("unlinked", folded(publisher), folded(title), str(published_on or ""))
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def merge_duplicates(apps: Any, schema_editor: Any) -> None:
    Source = apps.get_model("agreements", "Source")
    using = schema_editor.connection.alias
    groups: dict[str, list[Any]] = defaultdict(list)
    for source in Source.objects.using(using).filter(url="").order_by("pk"):
        groups[key_of(source.publisher, source.title, source.published_on)].append(source)
    taken = set(groups)
    for key, sources in groups.items():
        kept = sources[0]
        for other in sources[1:]:
            if kept.text and other.text and kept.text != other.text:
                set_apart(other, taken, using)
            else:
                merge(apps, other, into=kept, using=using)
        kept.identity_key = key
        kept.save(update_fields=["identity_key", "text", "excerpt"])


def set_apart(source: Any, taken: set[str], using: str) -> None:
    """Give ``source`` a title of its own: its own text makes it another source."""
    base = source.title
    number = source.pk
    while True:
        suffix = f" (#{number})"
        source.title = base[: 500 - len(suffix)] + suffix
        key = key_of(source.publisher, source.title, source.published_on)
        if key not in taken:
            break
        number += 1
    taken.add(key)
    source.identity_key = key
    source.save(update_fields=["title", "identity_key"])


def merge(apps: Any, other: Any, *, into: Any, using: str) -> None:
    """Move everything that refers to ``other`` onto ``into``, then delete ``other``."""
    AgreementSource = apps.get_model("agreements", "AgreementSource")
    Claim = apps.get_model("agreements", "Claim")
    CommitmentProgress = apps.get_model("agreements", "CommitmentProgress")
    Source = apps.get_model("agreements", "Source")
    if not into.text and other.text:
        into.text = other.text
    if not into.excerpt and other.excerpt:
        into.excerpt = other.excerpt
    for citation in AgreementSource.objects.using(using).filter(source=other):
        stored = AgreementSource.objects.using(using).filter(
            agreement_id=citation.agreement_id, source=into
        )
        kept = stored.first()
        if kept is None:
            citation.source = into
            citation.save(update_fields=["source"])
            continue
        if not kept.supports and citation.supports:
            kept.supports = citation.supports
            kept.save(update_fields=["supports"])
        citation.delete()
    for claim in Claim.objects.using(using).filter(source=other):
        twin = Claim.objects.using(using).filter(
            agreement_id=claim.agreement_id, source=into, path=claim.path, value=claim.value
        )
        if twin.exists():
            claim.delete()
        else:
            claim.source = into
            claim.save(update_fields=["source"])
    CommitmentProgress.objects.using(using).filter(source=other).update(source=into)
    for through, owner in (
        (Source.events.through, "event_id"),
        (Source.commitments.through, "commitment_id"),
        (Source.parties.through, "party_id"),
    ):
        rows = through.objects.using(using)
        held = set(rows.filter(source=into).values_list(owner, flat=True))
        rows.filter(source=other).exclude(**{f"{owner}__in": held}).update(source=into)
        rows.filter(source=other).delete()
    other.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0019_add_first_published_at"),
        ("parties", "0006_search_keys_in_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalsource",
            name="identity_key",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="A digest of the publisher, title and publication date, compared as "
                "source_identity compares them; unique among sources without a URL.",
                max_length=64,
                verbose_name="identity key",
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="identity_key",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="A digest of the publisher, title and publication date, compared as "
                "source_identity compares them; unique among sources without a URL.",
                max_length=64,
                verbose_name="identity key",
            ),
        ),
        migrations.RunPython(merge_duplicates, migrations.RunPython.noop, elidable=False),
    ]
