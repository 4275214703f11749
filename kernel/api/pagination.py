"""Pagination: numbered pages for the first rows, then cursors, so any page costs the same.

``page`` and ``page_size`` (default 50, at most 500) keep the contract's shape —
``count``, ``next``, ``previous``, ``results`` — for the first ``MAX_OFFSET_ROWS`` rows. A
deeper numbered page would make the database read and throw away every row before it, so
it is refused with a 400 naming ``page``, and the last numbered page's ``next`` link is a
``cursor`` link instead: following ``next`` walks the whole list either way.

A cursor page (``?cursor=``) starts just after the row the cursor names, by the list's
own ordering (primary key last), so the database reads only the rows it sends: the
filter restates the ordering as "after this row" (keyset pagination), and its first key
also as a plain bound that an index on the ordering can start from. Its ``count`` is
null (counting would read everything); ``previous`` is null too, as cursors only go on.
A cursor is opaque; one from another ordering or altered by hand is a 400 naming
``cursor``.

A list whose queryset offers ``bounded_count()`` (a search: agreements/search.py) counts
at most a bounded number of rows: above it, ``count`` is an estimate and the response says
so with ``"count_exact": false`` (``true`` when counted). Its numbered pages then do not
depend on the estimate: a page reads one row more than it sends, and ``next`` is there
when that row is.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.paginator import EmptyPage, InvalidPage, Page, Paginator
from django.db import connections
from django.db.models import F, Model, Q, QuerySet
from django.db.models.expressions import OrderBy
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from kernel.paging import MAX_OFFSET_ROWS, DeepPaginator


@dataclass(frozen=True)
class Key:
    """One ordering key: an attribute of the rows (a field's column or an annotation)."""

    name: str
    descending: bool


def ordering_keys(queryset: QuerySet[Any]) -> list[Key]:
    """The queryset's ordering as keys, primary key last (added when missing)."""
    query = queryset.query
    terms: Sequence[Any] = query.order_by or (
        queryset.model._meta.ordering if query.default_ordering else []
    )
    keys: list[Key] = []
    for term in terms:
        if isinstance(term, str):
            keys.append(Key(term.lstrip("-"), term.startswith("-")))
        elif (
            isinstance(term, OrderBy)
            and isinstance(term.expression, F)
            and not (term.nulls_first or term.nulls_last)
        ):
            keys.append(Key(term.expression.name, term.descending))  # type: ignore[attr-defined]
        elif isinstance(term, F):
            keys.append(Key(term.name, False))  # type: ignore[attr-defined]
        else:
            raise TypeError(f"cannot page by cursor over the ordering {term!r}")
    pk = queryset.model._meta.pk
    assert pk is not None
    keys = [Key(pk.attname if k.name == "pk" else k.name, k.descending) for k in keys]
    if not any(k.name == pk.attname for k in keys):
        keys.append(Key(pk.attname, False))
    # Keys after the primary key never decide anything.
    return keys[: [k.name for k in keys].index(pk.attname) + 1]


def with_primary_key_last(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The queryset ordered as before, ties broken by primary key: numbered pages and
    cursors then agree on one order, and no row falls between two pages."""
    query = queryset.query
    terms = list(
        query.order_by or (queryset.model._meta.ordering if query.default_ordering else [])
    )
    names = {term.lstrip("-") for term in terms if isinstance(term, str)}
    if names & {"pk", "id", queryset.model._meta.pk.attname}:  # type: ignore[union-attr]
        return queryset
    return queryset.order_by(*terms, "pk")


def _value_of(row: Model, key: Key) -> Any:
    field = next((f for f in row._meta.concrete_fields if f.name == key.name), None)
    if field is None:  # an attname (the primary key) or an annotation
        return getattr(row, key.name)
    return field.get_prep_value(getattr(row, field.attname))


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"t": value.isoformat()}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    if isinstance(value, Decimal):
        return {"n": str(value)}
    if value is None or isinstance(value, (str, int, float)):
        return value
    raise TypeError(f"cannot put {type(value).__name__} in a cursor")


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        ((tag, text),) = value.items()
        parse: dict[str, Callable[[str], Any]] = {
            "t": dt.datetime.fromisoformat,
            "d": dt.date.fromisoformat,
            "n": Decimal,
        }
        if tag in parse and isinstance(text, str):
            return parse[tag](text)
    if value is None or isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return value
    raise ValueError("not a cursor value")


def encode_cursor(keys: list[Key], row: Model) -> str:
    data = {"k": [("-" if k.descending else "") + k.name for k in keys]}
    data["v"] = [_encode(_value_of(row, k)) for k in keys]
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(keys: list[Key], cursor: str) -> list[Any]:
    """The key values a cursor names; ValidationError (``cursor``) when it does not fit."""
    invalid = ValidationError({"cursor": ["This cursor is not valid for this list."]})
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
        names = [("-" if k.descending else "") + k.name for k in keys]
        if not isinstance(data, dict) or data.get("k") != names:
            raise invalid
        values = data.get("v")
        if not isinstance(values, list) or len(values) != len(keys):
            raise invalid
        return [_decode(v) for v in values]
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError, OverflowError) as exc:
        raise invalid from exc


def nulls_sort_last_ascending(alias: str) -> bool:
    """Where the database puts NULLs: PostgreSQL sorts them as larger than every value,
    SQLite as smaller. The one place the keyset filter depends on the database."""
    return connections[alias].vendor == "postgresql"


def after(keys: list[Key], values: list[Any], nulls_largest: bool) -> Q:
    """Rows that come after the row with ``values``, in the order of ``keys``."""

    def beyond(key: Key, value: Any) -> Q:
        """Strictly after ``value`` on this key alone."""
        null = Q(**{f"{key.name}__isnull": True})
        not_null = Q(**{f"{key.name}__isnull": False})
        nulls_after = nulls_largest != key.descending  # NULLs come after every value
        if value is None:
            return not_null if not nulls_after else Q(pk__in=[])
        lookup = "lt" if key.descending else "gt"
        strictly = Q(**{f"{key.name}__{lookup}": value})
        return strictly | null if nulls_after else strictly

    def same(key: Key, value: Any) -> Q:
        return Q(**{f"{key.name}__isnull": True}) if value is None else Q(**{key.name: value})

    condition = Q(pk__in=[])
    for i in reversed(range(len(keys))):
        condition = beyond(keys[i], values[i]) | (same(keys[i], values[i]) & condition)
    first, value = keys[0], values[0]
    if value is not None:
        # The first key's own bound, which an index on the ordering can start from.
        bound = Q(**{f"{first.name}__{'lte' if first.descending else 'gte'}": value})
        if nulls_largest != first.descending:  # NULLs come after every value
            bound |= Q(**{f"{first.name}__isnull": True})
        condition &= bound
    return condition


class RegistryPagination(PageNumberPagination):
    # A numbered page's rows are found by primary key first (kernel/paging.py), so the
    # relations each row computes are computed for the page only, not the rows before it.
    django_paginator_class = DeepPaginator
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    cursor_query_param = "cursor"
    count_exact: bool | None = None

    def paginate_queryset(
        self, queryset: QuerySet[Any], request: Request, view: Any = None
    ) -> list[Any] | None:
        self.request = request
        self.cursor_mode = self.cursor_query_param in request.query_params
        try:
            self.keys: list[Key] | None = ordering_keys(queryset)
        except TypeError:  # an ordering by an expression: numbered pages only
            self.keys = None
        else:
            queryset = with_primary_key_last(queryset)
        size = self.get_page_size(request)
        if size is None:
            return None
        if self.keys is None and self.cursor_mode:
            raise ValidationError({"cursor": ["This list cannot be read by cursor."]})
        self.count_exact = None
        if not self.cursor_mode:
            if self.keys is not None:
                self.check_page_depth(request, size)
            if callable(getattr(queryset, "bounded_count", None)):
                return self.paginate_bounded(queryset, request, size)
            rows = super().paginate_queryset(queryset, request, view)
            self.last_row = rows[-1] if rows else None
            return rows
        assert self.keys is not None
        values = decode_cursor(self.keys, request.query_params[self.cursor_query_param])
        nulls_largest = nulls_sort_last_ascending(queryset.db)
        rows = list(queryset.filter(after(self.keys, values, nulls_largest))[: size + 1])
        self.has_more = len(rows) > size
        rows = rows[:size]
        self.last_row = rows[-1] if rows else None
        return rows

    def paginate_bounded(self, queryset: Any, request: Request, size: int) -> list[Any]:
        """A numbered page of a list counted by ``bounded_count()``: the count is read
        once; when it is an estimate, the page and ``next`` come from the rows themselves."""
        self.reported_count, self.count_exact = queryset.bounded_count()
        paginator = Paginator(queryset, size)
        # The rows the paginator knows of: all of them; or, for an estimate, as many as
        # numbered pages reach, then up to this page and its next row.
        paginator.count = self.reported_count  # type: ignore[misc]
        if not self.count_exact:
            paginator.count = max(self.reported_count, MAX_OFFSET_ROWS + size)  # type: ignore[misc]
        number: Any = self.get_page_number(request, paginator)
        try:
            if not self.count_exact:
                number = paginator.validate_number(number)
                start = (number - 1) * size
                rows = list(queryset[start : start + size + 1])
                if not rows and number > 1:
                    raise EmptyPage("That page contains no results")
                # A paginator that knows of the rows up to this page and its next one.
                read = Paginator(queryset, size)
                read.count = start + len(rows)  # type: ignore[misc]
                self.page = Page(rows[:size], number, read)
            else:
                self.page = paginator.page(number)
        except InvalidPage as exc:
            message = self.invalid_page_message.format(page_number=number, message=str(exc))
            raise NotFound(message) from exc
        rows = list(self.page)
        self.last_row = rows[-1] if rows else None
        return rows

    def check_page_depth(self, request: Request, size: int) -> None:
        raw = request.query_params.get(self.page_query_param, "1")
        try:
            number = int(raw)
        except ValueError:
            return  # Django's paginator answers "Invalid page." as before
        if (number - 1) * size >= MAX_OFFSET_ROWS:
            raise ValidationError(
                {
                    self.page_query_param: [
                        f"Numbered pages reach the first {MAX_OFFSET_ROWS} rows; follow the "
                        f"'next' links, which continue with a cursor, to read further."
                    ]
                }
            )

    def _cursor_link(self) -> str | None:
        if self.last_row is None or self.keys is None:
            return None
        url = self.request.build_absolute_uri()
        url = remove_query_param(url, self.page_query_param)
        return replace_query_param(
            url, self.cursor_query_param, encode_cursor(self.keys, self.last_row)
        )

    def get_next_link(self) -> str | None:
        if self.cursor_mode:
            return self._cursor_link() if self.has_more else None
        if not self.page.has_next():
            return None
        size = self.page.paginator.per_page
        if self.keys is not None and self.page.number * size >= MAX_OFFSET_ROWS:
            return self._cursor_link()
        return super().get_next_link()

    def get_previous_link(self) -> str | None:
        return None if self.cursor_mode else super().get_previous_link()

    def get_paginated_response(self, data: Any) -> Response:
        if not self.cursor_mode and self.count_exact is not None:
            return Response(
                {
                    "count": self.reported_count,
                    "count_exact": self.count_exact,
                    "next": self.get_next_link(),
                    "previous": self.get_previous_link(),
                    "results": data,
                }
            )
        if not self.cursor_mode:
            return super().get_paginated_response(data)
        return Response(
            {"count": None, "next": self.get_next_link(), "previous": None, "results": data}
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"]["nullable"] = True
        response["properties"]["count_exact"] = {
            "type": "boolean",
            "description": "Searches only: false when count is an estimate.",
        }
        return response

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        parameters.append(
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Where to continue: the opaque value in a 'next' link.",
                "schema": {"type": "string"},
            }
        )
        return parameters
