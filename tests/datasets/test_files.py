"""The files: the API's shape, published records only, checksums that match, Popolo that
validates against the Popolo schemas, OCDS with its required fields, atomic writes."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from agreements.models import Agreement
from datasets import files
from datasets.files import FILES, read_manifest
from datasets.generate import generate

from .conftest import DRAFT_EVENT_SLUG, DRAFT_SLUG, MARKER
from .helpers import json_of, jsonl_of, ocds_problems, popolo_validator, root, text_of

RESOURCES = ["agreements", "parties", "people", "events"]


def test_every_file_is_written_with_its_manifest(world: dict[str, Any]) -> None:
    manifest = generate()
    assert [item["name"] for item in manifest["files"]] == [f.name for f in FILES]
    assert {f.name for f in FILES} == {
        *(f"{resource}.{fmt}" for resource in RESOURCES for fmt in ("csv", "jsonl")),
        "popolo.json",
        "ocds.json",
    }
    assert read_manifest() == manifest
    assert manifest["licence"] == {
        "name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    by_name = {item["name"]: item for item in manifest["files"]}
    # One published agreement, the demo's signing ceremony and the public symposium,
    # the demo's four parties.
    assert by_name["agreements.csv"]["records"] == 1
    assert by_name["agreements.jsonl"]["records"] == 1
    assert by_name["events.jsonl"]["records"] == 2
    assert by_name["parties.csv"]["records"] == 4
    assert by_name["ocds.json"]["records"] == 1


def test_each_checksum_and_size_match_the_file(world: dict[str, Any]) -> None:
    for item in generate()["files"]:
        data = (root() / item["name"]).read_bytes()
        assert item["bytes"] == len(data), item["name"]
        assert item["sha256"] == hashlib.sha256(data).hexdigest(), item["name"]


def test_no_draft_is_in_any_file(world: dict[str, Any]) -> None:
    generate()
    for data_file in FILES:
        text = text_of(data_file.name)
        for hidden in (MARKER, DRAFT_SLUG, DRAFT_EVENT_SLUG):
            assert hidden not in text, (data_file.name, hidden)
    # The public event names the draft too; only the published agreement is left.
    events = {event["slug"]: event for event in jsonl_of("events.jsonl")}
    assert events[world["public_event"].slug]["agreements"] == ["cas-shenzhen-2017"]


@pytest.mark.parametrize("resource", RESOURCES)
def test_json_lines_hold_one_api_record_per_line(
    client: Client, world: dict[str, Any], resource: str
) -> None:
    generate()
    lines = text_of(f"{resource}.jsonl").splitlines()
    assert lines and all(json.loads(line) for line in lines)
    api = client.get(f"/api/{resource}/", {"page_size": 500}).json()["results"]
    assert [json.loads(line) for line in lines] == api


@pytest.mark.parametrize("resource", RESOURCES)
def test_csv_files_are_the_apis_csv_of_the_whole_list(
    client: Client, world: dict[str, Any], resource: str
) -> None:
    generate()
    streamed = client.get(f"/api/{resource}/", {"format": "csv"}).getvalue().decode()
    # DRF keeps ?format=csv on the links it writes in answer to it; the file's links
    # are the records' plain API addresses.
    assert text_of(f"{resource}.csv") == streamed.replace("/?format=csv", "/")
    rows = list(csv.DictReader(io.StringIO(text_of(f"{resource}.csv"))))
    name = "name" if resource in {"parties", "people"} else "title"
    assert rows and list(rows[0])[:3] == ["slug", "url", name]
    assert rows[0]["url"] == f"http://testserver/api/{resource}/{rows[0]['slug']}/"


def test_popolo_validates_against_the_popolo_schemas(world: dict[str, Any]) -> None:
    generate()
    popolo = json_of("popolo.json")
    sections = {
        "organizations": "organization",
        "persons": "person",
        "posts": "post",
        "memberships": "membership",
    }
    for section, schema in sections.items():
        validator = popolo_validator(schema)
        assert popolo[section], section
        for item in popolo[section]:
            errors = [error.message for error in validator.iter_errors(item)]
            assert errors == [], (section, item)
    organizations = {item["id"]: item for item in popolo["organizations"]}
    assert organizations["siat"]["parent_id"] == "cas"
    assert {"name": "中国科学院", "note": "local"} in organizations["cas"]["other_names"]
    memberships = [m for m in popolo["memberships"] if m["role"] == "Vice-President"]
    assert memberships == [
        {
            "id": memberships[0]["id"],
            "person_id": memberships[0]["person_id"],
            "organization_id": "cas",
            "post_id": "cas:Vice-President",
            "role": "Vice-President",
            "start_date": "2015-03",
        }
    ]
    post_ids = {post["id"] for post in popolo["posts"]}
    assert {m["post_id"] for m in popolo["memberships"]} <= post_ids
    assert popolo["meta"]["licence"]["name"] == "CC BY 4.0"


def test_a_popolo_item_breaking_the_schema_is_caught() -> None:
    """The validator used above does reject what Popolo forbids."""
    errors = list(popolo_validator("membership").iter_errors({"start_date": "3 May 2015"}))
    assert errors


def test_ocds_package_and_releases_have_the_required_fields(world: dict[str, Any]) -> None:
    generate()
    package = json_of("ocds.json")
    assert ocds_problems(package) == []
    assert {"uri", "publishedDate", "publisher", "releases", "version"} <= set(package)
    assert package["uri"] == "http://testserver/data/ocds.json"
    assert package["publisher"]["name"]
    assert package["license"] == "https://creativecommons.org/licenses/by/4.0/"
    (release,) = package["releases"]
    assert {"ocid", "id", "date", "tag", "initiationType"} <= set(release)
    assert release["ocid"] == "ocds-coopreg-cas-shenzhen-2017"
    assert release["id"].startswith("ocds-coopreg-cas-shenzhen-2017-")
    assert release["tag"] == ["contract"]
    assert release["initiationType"] == "tender"
    assert [(p["id"], p["roles"]) for p in release["parties"]] == [
        ("cas", ["party"]),
        ("shenzhen", ["party"]),
    ]
    (contract,) = release["contracts"]
    assert contract["dateSigned"] == "2017-12-03T00:00:00Z"
    assert contract["status"] == "active"
    assert release["agreement"]["signed_on"] == "2017-12-03"


def test_the_ocds_check_catches_missing_fields_and_bad_formats(world: dict[str, Any]) -> None:
    """The check used above does reject what OCDS forbids."""
    generate()
    package = json_of("ocds.json")
    del package["publisher"]
    package["publishedDate"] = "2026-12-01"
    (release,) = package["releases"]
    del release["initiationType"]
    release.update(ocid="cas-shenzhen-2017", date="3 December 2017", tag=["signed"])
    assert ocds_problems(package) == [
        "package: no publisher",
        "package: publishedDate '2026-12-01'",
        "package: publisher without a name",
        "release 0: no initiationType",
        "release 0: ocid 'cas-shenzhen-2017' lacks the prefix ocds-coopreg-",
        "release 0: date '3 December 2017'",
        "release 0: tag ['signed']",
        "release 0: initiationType None",
    ]


def test_old_files_stay_until_the_new_ones_are_complete(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = generate()
    before = {data_file.name: text_of(data_file.name) for data_file in FILES}
    seen_while_writing: list[str] = []

    def failing(generated: Any) -> Iterator[tuple[str, bool]]:
        yield "half a file", False
        # The agreements' files were already written anew: they are not yet in place.
        seen_while_writing.append(text_of("agreements.jsonl"))
        raise RuntimeError("disk full")

    broken = files.DataFile("ocds.json", "json", FILES[-1].description, failing)
    monkeypatch.setattr("datasets.generate.FILES", [*FILES[:-1], broken])
    world["public"].title = "A new title"
    world["public"].save()
    with pytest.raises(RuntimeError):
        generate()
    assert seen_while_writing == [before["agreements.jsonl"]]
    assert {name: text_of(name) for name in before} == before
    assert read_manifest() == first
    # No temporary file is left behind.
    assert sorted(p.name for p in root().iterdir() if p.name.startswith(".")) == [
        ".generating.lock"
    ]


def test_generating_costs_the_same_queries_for_more_records(
    db: None, django_assert_max_num_queries: Any
) -> None:
    """Every file is read a chunk at a time with the list's own queries: no query per
    record (3 and 12 agreements, each with a party, a signatory and a post)."""
    from tests.factories import (
        AgreementFactory,
        AgreementPartyFactory,
        EventFactory,
        PostFactory,
        SignatureFactory,
    )

    counts = []
    for total in (3, 12):
        while Agreement.objects.count() < total:
            agreement = AgreementFactory()
            party = AgreementPartyFactory(agreement=agreement).party
            post = PostFactory(party=party)
            SignatureFactory(agreement=agreement, person=post.person, on_behalf_of=party)
            EventFactory().agreements.add(agreement)
        with django_assert_max_num_queries(200) as captured:
            generate()
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
