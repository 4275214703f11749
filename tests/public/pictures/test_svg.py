"""The SVG primitives: escaped markup, an accessible document, text widths, axis steps."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from public.pictures import svg

from .helpers import SVG


def test_text_and_attributes_are_escaped() -> None:
    markup = svg.text('<script>alert("x")</script> & co', x=1, y=2.5, class_="label")
    element = ET.fromstring(f'<svg xmlns="http://www.w3.org/2000/svg">{markup}</svg>')[0]
    assert element.text == '<script>alert("x")</script> & co'
    assert element.get("y") == "2.5"
    assert element.get("class") == "label"
    assert "<script>" not in markup


def test_attribute_names_and_numbers_are_written_for_svg() -> None:
    markup = svg.tag("line", x1=1.0, x2=10 / 3, text_anchor="end", stroke_width=None)
    assert markup == '<line x1="1" x2="3.3" text-anchor="end"/>'


def test_a_document_is_an_image_named_by_its_title_and_described_by_its_table() -> None:
    markup = svg.document(
        ident="years",
        width=100,
        height=50,
        title="Agreements & years",
        description="Two bars",
        body=[svg.tag("rect", x=0, y=0, width=10, height=10)],
        css_class="chart-years",
    )
    root = ET.fromstring(str(markup))
    assert root.tag == SVG + "svg"
    assert root.get("role") == "img"
    assert root.get("viewBox") == "0 0 100 50"
    assert root.get("aria-labelledby") == "years-title years-desc"
    assert root.get("aria-describedby") == "years-table"
    assert root.find(SVG + "title").text == "Agreements & years"  # type: ignore[union-attr]
    assert "style" not in str(markup)


def test_chinese_text_is_counted_wider_than_latin() -> None:
    assert svg.text_width("中国科学院", 10) == 50
    assert svg.text_width("abcde", 10) < 30


def test_labels_are_shortened_with_an_ellipsis_to_fit() -> None:
    assert svg.shorten("Short", 100, 10) == "Short"
    cut = svg.shorten("Chinese Academy of Sciences", 80, 10)
    assert cut.endswith("…") and svg.text_width(cut, 10) <= 80
    assert svg.shorten("中国科学院深圳先进技术研究院", 60, 10) == "中国科学院…"


def test_axis_steps_are_round_numbers() -> None:
    assert [svg.axis_step(n) for n in (1, 4, 5, 9, 40, 67, 443, 3000)] == [
        1,
        1,
        2,
        5,
        10,
        20,
        200,
        1000,
    ]
