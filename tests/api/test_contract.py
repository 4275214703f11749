"""The contract of issue 3: addresses, field names and values other systems code against."""

from __future__ import annotations

from typing import Any

from django.test import Client

from agreements.choices import INVERSE_RELATION
from agreements.models import Agreement
from parties.models import Party

from .conftest import send

AGREEMENT_FIELDS = {
    "slug", "url", "title", "title_local", "kind", "status", "published", "signed_on",
    "effective_on", "expires_on", "signed_place", "summary", "parties", "signatories",
    "fields", "regions", "relations", "commitments", "sources",
}  # fmt: skip


def test_an_agreement_has_every_contract_field_and_every_inverse_relation(
    founding_record: Agreement, client: Client
) -> None:
    data = client.get("/api/agreements/cas-shenzhen-2017/").json()
    assert AGREEMENT_FIELDS <= set(data)
    assert {name for name, _label in INVERSE_RELATION.values()} <= set(data)
    assert data["url"] == "http://testserver/api/agreements/cas-shenzhen-2017/"


def test_the_founding_record_reads_back_with_its_sources(
    founding_record: Agreement, client: Client
) -> None:
    data = client.get("/api/agreements/cas-shenzhen-2017/").json()
    assert data["title_local"] == "共同推进建设深圳国际科技产业创新中心合作协议书"
    assert data["signed_on"] == "2017-12-03"
    assert data["signed_place"] == "Shenzhen"
    assert [p["party"] for p in data["parties"]] == ["cas", "shenzhen"]
    assert data["signatories"] == []  # neither source says who signed
    assert sorted(data["fields"]) == ["capital", "education", "industry", "science", "technology"]
    assert sorted(data["regions"]) == ["greater-bay-area", "pan-pearl-river-delta"]
    assert data["events"] == ["cas-shenzhen-symposium-2017"]
    sources = {s["url"]: s for s in data["sources"]}
    assert set(sources) == {
        "http://english.siat.ac.cn/News2017/SN2017/201712/t20171205_187123.html",
        "http://www.gov.cn/xinwen/2017-12/04/content_5244271.htm",
    }
    press = sources["http://english.siat.ac.cn/News2017/SN2017/201712/t20171205_187123.html"]
    assert press["published_on"] == "2017-12-05"
    assert press["language"] == "en"
    assert len(data["commitments"]) == 3


def test_the_founding_records_people_and_event_read_back(
    founding_record: Agreement, client: Client
) -> None:
    bai = client.get("/api/people/bai-chunli/").json()
    assert (bai["name"], bai["name_local"]) == ("BAI Chunli", "白春礼")
    event = client.get("/api/events/cas-shenzhen-symposium-2017/").json()
    assert event["agreements"] == ["cas-shenzhen-2017"]
    assert {p["person"] for p in event["participants"]} == {"bai-chunli", "wang-weizhong"}
    siat = client.get("/api/parties/siat/").json()
    assert siat["parent"] == "cas"
    assert client.get("/api/regions/greater-bay-area/").json()["parent"] is None


def test_a_party_has_the_contract_fields(feeder_client: Client, world: dict[str, Any]) -> None:
    payload = {
        "slug": "nus",
        "name": "National University of Singapore",
        "name_local": "新加坡国立大学",
        "abbreviation": "NUS",
        "aliases": ["NUS", "Singapore University"],
        "kind": "university",
        "country": "SG",
        "parent": None,
        "website": "https://nus.edu.sg/",
    }
    response = send(feeder_client, "post", "/api/parties/", payload)
    assert response.status_code == 201, response.json()
    data = feeder_client.get("/api/parties/nus/").json()
    assert {k: data[k] for k in payload} == payload
    assert data["url"] == "http://testserver/api/parties/nus/"


def test_a_party_is_written_under_a_parent_by_slug(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    payload = {"name": "Shenzhen Institute", "kind": "research_institute", "parent": "cas"}
    data = send(feeder_client, "post", "/api/parties/", payload).json()
    assert data["slug"] == "shenzhen-institute"
    assert data["parent"] == "cas"
    # Left without a country, the new sub-unit takes its parent's.
    assert data["aliases"] == [] and data["country"] == "CN"


def test_party_aliases_are_replaced_and_duplicates_rejected(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    send(feeder_client, "patch", "/api/parties/cas/", {"aliases": ["中科院", "CAS"]})
    assert sorted(Party.objects.get(slug="cas").aliases.values_list("name", flat=True)) == [
        "CAS",
        "中科院",
    ]
    response = send(feeder_client, "patch", "/api/parties/cas/", {"aliases": ["A", "B", "A"]})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "aliases[2]"


def test_a_party_with_an_unknown_kind_or_country_is_rejected(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    response = send(
        feeder_client, "post", "/api/parties/", {"name": "X", "kind": "club", "country": "XX"}
    )
    assert response.status_code == 400
    assert sorted(e["field"] for e in response.json()["errors"]) == ["country", "kind"]


def test_a_person_has_name_and_name_local(feeder_client: Client, world: dict[str, Any]) -> None:
    payload = {"name": "LI Ming", "name_local": "李明"}
    data = send(feeder_client, "post", "/api/people/", payload).json()
    assert (data["slug"], data["name"], data["name_local"]) == ("li-ming", "LI Ming", "李明")
    assert data["url"] == "http://testserver/api/people/li-ming/"


def test_fields_and_regions_have_name_name_local_and_parent(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    for resource, parent in [("fields", "science"), ("regions", "greater-bay-area")]:
        payload = {"name": "Sub term", "name_local": "子项", "parent": parent}
        response = send(feeder_client, "post", f"/api/{resource}/", payload)
        assert response.status_code == 201, response.json()
        data = response.json()
        assert (data["name"], data["name_local"], data["parent"]) == ("Sub term", "子项", parent)
        assert data["url"] == f"http://testserver/api/{resource}/sub-term/"


def test_an_event_is_written_with_participants(
    feeder_client: Client, world: dict[str, Any]
) -> None:
    payload = {
        "title": "Signing ceremony",
        "kind": "signing_ceremony",
        "date": "2017-12",
        "published": True,
        "parties": ["cas"],
        "agreements": ["older-slug"],
        "participants": [{"person": "bai-chunli", "party": "cas", "role": "guest"}],
    }
    response = send(feeder_client, "post", "/api/events/", payload)
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["date"] == "2017-12"
    assert data["participants"] == [
        {"person": "bai-chunli", "party": "cas", "role": "guest", "note": ""}
    ]
    older = feeder_client.get("/api/agreements/older-slug/").json()
    assert older["events"] == [data["slug"]]


def test_deleting_a_party_that_signed_something_is_refused(
    feeder_client: Client, founding_record: Agreement
) -> None:
    response = feeder_client.delete("/api/parties/shenzhen/")
    assert response.status_code == 409
    assert Party.objects.filter(slug="shenzhen").exists()
