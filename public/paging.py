"""Long lists in pages: one page at a time, under a page parameter of their own.

A page number that is not a number gives the first page and one past the end the last
(``Paginator.get_page``), so a bad ``?page=`` never fails. Lists sharing a page name
their parameters apart (``page``, ``partners_page``); templates/_pager.html shows
"Showing 1–50 of 443" and the links, keeping every other parameter."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 50


def page_of(
    request: HttpRequest,
    items: Any,
    *,
    param: str = "page",
    per_page: int = PAGE_SIZE,
    count: int | None = None,
) -> Page:
    """The requested page of ``items`` (an ordered queryset or a list); ``count``, how
    many there are when it is known without counting them (agreements/summaries.py)."""
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count  # type: ignore[misc]  # a cached_property, filled in
    return paginator.get_page(request.GET.get(param))
