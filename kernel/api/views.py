"""The base viewset: slugs, ``?fields=``/``?brief=1``, ETags, atomic writes, and a list's
every row as CSV (``?format=csv`` without ``page`` or ``page_size``), streamed."""

from __future__ import annotations

import builtins
import hashlib
import itertools
import json
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.http import StreamingHttpResponse
from django.utils.cache import patch_vary_headers
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import status, viewsets
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer, as_serializer_error

from kernel import writes
from kernel.api.renderers import csv_lines, filename_for, header_of
from kernel.params import parse_bool
from kernel.streaming import stream

# Rows read and serialized at a time when a list streams: each chunk costs the list's
# queries once (its prefetches, on SQLite), so memory stays flat whatever the count.
STREAM_CHUNK_SIZE = 500


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The record changed since you read it (If-Match does not match its ETag)."
    default_code = "precondition_failed"


class PreconditionRequired(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = (
        "This server requires If-Match on writes: send the ETag of the record as you read it."
    )
    default_code = "precondition_required"


class ConflictError(ValidationError):
    """A ValidationError (field paths and all) answered 409: the write conflicts with what
    is stored, or with a concurrent write."""

    status_code = status.HTTP_409_CONFLICT


def etag_of(data: Any, variant: str = "json") -> str:
    """A strong ETag: the hash of the representation the caller would read, in the format
    (``variant``) it is rendered in, so a cached HTML page never answers for JSON."""
    encoded = variant + json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return '"' + hashlib.sha256(encoded.encode()).hexdigest()[:32] + '"'


def etag_matches(header: str, etag: str) -> bool:
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return "*" in tags or etag in tags


def lock_row(instance: models.Model) -> None:
    """Lock ``instance``'s row until the transaction ends (a no-op on SQLite)."""
    writes.lock_row(instance)


class RegistrySchema(AutoSchema):
    """The OpenAPI description of a resource, with ``?fields=`` and ``?brief=`` on its list."""

    def get_override_parameters(self) -> list[Any]:
        parameters = super().get_override_parameters()
        if getattr(self.view, "action", None) != "list":
            return parameters
        known = ", ".join(self.view.get_serializer_class().Meta.fields)
        return [
            *parameters,
            OpenApiParameter(
                "fields",
                OpenApiTypes.STR,
                description=f"Only these fields, comma-separated; any of: {known}.",
            ),
            OpenApiParameter(
                "brief",
                OpenApiTypes.BOOL,
                description="`1`, `true` or `yes`: only the slug, url and name or title.",
            ),
        ]


class RegistryViewSet(viewsets.ModelViewSet):
    """A resource addressed by slug; subclasses set the serializer and the queryset."""

    lookup_field = "slug"
    schema = RegistrySchema()
    lookup_value_regex = r"[a-z0-9]+(?:-[a-z0-9]+)*"

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        # What a caller sees depends on its token (drafts), so caches must key on it.
        patch_vary_headers(response, ["Authorization"])
        return response

    def filter_queryset(self, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
        # Filters choose among the records of a list; a record addressed by its slug is
        # found without building them (the filter form costs more than the row's queries).
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def get_serializer(self, *args: Any, **kwargs: Any) -> BaseSerializer[Any]:
        if self.action == "list" and self.request.method == "GET":
            kwargs.setdefault("fields", self.requested_fields())
        return super().get_serializer(*args, **kwargs)

    def requested_fields(self) -> list[str] | None:
        """``?brief=1``: the brief fields; ``?fields=a,b``: those; otherwise all."""
        params = self.request.query_params
        try:
            brief = parse_bool(params.get("brief"))
        except ValueError as exc:
            raise ValidationError({"brief": [str(exc)]}) from None
        if brief:
            return list(self.get_serializer_class().Meta.brief_fields)  # type: ignore[attr-defined]
        if params.get("fields"):
            wanted = [name.strip() for name in params["fields"].split(",") if name.strip()]
            known = self.get_serializer_class().Meta.fields  # type: ignore[attr-defined]
            unknown = [name for name in wanted if name not in known]
            if unknown:
                message = f"Unknown field(s): {', '.join(unknown)}. Known: {', '.join(known)}."
                raise ValidationError({"fields": message})
            return wanted
        return None

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        if self.streams_csv():
            return self.csv_stream(self.filter_queryset(self.get_queryset()))
        return super().list(request, *args, **kwargs)

    def streams_csv(self) -> bool:
        """CSV asked for without a page (or a cursor): every matching row, not one page."""
        renderer = getattr(self.request, "accepted_renderer", None)
        if getattr(renderer, "format", None) != "csv" or self.paginator is None:
            return False
        paging = {
            "page",
            getattr(self.paginator, "page_size_query_param", None) or "page_size",
            getattr(self.paginator, "cursor_query_param", None) or "cursor",
        }
        return not paging & set(self.request.query_params)

    def stream_chunks(
        self, queryset: models.QuerySet[Any]
    ) -> Iterator[builtins.list[dict[str, Any]]]:
        """``queryset``'s rows as the list shows them, a chunk at a time."""
        rows = stream(queryset, STREAM_CHUNK_SIZE)
        while chunk := list(itertools.islice(rows, STREAM_CHUNK_SIZE)):
            yield list(self.get_serializer(chunk, many=True).data)

    def stream_rows(self, queryset: models.QuerySet[Any]) -> Iterator[dict[str, Any]]:
        for chunk in self.stream_chunks(queryset):
            yield from chunk

    def csv_stream(self, queryset: models.QuerySet[Any]) -> StreamingHttpResponse:
        lines = csv_lines(self.stream_rows(queryset), header_of(self))
        response = StreamingHttpResponse(
            (line.encode() for line in lines), content_type="text/csv; charset=utf-8"
        )
        context = {"request": self.request}
        response["Content-Disposition"] = f'attachment; filename="{filename_for(context)}"'
        return response

    def fresh(self, instance: models.Model) -> models.Model:
        """The instance re-read through the API queryset, relations prefetched."""
        return self.get_queryset().get(pk=instance.pk)

    def represented(self, instance: models.Model, status_code: int = 200) -> Response:
        data = self.get_serializer(instance).data
        return Response(data, status=status_code, headers={"ETag": self.etag(data)})

    def etag(self, data: Any) -> str:
        renderer = getattr(self.request, "accepted_renderer", None)
        return etag_of(data, getattr(renderer, "format", "json"))

    def check_if_match(self, instance: models.Model, *, for_delete: bool = False) -> models.Model:
        """Lock the row, re-read it, and refuse the write when ``If-Match`` names another
        version (412), or is missing while ``API_REQUIRE_IF_MATCH`` is on (428).

        Locked whatever the headers: the write is then checked against, and applied to,
        the row as it is, never a copy another request changed meanwhile."""
        header = self.request.headers.get("If-Match")
        if not header and settings.API_REQUIRE_IF_MATCH:
            raise PreconditionRequired()
        writes.lock_row(instance, for_delete=for_delete)
        instance = self.fresh(instance)
        if header and not etag_matches(header, self.etag(self.get_serializer(instance).data)):
            raise PreconditionFailed()
        return instance

    def handle_exception(self, exc: Exception) -> Response:
        # A deadlock left by writes outside the services is transient: kernel/api/faults.py
        # answers it 503 with Retry-After (nothing was written), like any busy database.
        if isinstance(exc, writes.Conflict):
            exc = ConflictError(as_serializer_error(exc))
        return super().handle_exception(exc)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = self.represented(self.get_object())
        header = request.headers.get("If-None-Match")
        if header and etag_matches(header, response["ETag"]):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": response["ETag"]})
        return response

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        with transaction.atomic():
            serializer.is_valid(raise_exception=True)
            instance = serializer.save()
        response = self.represented(self.fresh(instance), status.HTTP_201_CREATED)
        # A plain str: the serializer's url is a Hyperlink (a str subclass) that WSGI
        # servers such as wsgiref refuse as a header value.
        response["Location"] = str(response.data.get("url", ""))
        return response

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        with transaction.atomic():
            instance = self.check_if_match(self.get_object())
            serializer = self.get_serializer(instance, data=request.data, partial=partial)
            serializer.is_valid(raise_exception=True)
            instance = serializer.save()
        return self.represented(self.fresh(instance))

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        with transaction.atomic():
            instance = self.check_if_match(self.get_object(), for_delete=True)
            self.perform_destroy(instance)
        return Response(status=status.HTTP_204_NO_CONTENT)
