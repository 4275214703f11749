"""The founding record, exactly as shared/seed/README.md states it."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from agreements.demo.founding_record import PRESS_RELEASE_URL, XINHUA_URL
from agreements.models import Agreement, Commitment, Event, Source
from kernel.partial_date import PartialDate
from parties.models import Party, Person

pytestmark = pytest.mark.django_db


def test_it_records_the_agreement_as_the_sources_state_it(founding_record: Agreement) -> None:
    a = founding_record
    assert a.title == (
        "Agreement to jointly promote the Construction of Shenzhen International Science "
        "and Technology Industry Innovation Center"
    )
    assert a.title_local == "共同推进建设深圳国际科技产业创新中心合作协议书"
    assert (str(a.signed_on), a.signed_on.precision, a.signed_place) == (
        "2017-12-03",
        "day",
        "Shenzhen",
    )
    assert a.published is True
    assert [p.slug for p in a.parties.order_by("agreement_roles__position")] == ["cas", "shenzhen"]
    assert sorted(a.fields.values_list("slug", flat=True)) == [
        "capital",
        "education",
        "industry",
        "science",
        "technology",
    ]
    assert sorted(a.regions.values_list("slug", flat=True)) == [
        "greater-bay-area",
        "pan-pearl-river-delta",
    ]


def test_no_signatory_is_invented(founding_record: Agreement) -> None:
    assert not founding_record.signatures.exists()


def test_the_parties_and_their_hierarchy(founding_record: Agreement) -> None:
    cas = Party.objects.get(slug="cas")
    assert (cas.name, cas.name_local, cas.abbreviation, cas.kind) == (
        "Chinese Academy of Sciences",
        "中国科学院",
        "CAS",
        "academy",
    )
    shenzhen = Party.objects.get(slug="shenzhen")
    assert (shenzhen.name_local, shenzhen.kind) == ("深圳市人民政府", "government")
    assert Party.objects.get(slug="siat").parent == cas
    assert Party.objects.get(slug="ucas").parent == cas
    assert Party.objects.get(slug="ucas").name_local == "中国科学院大学"


def test_both_sources_are_cited_with_what_they_support(founding_record: Agreement) -> None:
    citations = {c.source.url: c for c in founding_record.citations.select_related("source")}
    assert set(citations) == {PRESS_RELEASE_URL, XINHUA_URL}

    press = citations[PRESS_RELEASE_URL].source
    assert (str(press.published_on), press.language) == ("2017-12-05", "en")
    assert "both sides signed the Agreement" in press.excerpt
    assert "WANG Weizhong expressed welcome to BAI Chunli" in press.excerpt

    xinhua = citations[XINHUA_URL].source
    assert (str(xinhua.published_on), xinhua.language) == ("2017-12-04", "zh")
    assert "signed on 3 December 2017 in Shenzhen" in citations[XINHUA_URL].supports
    assert founding_record.title_local in xinhua.excerpt


def test_the_three_commitments_each_cite_their_sources(founding_record: Agreement) -> None:
    commitments = list(founding_record.commitments.prefetch_related("sources"))
    assert [c.title for c in commitments] == [
        "Co-build the Shenzhen campus of the University of Chinese Academy of Sciences",
        "Co-build several major science and technology infrastructure facilities",
        "Transfer and commercialise CAS science and technology achievements",
    ]
    for commitment in commitments:
        assert {s.url for s in commitment.sources.all()} == {PRESS_RELEASE_URL, XINHUA_URL}
        assert commitment.due_on is None  # no source gives a date


def test_the_symposium_before_the_signing(founding_record: Agreement) -> None:
    event = Event.objects.get(slug="cas-shenzhen-symposium-2017")
    assert (event.kind, str(event.date), event.place) == ("symposium", "2017-12-03", "Shenzhen")
    assert list(event.agreements.all()) == [founding_record]
    assert [s.url for s in event.sources.all()] == [PRESS_RELEASE_URL]
    roles = {p.person.slug: (p.role, p.party.slug) for p in event.participants.all()}
    assert roles == {"wang-weizhong": ("host", "shenzhen"), "bai-chunli": ("guest", "cas")}


def test_the_people_named_and_bai_chunlis_post(founding_record: Agreement) -> None:
    bai = Person.objects.get(slug="bai-chunli")
    assert (bai.name, bai.name_local) == ("BAI Chunli", "白春礼")
    post = bai.post_on(founding_record.signed_on, Party.objects.get(slug="cas"))
    assert post is not None
    assert (post.title, str(post.started_on), str(post.ended_on)) == ("President", "2011", "2020")
    wang = Person.objects.get(slug="wang-weizhong")
    assert (wang.name, wang.name_local) == ("WANG Weizhong", "王伟中")
    assert not wang.posts.exists()  # no source states his post


def test_loading_twice_leaves_one_copy_and_no_new_history(founding_record: Agreement) -> None:
    models = [Agreement, Party, Person, Source, Commitment, Event]
    counts = [m.objects.count() for m in models]
    history = [m.history.count() for m in models]

    call_command("load_demo_data", verbosity=0)

    assert [m.objects.count() for m in models] == counts
    assert [m.history.count() for m in models] == history
    assert Agreement.objects.get().signed_on == PartialDate.parse("2017-12-03")


def test_the_founding_record_is_in_force_since_its_signing(founding_record: Agreement) -> None:
    assert founding_record.status == "in_force"
    reasons = founding_record.history.values_list("history_change_reason", flat=True)
    assert "in force since 3 December 2017" in reasons
