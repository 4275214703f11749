"""GET /api/export/...: the import's columns, drafts for those who may see them only."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.test import Client

EXPORT = "/api/export/agreements/"


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_anonymous_callers_never_get_drafts(client: Client, stocked: dict[str, Any]) -> None:
    for fmt in ("csv", "jsonl", "xlsx"):
        response = client.get(EXPORT, {"format": fmt})
        assert response.status_code == 200, fmt
        assert b"secret-draft" not in body(response) or fmt == "xlsx", fmt
    rows = list(csv.DictReader(io.StringIO(body(client.get(EXPORT)).decode("utf-8-sig"))))
    assert [row["slug"] for row in rows] == ["cas-shenzhen-2017"]


def test_a_read_token_gets_drafts_too(analyst_client: Client, stocked: dict[str, Any]) -> None:
    lines = body(analyst_client.get(EXPORT, {"format": "jsonl"})).splitlines()
    assert {json.loads(line)["slug"] for line in lines} == {"cas-shenzhen-2017", "secret-draft"}


def test_the_xlsx_export_holds_no_draft_for_anonymous(
    client: Client, stocked: dict[str, Any]
) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(body(client.get(EXPORT, {"format": "xlsx"}))))
    slugs = [row[0] for row in workbook.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert slugs == ["cas-shenzhen-2017"]


def test_the_list_filters_apply(analyst_client: Client, stocked: dict[str, Any]) -> None:
    response = analyst_client.get(EXPORT, {"format": "jsonl", "party": "shenzhen"})
    assert [json.loads(line)["slug"] for line in body(response).splitlines()] == [
        "cas-shenzhen-2017"
    ]


def test_a_bad_filter_or_format_is_a_400_naming_it(client: Client, db: None) -> None:
    response = client.get(EXPORT, {"format": "pdf"})
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["format"]
    response = client.get(EXPORT, {"signed_after": "soon"})
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["signed_after"]


def test_csv_cells_are_guarded_against_formulas(client: Client, stocked: dict[str, Any]) -> None:
    text = body(client.get(EXPORT)).decode("utf-8-sig")
    assert ",'=SUM(A1:A9) is not a formula here," in text


def test_parties_and_people_are_exported(client: Client, stocked: dict[str, Any]) -> None:
    parties = body(client.get("/api/export/parties/", {"format": "jsonl"})).splitlines()
    assert {json.loads(line)["slug"] for line in parties} == {"cas", "shenzhen"}
    people = body(client.get("/api/export/people/")).decode("utf-8-sig").splitlines()
    assert people[0] == "slug,name,name_local,description"
    assert len(people) == 3


def test_the_export_reads_a_constant_number_of_queries(
    client: Client, stocked: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    # The agreements, then one query each for parties, signatures, sources, fields and
    # regions, whatever the number of agreements (chunks of 500); a few for the session.
    with django_assert_max_num_queries(10):
        body(client.get(EXPORT))
