"""The scheduled job rebuilds the files when a public record changed since they were
written, and only then; saving a record never rebuilds them itself."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command

from datasets import tasks
from datasets.files import read_manifest
from datasets.generate import generation_lock, is_dirty
from kernel.scheduling import schedule

from .helpers import jsonl_of


def test_the_job_is_scheduled() -> None:
    assert "datasets.tasks.refresh_downloads" in {entry.path for entry in schedule()}


def test_the_job_writes_the_files_when_there_are_none(world: dict[str, Any]) -> None:
    assert is_dirty()
    assert tasks.refresh_downloads.enqueue().return_value is True
    assert read_manifest() is not None
    assert not is_dirty()


def test_the_job_leaves_clean_files_alone(world: dict[str, Any]) -> None:
    tasks.refresh_downloads.enqueue()
    first = read_manifest()
    assert tasks.refresh_downloads.enqueue().return_value is False
    assert read_manifest() == first


# Each save commits on its own, as in production: the change feed records one change per
# record and transaction, so inside one test transaction a later save would add none.
@pytest.mark.django_db(transaction=True)
def test_a_saved_public_record_makes_the_files_dirty_and_the_job_rebuilds_them(
    world: dict[str, Any],
) -> None:
    tasks.refresh_downloads.enqueue()
    public = world["public"]
    public.title = "A retitled agreement"
    public.save()
    # The save itself wrote nothing: the files still have the old title.
    assert jsonl_of("agreements.jsonl")[0]["title"] != "A retitled agreement"
    assert is_dirty()
    assert tasks.refresh_downloads.enqueue().return_value is True
    assert jsonl_of("agreements.jsonl")[0]["title"] == "A retitled agreement"
    assert not is_dirty()


@pytest.mark.django_db(transaction=True)
def test_a_change_to_a_draft_leaves_the_files_clean(world: dict[str, Any]) -> None:
    tasks.refresh_downloads.enqueue()
    draft = world["draft"]
    draft.summary = "Still being written"
    draft.save()
    assert not is_dirty()
    assert tasks.refresh_downloads.enqueue().return_value is False


def test_the_command_writes_now_or_only_if_changed(world: dict[str, Any]) -> None:
    out = StringIO()
    call_command("generate_downloads", stdout=out)
    assert "agreements.csv: 1 records" in out.getvalue()
    first = read_manifest()
    out = StringIO()
    call_command("generate_downloads", "--if-changed", stdout=out)
    assert out.getvalue().strip() == "The files are up to date."
    assert read_manifest() == first


def test_a_generation_running_elsewhere_is_not_joined(world: dict[str, Any]) -> None:
    root = settings.DATASETS_ROOT
    root.mkdir(parents=True)
    with generation_lock(root):
        assert tasks.refresh_downloads.enqueue().return_value is False
    assert read_manifest() is None


@pytest.mark.parametrize("setting", ["DATASET_LICENCE", "DATASET_LICENCE_URL"])
def test_the_licence_comes_from_the_settings(
    world: dict[str, Any], settings: Any, setting: str
) -> None:
    setattr(settings, setting, f"custom {setting}")
    tasks.generate_downloads.enqueue()
    manifest = read_manifest()
    assert manifest is not None
    assert f"custom {setting}" in manifest["licence"].values()
