"""Numbered pages that stay cheap deep into a long list, for the API and the public pages.

A numbered page is an OFFSET: the database reads every row before the page and throws it
away. When each row also computes something (the API's relations as JSON arrays, a
search rank), that work is done for every skipped row too. So a page of a queryset is
read in one query whose inner part walks the ordering reading only primary keys (often
an index alone) and whose outer part reads the page's rows whole, with what they compute,
by those keys. A paginator may also stop its numbered pages after ``max_rows`` rows: past
them, a list is read by cursor (the API, kernel/api/pagination.py) or narrowed."""

from __future__ import annotations

from functools import cached_property
from math import ceil
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

# Numbered pages reach this many rows at most, in the API and on the public pages.
MAX_OFFSET_ROWS = 10_000


def rows_between(items: Any, bottom: int, top: int) -> Any:
    """``items[bottom:top]``; of a queryset past its first rows, found by primary key
    first. Lists, DISTINCT and combined (UNION) querysets are sliced as they are."""
    if (
        bottom == 0
        or not isinstance(items, QuerySet)
        or items.query.distinct
        or items.query.combinator
        or items.query.is_sliced
    ):
        return items[bottom:top]
    keys = items.values("pk")[bottom:top]
    return items.filter(pk__in=keys)


class DeepPage(Page):
    def end_index(self) -> int:
        # The last numbered page of a capped list ends where the pages stop, not at the
        # list's end (Django's assumption).
        if self.number == self.paginator.num_pages:
            return self.paginator.reach  # type: ignore[attr-defined, no-any-return]
        return super().end_index()


class DeepPaginator(Paginator):
    """Django's paginator, reading a page's rows by primary key first (``rows_between``),
    with at most ``max_rows`` rows in numbered pages when given (``capped`` says that
    there are more)."""

    def __init__(self, *args: Any, max_rows: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_rows = max_rows

    @cached_property
    def num_pages(self) -> int:
        pages = Paginator.num_pages.func(self)  # type: ignore[attr-defined]
        if self.max_rows is None:
            return pages  # type: ignore[no-any-return]
        return min(pages, max(1, ceil(self.max_rows / self.per_page)))

    @property
    def capped(self) -> bool:
        """Whether the list has rows that no numbered page reaches."""
        return self.count > self.num_pages * self.per_page

    @property
    def reach(self) -> int:
        """How many rows the numbered pages show."""
        return min(self.count, self.num_pages * self.per_page)

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return DeepPage(rows_between(self.object_list, bottom, top), number, self)
