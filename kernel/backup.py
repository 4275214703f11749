"""Back up and restore the registry: the database and the uploaded documents.

A backup is a directory: ``database.dump`` (``pg_dump -Fc``) or ``database.sqlite3``
(SQLite's online backup), ``media.tar.gz`` (MEDIA_ROOT) and ``manifest.json`` with each
file's SHA-256, checked before anything is restored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
POSTGRES_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says what to do."""


def _engine(database: dict[str, Any]) -> str:
    engine = str(database["ENGINE"])
    if "postgresql" in engine:
        return "postgresql"
    if "sqlite3" in engine:
        return "sqlite"
    raise BackupError(f"Backups support PostgreSQL and SQLite, not {engine}.")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_environment(database: dict[str, Any]) -> dict[str, str]:
    """libpq's variables for the database, so no password appears on a command line."""
    environment = dict(os.environ)
    for key, variable in [
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ]:
        if database.get(key):
            environment[variable] = str(database[key])
    return environment


def _run(command: list[str], database: dict[str, Any]) -> None:
    try:
        result = subprocess.run(
            command, env=_pg_environment(database), capture_output=True, text=True, check=False
        )
    except FileNotFoundError as exc:
        raise BackupError(
            f"{command[0]} is not installed: install the PostgreSQL client of the server's "
            "major version (Debian: apt-get install postgresql-client)."
        ) from exc
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _sqlite_path(database: dict[str, Any]) -> str:
    name = str(database["NAME"])
    if name == ":memory:" or name.startswith("file:memorydb"):
        raise BackupError("An in-memory SQLite database cannot be backed up or restored.")
    return name


def _sqlite_copy(source: str, target: str) -> None:
    """Copy with SQLite's online backup API: consistent even while the app writes."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def back_up(
    output: Path, *, using: str = "default", media_root: Path | None = None
) -> dict[str, Any]:
    """Write a backup of the database ``using`` and of MEDIA_ROOT into the new or empty
    directory ``output``; return its manifest."""
    database = connections[using].settings_dict
    engine = _engine(database)
    media = Path(media_root or settings.MEDIA_ROOT)
    if output.exists() and any(output.iterdir()):
        raise BackupError(f"{output} is not empty; back up into a new directory.")
    output.mkdir(parents=True, exist_ok=True)

    if engine == "postgresql":
        dump = output / POSTGRES_DUMP
        command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges"]
        _run([*command, f"--file={dump}", f"--dbname={database['NAME']}"], database)
        database_file = POSTGRES_DUMP
    else:
        _sqlite_copy(_sqlite_path(database), str(output / SQLITE_COPY))
        database_file = SQLITE_COPY

    with tarfile.open(output / MEDIA_ARCHIVE, "w:gz") as archive:
        if media.is_dir():
            for path in sorted(media.rglob("*")):
                archive.add(path, arcname=str(path.relative_to(media)), recursive=False)

    manifest = {
        "format": FORMAT_VERSION,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "engine": engine,
        "database_name": Path(str(database["NAME"])).name,
        "files": {
            name: {"sha256": _sha256(output / name), "bytes": (output / name).stat().st_size}
            for name in (database_file, MEDIA_ARCHIVE)
        },
    }
    (output / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def read_manifest(source: Path) -> dict[str, Any]:
    """The backup's manifest, after checking every file it lists against its checksum."""
    try:
        manifest: dict[str, Any] = json.loads((source / MANIFEST).read_text())
    except FileNotFoundError as exc:
        raise BackupError(f"{source} has no {MANIFEST}: not a backup directory.") from exc
    except ValueError as exc:
        raise BackupError(f"{source / MANIFEST} is not valid JSON.") from exc
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    for name, expected in manifest["files"].items():
        path = source / name
        if not path.is_file():
            raise BackupError(f"{path} is missing.")
        if _sha256(path) != expected["sha256"]:
            raise BackupError(f"{path} does not match its checksum: the backup is damaged.")
    return manifest


def _restore_media(archive_path: Path, media: Path) -> Path | None:
    """Unpack the documents into MEDIA_ROOT; the documents there before are moved aside,
    never deleted. Returns where they went."""
    staging = media.with_name(media.name + ".restoring")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    with tarfile.open(archive_path, "r:gz") as archive:
        archive.extractall(staging, filter="data")  # no absolute paths, links or '..'
    moved_aside = None
    if media.exists():
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        moved_aside = media.with_name(f"{media.name}.before-restore-{stamp}")
        media.rename(moved_aside)
    staging.rename(media)
    return moved_aside


def restore(
    source: Path, *, using: str = "default", media_root: Path | None = None
) -> tuple[dict[str, Any], Path | None]:
    """Replace the database ``using`` and MEDIA_ROOT with the backup in ``source``; return
    its manifest and where the documents that were in MEDIA_ROOT were moved."""
    manifest = read_manifest(source)
    connection = connections[using]
    database = connection.settings_dict
    engine = _engine(database)
    if manifest["engine"] != engine:
        raise BackupError(
            f"The backup is of a {manifest['engine']} database; this one is {engine}."
        )
    connection.close()
    if engine == "postgresql":
        command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges"]
        command += ["--single-transaction", "--exit-on-error", f"--dbname={database['NAME']}"]
        _run([*command, str(source / POSTGRES_DUMP)], database)
    else:
        _sqlite_copy(str(source / SQLITE_COPY), _sqlite_path(database))
    moved_aside = _restore_media(source / MEDIA_ARCHIVE, Path(media_root or settings.MEDIA_ROOT))
    return manifest, moved_aside
