"""Long lists in pages: one page at a time, under a page parameter of their own.

A page number that is not a number gives the first page and one past the end the last
(``Paginator.get_page``), so a bad ``?page=`` never fails. Lists sharing a page name
their parameters apart (``page``, ``partners_page``); templates/_pager.html shows
"Showing 1–50 of 443" and the links, keeping every other parameter.

Numbered pages reach the first ``MAX_OFFSET_ROWS`` rows (kernel/paging.py), each read by
primary key first: a deeper page would cost more the deeper it is, so a page number past
them gives the last one, where the pager says how to narrow the list (or read all of it
through the API, whose ``next`` links continue with a cursor)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page
from django.http import HttpRequest

from kernel.paging import MAX_OFFSET_ROWS, DeepPaginator

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
    paginator = DeepPaginator(items, per_page, max_rows=MAX_OFFSET_ROWS)
    if count is not None:
        paginator.count = count  # type: ignore[misc]  # a cached_property, filled in
    return paginator.get_page(request.GET.get(param))
