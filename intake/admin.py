"""Staff admin: "Import records" (upload, preview, confirm, progress) and the export actions
on agreements, parties and people."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from agreements.models import Agreement
from parties.models import Party, Person

from . import tasks
from .models import ImportJob, ImportStatus
from .records import jobs
from .records.columns import RESOURCES, Resource
from .records.forms import ImportForm
from .records.importer import ATOMIC, FAILED, check_header, kind_of
from .records.readers import FileRefused, format_of, read_table
from .records.writers import EXPORT_FORMATS, export_response

# The rows the preview table shows: every failed row, and the others up to this many.
PREVIEW_ROWS = 500


def may_import(user: Any, kind: str) -> bool:
    """Staff who may both add and change records of ``kind``."""
    model = RESOURCES[kind].model._meta
    return bool(
        user.is_active
        and user.is_staff
        and user.has_perm(f"{model.app_label}.add_{model.model_name}")
        and user.has_perm(f"{model.app_label}.change_{model.model_name}")
    )


def may_import_any(user: Any) -> bool:
    return any(may_import(user, kind) for kind in RESOURCES)


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Imports are started from the "Import records" page and only watched here."""

    list_display = [
        "__str__",
        "kind",
        "mode",
        "dry_run",
        "status",
        "rows_done",
        "rows_total",
        "created",
        "updated",
        "failed",
        "created_by",
        "created_at",
    ]
    list_filter = ["status", "kind", "dry_run"]
    change_list_template = "admin/intake/importjob/change_list.html"

    def has_module_permission(self, request: HttpRequest) -> bool:
        return may_import_any(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_import_any(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def get_urls(self) -> list[URLPattern]:
        own = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="intake_importjob_import",
            ),
            path(
                "<int:pk>/confirm/",
                self.admin_site.admin_view(require_POST(self.confirm_view)),
                name="intake_importjob_confirm",
            ),
        ]
        return own + super().get_urls()

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload a file; it is checked (a dry run) and the preview shown on its job page."""
        if not may_import_any(request.user):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            job = self.create_job(request, form)
            if job is not None:
                return HttpResponseRedirect(job_url(job))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import records"),
            "form": form,
            "opts": self.model._meta,
            "background_rows": settings.INTAKE_BACKGROUND_ROWS,
            "columns": {name: resource.names for name, resource in RESOURCES.items()},
        }
        return TemplateResponse(request, "admin/intake/importjob/import.html", context)

    def create_job(self, request: HttpRequest, form: ImportForm) -> ImportJob | None:
        upload = form.cleaned_data["file"]
        try:
            if upload.size > settings.INTAKE_MAX_BYTES:
                raise FileRefused(
                    _("The file is %(size)d bytes; the limit is %(limit)d.")
                    % {"size": upload.size, "limit": settings.INTAKE_MAX_BYTES}
                )
            fmt = format_of(upload.name)
            data = upload.read()
            table = read_table(data, fmt)
            kind = form.cleaned_data["kind"] or kind_of(table.header)
            check_header(RESOURCES[kind], table.header)
        except FileRefused as refused:
            form.add_error("file", str(refused))
            return None
        if not may_import(request.user, kind):
            form.add_error("kind", _("You may not add and change %(kind)s.") % {"kind": kind})
            return None
        job = ImportJob.objects.create(
            created_by=request.user if request.user.is_authenticated else None,
            file=ContentFile(data, name=upload.name),
            filename=upload.name[:255],
            kind=kind,
            format=fmt,
            mode=form.cleaned_data["mode"],
            dry_run=True,
            rows_total=len(table.rows),
        )
        self.start(request, job)
        return job

    def start(self, request: HttpRequest, job: ImportJob) -> None:
        problem = tasks.start(job)
        if problem:
            messages.error(request, problem)
        elif jobs.in_background(job):
            messages.info(
                request,
                _("The file has %(rows)d rows: it runs in the background; this page follows it.")
                % {"rows": job.rows_total},
            )

    def confirm_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Import for real a file whose preview the user has seen (or retry a failed start)."""
        job = get_object_or_404(ImportJob, pk=pk)
        if not may_import(request.user, job.kind):
            raise PermissionDenied
        if not confirmable(job) and not (job.status == ImportStatus.FAILED and job.file):
            messages.error(request, _("This import cannot be confirmed."))
            return HttpResponseRedirect(job_url(job))
        if job.status != ImportStatus.FAILED:
            job.dry_run = False
        self.start(request, job)
        return HttpResponseRedirect(job_url(job))

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """The job's page: progress (refreshing while it runs), counts and the preview table."""
        if not may_import_any(request.user):
            raise PermissionDenied
        job = get_object_or_404(ImportJob, pk=object_id)
        rows = job.report.get("rows", [])
        failed = [row for row in rows if row["action"] == FAILED]
        others = [row for row in rows if row["action"] != FAILED][
            : max(0, PREVIEW_ROWS - len(failed))
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": str(job),
            "job": job,
            "opts": self.model._meta,
            "rows": sorted([*failed, *others], key=lambda row: row["row"]),
            "hidden_rows": len(rows) - len(failed) - len(others),
            "confirmable": confirmable(job) and may_import(request.user, job.kind),
            "atomic": job.mode == ATOMIC,
            "refresh": not job.finished,
        }
        return TemplateResponse(request, "admin/intake/importjob/job.html", context)


def confirmable(job: ImportJob) -> bool:
    """A checked file with something to write: in atomic mode only if every row passed."""
    if not (job.dry_run and job.status == ImportStatus.DONE):
        return False
    if job.mode == ATOMIC and job.failed:
        return False
    return job.created + job.updated > 0


def job_url(job: ImportJob) -> str:
    return reverse("admin:intake_importjob_change", args=[job.pk])


def export_action(resource: Resource, fmt: str) -> Callable[..., HttpResponseBase]:
    def export(
        modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Any]
    ) -> HttpResponseBase:
        return export_response(resource, queryset.order_by("pk"), fmt)

    export.__name__ = f"export_{fmt}"
    label = {"csv": "CSV", "xlsx": "XLSX", "jsonl": "JSON Lines"}[fmt]
    return admin.action(  # type: ignore[no-any-return]
        description=format_lazy(gettext_lazy("Export selected ({format})"), format=label),
        permissions=["view"],
    )(export)


# The agreements' and parties' admins know nothing of intake (the layer above them), so the
# export actions are added to them from here.
for model, resource in (
    (Agreement, RESOURCES["agreements"]),
    (Party, RESOURCES["parties"]),
    (Person, RESOURCES["people"]),
):
    model_admin = admin.site._registry[model]
    model_admin.actions = [
        *(model_admin.actions or []),
        *(export_action(resource, fmt) for fmt in EXPORT_FORMATS),
    ]
