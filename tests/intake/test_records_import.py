"""Import modes, dry runs, error reports and the import_records command."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from agreements.models import Agreement
from intake.records.importer import error_lines, import_table
from intake.records.readers import FileRefused, read_table
from parties.models import Party

GOOD_AND_BAD = (
    b"slug,title,kind,signed_on,parties\n"
    b"first-accord,First accord,cooperation_agreement,2020-03,cas; shenzhen\n"
    b"second-accord,Second accord,cooperation_agreement,March 2020,cas\n"
    b"third-accord,Third accord,no_such_kind,2021,nobody\n"
)


def test_an_atomic_import_with_an_error_writes_nothing(stocked: dict[str, Any]) -> None:
    report = import_table(read_table(GOOD_AND_BAD, "csv"), mode="atomic")
    assert [r.action for r in report.rows] == ["created", "failed", "failed"]
    assert report.written is False
    assert not Agreement.objects.filter(slug="first-accord").exists()


def test_a_per_row_import_writes_the_good_rows_and_reports_the_bad(
    stocked: dict[str, Any],
) -> None:
    report = import_table(read_table(GOOD_AND_BAD, "csv"), mode="per-row")
    assert report.written is True
    assert Agreement.objects.get(slug="first-accord").party_ids() == {
        stocked["cas"].pk,
        stocked["shenzhen"].pk,
    }
    assert not Agreement.objects.filter(slug__in=["second-accord", "third-accord"]).exists()


def test_errors_name_the_row_and_the_column(stocked: dict[str, Any]) -> None:
    report = import_table(read_table(GOOD_AND_BAD, "csv"), mode="per-row")
    lines = error_lines(report)
    assert any(line.startswith("row 3, column signed_on: ") for line in lines), lines
    assert any(line.startswith("row 4, column kind: ") for line in lines), lines
    assert any(line.startswith("row 4, column parties: [0].party: ") for line in lines), lines


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(
    stocked: dict[str, Any],
) -> None:
    data = b"slug,signed_place\ncas-shenzhen-2017,Beijing\nsecret-draft,\n"
    history = stocked["agreement"].history.count()
    report = import_table(read_table(data, "csv"), mode="per-row", dry_run=True)
    assert [r.action for r in report.rows] == ["updated", "unchanged"]
    assert report.written is False
    stocked["agreement"].refresh_from_db()
    assert stocked["agreement"].signed_place == ""
    assert stocked["agreement"].history.count() == history


def test_an_unknown_column_is_refused_by_name(db: None) -> None:
    with pytest.raises(FileRefused, match="Unknown columns for parties: colour"):
        import_table(read_table(b"slug,name,colour\nx,X,red\n", "csv"), kind="parties")


def test_a_bad_signatory_cell_says_what_form_it_takes(stocked: dict[str, Any]) -> None:
    data = b"slug,signatories\ncas-shenzhen-2017,bai-chunli for cas\n"
    report = import_table(read_table(data, "csv"))
    assert error_lines(report) == [
        "row 2, column signatories: 'bai-chunli for cas' is not person@body, "
        "person@body:witness or (title)."
    ]


def test_a_byte_order_mark_is_tolerated(db: None) -> None:
    data = "\ufeffslug,name,kind\ncas,CAS,academy\n".encode()
    report = import_table(read_table(data, "csv"))
    assert [r.action for r in report.rows] == ["created"]


def test_xlsx_formulas_are_read_as_their_values_or_reported(db: None) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["slug", "name", "kind"])
    sheet.append(["cas", "CAS", "academy"])
    sheet.append(["siat", '=CONCAT("SI","AT")', "research_institute"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    # openpyxl saves no computed values: the formula's row is reported, not emptied.
    report = import_table(read_table(buffer.getvalue(), "xlsx"), mode="per-row")
    assert [r.action for r in report.rows] == ["created", "failed"]
    assert "row 3, column name: a formula with no computed value" in error_lines(report)[0]
    assert Party.objects.get().slug == "cas"


def test_the_command_imports_and_exits_zero(tmp_path: Path, db: None) -> None:
    path = tmp_path / "parties.csv"
    path.write_bytes(b"slug,name,kind\ncas,CAS,academy\n")
    out = io.StringIO()
    call_command("import_records", str(path), stdout=out)
    assert "1 created" in out.getvalue()
    assert Party.objects.filter(slug="cas").exists()


def test_the_command_exits_one_on_row_errors(tmp_path: Path, stocked: dict[str, Any]) -> None:
    path = tmp_path / "agreements.csv"
    path.write_bytes(GOOD_AND_BAD)
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(
            "import_records", str(path), "--mode", "per-row", stderr=err, stdout=io.StringIO()
        )
    assert raised.value.returncode == 1
    assert "row 3, column signed_on" in err.getvalue()


def test_the_command_exits_two_on_a_refused_file(tmp_path: Path, db: None) -> None:
    path = tmp_path / "people.txt"
    path.write_bytes(b"slug\nx\n")
    with pytest.raises(CommandError) as raised:
        call_command("import_records", str(path))
    assert raised.value.returncode == 2


def test_the_command_dry_run_writes_nothing(tmp_path: Path, db: None) -> None:
    path = tmp_path / "people.jsonl"
    path.write_bytes(b'{"slug": "bai-chunli", "name": "Bai Chunli"}\n')
    out = io.StringIO()
    call_command("import_records", str(path), "--dry-run", "--kind", "people", stdout=out)
    assert "dry run, nothing written" in out.getvalue()
    assert "1 created" in out.getvalue()
    from parties.models import Person

    assert not Person.objects.exists()
