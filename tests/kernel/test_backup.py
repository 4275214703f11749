"""Backups: the database and the documents come back exactly as they were."""

from __future__ import annotations

import json
import shutil
import sqlite3
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from agreements.models import Agreement, Document
from tests.factories import CommitmentFactory, EventFactory, SignatureFactory

ON_POSTGRESQL = connection.vendor == "postgresql"


def _api_pages(client: Client) -> dict[str, bytes]:
    cache.clear()
    urls = [
        reverse("agreements-api:agreement-list"),
        reverse("agreements-api:agreement-detail", args=["cas-shenzhen-2017"]),
        reverse("agreements-api:agreement-detail", args=["renewed-cooperation-2022"]),
        reverse("agreements-api:event-list"),
        reverse("parties-api:party-list"),
        reverse("parties-api:person-list"),
    ]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content
    return pages


@pytest.mark.skipif(not ON_POSTGRESQL, reason="pg_dump and pg_restore need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_it_restores_a_backup_into_a_fresh_database_with_byte_identical_api_output(
    settings, tmp_path: Path, analyst_client: Client
) -> None:
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    call_command("load_demo_data", verbosity=0)
    agreement = Agreement.objects.create(
        title="Renewed cooperation", kind="cooperation_agreement", signed_on="2022-03"
    )
    SignatureFactory(agreement=agreement)
    CommitmentFactory(agreement=agreement)
    EventFactory().agreements.add(agreement)
    document = Document(agreement=agreement, kind="full_text", language="en")
    document.file.save("text.txt", ContentFile(b"The full text, signed."))
    before = _api_pages(analyst_client)
    backup = tmp_path / "backup"

    call_command("backup", output=backup, stdout=None)

    fresh = f"reg_admin_restore_{uuid.uuid4().hex[:12]}"
    original = connection.settings_dict["NAME"]
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{fresh}"')
    shutil.rmtree(media)
    try:
        connection.close()
        connection.settings_dict["NAME"] = fresh
        call_command("restore", str(backup), interactive=False)
        after = _api_pages(analyst_client)
        assert Document.objects.get().file.read() == b"The full text, signed."
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{fresh}"')

    assert list(after) == list(before)
    for url, content in before.items():
        assert after[url] == content, url
    assert b"renewed-cooperation-2022" in after[reverse("agreements-api:agreement-list")]


@pytest.mark.django_db
def test_it_refuses_to_restore_a_damaged_backup(settings, tmp_path: Path) -> None:
    backup = tmp_path / "backup"
    backup.mkdir()
    (backup / "media.tar.gz").write_bytes(b"not what was backed up")
    manifest = {
        "format": 1,
        "created_at": "2026-01-01T00:00:00+00:00",
        "engine": "postgresql" if ON_POSTGRESQL else "sqlite",
        "files": {"media.tar.gz": {"sha256": "0" * 64, "bytes": 22}},
    }
    (backup / "manifest.json").write_text(json.dumps(manifest))
    settings.MEDIA_ROOT = tmp_path / "media"

    with pytest.raises(CommandError, match="does not match its checksum"):
        call_command("restore", str(backup), interactive=False)
    assert not (tmp_path / "media").exists()


def test_it_refuses_to_back_up_into_a_directory_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "something.txt").write_text("keep me")

    with pytest.raises(CommandError, match="is not empty"):
        call_command("backup", output=tmp_path)
    assert (tmp_path / "something.txt").read_text() == "keep me"


@pytest.mark.skipif(ON_POSTGRESQL, reason="the SQLite path of the same commands")
@pytest.mark.django_db(transaction=True)
def test_it_backs_up_and_restores_a_sqlite_file_with_its_documents(
    settings, tmp_path: Path
) -> None:
    database = tmp_path / "registry.sqlite3"
    with sqlite3.connect(database) as db:
        db.execute("CREATE TABLE fact (text TEXT)")
        db.execute("INSERT INTO fact VALUES ('signed in Shenzhen')")
    db.close()
    media = tmp_path / "media"
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "scan.pdf").write_bytes(b"%PDF scan")
    settings.MEDIA_ROOT = media
    original = connection.settings_dict["NAME"]
    # Detach the test database's own connection: closing it (restore closes the connection
    # it replaces the database under) would drop the in-memory test database for every
    # test after this one.
    kept, connection.connection = connection.connection, None
    connection.settings_dict["NAME"] = str(database)
    try:
        call_command("backup", output=tmp_path / "backup")
        with sqlite3.connect(database) as db:
            db.execute("DELETE FROM fact")
        db.close()
        (media / "documents" / "scan.pdf").write_bytes(b"overwritten")

        call_command("restore", str(tmp_path / "backup"), interactive=False)
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original
        connection.connection = kept

    with sqlite3.connect(database) as db:
        assert db.execute("SELECT text FROM fact").fetchall() == [("signed in Shenzhen",)]
    db.close()
    assert (media / "documents" / "scan.pdf").read_bytes() == b"%PDF scan"
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("media.before-restore-")]
    assert [(p / "documents" / "scan.pdf").read_bytes() for p in aside] == [b"overwritten"]
