"""``?format=csv``: one flat row per object, nested lists joined with "; "."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from rest_framework.renderers import BaseRenderer

SEPARATOR = "; "


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
        if data is None:
            return b""
        if isinstance(data, Mapping) and "results" in data:
            rows = list(data["results"])
        elif isinstance(data, list):
            rows = data
        else:
            rows = [data]
        columns: list[str] = []
        view = (renderer_context or {}).get("view")
        # An empty list still has a header, when the view has a serializer (the stats
        # and network views describe their output in the schema only).
        if not rows and getattr(view, "serializer_class", None) is not None:
            columns = list(view.get_serializer().fields)  # type: ignore[union-attr]
        for row in rows:
            if isinstance(row, Mapping):
                columns += [key for key in row if key not in columns]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            if isinstance(row, Mapping):
                writer.writerow([cell(row.get(column)) for column in columns])
        return buffer.getvalue().encode(self.charset)
