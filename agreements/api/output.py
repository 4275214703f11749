"""A resource's API output, declared once on its serializer, and the ways of reading it.

``Meta.fields`` names what is shown; ``Meta.lists`` says how each nested list is read: the
relation, its rows' columns, its one order and which rows hide as drafts. From that come
both the prefetch queries (any database) and, on PostgreSQL, the same lists as arrays on
the resource's own row (one query). ``with_output_relations`` picks one; ``represent``
builds the output from either, so the two cannot disagree on content or order."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Union

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connections, models
from django.db.models import F, OuterRef, Prefetch, QuerySet
from django.db.models.functions import JSONObject
from django.urls import reverse
from rest_framework import serializers

from kernel.partial_date import PartialDate, PartialDateField, Precision, precision_attname

# A row's column, and the array of a list on the resource's row (PostgreSQL).
COLUMN = "output_"
ARRAY = "output_array_"


@dataclass(frozen=True)
class Rows:
    """A to-many ``relation`` shown as a list in ``order``: of objects, ``columns`` mapping
    each key to a path from the related row (or to the ``Rows`` of a list nested in it); or
    of one value, ``columns`` being its path. Rows whose ``published`` path is false are
    shown only to callers who may see drafts."""

    relation: str
    columns: dict[str, Union[str, Rows]] | str  # noqa: UP007 - a forward reference
    order: tuple[str, ...]
    published: str | None = None


@dataclass(frozen=True)
class ByKind:
    """One list of ``rows`` shown as several lists of their ``value``, one per ``key``
    value, named by ``names`` (relations by kind: ``renewed_by``, ``amended_by``...)."""

    rows: Rows
    key: str
    value: str
    names: dict[str, str]


Lists = dict[str, Rows | ByKind]


def _target(model: type[models.Model], relation: str) -> tuple[type[models.Model], str]:
    """The related model, and the name that filters its rows by the owner."""
    field = model._meta.get_field(relation)
    related = field.related_model
    assert isinstance(related, type)
    if isinstance(field, models.ForeignObjectRel):  # a reverse foreign key or many-to-many
        return related, field.field.name
    assert isinstance(field, models.ManyToManyField)
    return related, field.related_query_name()


def _field_at(model: type[models.Model], path: str) -> models.Field[Any, Any]:
    *hops, last = path.split("__")
    for hop in hops:
        model = model._meta.get_field(hop).related_model  # type: ignore[assignment]
    field = model._meta.get_field(last)
    assert isinstance(field, models.Field)
    return field


_COLUMNS: dict[tuple[type[models.Model], int], dict[str, Any]] = {}


def _columns(model: type[models.Model], rows: Rows) -> dict[str, Any]:
    """Each column as an expression, a partial date with its precision beside it."""
    key = (model, id(rows))  # declarations live as long as their serializer class
    if key not in _COLUMNS:
        _COLUMNS[key] = _expressions(model, rows)
    return _COLUMNS[key]


def _expressions(model: type[models.Model], rows: Rows) -> dict[str, Any]:
    columns = {"value": rows.columns} if isinstance(rows.columns, str) else rows.columns
    found: dict[str, Any] = {}
    for key, path in columns.items():
        if isinstance(path, Rows):
            found[key] = path
            continue
        found[key] = F(path)
        if isinstance(_field_at(model, path), PartialDateField):
            found[precision_attname(key)] = F(precision_attname(path))
    return found


def _related_rows(model: type[models.Model], rows: Rows, drafts: bool) -> QuerySet[Any]:
    related, _link = _target(model, rows.relation)
    queryset = related._default_manager.all()
    if rows.published and not drafts:
        # Excluding the drafts rather than keeping the published keeps rows whose path
        # leads nowhere (a claim that names no other agreement).
        queryset = queryset.exclude(**{rows.published: False})
    return queryset.order_by(*rows.order)


def _prefetch(model: type[models.Model], rows: Rows, drafts: bool) -> Prefetch:
    """The prefetch of a list's rows, each with its columns as ``output_<key>``."""
    related, _link = _target(model, rows.relation)
    queryset = _related_rows(model, rows, drafts)
    nested = []
    for key, column in _columns(related, rows).items():
        if isinstance(column, Rows):
            nested.append(_prefetch(related, column, drafts))
        else:
            queryset = queryset.annotate(**{COLUMN + key: column})
    queryset = queryset.prefetch_related(*nested)
    return Prefetch(rows.relation, queryset=queryset, to_attr=f"prefetched_{rows.relation}")


def _array(model: type[models.Model], rows: Rows, drafts: bool) -> ArraySubquery:
    """The list as an array of JSON objects (or of values) for each row of ``model``."""
    related, link = _target(model, rows.relation)
    queryset = _related_rows(model, rows, drafts).filter(**{link: OuterRef("pk")})
    columns = {
        key: _array(related, column, drafts) if isinstance(column, Rows) else column
        for key, column in _columns(related, rows).items()
    }
    if isinstance(rows.columns, str):
        return ArraySubquery(queryset.values(item=columns["value"]))
    return ArraySubquery(queryset.values(item=JSONObject(**columns)))


def _rows_of(lists: Lists) -> dict[str, Rows]:
    return {name: spec.rows if isinstance(spec, ByKind) else spec for name, spec in lists.items()}


def shown_columns(serializer_class: type[serializers.ModelSerializer]) -> list[str]:
    """The resource's own columns its output needs (partial dates with their precision)."""
    model = serializer_class.Meta.model
    names = []
    for field in model._meta.concrete_fields:
        shown = field.name in serializer_class.Meta.fields or field.name == "slug"
        if shown or field.primary_key:
            names.append(field.name)
            if isinstance(field, PartialDateField):
                names.append(precision_attname(field.name))
    return names


def with_prefetched_output(
    queryset: QuerySet[Any], serializer_class: Any, *, drafts: bool
) -> QuerySet[Any]:
    """``queryset`` reading each list of the output with one query for all its rows."""
    model, lists = queryset.model, _rows_of(serializer_class.Meta.lists)
    prefetches = [_prefetch(model, rows, drafts) for rows in lists.values()]
    return queryset.only(*shown_columns(serializer_class)).prefetch_related(*prefetches)


def with_output_arrays(
    queryset: QuerySet[Any], serializer_class: Any, *, drafts: bool
) -> QuerySet[Any]:
    """``queryset`` with each list of the output as an array on its row (PostgreSQL)."""
    model, lists = queryset.model, _rows_of(serializer_class.Meta.lists)
    arrays = {ARRAY + name: _array(model, rows, drafts) for name, rows in lists.items()}
    return queryset.only(*shown_columns(serializer_class)).annotate(**arrays)


def with_output_relations(
    queryset: QuerySet[Any], serializer_class: Any, *, drafts: bool
) -> QuerySet[Any]:
    """``queryset`` reading everything ``serializer_class`` shows, related drafts only when
    ``drafts``: in the query itself on PostgreSQL, else one more query per list."""
    if connections[queryset.db].vendor == "postgresql":
        return with_output_arrays(queryset, serializer_class, drafts=drafts)
    return with_prefetched_output(queryset, serializer_class, drafts=drafts)


# The compiled SQL of each kind of one-row read, with the index of the looked-up value among
# its parameters: building and compiling a dozen subqueries costs more than running them.
_COMPILED: dict[tuple[Any, ...], tuple[str, list[Any], int]] = {}
_MARK = "\x00value"


def read_one(
    queryset: QuerySet[Any], serializer_class: Any, *, drafts: bool, slug: str
) -> Any | None:
    """The row of ``queryset`` with this slug, read as ``with_output_relations`` reads it,
    or None. On PostgreSQL one query, its SQL compiled once per kind of caller."""
    if connections[queryset.db].vendor != "postgresql":
        return (
            with_prefetched_output(queryset, serializer_class, drafts=drafts)
            .filter(slug=slug)
            .first()
        )
    key = (serializer_class, queryset.db, queryset.query.where, drafts)
    if key not in _COMPILED:
        marked = with_output_arrays(queryset.filter(slug=_MARK), serializer_class, drafts=drafts)
        compiled_sql, compiled_params = marked.query.sql_with_params()
        template = list(compiled_params)
        _COMPILED[key] = (compiled_sql, template, template.index(_MARK))
    sql, template, index = _COMPILED[key]
    params = [*template[:index], slug, *template[index + 1 :]]
    found = list(queryset.model._default_manager.db_manager(queryset.db).raw(sql, params))
    return found[0] if found else None


def _items(instance: models.Model, name: str, rows: Rows) -> list[Any]:
    """A list's rows as dicts of raw column values (or the bare values), from either path."""
    if ARRAY + name in instance.__dict__:
        found = instance.__dict__[ARRAY + name] or []
        if isinstance(rows.columns, str):
            return list(found)
        # A raw query leaves the objects as JSON text.
        return [json.loads(item) if isinstance(item, str) else item for item in found]
    related = instance.__dict__[f"prefetched_{rows.relation}"]
    if isinstance(rows.columns, str):
        return [getattr(row, COLUMN + "value") for row in related]
    items = []
    for row in related:
        item = {}
        for key, column in _columns(type(row), rows).items():
            if isinstance(column, Rows):
                item[key] = _items(row, key, column)
            else:
                item[key] = getattr(row, COLUMN + key)
        items.append(item)
    return items


# Read-only timestamps, rendered as DRF renders them, without binding a serializer field.
_DATETIME = serializers.DateTimeField()

Render = Callable[[Any, Any], Any]  # (raw item, request) -> shown value


def _render(model: type[models.Model], rows: Rows) -> Callable[[dict[str, Any], Any], Any]:
    """Turns a raw row of the list into what the API shows: dates at their precision,
    timestamps as DRF writes them, files as absolute URLs; the same for both paths."""
    related, _link = _target(model, rows.relation)
    if isinstance(rows.columns, str):
        value = _value(_field_at(related, rows.columns))
        return lambda item, request: value(item, request)
    renders: dict[str, Callable[[dict[str, Any], Any], Any]] = {}
    for key, path in rows.columns.items():
        if isinstance(path, Rows):
            renders[key] = _nested(related, key, path)
        else:
            renders[key] = _column(key, _field_at(related, path))
    return lambda item, request: {key: render(item, request) for key, render in renders.items()}


def _nested(
    model: type[models.Model], key: str, rows: Rows
) -> Callable[[dict[str, Any], Any], Any]:
    render = _render(model, rows)
    return lambda item, request: [render(row, request) for row in item[key]]


def _column(key: str, field: models.Field[Any, Any]) -> Callable[[dict[str, Any], Any], Any]:
    if isinstance(field, PartialDateField):
        precision = precision_attname(key)
        return lambda item, request: _partial(item[key], item[precision])
    value = _value(field)
    return lambda item, request: value(item[key], request)


def _value(field: models.Field[Any, Any]) -> Render:
    if isinstance(field, models.DateTimeField):
        return lambda raw, request: _DATETIME.to_representation(
            dt.datetime.fromisoformat(raw) if isinstance(raw, str) else raw
        )
    if isinstance(field, models.FileField):
        storage = field.storage

        def file_url(raw: Any, request: Any) -> str | None:
            if not raw:
                return None
            url = storage.url(raw)
            return request.build_absolute_uri(url) if request is not None else url

        return file_url
    return lambda raw, request: raw


def _partial(start: Any, precision: str) -> str | None:
    if start is None:
        return None
    if isinstance(start, str):
        start = dt.date.fromisoformat(start)
    return PartialDate(start, precision or Precision.DAY).isoformat()


def _own(model: type[models.Model], name: str) -> Callable[[Any, Any], Any]:
    """One of the resource's own columns as shown."""
    field = model._meta.get_field(name)
    if isinstance(field, PartialDateField):
        return lambda instance, request: (
            None if (value := getattr(instance, name)) is None else value.isoformat()
        )
    if isinstance(field, models.DateTimeField):
        return lambda instance, request: _DATETIME.to_representation(getattr(instance, name))
    return lambda instance, request: getattr(instance, name)


@dataclass(frozen=True)
class Plan:
    """How to show each field of a serializer, built once per serializer class."""

    own: dict[str, Callable[[Any, Any], Any]]
    lists: dict[str, tuple[str, Rows, Callable[[dict[str, Any], Any], Any]]]
    by_kind: dict[str, tuple[str, ByKind]]
    # Shown by the serializer's get_<name>() (which may raise SkipField to leave it out).
    computed: tuple[str, ...] = ()


_PLANS: dict[type, Plan] = {}


def plan(serializer_class: Any) -> Plan:
    if serializer_class not in _PLANS:
        meta = serializer_class.Meta
        model, lists = meta.model, meta.lists
        own, shown, grouped = {}, {}, {}
        for name, spec in lists.items():
            if isinstance(spec, ByKind):
                for shown_name in spec.names.values():
                    grouped[shown_name] = (name, spec)
            else:
                shown[name] = (name, spec, _render(model, spec))
        computed = getattr(meta, "computed", ())
        for name in meta.fields:
            if name not in shown and name not in grouped and name not in computed and name != "url":
                own[name] = _own(model, name)
        _PLANS[serializer_class] = Plan(own, shown, grouped, tuple(computed))
    return _PLANS[serializer_class]


def _url_prefix(serializer: serializers.Serializer) -> str:
    """``http://host/api/agreements/``, reversed once per serializer rather than per row."""
    cache = serializer.context.setdefault("_url_prefix", {})
    route = serializer.Meta.list_route  # type: ignore[attr-defined]
    if route not in cache:
        path = reverse(route)
        request = serializer.context.get("request")
        cache[route] = request.build_absolute_uri(path) if request is not None else path
    return str(cache[route])


def represent(serializer: serializers.Serializer, instance: models.Model) -> dict[str, Any]:
    """What the API shows of ``instance``, read by ``with_output_relations``."""
    # The names come from Meta (or ?fields=), not from serializer.fields: building the
    # bound fields costs more than a detail request's whole representation.
    names = getattr(serializer, "requested_fields", None) or serializer.Meta.fields  # type: ignore[attr-defined]
    steps = plan(type(serializer))
    request = serializer.context.get("request")
    groups: dict[str, dict[str, list[Any]]] = {}
    data: dict[str, Any] = {}
    for name in names:
        if name in steps.own:
            data[name] = steps.own[name](instance, request)
        elif name in steps.lists:
            key, rows, render = steps.lists[name]
            data[name] = [render(item, request) for item in _items(instance, key, rows)]
        elif name in steps.by_kind:
            key, spec = steps.by_kind[name]
            if key not in groups:
                groups[key] = {shown: [] for shown in spec.names.values()}
                for item in _items(instance, key, spec.rows):
                    groups[key][spec.names[item[spec.key]]].append(item[spec.value])
            data[name] = groups[key][name]
        elif name in steps.computed:
            try:
                data[name] = getattr(serializer, f"get_{name}")(instance)
            except serializers.SkipField:
                continue
        else:  # url
            data[name] = f"{_url_prefix(serializer)}{instance.slug}/"  # type: ignore[attr-defined]
    return data
