"""Writing records as CSV, XLSX or JSON Lines, a chunk of rows at a time.

CSV and XLSX cells that a spreadsheet would run as a formula get a leading ``'``
(kernel/api/renderers.py ``neutralise``); import removes it. JSON Lines is for programs and
is written as is. CSV starts with a UTF-8 byte-order mark so that Excel reads Chinese text.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, HttpResponseBase, StreamingHttpResponse

from kernel.api.renderers import neutralise

from .columns import Resource

EXPORT_FORMATS = ("csv", "xlsx", "jsonl")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jsonl": "application/jsonl; charset=utf-8",
}
BOM = "\ufeff"


def csv_chunks(resource: Resource, queryset: QuerySet[Any]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    buffer.write(BOM)
    writer.writerow(resource.names)
    for number, row in enumerate(resource.rows(queryset), 1):
        writer.writerow([neutralise(row[name]) for name in resource.names])
        if number % 200 == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def jsonl_chunks(resource: Resource, queryset: QuerySet[Any]) -> Iterator[bytes]:
    for row in resource.rows(queryset):
        yield (json.dumps(row, ensure_ascii=False) + "\n").encode()


def xlsx_file(resource: Resource, queryset: QuerySet[Any]) -> Any:
    """A temporary file holding the workbook (openpyxl's write-only mode keeps rows on disk)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(resource.name)
    sheet.append(resource.names)
    for row in resource.rows(queryset):
        sheet.append([neutralise(row[name]) for name in resource.names])
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    return handle


def export_response(resource: Resource, queryset: QuerySet[Any], fmt: str) -> HttpResponseBase:
    """A download of ``queryset``'s records in ``fmt`` (one of EXPORT_FORMATS)."""
    filename = f"{resource.name}.{fmt}"
    response: HttpResponseBase
    if fmt == "xlsx":
        response = FileResponse(
            xlsx_file(resource, queryset), as_attachment=True, filename=filename
        )
        response["Content-Type"] = CONTENT_TYPES["xlsx"]
    else:
        chunks = csv_chunks if fmt == "csv" else jsonl_chunks
        response = StreamingHttpResponse(
            chunks(resource, queryset), content_type=CONTENT_TYPES[fmt]
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Staff and token holders' exports hold drafts: never kept by a shared cache.
    response["Cache-Control"] = "private"
    response["X-Content-Type-Options"] = "nosniff"
    return response
