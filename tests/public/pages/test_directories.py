"""The directories: /<lang>/parties/, /people/, /events/, /fields/ and /regions/.

Parties are public records, so a party whose agreements are all drafts is listed, with
the count of the agreements the caller may see: 0 for the public."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from agreements import lifecycle
from agreements.models import Agreement
from parties.models import Party
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    CooperationFieldFactory,
    EventFactory,
    PartyAliasFactory,
    PartyFactory,
    PersonFactory,
    PostFactory,
    RegionFactory,
    SignatureFactory,
)

from .helpers import hrefs, html_of, text

Counter = Callable[..., DjangoAssertNumQueries]
PARTIES, PEOPLE, EVENTS = "/en/parties/", "/en/people/", "/en/events/"
TODAY = dt.date(2026, 12, 1)


def entries(html: str) -> list[str]:
    """The names listed by a directory page, in order."""
    return [text(name) for name in re.findall(r'class="entry-name"[^>]*>(.*?)</a>', html, re.S)]


def entry_of(name: str, html: str) -> str:
    """The text of the directory row naming ``name`` (its name to its count)."""
    for row in re.findall(r'<li class="entry">(.*?class="entry-count">.*?</span>)', html, re.S):
        if name in text(row):
            return text(row)
    raise AssertionError(f"no row for {name}")


def agreement_of(*parties: Party, published: bool = True, signed_on: str = "2019") -> Agreement:
    agreement = AgreementFactory(published=published, signed_on=signed_on)
    for position, party in enumerate(parties):
        AgreementPartyFactory(agreement=agreement, party=party, position=position)
    return agreement


@pytest.fixture
def academy(db: None) -> Party:
    """An academy with two institutes, one of which has a lab; agreements with a city."""
    cas = PartyFactory(
        slug="cas",
        name="Chinese Academy of Sciences",
        name_local="中国科学院",
        abbreviation="CAS",
        kind="academy",
    )
    PartyAliasFactory(party=cas, name="Academia Sinica Pekinensis")
    siat = PartyFactory(slug="siat", name="Shenzhen Institutes of Advanced Technology", parent=cas)
    PartyFactory(slug="robot-lab", name="Robotics Lab", parent=siat)
    PartyFactory(slug="iap", name="Institute of Atmospheric Physics", parent=cas)
    city = PartyFactory(
        slug="shenzhen", name="Shenzhen Government", kind="government", country="CN"
    )
    PartyFactory(slug="warwick", name="University of Warwick", kind="university", country="GB")
    agreement_of(cas, city, signed_on="2017")
    agreement_of(cas, city, signed_on="2022")
    return cas


# Parties -------------------------------------------------------------------------------


def test_the_party_directory_lists_the_top_level_bodies_with_their_counts(
    client: Client, academy: Party
) -> None:
    html = html_of(client.get(PARTIES))
    assert entries(html) == [
        "Chinese Academy of Sciences",
        "Shenzhen Government",
        "University of Warwick",
    ]
    cas = entry_of("Chinese Academy of Sciences", html)
    assert "2 sub-units" in cas and "2 agreements" in cas
    assert "0 agreements" in entry_of("University of Warwick", html)
    assert "Showing 1–3 of 3" in text(html)
    assert "/en/parties/cas/" in hrefs(html) and "?parent=cas" in hrefs(html)


def test_a_drill_down_lists_the_sub_units_under_a_breadcrumb(
    client: Client, academy: Party
) -> None:
    html = html_of(client.get(PARTIES, {"parent": "siat"}))
    assert entries(html) == ["Robotics Lab"]
    start = html.index('class="breadcrumb"')
    breadcrumb = text(html[html.index("<ol>", start) : html.index("</nav>", start)])
    assert (
        breadcrumb
        == "All parties Chinese Academy of Sciences Shenzhen Institutes of Advanced Technology"
    )
    assert "?parent=cas" in hrefs(html)
    assert entries(html_of(client.get(PARTIES, {"parent": "cas"}))) == [
        "Institute of Atmospheric Physics",
        "Shenzhen Institutes of Advanced Technology",
    ]


@pytest.mark.parametrize("parent", ["no-such-party", "CAS!", "cas\x00"])
def test_an_unknown_parent_is_not_found(client: Client, academy: Party, parent: str) -> None:
    assert client.get(PARTIES, {"parent": parent}).status_code == 404


@pytest.mark.parametrize(
    ("path", "params", "name"),
    [
        (PARTIES, {"q": "cas\x00"}, "q"),
        (PARTIES, {"country": "\x00"}, "country"),
        (PEOPLE, {"q": "bai\x00"}, "q"),
        (EVENTS, {"when": "\x00"}, "when"),
    ],
)
def test_unreadable_values_are_reported_not_failed_on(
    client: Client, academy: Party, path: str, params: dict[str, str], name: str
) -> None:
    html = html_of(client.get(path, {**params, "page": "\x00"}))
    assert f"<code>{name}</code>" in html


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("academy", ["Chinese Academy of Sciences"]),  # the name, at any depth below
        ("科学院", ["Chinese Academy of Sciences"]),  # the local name
        ("中國科學院", ["Chinese Academy of Sciences"]),  # in Traditional characters
        ("cas", ["Chinese Academy of Sciences"]),  # the abbreviation
        ("Pekinensis", ["Chinese Academy of Sciences"]),  # an alias
        ("robot", ["Robotics Lab"]),  # a sub-unit two levels down
        ("shenzhen", ["Shenzhen Government", "Shenzhen Institutes of Advanced Technology"]),
    ],
)
def test_the_search_finds_every_name_a_party_goes_by(
    client: Client, academy: Party, q: str, found: list[str]
) -> None:
    html = html_of(client.get(PARTIES, {"q": q}))
    assert entries(html) == found


def test_a_search_under_a_parent_stays_in_its_subtree(client: Client, academy: Party) -> None:
    html = html_of(client.get(PARTIES, {"parent": "cas", "q": "shenzhen"}))
    assert entries(html) == ["Shenzhen Institutes of Advanced Technology"]
    # A match below the top level names the body it belongs to.
    html = html_of(client.get(PARTIES, {"q": "robot"}))
    assert "part of Shenzhen Institutes of Advanced Technology" in entry_of("Robotics Lab", html)


def test_kind_and_country_filters_take_several_values_each(client: Client, academy: Party) -> None:
    html = html_of(client.get(PARTIES, {"kind": ["government", "university"]}))
    assert entries(html) == ["Shenzhen Government", "University of Warwick"]
    html = html_of(client.get(PARTIES, {"country": ["gb"], "kind": ["university", "academy"]}))
    assert entries(html) == ["University of Warwick"]
    # The filter form shows the countries in use, the chosen ones selected.
    assert '<option value="GB" selected>United Kingdom</option>' in html


@pytest.mark.parametrize(
    ("params", "name"), [({"kind": "castle"}, "kind"), ({"country": "QQ"}, "country")]
)
def test_a_bad_filter_value_is_reported_on_the_page(
    client: Client, academy: Party, params: dict[str, str], name: str
) -> None:
    html = html_of(client.get(PARTIES, params))
    assert "Some of the filters in this address are not valid" in html
    assert f"<code>{name}</code>" in html
    assert entries(html) == []


def test_only_agreements_the_caller_may_see_are_counted(
    client: Client, viewer_client: Client, academy: Party
) -> None:
    secretive = PartyFactory(name="Secretive Institute")
    agreement_of(secretive, academy, published=False)
    public = html_of(client.get(PARTIES))
    assert "0 agreements" in entry_of("Secretive Institute", public)
    assert "2 agreements" in entry_of("Chinese Academy of Sciences", public)
    staff = html_of(viewer_client.get(PARTIES))
    assert "1 agreement" in entry_of("Secretive Institute", staff)
    assert "3 agreements" in entry_of("Chinese Academy of Sciences", staff)


def test_chinese_pages_order_parties_by_pinyin(client: Client, db: None) -> None:
    for name, local in [
        ("Tsinghua University", "清华大学"),
        ("Chinese Academy of Sciences", "中国科学院"),
        ("Peking University", "北京大学"),
        ("Anhui University", "安徽大学"),
        ("University of Warwick", ""),
    ]:
        PartyFactory(name=name, name_local=local)
    chinese = entries(html_of(client.get("/zh-hans/parties/")))
    # an1, bei3, qing1, university (no Chinese name), zhong1
    assert chinese == ["安徽大学", "北京大学", "清华大学", "University of Warwick", "中国科学院"]
    english = entries(html_of(client.get(PARTIES)))
    assert english == sorted(english)


def test_a_long_directory_pages_and_a_bad_page_number_never_fails(client: Client, db: None) -> None:
    for n in range(53):
        PartyFactory(name=f"Institute {n:02d}")
    first = html_of(client.get(PARTIES))
    assert "Showing 1–50 of 53" in text(first)
    assert len(entries(first)) == 50
    assert "?page=2#results-heading" in hrefs(first)
    second = html_of(client.get(PARTIES, {"page": "2"}))
    assert "Showing 51–53 of 53" in text(second)
    assert entries(second) == ["Institute 50", "Institute 51", "Institute 52"]
    assert entries(html_of(client.get(PARTIES, {"page": "abc"}))) == entries(first)
    assert entries(html_of(client.get(PARTIES, {"page": "99"}))) == entries(second)


def test_the_thousands_in_the_summary_are_grouped(client: Client, db: None) -> None:
    from django.template import Context, Template
    from django.test import RequestFactory

    from public.paging import page_of

    request = RequestFactory().get("/en/parties/", {"page": "30"})
    page = page_of(request, list(range(1234)))
    rendered = Template('{% include "_pager.html" %}').render(
        Context({"page_obj": page, "request": request})
    )
    # Page 30 is past the end: the last page, 25 (1,201–1,234), is shown.
    assert "Showing 1,201–1,234 of 1,234" in text(rendered)


@pytest.mark.parametrize("count", [1, 20])
def test_the_party_directory_costs_the_same_queries_whatever_it_lists(
    client: Client, django_assert_num_queries: Counter, db: None, count: int
) -> None:
    top = PartyFactory(slug="top")
    for _ in range(count):
        party = PartyFactory(parent=top)
        PartyFactory(parent=party)
        agreement_of(party, PartyFactory(country="DE"))
    # 1 count and 1 page of parties (with their parents, agreement and sub-unit counts),
    # 1 countries in use.
    with django_assert_num_queries(3):
        response = client.get(PARTIES, {"q": "Institute", "kind": "research_institute"})
    assert len(entries(response.content.decode())) == min(
        1 + 3 * count, 50
    )  # the top, and three each
    # The drill-down adds the parent (a top-level one: no ancestors to read).
    with django_assert_num_queries(4):
        response = client.get(PARTIES, {"parent": "top"})
    assert len(entries(response.content.decode())) == count


# People --------------------------------------------------------------------------------


def test_the_people_directory_shows_posts_and_visible_signatures(
    client: Client, academy: Party
) -> None:
    bai = PersonFactory(name="BAI Chunli", name_local="白春礼")
    PostFactory(person=bai, party=academy, title="President", started_on="2011", ended_on="2020")
    visible = Agreement.objects.filter(published=True).first()
    SignatureFactory(person=bai, agreement=visible, on_behalf_of=academy)
    SignatureFactory(
        person=bai, agreement=agreement_of(academy, published=False), on_behalf_of=academy
    )
    PersonFactory(name="WANG Weizhong", name_local="王伟中")
    html = html_of(client.get(PEOPLE))
    assert entries(html) == ["BAI Chunli", "WANG Weizhong"]
    row = entry_of("BAI Chunli", html)
    assert "President, Chinese Academy of Sciences (2011 – 2020)" in row
    assert "1 signature" in row and "2 signatures" not in row
    assert "0 signatures" in entry_of("WANG Weizhong", html)


@pytest.mark.parametrize("q", ["chunli", "白春", "BAI"])
def test_the_people_search_matches_names_in_both_scripts(client: Client, db: None, q: str) -> None:
    PersonFactory(name="BAI Chunli", name_local="白春礼")
    PersonFactory(name="WANG Weizhong", name_local="王伟中")
    assert entries(html_of(client.get(PEOPLE, {"q": q}))) == ["BAI Chunli"]


def test_chinese_pages_order_people_by_pinyin(client: Client, db: None) -> None:
    PersonFactory(name="ZHOU Qi", name_local="周琪")
    PersonFactory(name="WANG Weizhong", name_local="王伟中")
    PersonFactory(name="BAI Chunli", name_local="白春礼")
    assert entries(html_of(client.get("/zh-hans/people/"))) == ["白春礼", "王伟中", "周琪"]


@pytest.mark.parametrize("count", [1, 20])
def test_the_people_directory_costs_three_queries(
    client: Client, django_assert_num_queries: Counter, db: None, count: int
) -> None:
    for _ in range(count):
        person = PersonFactory()
        PostFactory(person=person)
        SignatureFactory(person=person)
    # 1 count and 1 page of people (with their signature counts), 1 their posts (with parties).
    with django_assert_num_queries(3):
        response = client.get(PEOPLE)
    assert len(entries(response.content.decode())) == count


# Events --------------------------------------------------------------------------------


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setattr(lifecycle, "today", lambda: TODAY)
    return TODAY


@pytest.fixture
def events(db: None, today: dt.date) -> None:
    EventFactory(title="Next year's forum", date="2027-03-10")
    EventFactory(title="This month's visit", date="2026-12")  # upcoming all December
    EventFactory(title="Tomorrow's signing", date="2026-12-02")
    EventFactory(title="Last week's review", date="2026-11-24")
    EventFactory(title="The 2017 symposium", date="2017-12-03")
    EventFactory(title="Undated meeting", date=None)
    EventFactory(title="Secret gala", date="2026-12-20", published=False)


def test_upcoming_events_come_soonest_first_and_past_ones_latest_first(
    client: Client, events: None
) -> None:
    upcoming = html_of(client.get(EVENTS))
    assert entries(upcoming) == ["This month's visit", "Tomorrow's signing", "Next year's forum"]
    assert "Upcoming 3" in text(upcoming) and "Past 3" in text(upcoming)
    past = html_of(client.get(EVENTS, {"when": "past"}))
    assert entries(past) == ["Last week's review", "The 2017 symposium", "Undated meeting"]


def test_draft_events_are_listed_for_staff_only(
    client: Client, viewer_client: Client, events: None
) -> None:
    assert "Secret gala" not in html_of(client.get(EVENTS))
    assert "Secret gala" in entries(html_of(viewer_client.get(EVENTS)))


def test_a_bad_when_is_reported_and_the_upcoming_events_shown(client: Client, events: None) -> None:
    html = html_of(client.get(EVENTS, {"when": "someday"}))
    assert "<code>when</code>" in html
    assert entries(html) == ["This month's visit", "Tomorrow's signing", "Next year's forum"]


@pytest.mark.parametrize("count", [1, 20])
def test_the_event_directory_costs_three_queries(
    client: Client, django_assert_num_queries: Counter, db: None, today: dt.date, count: int
) -> None:
    for _ in range(count):
        EventFactory(date="2027-01-05")
    # 1 both tab counts, 1 count and 1 page of the chosen tab.
    with django_assert_num_queries(3):
        response = client.get(EVENTS)
    assert len(entries(response.content.decode())) == count


# Fields and regions --------------------------------------------------------------------


def test_the_field_directory_is_a_tree_with_visible_counts(client: Client, db: None) -> None:
    science = CooperationFieldFactory(name="Science")
    physics = CooperationFieldFactory(name="Physics", parent=science)
    CooperationFieldFactory(name="Optics", parent=physics)
    CooperationFieldFactory(name="Capital")
    AgreementFactory().fields.add(physics)
    AgreementFactory(published=False).fields.add(physics, science)
    html = html_of(client.get("/en/fields/"))
    tree = text(html[html.index('class="term-tree term-tree-top">') + 32 :])
    assert tree.startswith(
        "Capital 0 agreements Science 0 agreements Physics 1 agreement Optics 0 agreements"
    )
    # Nested: Optics sits in Physics' list, inside Science's.
    assert re.search(r"Physics</a>.*?<ul class=\"term-tree\">\s*<li><a[^>]*>Optics", html, re.S)
    assert "Showing 1–2 of 2" in text(html)


def test_chinese_pages_order_regions_by_pinyin(client: Client, db: None) -> None:
    RegionFactory(name="Greater Bay Area", name_local="粤港澳大湾区")
    RegionFactory(name="Pan-Pearl River Delta", name_local="泛珠三角区域")
    RegionFactory(name="Belt and Road", name_local="一带一路")
    html = html_of(client.get("/zh-hans/regions/"))
    names = re.findall(r'region-detail|<a href="/zh-hans/regions/[^"]+/"[^>]*>([^<]+)</a>', html)
    assert [n for n in names if n] == ["泛珠三角区域", "一带一路", "粤港澳大湾区"]


@pytest.mark.parametrize("count", [1, 20])
@pytest.mark.parametrize("section", ["fields", "regions"])
def test_vocabulary_directories_cost_one_query(
    client: Client, django_assert_num_queries: Counter, db: None, count: int, section: str
) -> None:
    factory = CooperationFieldFactory if section == "fields" else RegionFactory
    for _ in range(count):
        term = factory(parent=factory())
        agreement = AgreementFactory()
        getattr(agreement, section).add(term)
    # 1 every term with its count of visible agreements.
    with django_assert_num_queries(1):
        response = client.get(f"/en/{section}/")
    assert response.content.decode().count("1 agreement<") == count


# Ways in -------------------------------------------------------------------------------


def test_the_home_page_counts_and_the_menu_lead_to_the_directories(
    client: Client, academy: Party
) -> None:
    html = html_of(client.get("/en/"))
    counts = html[html.index('class="counts"') : html.index("</ul>", html.index('class="counts"'))]
    assert set(hrefs(counts)) == {"/en/agreements/", "/en/parties/", "/en/events/"}
    menu = html[
        html.index('class="site-nav"') : html.index("</nav>", html.index('class="site-nav"'))
    ]
    for path in ("/en/parties/", "/en/people/", "/en/events/", "/en/fields/", "/en/regions/"):
        assert path in hrefs(menu)
        assert client.get(path).status_code == 200
