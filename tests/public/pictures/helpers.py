"""Reading the pictures of a rendered page: each inline <svg> and its table, as XML."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from django.http import HttpResponse

SVG = "{http://www.w3.org/2000/svg}"
_SVG = re.compile(r"<svg\b.*?</svg>", re.S)


@dataclass
class Drawn:
    """One picture of a page: its SVG element and its table's rows of cell texts."""

    svg: ET.Element
    rows: list[list[str]]
    table: ET.Element

    def all(self, tag: str) -> list[ET.Element]:
        return list(self.svg.iter(SVG + tag))

    def texts(self, css_class: str = "") -> list[str]:
        return [
            "".join(t.itertext())
            for t in self.all("text")
            if not css_class or css_class in (t.get("class") or "").split()
        ]

    def links(self) -> list[str]:
        return [a.get("href") or "" for a in self.all("a")]


def pictures(response: HttpResponse) -> dict[str, Drawn]:
    """The page's pictures by ident (the prefix of their element ids); each SVG must parse
    as XML, and the table it is described by must be on the page."""
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    found = {}
    for markup in _SVG.findall(html):
        svg = ET.fromstring(markup)
        table_id = svg.get("aria-describedby") or ""
        assert table_id.endswith("-table"), table_id
        match = re.search(rf'<table id="{table_id}".*?</table>', html, re.S)
        assert match, f"no table {table_id}"
        table = ET.fromstring(match.group(0))
        rows = [
            ["".join(cell.itertext()).strip() for cell in row]
            for row in table.iter("tr")
            if row.find("td") is not None
        ]
        found[table_id.removesuffix("-table")] = Drawn(svg, rows, table)
    return found
