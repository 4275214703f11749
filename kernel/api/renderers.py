"""``?format=csv``: one flat row per object, nested lists joined with "; ", sent as a download.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula (``=HYPERLINK(...)``, ``=cmd|...``), so such text cells are prefixed with
a single quote, as OWASP's CSV injection guidance advises; numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from rest_framework.renderers import BaseRenderer

SEPARATOR = "; "
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# A whole cell that is a plain number ("-3", "+1.5e3") is data, not a formula.
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9_-]+")


def neutralise(text: str) -> str:
    """``text`` as a spreadsheet shows it and never evaluates it."""
    if text.startswith(FORMULA_PREFIXES) and not NUMBER.fullmatch(text):
        return "'" + text
    return text


def filename_for(renderer_context: Mapping[str, Any]) -> str:
    """The URL's last part: ``agreements.csv`` for /api/agreements/, ``<slug>.csv`` for one."""
    request = renderer_context.get("request")
    name = request.path.rstrip("/").rsplit("/", 1)[-1] if request is not None else ""
    return (UNSAFE_FILENAME.sub("-", name).strip("-") or "export") + ".csv"


def cell(value: Any) -> str:
    """A JSON value as one CSV cell; a nested object reads "first value (the others)"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return SEPARATOR.join(cell(item) for item in value)
    if isinstance(value, Mapping):
        parts = [cell(v) for v in value.values() if v not in (None, "", [])]
        if not parts:
            return ""
        head, rest = parts[0], parts[1:]
        return f"{head} ({', '.join(rest)})" if rest else head
    return str(value)


def header_of(view: Any) -> list[str]:
    """The columns of an empty list, so that it still has a header: the view's
    ``csv_columns``, else its serializer's fields; none for a view with neither."""
    declared = getattr(view, "csv_columns", None)
    if declared is not None:
        return list(declared)
    if getattr(view, "serializer_class", None) is not None:
        return list(view.get_serializer().fields)
    return []


def csv_lines(rows: Iterable[Mapping[str, Any]], empty_header: list[str]) -> Iterator[str]:
    """Rows that all have the same keys as CSV text, a header first: the first row's keys,
    or ``empty_header`` when there is none. Reads one row at a time (streamed lists and
    the dataset files)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    columns: list[str] | None = None
    for row in rows:
        if columns is None:
            columns = list(row)
            writer.writerow([neutralise(column) for column in columns])
        writer.writerow([neutralise(cell(row.get(column))) for column in columns])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if columns is None:
        writer.writerow([neutralise(column) for column in empty_header])
        yield buffer.getvalue()


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        context = renderer_context or {}
        response = context.get("response")
        if response is not None:
            response["Content-Disposition"] = f'attachment; filename="{filename_for(context)}"'
        if data is None:
            return b""
        if isinstance(data, Mapping) and "results" in data:
            rows = list(data["results"])
        elif isinstance(data, list):
            rows = data
        else:
            rows = [data]
        columns = [] if rows else header_of(context.get("view"))
        for row in rows:
            if isinstance(row, Mapping):
                columns += [key for key in row if key not in columns]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([neutralise(column) for column in columns])
        for row in rows:
            if isinstance(row, Mapping):
                writer.writerow([neutralise(cell(row.get(column))) for column in columns])
        return buffer.getvalue().encode(self.charset)
