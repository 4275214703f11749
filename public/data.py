"""The About page, the downloads page (/<lang>/data/) and the files themselves
(/data/<filename>, without a language: the files are the same in every language)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_safe

from agreements.models import Agreement, AgreementSource, Event
from datasets.files import BY_NAME, FORMAT_NAMES, licence, open_file, read_manifest
from kernel.visibility import PUBLIC
from parties.models import Party, Person


def published_counts() -> dict[str, int]:
    """What the public may read, counted now: published agreements and events, the
    parties and people (public records), and the sources published agreements cite."""
    published = Agreement.objects.visible_to(PUBLIC)
    return {
        "agreements": published.count(),
        "events": Event.objects.visible_to(PUBLIC).count(),
        "parties": Party.objects.count(),
        "people": Person.objects.count(),
        "sources": AgreementSource.objects.filter(agreement__in=published)
        .values("source")
        .distinct()
        .count(),
    }


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    context = {"counts": published_counts(), "licence": licence()}
    return render(request, "about.html", context)


def listed_files(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """The manifest's files that are still offered, in the order they are declared, each
    with its description and date."""
    files = []
    for item in manifest["files"]:
        data_file = BY_NAME.get(item["name"])
        if data_file is None:
            continue
        generated = parse_datetime(item["generated_at"].replace("Z", "+00:00"))
        files.append(
            {
                **item,
                "description": data_file.description,
                "format_name": FORMAT_NAMES[data_file.format],
                "generated": generated,
            }
        )
    return files


@require_safe
def data(request: HttpRequest) -> HttpResponse:
    manifest = read_manifest()
    generated: dt.datetime | None = None
    files: list[dict[str, Any]] = []
    if manifest is not None:
        generated = parse_datetime(manifest["generated_at"].replace("Z", "+00:00"))
        files = listed_files(manifest)
    context = {"files": files, "generated": generated, "licence": licence()}
    return render(request, "datasets/data.html", context)


@require_safe
def download(request: HttpRequest, filename: str) -> FileResponse:
    """A generated file as an attachment; 404 for any name that is not one of them."""
    found = open_file(filename)
    if found is None:
        raise Http404("No such file.")
    data_file, handle = found
    response = FileResponse(handle, as_attachment=True, filename=data_file.name)
    response["Content-Type"] = data_file.content_type
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = f"public, max-age={settings.DATASETS_CACHE_SECONDS}"
    response["Link"] = f'<{settings.DATASET_LICENCE_URL}>; rel="license"'
    return response
