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
    request: HttpRequest, items: Any, *, param: str = "page", per_page: int = PAGE_SIZE
) -> Page:
    """The requested page of ``items`` (an ordered queryset or a list)."""
    return Paginator(items, per_page).get_page(request.GET.get(param))
