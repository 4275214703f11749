"""Importing rows: each is matched to a stored record (by slug, else by an external
identifier), compared with it column by column, and what differs is validated by the API's
serializer and written by the resource's one write service.

Modes: ``atomic`` (the file is one transaction: one error and nothing is written) and
``per-row`` (each row its own transaction: good rows are written, bad ones reported). A
dry run does everything inside a transaction that is then rolled back."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.utils.translation import gettext as _
from rest_framework.exceptions import ErrorDetail

from agreements.models import Agreement
from agreements.services import agreement_create, agreement_update
from kernel.api.errors import integrity_field
from kernel.writes import check_deferred_now
from parties.models import PartyIdentifier
from parties.services import party_create, party_update, person_create, person_update

from .columns import RESOURCES, CellError, Resource, identifiers_to_api, normal
from .readers import FileRefused, Row, Table

ATOMIC, PER_ROW = "atomic", "per-row"
MODES = (ATOMIC, PER_ROW)
CREATED, UPDATED, UNCHANGED, FAILED = "created", "updated", "unchanged", "failed"
# The columns a file must have, one of each group: what finds a stored record.
REQUIRED = {"agreements": ("slug", "reference_number"), "parties": ("slug", "identifiers")}


@dataclass
class RowResult:
    row: int
    action: str
    key: str = ""
    errors: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Report:
    kind: str
    mode: str
    dry_run: bool
    rows: list[RowResult] = field(default_factory=list)
    written: bool = False

    def count(self, action: str) -> int:
        return sum(1 for result in self.rows if result.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {action: self.count(action) for action in (CREATED, UPDATED, UNCHANGED, FAILED)}

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "counts": self.counts}


class RowFailed(Exception):
    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__(errors)
        self.errors = errors


class _RollBack(Exception):
    """Leaves the outer transaction of an atomic import or a dry run without writing."""


def kind_of(header: list[str]) -> str:
    """The one resource whose columns include every column of ``header``."""
    fitting = [name for name, res in RESOURCES.items() if set(header) <= set(res.names)]
    if len(fitting) == 1:
        return fitting[0]
    if not fitting:
        raise FileRefused(
            _("These columns fit no kind of record: %(columns)s.") % {"columns": ", ".join(header)}
        )
    raise FileRefused(
        _("These columns fit %(kinds)s: say which kind of records the file holds.")
        % {"kinds": " and ".join(fitting)}
    )


def check_header(resource: Resource, header: list[str]) -> None:
    unknown = [name for name in header if name not in resource.names]
    if unknown:
        raise FileRefused(
            _("Unknown columns for %(kind)s: %(unknown)s. Known columns: %(known)s.")
            % {
                "kind": resource.name,
                "unknown": ", ".join(unknown),
                "known": ", ".join(resource.names),
            }
        )
    keys = REQUIRED.get(resource.name, ("slug",))
    if not set(keys) & set(header):
        raise FileRefused(
            _("The file needs a column %(columns)s to find the records.")
            % {"columns": _(" or ").join(keys)}
        )


def cell_text(value: Any) -> str:
    """A cell of any format as text: JSON Lines may hold lists, booleans and numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(cell_text(item) for item in value)
    return str(value)


def find(resource: Resource, cells: dict[str, str]) -> Any:
    """The stored record the row is about, or None for a new one."""
    model = resource.model
    slug = cells.get("slug", "")
    if slug:
        found = model._default_manager.filter(slug=slug).first()
        if found is not None:
            return found
    if resource.name == "agreements" and cells.get("reference_number"):
        return Agreement.objects.filter(reference_number=cells["reference_number"]).first()
    if resource.name == "parties" and cells.get("identifiers"):
        try:
            pairs = identifiers_to_api(cells["identifiers"], None)
        except CellError:
            return None
        for pair in pairs:
            match = PartyIdentifier.objects.filter(**pair).select_related("party").first()
            if match is not None:
                return match.party
    return None


def flatten(errors: Any, path: str = "") -> list[tuple[str, str]]:
    """(path, message) pairs from DRF's nested errors or a Django ValidationError's dict."""
    if isinstance(errors, Mapping):
        found = []
        for key, value in errors.items():
            step = f"[{key}]" if isinstance(key, int) else (f".{key}" if path else str(key))
            found += flatten(value, path + step)
        return found
    if isinstance(errors, list | tuple):
        if all(isinstance(item, str | ErrorDetail) for item in errors):
            return [(path, str(item)) for item in errors]
        found = []
        for index, item in enumerate(errors):
            if item:
                found += flatten(item, f"{path}[{index}]")
        return found
    return [(path, str(errors))]


def column_errors(resource: Resource, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Name the column each error is about; the rest of its path goes in front of the message."""
    named = []
    for path, message in pairs:
        head = path.replace("[", ".").split(".", 1)[0]
        if head in resource.names:
            detail = path[len(head) :].lstrip(".")
            named.append((head, f"{detail}: {message}" if detail else message))
        else:
            named.append(("", message))
    return named


def service_error(error: DjangoValidationError) -> Any:
    return error.message_dict if hasattr(error, "error_dict") else error.messages


WRITERS: dict[str, tuple[Callable[..., Any], Callable[..., Any], str]] = {
    "agreements": (agreement_create, agreement_update, "agreement"),
    "parties": (party_create, party_update, "party"),
    "people": (person_create, person_update, "person"),
}


def write(resource: Resource, instance: Any, data: dict[str, Any], user: Any) -> Any:
    create, update, name = WRITERS[resource.name]
    if instance is None:
        return create(data=data, user=user)
    return update(**{name: instance, "data": data, "user": user})


def import_row(resource: Resource, row: Row, user: Any) -> RowResult:
    """Write one row; RowFailed names each column at fault."""
    if row.problems:
        raise RowFailed(row.problems)
    cells = {
        name: normal(resource.column(name).shape, cell_text(value))
        for name, value in row.cells.items()
    }
    instance = find(resource, cells)
    if instance is not None:
        stored = resource.row(instance)
        changed = [
            name
            for name in cells
            if cells[name] != normal(resource.column(name).shape, stored[name])
        ]
        if not changed:
            return RowResult(row.number, UNCHANGED, instance.slug)
    else:
        changed = [name for name in cells if not (name == "slug" and not cells[name])]
    data: dict[str, Any] = {}
    errors: list[tuple[str, str]] = []
    for name in changed:
        try:
            data[name] = resource.column(name).to_api(cells[name], instance)
        except CellError as error:
            errors.append((name, str(error)))
    if errors:
        raise RowFailed(errors)
    serializer = resource.serializer(
        instance=instance, data=data, partial=instance is not None, context={"can_see_drafts": True}
    )
    if not serializer.is_valid():
        raise RowFailed(column_errors(resource, flatten(serializer.errors)))
    try:
        with transaction.atomic():
            saved = write(resource, instance, dict(serializer.validated_data), user)
            # The deferred rules (publishing needs two parties...) judge this row now, not
            # the file's commit: the row fails alone, with its column named.
            check_deferred_now()
    except DjangoValidationError as error:
        raise RowFailed(column_errors(resource, flatten(service_error(error)))) from error
    except IntegrityError as error:
        field, first_line = integrity_field(error), str(error).splitlines()[0]
        column = field if field in resource.names else ""
        raise RowFailed(
            [(column, _("The database refused the row: %(error)s") % {"error": first_line})]
        ) from error
    return RowResult(row.number, UPDATED if instance is not None else CREATED, saved.slug)


def run_rows(
    resource: Resource,
    table: Table,
    *,
    user: Any,
    report: Report,
    progress: Callable[[int], None] | None,
) -> None:
    for done, row in enumerate(table.rows, 1):
        try:
            with transaction.atomic():
                result = import_row(resource, row, user)
        except RowFailed as failure:
            key = str(row.cells.get("slug") or "")
            errors = [{"column": column, "message": message} for column, message in failure.errors]
            result = RowResult(row.number, FAILED, key, errors)
        except DatabaseError as error:
            # A conflict with a concurrent writer (deadlock, serialization) fails this row.
            key = str(row.cells.get("slug") or "")
            result = RowResult(row.number, FAILED, key, [{"column": "", "message": str(error)}])
        report.rows.append(result)
        if progress is not None:
            progress(done)


def import_table(
    table: Table,
    *,
    kind: str | None = None,
    mode: str = ATOMIC,
    dry_run: bool = False,
    user: Any = None,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Import ``table`` as ``kind`` (found from the header when not given)."""
    kind = kind or kind_of(table.header)
    if kind not in RESOURCES:
        raise FileRefused(_("Unknown kind of records %(kind)r.") % {"kind": kind})
    if mode not in MODES:
        raise FileRefused(_("Unknown mode %(mode)r.") % {"mode": mode})
    resource = RESOURCES[kind]
    check_header(resource, table.header)
    report = Report(kind=kind, mode=mode, dry_run=dry_run)
    if mode == PER_ROW and not dry_run:
        run_rows(resource, table, user=user, report=report, progress=progress)
    else:
        try:
            with transaction.atomic():
                run_rows(resource, table, user=user, report=report, progress=progress)
                if dry_run or report.count(FAILED):
                    raise _RollBack
        except _RollBack:
            pass
    report.written = not dry_run and (mode == PER_ROW or not report.count(FAILED))
    return report


def error_lines(report: Report) -> list[str]:
    """Each error as "row 7, column signed_on: ..."."""
    lines = []
    for result in report.rows:
        for error in result.errors:
            where = _("row %(row)d") % {"row": result.row}
            if error["column"]:
                where += _(", column %(column)s") % {"column": error["column"]}
            lines.append(f"{where}: {error['message']}")
    return lines
