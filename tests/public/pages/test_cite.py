"""'Cite this record': the plain text and BibTeX on agreement, party and event pages, and
the cite.bib downloads, which answer drafts as their pages do."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client

from agreements.models import Agreement, Event
from parties.models import Party
from public.citation import registry_number, tex_escaped
from tests.factories import EventFactory

from .helpers import html_of

# A @misc entry: a key, then "name = {value}" fields, one a line, and a closing brace.
BIBTEX = re.compile(r"\A@misc\{(?P<key>[A-Z0-9-]+),\n(?P<fields>(?:  [a-z]+ = \{.*\},?\n)+)\}\n\Z")
FIELD = re.compile(r"  ([a-z]+) = \{(.*)\},?\n")


def bibtex_fields(entry: str) -> tuple[str, dict[str, str]]:
    match = BIBTEX.match(entry)
    assert match, entry
    return match["key"], dict(FIELD.findall(match["fields"]))


def cite_block(html: str, block_id: str) -> str:
    match = re.search(rf'<pre id="{block_id}" class="cite-block">(.*?)</pre>', html, re.S)
    assert match, f"no {block_id}"
    return unescape(match.group(1))


def test_the_registry_number_is_kept_when_the_record_is_edited(
    founding_record: Agreement,
) -> None:
    number = registry_number(founding_record)
    assert number == f"REG-A-{founding_record.pk:06d}"
    founding_record.slug = "renamed-record"
    founding_record.reference_number = "CAS-SZ-2017-004"
    founding_record.save()
    assert registry_number(Agreement.objects.get(pk=founding_record.pk)) == number


def test_the_agreement_page_gives_the_citation_as_text_and_bibtex(
    client: Client, founding_record: Agreement
) -> None:
    founding_record.reference_number = "CAS-SZ-2017-004"
    founding_record.save()
    html = html_of(client.get("/en/agreements/cas-shenzhen-2017/"))
    number = registry_number(founding_record)
    url = "http://testserver/en/agreements/cas-shenzhen-2017/"
    plain = cite_block(html, "cite-text")
    assert plain.startswith("Cooperation Agreement Registry (")
    assert f"record {number}, reference number CAS-SZ-2017-004" in plain
    assert url in plain and "(accessed " in plain
    key, fields = bibtex_fields(cite_block(html, "cite-bibtex"))
    assert key == number
    assert fields["title"] == founding_record.title
    assert fields["author"] == "{Cooperation Agreement Registry}"
    assert fields["url"] == url
    assert re.fullmatch(r"\d{4}", fields["year"])
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", fields["urldate"])
    assert fields["note"].startswith(f"Record {number}, reference number CAS-SZ-2017-004")
    assert 'href="/en/agreements/cas-shenzhen-2017/cite.bib"' in html
    assert '<script src="/static/js/cite.js" defer></script>' in html


def test_the_chinese_page_cites_the_chinese_title_and_address(
    client: Client, founding_record: Agreement
) -> None:
    html = html_of(client.get("/zh-hans/agreements/cas-shenzhen-2017/"))
    _key, fields = bibtex_fields(cite_block(html, "cite-bibtex"))
    assert fields["title"] == founding_record.title_local
    assert fields["url"] == "http://testserver/zh-hans/agreements/cas-shenzhen-2017/"


@pytest.mark.parametrize(
    ("path", "model", "slug"),
    [
        ("/en/agreements/{}/cite.bib", Agreement, "cas-shenzhen-2017"),
        ("/en/parties/{}/cite.bib", Party, "cas"),
        ("/en/events/{}/cite.bib", Event, "cas-shenzhen-symposium-2017"),
    ],
)
def test_the_bibtex_downloads_parse_and_name_the_record(
    client: Client, founding_record: Agreement, path: str, model: type, slug: str
) -> None:
    response = client.get(path.format(slug))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{slug}.bib"'
    key, fields = bibtex_fields(response.content.decode())
    assert key == registry_number(model.objects.get(slug=slug))
    assert fields["url"] == f"http://testserver/en/{path.split('/')[2]}/{slug}/"


@pytest.mark.parametrize("page", ["/en/parties/cas/", "/en/events/cas-shenzhen-symposium-2017/"])
def test_party_and_event_pages_offer_the_citation(
    client: Client, founding_record: Agreement, page: str
) -> None:
    html = html_of(client.get(page))
    assert "Cite this record" in html
    assert bibtex_fields(cite_block(html, "cite-bibtex"))[0].startswith("REG-")
    assert f'href="{page}cite.bib"' in html


def test_the_public_gets_404_for_a_draft_bibtex(client: Client, draft: Agreement) -> None:
    assert client.get("/en/agreements/secret-draft/cite.bib").status_code == 404
    event = EventFactory(slug="secret-gala", published=False)
    assert client.get(f"/en/events/{event.slug}/cite.bib").status_code == 404


def test_staff_get_a_draft_bibtex_kept_out_of_shared_caches(
    viewer_client: Client, draft: Agreement
) -> None:
    response = viewer_client.get("/en/agreements/secret-draft/cite.bib")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert bibtex_fields(response.content.decode())[1]["title"] == draft.title


def test_tex_characters_in_a_title_are_escaped() -> None:
    assert tex_escaped("R&D {50%} of $1 #2_a~b^c\\") == (
        r"R\&D \{50\%\} of \$1 \#2\_a\textasciitilde{}b\textasciicircum{}c\textbackslash{}"
    )
