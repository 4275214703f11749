"""The admin's "Import records" page: upload, preview, confirm; and the export actions."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from intake.models import ImportJob, ImportStatus
from parties.models import Party

IMPORT_URL = "admin:intake_importjob_import"
PARTIES_CSV = (
    b"slug,name,kind,country\n"
    b"cas,Chinese Academy of Sciences,academy,CN\n"
    b"siat,Shenzhen Institutes,research_institute,XX\n"
    b"cuhk,Chinese University of Hong Kong,university,HK\n"
)


def upload(client: Client, data: bytes, name: str = "parties.csv", mode: str = "per-row") -> Any:
    file = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(reverse(IMPORT_URL), {"file": file, "mode": mode}, follow=True)


def test_the_preview_names_row_and_column_and_writes_nothing(editor_client: Client) -> None:
    response = upload(editor_client, PARTIES_CSV)
    page = response.content.decode()
    assert response.status_code == 200
    assert "row 3, column country" in page
    job = ImportJob.objects.get()
    assert (job.status, job.dry_run, job.created, job.failed) == (ImportStatus.DONE, True, 2, 1)
    assert Party.objects.count() == 0
    assert 'http-equiv="refresh"' not in page


def test_confirming_the_preview_writes_the_good_rows(editor_client: Client) -> None:
    upload(editor_client, PARTIES_CSV)
    job = ImportJob.objects.get()
    response = editor_client.post(
        reverse("admin:intake_importjob_confirm", args=[job.pk]), follow=True
    )
    assert response.status_code == 200
    job.refresh_from_db()
    assert (job.dry_run, job.status, job.created, job.failed) == (False, "done", 2, 1)
    assert set(Party.objects.values_list("slug", flat=True)) == {"cas", "cuhk"}


def test_an_atomic_preview_with_errors_cannot_be_confirmed(editor_client: Client) -> None:
    upload(editor_client, PARTIES_CSV, mode="atomic")
    job = ImportJob.objects.get()
    response = editor_client.post(
        reverse("admin:intake_importjob_confirm", args=[job.pk]), follow=True
    )
    assert "cannot be confirmed" in response.content.decode()
    assert Party.objects.count() == 0


def test_a_bad_file_is_an_error_on_the_form_not_a_500(editor_client: Client) -> None:
    cases = {
        "empty.csv": (b"", "empty"),
        "latin.csv": ("slug,name\nzürich,Z\n".encode("latin-1"), "UTF-8"),
        "unknown.csv": (b"slug,name,colour\nx,y,z\n", "colour"),
        "noslug.csv": (b"name,kind\nX,academy\n", "slug"),
        "book.xls": (b"slug\nx\n", ".xls"),
        "fake.xlsx": (b"slug\nx\n", "XLSX"),
        "broken.jsonl": (b'{"slug": "x"}\n{oops\n', "Line 2"),
    }
    for name, (data, expected) in cases.items():
        response = upload(editor_client, data, name=name)
        assert response.status_code == 200, name
        assert expected in response.content.decode(), name
    assert ImportJob.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused(editor_client: Client, settings: Any) -> None:
    settings.INTAKE_MAX_BYTES = 50
    response = upload(editor_client, PARTIES_CSV)
    assert "the limit is 50" in response.content.decode()


def test_staff_who_may_not_change_records_cannot_import(viewer_client: Client) -> None:
    response = viewer_client.get(reverse(IMPORT_URL))
    assert response.status_code == 403


def test_a_large_file_runs_as_a_task_and_its_page_follows_it(
    editor_client: Client, settings: Any
) -> None:
    settings.INTAKE_BACKGROUND_ROWS = 2
    response = upload(editor_client, PARTIES_CSV)
    assert "runs in the background" in response.content.decode()
    job = ImportJob.objects.get()
    # The immediate backend ran it at once.
    assert (job.status, job.rows_done, job.rows_total) == ("done", 3, 3)


def test_a_running_job_page_refreshes_itself_without_a_script(editor_client: Client) -> None:
    upload(editor_client, PARTIES_CSV)
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, rows_done=1)
    page = editor_client.get(reverse("admin:intake_importjob_change", args=[job.pk]))
    text = page.content.decode()
    assert '<meta http-equiv="refresh" content="3">' in text
    assert '<progress max="3" value="1">' in text
    assert "<script>" not in text.replace("<script src", "")


def test_the_export_action_downloads_the_selected_records(
    editor_client: Client, stocked: dict[str, Any]
) -> None:
    response = editor_client.post(
        reverse("admin:agreements_agreement_changelist"),
        {"action": "export_csv", "_selected_action": [stocked["draft"].pk]},
    )
    assert response["Content-Disposition"] == 'attachment; filename="agreements.csv"'
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "secret-draft" in body and "cas-shenzhen-2017" not in body


def test_the_export_action_writes_xlsx(editor_client: Client, stocked: dict[str, Any]) -> None:
    response = editor_client.post(
        reverse("admin:parties_party_changelist"),
        {"action": "export_xlsx", "_selected_action": [stocked["cas"].pk]},
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert b"".join(response.streaming_content).startswith(b"PK")
