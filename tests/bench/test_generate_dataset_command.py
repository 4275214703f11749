"""Running ``generate_dataset``: reproducible from a seed, and careful with existing data."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from agreements.models import Agreement
from bench.dataset import generate
from parties.models import Party


def _generate_and_read(seed: int) -> list[tuple[str, str, str]]:
    with transaction.atomic():
        generate(12, seed=seed, log=lambda _line: None)
        rows = list(Agreement.objects.order_by("pk").values_list("slug", "title", "title_local"))
        transaction.set_rollback(True)
    return rows


def test_the_same_seed_gives_the_same_titles_and_slugs(db: None) -> None:
    first = _generate_and_read(seed=3)
    assert len(first) == 12
    assert _generate_and_read(seed=3) == first


def test_it_refuses_to_add_to_a_database_with_agreements_unless_told_to(db: None) -> None:
    call_command("generate_dataset", agreements=5, seed=2, verbosity=0)
    with pytest.raises(CommandError, match="--append"):
        call_command("generate_dataset", agreements=5, seed=2, verbosity=0)
    slugs = set(Agreement.objects.values_list("slug", flat=True))
    parties = Party.objects.count()
    out = StringIO()
    call_command("generate_dataset", agreements=5, seed=2, append=True, stdout=out)
    assert Agreement.objects.count() == 10
    assert len(set(Agreement.objects.values_list("slug", flat=True)) - slugs) == 5
    assert Party.objects.count() == parties  # the synthetic institutions are reused
    assert "Generated 5 agreements" in out.getvalue()
