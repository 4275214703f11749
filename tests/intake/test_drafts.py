"""Saving reviewed proposals: drafts citing the text, every kept fact with its claim."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.http import HttpRequest
from django.test import RequestFactory
from rest_framework import serializers

from agreements.models import Agreement, Claim, Source
from intake.drafts import save_drafts
from kernel.partial_date import PartialDate
from tests.factories import AgreementFactory, PartyFactory, PersonFactory, SourceFactory

pytestmark = pytest.mark.django_db

TEXT = (
    "NAIROBI, 3 Sept. 2019 -- The Example Academy and the 内罗毕大学 signed a memorandum of "
    "understanding on 2 September 2019 in Nairobi. President Jane Doe signed for the Academy."
)


def quoted(path: str, quote: str) -> dict[str, object]:
    start = TEXT.index(quote)
    return {"path": path, "quote": quote, "start": start, "end": start + len(quote)}


def proposal(**changes: object) -> dict[str, object]:
    found = {
        "title": None,
        "title_local": None,
        "kind": "memorandum_of_understanding",
        "signed_on": "2019-09-02",
        "signed_place": "Nairobi",
        "parties": [
            {"party": "example-academy", "name": "Example Academy"},
            {"party": None, "name": "内罗毕大学", "parent": None},
        ],
        "signatories": [
            {
                "person": None,
                "name": "Jane Doe",
                "role": "signatory",
                "on_behalf_of": "example-academy",
                "on_behalf_of_name": "Academy",
                "title": "President",
            }
        ],
        "fields": [],
        "regions": [],
        "claims": [
            quoted("signed_on", "on 2 September 2019"),
            quoted("signed_place", "in Nairobi"),
            quoted("kind", "memorandum of understanding"),
            quoted("parties[0]", "The Example Academy"),
            quoted("parties[1]", "内罗毕大学"),
            quoted("signatories[0]", "President Jane Doe signed for the Academy"),
        ],
    }
    found.update(changes)
    return found


@pytest.fixture
def academy() -> None:
    PartyFactory(slug="example-academy", name="Example Academy", country="KE")


@pytest.fixture
def request_(rf: RequestFactory, staff_editor: User) -> HttpRequest:
    """The editor's request, as the admin's review page and the API hand it over."""
    request = rf.post("/")
    request.user = staff_editor
    return request


def test_a_saved_proposal_is_a_draft_citing_the_text_with_a_claim_per_fact(
    academy: None, request_: HttpRequest
) -> None:
    [agreement] = save_drafts(
        proposals=[proposal()], text=TEXT, url="https://ex.org/news/1", request=request_
    )

    assert agreement.published is False
    assert str(agreement.signed_on) == "2019-09-02"
    assert [p.slug for p in agreement.parties.all()][0] == "example-academy"
    new_party = agreement.parties.get(name="内罗毕大学")
    assert new_party.name_local == "内罗毕大学" and new_party.slug.startswith("nei-luo-bi")
    signature = agreement.signatures.get()
    assert (signature.person.name, signature.title, signature.on_behalf_of.slug) == (
        "Jane Doe",
        "President",
        "example-academy",
    )
    source = Source.objects.get(url="https://ex.org/news/1")
    assert source.text == TEXT
    claims = {(c.path, c.value): c for c in agreement.claims.all()}
    assert set(claims) == {
        ("signed_on", "2019-09-02"),
        ("signed_place", "Nairobi"),
        ("kind", "memorandum_of_understanding"),
        ("parties", "example-academy"),
        ("parties", new_party.slug),
        ("signatories", signature.person.slug),
    }
    for claim in claims.values():
        assert TEXT[claim.start : claim.end] == claim.quote and claim.held


def test_a_fact_dropped_in_review_leaves_no_claim(academy: None, request_: HttpRequest) -> None:
    [agreement] = save_drafts(proposals=[proposal(signed_place=None)], text=TEXT, request=request_)

    assert agreement.signed_place == ""
    assert not agreement.claims.filter(path="signed_place").exists()


def test_a_source_without_url_is_created_with_the_text(
    academy: None, request_: HttpRequest
) -> None:
    save_drafts(proposals=[proposal()], text=TEXT, publisher="Example Academy", request=request_)

    source = Source.objects.get(url="")
    assert (source.publisher, source.text, source.language) == ("Example Academy", TEXT, "zh")


def test_a_known_source_is_cited_not_duplicated(academy: None, request_: HttpRequest) -> None:
    SourceFactory(url="https://ex.org/news/1", text="")

    save_drafts(proposals=[proposal()], text=TEXT, url="https://ex.org/news/1", request=request_)

    assert Source.objects.filter(url="https://ex.org/news/1").get().text == TEXT


def test_a_new_sub_unit_takes_its_body_and_country(academy: None, request_: HttpRequest) -> None:
    unit = {"party": None, "name": "Institute of Soils", "parent": "example-academy"}
    [agreement] = save_drafts(
        proposals=[proposal(parties=[proposal()["parties"][0], unit], claims=[])],
        text=TEXT,
        request=request_,
    )

    made = agreement.parties.get(name="Institute of Soils")
    assert (made.parent.slug, made.country.code) == ("example-academy", "KE")


def test_a_signatory_with_no_body_named_stays_a_claim_only(
    academy: None, request_: HttpRequest
) -> None:
    person = PersonFactory(slug="jane-doe", name="Jane Doe")
    signatory = {"person": "jane-doe", "name": "Jane Doe", "role": "witness"}
    [agreement] = save_drafts(
        proposals=[
            proposal(
                signatories=[signatory],
                claims=[quoted("signatories[0]", "President Jane Doe signed for the Academy")],
            )
        ],
        text=TEXT,
        request=request_,
    )

    assert not agreement.signatures.exists()
    claim = agreement.claims.get()
    assert (claim.value, claim.held) == (person.slug, False)


def test_a_bad_proposal_names_it_and_writes_nothing(academy: None, request_: HttpRequest) -> None:
    before = Agreement.objects.count()
    with pytest.raises(serializers.ValidationError) as refused:
        save_drafts(
            proposals=[proposal(), proposal(signed_on="2019-13")], text=TEXT, request=request_
        )

    assert "agreements[1]" in refused.value.detail
    assert Agreement.objects.count() == before
    assert not Source.objects.filter(text=TEXT).exists()


def test_a_claim_whose_quote_is_not_in_the_text_is_refused(
    academy: None, request_: HttpRequest
) -> None:
    wrong = {"path": "signed_on", "quote": "on 9 September", "start": 0, "end": 15}

    with pytest.raises(serializers.ValidationError) as refused:
        save_drafts(proposals=[proposal(claims=[wrong])], text=TEXT, request=request_)

    assert "agreements[0].claims[0].quote" in refused.value.detail
    assert not Claim.objects.exists()


def test_saving_never_touches_published_records(academy: None, request_: HttpRequest) -> None:
    existing = AgreementFactory(published=True, signed_on=PartialDate.parse("2019"))

    save_drafts(proposals=[proposal()], text=TEXT, request=request_)

    existing.refresh_from_db()
    assert existing.published and existing.claims.count() == 0


def test_a_renewal_named_in_review_becomes_a_relation_with_its_claim(
    academy: None, request_: HttpRequest
) -> None:
    earlier = AgreementFactory(slug="first-mou-2014", published=True)
    quote = "signed a memorandum of understanding"
    start = TEXT.index(quote)
    renewal = {"kind": "renews", "note": quote, "agreement": "first-mou-2014"}
    unnamed = {"kind": "extends", "note": quote}
    claims = [
        {"path": "relations[0]", "quote": quote, "start": start, "end": start + len(quote)},
        {"path": "relations[1]", "quote": quote, "start": start, "end": start + len(quote)},
    ]

    [agreement] = save_drafts(
        proposals=[proposal(relations=[renewal, unnamed], claims=claims)],
        text=TEXT,
        request=request_,
    )

    relation = agreement.relations.get()
    assert (relation.kind, relation.other) == ("renews", earlier)
    claim = agreement.claims.get()
    assert (claim.path, claim.value, claim.held) == ("relations", "first-mou-2014", True)


def test_the_same_text_saved_again_without_url_cites_the_same_source(
    academy: None, request_: HttpRequest
) -> None:
    month = PartialDate.coerce("2019-09")
    given = {"text": TEXT, "publisher": "Example Academy", "published_on": month}
    save_drafts(proposals=[proposal()], request=request_, **given)
    save_drafts(proposals=[proposal(signed_place=None)], request=request_, **given)

    source = Source.objects.get(url="")
    assert source.citations.count() == 2


def test_another_text_under_a_known_unlinked_identity_is_refused(
    academy: None, request_: HttpRequest
) -> None:
    save_drafts(proposals=[proposal()], text=TEXT, publisher="Example Academy", request=request_)
    # The same first line (the title), publisher and date, but another text.
    changed = TEXT + "\nThe agreement runs for five years."

    with pytest.raises(serializers.ValidationError) as refused:
        save_drafts(
            proposals=[proposal(claims=[])],
            text=changed,
            publisher="Example Academy",
            request=request_,
        )

    assert list(refused.value.detail) == ["text"]
    assert Source.objects.filter(url="").count() == 1


JAPANESE_TEXT = "東京、2019年9月3日 — 東京大学とさくら研究所は協定を締結した。"


def test_new_parties_from_a_japanese_text_get_no_pinyin_slugs(
    academy: None, request_: HttpRequest
) -> None:
    found = proposal(
        parties=[
            {"party": "example-academy", "name": "Example Academy"},
            {"party": None, "name": "東京大学"},
            {"party": None, "name": "さくら研究所"},
        ],
        signatories=[],
        claims=[],
    )
    [agreement] = save_drafts(proposals=[found], text=JAPANESE_TEXT, request=request_)

    slugs = list(agreement.agreement_parties.values_list("party__slug", flat=True))
    assert slugs == ["example-academy", "party", "sakura"]
    assert Source.objects.get(text=JAPANESE_TEXT).language == "ja"
