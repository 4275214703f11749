"""What an uploaded document may be: an allow-list of types, recognised by content (libmagic)
and matched by the file name's extension, and a size limit (``DOCUMENT_MAX_BYTES``).

HTML, SVG, scripts and anything unrecognised are refused: documents are downloaded from the
registry's own origin, where active content could act as the registry.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO, Any

import magic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# libmagic needs at most this much of the start of a file to recognise these types.
SNIFF_BYTES = 8192


@dataclass(frozen=True)
class DocumentType:
    label: str
    content_type: str  # as sent when the document is downloaded
    extensions: tuple[str, ...]


# By the content type libmagic reports.
DOCUMENT_TYPES: dict[str, DocumentType] = {
    "application/pdf": DocumentType("PDF", "application/pdf", (".pdf",)),
    "image/png": DocumentType("PNG", "image/png", (".png",)),
    "image/jpeg": DocumentType("JPEG", "image/jpeg", (".jpg", ".jpeg")),
    "image/tiff": DocumentType("TIFF", "image/tiff", (".tif", ".tiff")),
    "text/plain": DocumentType("plain text", "text/plain; charset=utf-8", (".txt",)),
    "application/vnd.oasis.opendocument.text": DocumentType(
        "OpenDocument text", "application/vnd.oasis.opendocument.text", (".odt",)
    ),
}
ALLOWED_LABELS = ", ".join(kind.label for kind in DOCUMENT_TYPES.values())
# Anything else is sent as an opaque download (records uploaded before the allow-list).
OPAQUE = "application/octet-stream"


def extension(name: str) -> str:
    return PurePosixPath(name).suffix.lower()


def detected_type(file: IO[bytes] | Any) -> str:
    """The content type libmagic reads from the start of ``file``, which is left at its start."""
    file.seek(0)
    head = file.read(SNIFF_BYTES)
    file.seek(0)
    return str(magic.from_buffer(head, mime=True))


def served_content_type(name: str) -> str:
    """The Content-Type a stored document is downloaded with, from its (checked) extension."""
    suffix = extension(name)
    for kind in DOCUMENT_TYPES.values():
        if suffix in kind.extensions:
            return kind.content_type
    return OPAQUE


def validate_document_size(file: Any) -> None:
    limit: int = settings.DOCUMENT_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            _("A document may be at most %(limit)s; this file is %(size)s."),
            code="file_too_large",
            params={"limit": filesizeformat(limit), "size": filesizeformat(file.size)},
        )


def validate_document_type(file: Any) -> None:
    """The content must be of an allowed type, and the name must end as that type's do."""
    found = detected_type(file)
    kind = DOCUMENT_TYPES.get(found)
    if kind is None:
        raise ValidationError(
            _("A document must be one of: %(allowed)s. This file's content is %(found)s."),
            code="file_type_not_allowed",
            params={"allowed": ALLOWED_LABELS, "found": found},
        )
    if extension(file.name) not in kind.extensions:
        raise ValidationError(
            _("This file's content is %(label)s, so its name must end in %(extensions)s."),
            code="file_name_does_not_match",
            params={"label": kind.label, "extensions": " or ".join(kind.extensions)},
        )
