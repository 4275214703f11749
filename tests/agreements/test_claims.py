"""Claims: each fact linked to the source and the exact passage that states it; sources
that disagree are both kept, and the record says which value it holds and why."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from agreements import services
from agreements.models import Agreement, Claim
from kernel.partial_date import PartialDate
from tests.admin_forms import change_form_data
from tests.factories import AgreementFactory, PartyFactory, SourceFactory
from tests.public.pages.helpers import html_of, text

pytestmark = pytest.mark.django_db

PRESS_TEXT = (
    "Beijing, 7 May 2021. The two academies signed the memorandum on 5 May 2021 in Beijing."
)
OTHER_TEXT = "The memorandum, signed on 3 May 2021, sets up a joint laboratory."


def test_every_founding_claim_quotes_its_source_exactly(founding_record: Agreement) -> None:
    claims = list(founding_record.claims.select_related("source"))

    assert claims
    for claim in claims:
        assert claim.source.text[claim.start : claim.end] == claim.quote
        assert claim.held, claim


def test_the_founding_record_cites_each_fact_its_sources_state(founding_record: Agreement) -> None:
    stated = {(c.path, c.value) for c in founding_record.claims.all()}

    for fact in [
        ("parties", "cas"),
        ("parties", "shenzhen"),
        ("title", founding_record.title),
        ("title_local", founding_record.title_local),
        ("signed_on", "2017-12-03"),
        ("signed_place", "Shenzhen"),
        ("kind", "cooperation_agreement"),
        ("regions", "greater-bay-area"),
        ("regions", "pan-pearl-river-delta"),
    ]:
        assert fact in stated
    assert {v for p, v in stated if p == "fields"} == set(
        founding_record.fields.values_list("slug", flat=True)
    )
    assert {v for p, v in stated if p == "commitments"} == set(
        founding_record.commitments.values_list("title", flat=True)
    )
    # Neither source says who signed: nothing claims it.
    assert not any(p == "signatories" for p, _v in stated)


def test_a_pasted_quote_gets_its_offsets_from_the_source_text() -> None:
    source = SourceFactory(text=PRESS_TEXT)
    claim = Claim(
        agreement=AgreementFactory(),
        source=source,
        path="signed_on",
        value="2021-05-05",
        quote="signed the memorandum on 5 May 2021",
    )

    claim.full_clean()

    assert PRESS_TEXT[claim.start : claim.end] == claim.quote  # type: ignore[index]


def test_a_quote_the_source_does_not_contain_is_refused_naming_the_quote() -> None:
    claim = Claim(
        agreement=AgreementFactory(),
        source=SourceFactory(text=PRESS_TEXT),
        path="signed_on",
        value="2021-05-05",
        quote="signed on 6 May",
    )

    with pytest.raises(ValidationError) as refused:
        claim.full_clean()

    assert "quote" in refused.value.message_dict


def test_the_database_refuses_offsets_out_of_order() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(
            agreement=AgreementFactory(),
            source=SourceFactory(),
            path="signed_place",
            value="Beijing",
            quote="in Beijing",
            start=10,
            end=2,
        )


@pytest.fixture
def disputed() -> Agreement:
    """Signed on 5 May 2021 says one source, 3 May says another; the record holds 5 May."""
    agreement = AgreementFactory(
        slug="disputed",
        signed_on=PartialDate.parse("2021-05-05"),
        parties=[PartyFactory(), PartyFactory()],  # published: two parties at least
    )
    press = SourceFactory(text=PRESS_TEXT, publisher="Academy A")
    other = SourceFactory(text=OTHER_TEXT, publisher="Daily Science")
    for source, value, quote, note in [
        (
            press,
            "2021-05-05",
            "signed the memorandum on 5 May 2021",
            "The signatories' own release.",
        ),
        (other, "2021-05-03", "signed on 3 May 2021", "A newspaper report two weeks later."),
    ]:
        claim = Claim(
            agreement=agreement, source=source, path="signed_on", value=value, quote=quote
        )
        claim.note = note
        claim.full_clean()
        claim.save()
    return agreement


def test_disagreeing_claims_are_both_kept_and_marked(client: Client, disputed: Agreement) -> None:
    claims = client.get("/api/agreements/disputed/").json()["claims"]

    held = {c["value"]: c["held"] for c in claims if c["path"] == "signed_on"}
    assert held == {"2021-05-05": True, "2021-05-03": False}
    first = next(c for c in claims if c["value"] == "2021-05-05")
    assert PRESS_TEXT[first["start"] : first["end"]] == first["quote"]


def test_changing_the_record_moves_which_claim_is_held(disputed: Agreement) -> None:
    services.agreement_update(
        agreement=disputed, data={"signed_on": PartialDate.parse("2021-05-03")}
    )

    held = dict(disputed.claims.values_list("value", "held"))
    assert held == {"2021-05-05": False, "2021-05-03": True}


def test_the_page_shows_disagreeing_sources_side_by_side(
    client: Client, disputed: Agreement
) -> None:
    html = html_of(client.get("/en/agreements/disputed/"))
    page = text(html)

    assert "Where the sources disagree" in page
    assert "5 May 2021 [1] Academy A yes — The signatories' own release." in page
    assert "3 May 2021 [2] Daily Science no — A newspaper report two weeks later." in page
    # The signing date's note marker links to the passage of the held claim only.
    assert '<sup class="cite">[<a href="#note-1">1</a>]</sup>' in html
    assert "“signed the memorandum on 5 May 2021”" in page


def test_the_founding_page_footnotes_each_fact(client: Client, founding_record: Agreement) -> None:
    html = html_of(client.get("/en/agreements/cas-shenzhen-2017/"))

    assert "Where each fact is stated" in html
    assert "“新華社深圳12月3日電”" in html
    assert html.count('<sup class="cite">') >= 12


def test_staff_add_a_claim_in_the_admin_by_pasting_the_passage(
    editor_client: Client, disputed: Agreement
) -> None:
    source = SourceFactory(text="The agreement was signed in Beijing by both presidents.")
    url = reverse("admin:agreements_agreement_change", args=[disputed.pk])
    data = change_form_data(editor_client.get(url))
    data.update(
        {
            "claims-TOTAL_FORMS": str(int(data["claims-TOTAL_FORMS"]) + 1),
            "claims-2-path": "signed_place",
            "claims-2-value": "Beijing",
            "claims-2-source": str(source.pk),
            "claims-2-quote": "signed in Beijing",
            "claims-2-note": "",
        }
    )

    response = editor_client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    claim = disputed.claims.get(path="signed_place")
    assert (claim.start, claim.end) == (18, 35)
    assert claim.held is False  # the record has no place yet


def test_a_draft_agreements_claims_stay_hidden(client: Client) -> None:
    draft = AgreementFactory(slug="hidden-draft", published=False)
    Claim.objects.create(
        agreement=draft, source=SourceFactory(), path="title", value="x", quote="secret passage"
    )

    assert client.get("/api/agreements/hidden-draft/").status_code == 404
    assert b"secret passage" not in client.get("/api/agreements/").content


def test_a_claim_naming_a_draft_hides_with_the_draft(client: Client) -> None:
    published = AgreementFactory(slug="public-renewal", published=True)
    AgreementFactory(slug="secret-earlier-draft", published=False)
    Claim.objects.create(
        agreement=published,
        source=SourceFactory(text="It renews the earlier accord."),
        path="relations",
        value="secret-earlier-draft",
        quote="renews the earlier accord",
    )

    assert b"secret-earlier-draft" not in client.get("/api/agreements/public-renewal/").content
    assert b"secret-earlier-draft" not in client.get("/api/agreements/").content
    assert "renews the earlier accord" not in html_of(client.get("/en/agreements/public-renewal/"))


def test_a_source_text_that_drops_a_quoted_passage_is_refused(disputed: Agreement) -> None:
    source = disputed.claims.get(value="2021-05-05").source
    source.text = "Beijing, 7 May 2021. The academies met."

    with pytest.raises(ValidationError) as refused:
        source.full_clean()

    assert "text" in refused.value.message_dict


def test_editing_a_source_text_in_the_admin_moves_the_offsets(
    editor_client: Client, disputed: Agreement
) -> None:
    claim = disputed.claims.get(value="2021-05-05")
    url = reverse("admin:agreements_source_change", args=[claim.source.pk])
    data = change_form_data(editor_client.get(url))
    data["text"] = "Updated. " + PRESS_TEXT

    assert editor_client.post(url, data).status_code == 302

    claim.refresh_from_db()
    assert claim.source.text[claim.start : claim.end] == claim.quote


def test_moving_a_claim_to_a_source_without_text_is_not_an_error(disputed: Agreement) -> None:
    claim = disputed.claims.get(value="2021-05-05")
    claim.source = SourceFactory(text="")

    claim.full_clean()

    assert (claim.start, claim.end) == (None, None)


@pytest.fixture
def printed() -> Agreement:
    """A claim from a printed communiqué (no URL), the agreement citing it."""
    agreement = AgreementFactory(slug="printed", parties=[PartyFactory(), PartyFactory()])
    communique = SourceFactory(
        url="",
        title="Joint communiqué",
        publisher="People's Daily (print edition)",
        published_on=PartialDate.parse("2021-05"),
        text=PRESS_TEXT,
    )
    agreement.citations.create(source=communique)
    claim = Claim(
        agreement=agreement,
        source=communique,
        path="signed_place",
        value="Beijing",
        quote="in Beijing",
    )
    claim.full_clean()
    claim.save()
    return agreement


def test_a_claim_from_a_source_without_url_names_the_source_in_the_api(
    client: Client, printed: Agreement
) -> None:
    [claim] = client.get("/api/agreements/printed/").json()["claims"]

    assert claim["source"] == ""
    assert (claim["source_title"], claim["source_publisher"], claim["source_published_on"]) == (
        "Joint communiqué",
        "People's Daily (print edition)",
        "2021-05",
    )


def test_a_claim_from_a_linked_source_names_it_the_same_way(
    client: Client, disputed: Agreement
) -> None:
    claims = client.get("/api/agreements/disputed/").json()["claims"]

    assert {(c["source_publisher"], c["source_published_on"]) for c in claims} == {
        ("Academy A", None),
        ("Daily Science", None),
    }
    assert all(c["source"].startswith("https://") and c["source_title"] for c in claims)


def test_a_footnote_from_a_source_without_url_links_to_its_entry_among_the_sources(
    client: Client, printed: Agreement
) -> None:
    html = html_of(client.get("/en/agreements/printed/"))
    source = printed.citations.get().source

    assert f'<figure class="source" id="source-{source.pk}">' in html
    assert f'<a href="#source-{source.pk}">Joint communiqué</a>' in html
    assert 'cite=""' not in html
    assert '"url": ""' not in html
