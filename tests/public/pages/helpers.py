"""Reading rendered pages in tests: headings, JSON-LD blocks, links."""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any

from django.http import HttpResponse

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def html_of(response: HttpResponse) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def text(fragment: str) -> str:
    """Tags stripped, entities decoded, whitespace collapsed (none before ",.;:)" or
    after "("); note markers ("[3]", linking to a claim's passage) left out."""
    fragment = re.sub(r'<sup class="cite">.*?</sup>', "", fragment)
    collapsed = " ".join(unescape(re.sub(r"<[^>]+>", " ", fragment)).split())
    return re.sub(r"\( ", "(", re.sub(r" ([,.;:)])", r"\1", collapsed))


def first(tag: str, html: str) -> str:
    match = re.search(rf"<{tag}\b[^>]*>(.*?)</{tag}>", html, re.S)
    assert match, f"no <{tag}>"
    return text(match.group(1))


def element_with_class(css_class: str, html: str) -> str:
    match = re.search(rf'<(\w+)[^>]*class="{css_class}"[^>]*>(.*?)</\1>', html, re.S)
    assert match, f"no element with class {css_class}"
    return text(match.group(2))


def jsonld_blocks(html: str) -> list[dict[str, Any]]:
    return [json.loads(block) for block in JSONLD.findall(html)]


def hrefs(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="([^"]*)"', html)]
