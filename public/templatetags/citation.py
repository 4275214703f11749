"""``{% record_citation record as c %}``: the citation of the page's record, for
templates/public/_cite.html."""

from __future__ import annotations

from typing import Any

from django import template

from public.citation import Citation, citation

register = template.Library()


@register.simple_tag(takes_context=True)
def record_citation(context: dict[str, Any], record: Any) -> Citation:
    return citation(record, context["request"])
