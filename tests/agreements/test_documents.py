"""Uploaded documents: an allow-list of types checked by content, a size limit, and downloads
through a view that applies the visibility rule and never shows a file inline."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from agreements.models import Agreement, Document
from tests.admin_forms import change_form_data
from tests.factories import AgreementFactory

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
TEXT = "The parties agree to cooperate. 双方同意合作。\n".encode()
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
JS = b"fetch('/admin/').then(r => r.text()).then(t => navigator.sendBeacon('//x', t));\n"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def attach(agreement: Agreement, name: str, content: bytes) -> Document:
    """A document stored as it is, as one saved before the allow-list would be."""
    document = Document(agreement=agreement, kind="full_text", language="en", title=name)
    document.file.save(name, ContentFile(content))
    return document


def errors_of(agreement: Agreement, name: str, content: bytes) -> list[str]:
    document = Document(
        agreement=agreement,
        kind="signed_scan",
        language="en",
        file=SimpleUploadedFile(name, content),
    )
    try:
        document.full_clean()
    except ValidationError as error:
        return error.message_dict.get("file", [])
    return []


@pytest.mark.parametrize(
    ("name", "content", "found"),
    [
        ("page.html", HTML, "text/html"),
        ("page.pdf", HTML, "text/html"),
        ("drawing.svg", SVG, "image/svg+xml"),
        ("zeros.pdf", b"\0" * 4096, "application/octet-stream"),
    ],
)
def test_it_refuses_content_outside_the_allow_list(
    db: None, name: str, content: bytes, found: str
) -> None:
    errors = errors_of(AgreementFactory(), name, content)

    assert errors == [
        "A document must be one of: PDF, PNG, JPEG, TIFF, plain text, OpenDocument text. "
        f"This file's content is {found}."
    ]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("script.js", JS, "This file's content is plain text, so its name must end in .txt."),
        ("scan.html", PDF, "This file's content is PDF, so its name must end in .pdf."),
    ],
)
def test_it_refuses_a_name_that_does_not_match_the_content(
    db: None, name: str, content: bytes, expected: str
) -> None:
    assert errors_of(AgreementFactory(), name, content) == [expected]


def test_it_accepts_a_pdf_and_a_text_file(db: None) -> None:
    agreement = AgreementFactory()

    assert errors_of(agreement, "Signed Scan.PDF", PDF) == []
    assert errors_of(agreement, "full-text.txt", TEXT) == []


def test_it_refuses_a_file_over_the_size_limit(db: None, settings: Any) -> None:
    settings.DOCUMENT_MAX_BYTES = 1024

    errors = errors_of(AgreementFactory(), "long.txt", b"a" * 1025)

    assert errors == ["A document may be at most 1.0\xa0KB; this file is 1.0\xa0KB."]


def test_the_default_limit_refuses_30_mib_of_zeros(db: None) -> None:
    errors = errors_of(AgreementFactory(), "zeros.pdf", bytes(30 * 1024 * 1024))

    assert errors[0] == "A document may be at most 20.0\xa0MB; this file is 30.0\xa0MB."


def test_the_admin_names_the_file_field_and_keeps_the_upload_out(
    superuser_client: Client, db: None
) -> None:
    agreement = AgreementFactory()

    response = superuser_client.post(
        reverse("admin:agreements_document_add"),
        {
            "agreement": agreement.pk,
            "kind": "signed_scan",
            "language": "en",
            "title": "scan",
            "file": SimpleUploadedFile("scan.svg", SVG, content_type="image/svg+xml"),
        },
    )

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["file"]
    assert "This file&#x27;s content is image/svg+xml." in response.content.decode()
    assert not Document.objects.exists()


def test_the_admin_stores_an_allowed_upload(superuser_client: Client, db: None) -> None:
    agreement = AgreementFactory(slug="signed")

    response = superuser_client.post(
        reverse("admin:agreements_document_add"),
        {
            "agreement": agreement.pk,
            "kind": "signed_scan",
            "language": "en",
            "title": "scan",
            "file": SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf"),
        },
    )

    assert response.status_code == 302
    document = Document.objects.get()
    assert document.file.name == "documents/signed/scan.pdf"


def test_a_document_downloads_as_an_attachment_with_a_safe_type(client: Client, db: None) -> None:
    document = attach(AgreementFactory(slug="public"), "scan.pdf", PDF)

    response = client.get(document.file.url)

    assert document.file.url == "/media/documents/public/scan.pdf"
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert response["Content-Disposition"] == 'attachment; filename="scan.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_a_document_stored_before_the_allow_list_downloads_as_opaque_bytes(
    client: Client, db: None
) -> None:
    document = attach(AgreementFactory(slug="old"), "page.html", HTML)

    response = client.get(document.file.url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="page.html"'


def test_a_drafts_document_is_hidden_from_the_public_and_served_to_staff(
    client: Client, viewer_client: Client, draft_agreement: Agreement
) -> None:
    document = attach(draft_agreement, "draft.txt", TEXT)

    hidden = client.get(document.file.url)
    shown = viewer_client.get(document.file.url)

    assert hidden.status_code == 404
    assert b"".join(shown.streaming_content) == TEXT  # type: ignore[attr-defined]
    assert shown["Content-Type"] == "text/plain; charset=utf-8"


def test_an_unknown_or_missing_file_is_a_404(client: Client, db: None) -> None:
    document = attach(AgreementFactory(slug="gone"), "gone.txt", TEXT)
    document.file.storage.delete(document.file.name)

    assert client.get(document.file.url).status_code == 404
    assert client.get("/media/documents/gone/never.txt").status_code == 404
    assert client.get("/media/../registry/settings.py").status_code == 404


def test_the_page_and_the_api_link_to_the_download_view(client: Client, db: None) -> None:
    document = attach(AgreementFactory(slug="linked"), "text.txt", TEXT)

    page = client.get("/en/agreements/linked/").content.decode()
    api = client.get("/api/agreements/linked/").json()

    assert 'href="/media/documents/linked/text.txt"' in page
    assert api["documents"][0]["file"] == "http://testserver/media/documents/linked/text.txt"
    assert client.get(api["documents"][0]["file"]).status_code == 200
    assert document.file.url == reverse("document-file", args=["documents/linked/text.txt"])


def test_the_agreement_pages_document_inline_names_the_file_field(
    superuser_client: Client, db: None
) -> None:
    agreement = AgreementFactory(slug="inline")
    address = reverse("admin:agreements_agreement_change", args=[agreement.pk])
    data = change_form_data(superuser_client.get(address))
    prefix = next(key for key in data if key.endswith("-TOTAL_FORMS") and "document" in key)
    prefix = prefix.removesuffix("-TOTAL_FORMS")
    data[f"{prefix}-TOTAL_FORMS"] = "1"
    data.update(
        {
            f"{prefix}-0-kind": "signed_scan",
            f"{prefix}-0-language": "en",
            f"{prefix}-0-title": "scan",
            f"{prefix}-0-file": SimpleUploadedFile("scan.html", HTML, content_type="text/html"),
        }
    )

    response = superuser_client.post(address, data)

    assert response.status_code == 200
    inline = next(
        i for i in response.context["inline_admin_formsets"] if i.formset.prefix == prefix
    )
    assert list(inline.formset.forms[0].errors) == ["file"]
    assert not Document.objects.exists()
