"""Export, edit, import: the same columns both ways, only what changed is written."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from agreements.models import Agreement
from agreements.statuses import refresh_statuses
from intake.records.columns import AGREEMENTS, PARTIES, PEOPLE
from intake.records.importer import import_table
from intake.records.readers import read_table
from intake.records.writers import csv_chunks, jsonl_chunks, xlsx_file
from parties.models import Party, Person


def export_csv(resource: Any, queryset: Any) -> str:
    return b"".join(csv_chunks(resource, queryset)).decode("utf-8-sig")


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def as_csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def test_an_exported_agreement_reads_in_the_documented_columns(stocked: dict[str, Any]) -> None:
    rows = rows_of(export_csv(AGREEMENTS, Agreement.objects.filter(slug="cas-shenzhen-2017")))
    assert rows == [
        {
            **rows[0],
            "slug": "cas-shenzhen-2017",
            "reference_number": "CAS-SZ-2017-004",
            "signed_on": "2019-07",
            "published": "true",
            "parties": "cas:lead; shenzhen",
            "signatories": "bai-chunli@cas (President); wang-weizhong@shenzhen:witness",
            "fields": "science",
            "regions": "greater-bay-area",
            "sources": "https://example.org/a",
            # The formula guard: a spreadsheet shows the text and never runs it.
            "summary": "'=SUM(A1:A9) is not a formula here",
        }
    ]


def test_reimporting_an_export_changes_nothing(stocked: dict[str, Any]) -> None:
    agreement = stocked["agreement"]
    history = agreement.history.count()
    data = export_csv(AGREEMENTS, Agreement.objects.all()).encode()
    report = import_table(read_table(data, "csv"), mode="per-row")
    assert report.counts == {"created": 0, "updated": 0, "unchanged": 2, "failed": 0}
    assert agreement.history.count() == history
    assert Agreement.objects.count() == 2


def test_editing_one_cell_changes_only_that_field(stocked: dict[str, Any]) -> None:
    agreement = stocked["agreement"]
    # The factory stores no derived status; any write would bring it up to date too.
    refresh_statuses(ids=[agreement.pk])
    history = agreement.history.count()
    rows = rows_of(export_csv(AGREEMENTS, Agreement.objects.filter(pk=agreement.pk)))
    rows[0]["signed_place"] = "Shenzhen"
    report = import_table(read_table(as_csv(rows), "csv"))
    assert [r.action for r in report.rows] == ["updated"]
    agreement.refresh_from_db()
    assert agreement.signed_place == "Shenzhen"
    assert agreement.summary == "=SUM(A1:A9) is not a formula here"
    assert agreement.history.count() == history + 1
    latest = agreement.history.first()
    changes = latest.diff_against(latest.prev_record).changed_fields
    assert set(changes) == {"signed_place"}


def test_a_second_import_of_new_rows_updates_instead_of_duplicating(db: None) -> None:
    data = (
        b"slug,name,kind,country,identifiers\n"
        b"cas,Chinese Academy of Sciences,academy,CN,wikidata:Q530471\n"
    )
    first = import_table(read_table(data, "csv"))
    second = import_table(read_table(data, "csv"))
    assert [r.action for r in first.rows] == ["created"]
    assert [r.action for r in second.rows] == ["unchanged"]
    assert Party.objects.count() == 1


def test_parties_are_found_by_an_identifier_when_the_slug_is_not_given(db: None) -> None:
    import_table(
        read_table(b"slug,name,kind,identifiers\ncas,CAS,academy,wikidata:Q530471\n", "csv")
    )
    report = import_table(
        read_table(b"name,kind,identifiers\nChinese Academy,academy,wikidata:Q530471\n", "csv")
    )
    assert [(r.action, r.key) for r in report.rows] == [("updated", "cas")]
    assert Party.objects.get().name == "Chinese Academy"


def test_agreements_are_found_by_reference_number(stocked: dict[str, Any]) -> None:
    data = b"reference_number,signed_place\nCAS-SZ-2017-004,Beijing\n"
    report = import_table(read_table(data, "csv"))
    assert [(r.action, r.key) for r in report.rows] == [("updated", "cas-shenzhen-2017")]


def test_xlsx_round_trip_gives_back_the_same_rows(stocked: dict[str, Any]) -> None:
    handle = xlsx_file(AGREEMENTS, Agreement.objects.all())
    report = import_table(read_table(handle.read(), "xlsx"))
    assert report.counts["unchanged"] == 2 and report.counts["failed"] == 0


def test_jsonl_round_trip_gives_back_the_same_rows(stocked: dict[str, Any]) -> None:
    data = b"".join(jsonl_chunks(PARTIES, Party.objects.all()))
    first = json.loads(data.splitlines()[0])
    assert set(first) == set(PARTIES.names)
    report = import_table(read_table(data, "jsonl"))
    assert report.counts == {"created": 0, "updated": 0, "unchanged": 2, "failed": 0}


def test_people_round_trip_through_csv(stocked: dict[str, Any]) -> None:
    rows = rows_of(export_csv(PEOPLE, Person.objects.order_by("slug")))
    rows[0]["name_local"] = "白春礼"
    report = import_table(read_table(as_csv(rows), "csv"))
    assert [r.action for r in report.rows] == ["updated", "unchanged"]
    assert Person.objects.get(slug="bai-chunli").name_local == "白春礼"


def test_a_status_set_by_hand_travels_with_its_note(stocked: dict[str, Any]) -> None:
    agreement = stocked["agreement"]
    rows = rows_of(export_csv(AGREEMENTS, Agreement.objects.filter(pk=agreement.pk)))
    assert rows[0]["status_fixed"] == "false"
    rows[0].update(status="terminated", status_fixed="true", status_note="")
    refused = import_table(read_table(as_csv(rows), "csv"))
    assert [(r.action, [e["column"] for e in r.errors]) for r in refused.rows] == [
        ("failed", ["status_note"])
    ]
    rows[0]["status_note"] = "Ended by letter; no date given."
    report = import_table(read_table(as_csv(rows), "csv"))
    assert [r.action for r in report.rows] == ["updated"]
    agreement.refresh_from_db()
    assert (agreement.status, agreement.status_fixed) == ("terminated", True)
    again = rows_of(export_csv(AGREEMENTS, Agreement.objects.filter(pk=agreement.pk)))
    assert again[0]["status_note"] == "Ended by letter; no date given."
