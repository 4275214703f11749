"""The downloadable files: what each holds, how it is written, and the manifest beside
them (``manifest.json``: each file's records, bytes, SHA-256 and date, and the licence).

Each file is written to a temporary file in the same directory while its checksum and
size are counted, then renamed over the old one (atomic on POSIX): a reader gets the old
file or the new one, never half of one."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kernel.api.renderers import csv_lines

from . import ocds, popolo
from .public_api import RESOURCES, public_rows, public_view

MANIFEST = "manifest.json"
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/jsonl; charset=utf-8",
    "json": "application/json",
}
FORMAT_NAMES = {"csv": "CSV", "jsonl": "JSON Lines", "json": "JSON"}

# Pieces of text, each saying whether it completes a record.
Pieces = Iterator[tuple[str, bool]]


@dataclass(frozen=True)
class DataFile:
    """One downloadable file: its name (also its URL's last part), format and contents."""

    name: str
    format: str
    description: Promise
    pieces: Callable[[dt.datetime], Pieces]

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]


def json_object_of_lists(
    head: dict[str, Any], sections: dict[str, Iterator[dict[str, Any]]]
) -> Iterator[tuple[str, bool]]:
    """One JSON object, ``head``'s keys then each section as a list, written an item at a
    time: (text, whether the text ends a record)."""
    opening = json.dumps(head, ensure_ascii=False)[:-1]
    yield opening + (", " if head else ""), False
    for number, (key, items) in enumerate(sections.items()):
        yield ("" if number == 0 else ", ") + json.dumps(key) + ": [", False
        for index, item in enumerate(items):
            yield ("\n" if index == 0 else ",\n") + json.dumps(item, ensure_ascii=False), True
        yield "]", False
    yield "}\n", False


def csv_pieces(resource: str) -> Callable[[dt.datetime], Pieces]:
    """The API's ``?format=csv`` of the whole list: the same columns, cells and header."""

    def pieces(generated: dt.datetime) -> Pieces:
        header = list(public_view(resource).get_serializer().fields)
        read = 0

        def counted() -> Iterator[dict[str, Any]]:
            nonlocal read
            for row in public_rows(resource):
                read += 1
                yield row

        shown = 0
        for line in csv_lines(counted(), header):
            yield line, read > shown  # a line per row read, after the header
            shown = read

    return pieces


def jsonl_pieces(resource: str) -> Callable[[dt.datetime], Pieces]:
    """One JSON object per line: the record as the API's list shows it."""

    def pieces(generated: dt.datetime) -> Pieces:
        for row in public_rows(resource):
            yield json.dumps(row, ensure_ascii=False) + "\n", True

    return pieces


def popolo_pieces(generated: dt.datetime) -> Pieces:
    # The licence and date travel with the file, as the OCDS package's do.
    meta = {"generated_at": generated.isoformat().replace("+00:00", "Z"), "licence": licence()}
    return json_object_of_lists({"meta": meta}, popolo.popolo_sections())


def ocds_pieces(generated: dt.datetime) -> Pieces:
    head = ocds.package_head(generated)
    return json_object_of_lists(head, {"releases": ocds.releases()})


RECORDS = {
    "agreements": _("Published agreements: parties, signatories, dates, fields, sources."),
    "parties": _("Institutions: names, kinds, countries, parent bodies, identifiers."),
    "people": _("People who signed or took part, with the posts they held."),
    "events": _("Published events: signing ceremonies, visits, symposia."),
}
FILES: list[DataFile] = [
    DataFile(f"{resource}.{fmt}", fmt, RECORDS[resource], pieces(resource))
    for resource in RESOURCES
    for fmt, pieces in (("csv", csv_pieces), ("jsonl", jsonl_pieces))
]
FILES += [
    DataFile(
        "popolo.json",
        "json",
        _("Popolo JSON: organizations, persons, posts and memberships."),
        popolo_pieces,
    ),
    DataFile(
        "ocds.json",
        "json",
        _("An OCDS-style release package: one release per published agreement."),
        ocds_pieces,
    ),
]
BY_NAME = {data_file.name: data_file for data_file in FILES}


@dataclass(frozen=True)
class Written:
    """A file written to its temporary name, not yet in place."""

    name: str
    temporary: Path
    records: int
    bytes: int
    sha256: str


def write_temporary(directory: Path, name: str, pieces: Pieces) -> Written:
    """``pieces`` written to a new temporary file in ``directory``, counted and hashed
    as they go; removed again if writing fails."""
    digest = hashlib.sha256()
    size = records = 0
    handle = tempfile.NamedTemporaryFile(dir=directory, prefix=f".{name}.", delete=False)
    try:
        with handle:
            for text, completes in pieces:
                data = text.encode()
                handle.write(data)
                digest.update(data)
                size += len(data)
                records += completes
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return Written(name, Path(handle.name), records, size, digest.hexdigest())


def put_in_place(written: Written, directory: Path) -> None:
    os.chmod(written.temporary, 0o644)
    os.replace(written.temporary, directory / written.name)


def licence() -> dict[str, str]:
    return {"name": settings.DATASET_LICENCE, "url": settings.DATASET_LICENCE_URL}


def write_manifest(directory: Path, manifest: dict[str, Any]) -> None:
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    put_in_place(write_temporary(directory, MANIFEST, iter([(text, False)])), directory)


def read_manifest(directory: Path | None = None) -> dict[str, Any] | None:
    """What was last generated, or None before the first generation."""
    path = (directory or Path(settings.DATASETS_ROOT)) / MANIFEST
    try:
        with path.open(encoding="utf-8") as handle:
            found: dict[str, Any] = json.load(handle)
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    return found


def open_file(name: str) -> tuple[DataFile, IO[bytes]] | None:
    """A generated file by its name, open for reading; None for any other name."""
    data_file = BY_NAME.get(name)
    if data_file is None:
        return None
    try:
        return data_file, (Path(settings.DATASETS_ROOT) / data_file.name).open("rb")
    except FileNotFoundError:
        return None
