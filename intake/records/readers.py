"""Reading a file of records: CSV (UTF-8, with or without a byte-order mark), XLSX (the
first sheet, a header row, cell values rather than formulas) and JSON Lines.

Row numbers are the file's own: in CSV and XLSX the header is row 1, so the first record is
row 2; in JSON Lines each line is a row. Export prefixes a spreadsheet cell that starts with
``= + - @`` (or a tab, a carriage return) with ``'`` so a spreadsheet does not run it;
reading CSV and XLSX removes that one prefix again, so a round trip gives back the text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from kernel.api.renderers import FORMULA_PREFIXES, NUMBER

FORMATS = {"csv": "csv", "xlsx": "xlsx", "jsonl": "jsonl", "ndjson": "jsonl"}
XLSX_MAGIC = b"PK\x03\x04"


class FileRefused(Exception):
    """The file as a whole cannot be imported; the message says why, for the user."""


@dataclass
class Row:
    number: int
    cells: dict[str, Any]
    # Problems found while reading (a formula without a value, extra cells), by column.
    problems: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Table:
    header: list[str]
    rows: list[Row]


def restore(text: str) -> str:
    """Undo export's formula guard (kernel/api/renderers.py ``neutralise``)."""
    rest = text[1:]
    if text.startswith("'") and rest.startswith(FORMULA_PREFIXES) and not NUMBER.fullmatch(rest):
        return rest
    return text


def format_of(filename: str) -> str:
    suffix = PurePath(filename).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise FileRefused(
            _("Unknown file type %(suffix)r: use .csv, .xlsx or .jsonl.") % {"suffix": suffix}
        )
    return FORMATS[suffix]


def read_table(data: bytes, fmt: str) -> Table:
    """The header and rows of ``data``; FileRefused when it cannot be read as ``fmt``."""
    limit = settings.INTAKE_MAX_BYTES
    if len(data) > limit:
        raise FileRefused(
            _("The file is %(size)d bytes; the limit is %(limit)d.")
            % {"size": len(data), "limit": limit}
        )
    if not data.strip():
        raise FileRefused(_("The file is empty."))
    readers = {"csv": read_csv, "xlsx": read_xlsx, "jsonl": read_jsonl}
    if fmt not in readers:
        raise FileRefused(_("Unknown format %(format)r.") % {"format": fmt})
    table = readers[fmt](data)
    seen: set[str] = set()
    for name in table.header:
        if name in seen:
            raise FileRefused(_("The column %(name)r appears twice.") % {"name": name})
        seen.add(name)
    if not table.rows:
        raise FileRefused(_("The file has a header but no rows."))
    return table


def decode(data: bytes) -> str:
    if data.startswith(XLSX_MAGIC):
        raise FileRefused(_("This is a workbook (XLSX or another zip file), not text."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRefused(
            _("The file is not UTF-8 text (byte %(position)d); save it as CSV UTF-8.")
            % {"position": error.start}
        ) from error


def named_header(cells: list[Any]) -> list[str]:
    return [str(cell).strip() if cell is not None else "" for cell in cells]


def table_from(header: list[str], raw_rows: list[tuple[int, list[Any]]]) -> Table:
    """Rows as dicts by column; a column without a name must stay empty."""
    rows = []
    for number, cells in raw_rows:
        if all(cell in (None, "") for cell in cells):
            continue
        row = Row(number, {})
        for index, cell in enumerate(cells):
            name = header[index] if index < len(header) else ""
            if name:
                row.cells[name] = cell
            elif cell not in (None, ""):
                row.problems.append(
                    ("", _("a value in column %(n)d, which has no name") % {"n": index + 1})
                )
        rows.append(row)
    return Table([name for name in header if name], rows)


def read_csv(data: bytes) -> Table:
    text = decode(data)
    try:
        lines = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise FileRefused(_("The CSV cannot be read: %(error)s") % {"error": error}) from error
    if not lines:
        raise FileRefused(_("The file is empty."))
    header = named_header(lines[0])
    raw = [(number, [restore(cell) for cell in cells]) for number, cells in enumerate(lines[1:], 2)]
    return table_from(header, raw)


def xlsx_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return restore(value)
    return value


def read_xlsx(data: bytes) -> Table:
    """Cells' values as last computed by the spreadsheet (``data_only``); a formula the
    file holds no value for is reported on its row rather than read as empty."""
    from openpyxl import load_workbook

    if not data.startswith(XLSX_MAGIC):
        raise FileRefused(_("The file is not an XLSX workbook."))
    try:
        values = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        value_rows = values.worksheets[0].iter_rows(values_only=True)
        formula_rows = formulas.worksheets[0].iter_rows(values_only=True)
        pairs = list(zip(value_rows, formula_rows, strict=False))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError) as error:
        raise FileRefused(
            _("The workbook cannot be read: %(error)s") % {"error": error or type(error).__name__}
        ) from error
    if not pairs:
        raise FileRefused(_("The file is empty."))
    header = named_header(list(pairs[0][0]))
    raw = []
    unvalued: dict[int, list[tuple[str, str]]] = {}
    for number, (cells, sources) in enumerate(pairs[1:], 2):
        raw.append((number, [xlsx_value(cell) for cell in cells]))
        for index, (cell, source) in enumerate(zip(cells, sources, strict=False)):
            if cell is None and isinstance(source, str) and source.startswith("="):
                name = header[index] if index < len(header) else ""
                message = _(
                    "a formula with no computed value (%(formula)s): save the file in a "
                    "spreadsheet program, or paste the values"
                ) % {"formula": source[:60]}
                unvalued.setdefault(number, []).append((name, message))
    table = table_from(header, raw)
    for row in table.rows:
        row.problems += unvalued.get(row.number, [])
    return table


def read_jsonl(data: bytes) -> Table:
    text = decode(data)
    header: list[str] = []
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError as error:
            raise FileRefused(
                _("Line %(number)d is not JSON: %(error)s") % {"number": number, "error": error}
            ) from error
        if not isinstance(item, dict):
            raise FileRefused(_("Line %(number)d is not a JSON object.") % {"number": number})
        header += [str(key) for key in item if str(key) not in header]
        rows.append(Row(number, {str(key): value for key, value in item.items()}))
    return Table(header, rows)
