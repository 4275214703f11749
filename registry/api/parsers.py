"""A JSON parser that refuses bodies over DATA_UPLOAD_MAX_MEMORY_SIZE.

DRF reads the request stream itself, bypassing Django's own size check, so without this
a client could make the server buffer a body of any size."""

from __future__ import annotations

import json
from typing import IO, Any

from django.conf import settings
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser


class RequestBodyTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"

    def __init__(self, limit: int) -> None:
        super().__init__(f"The request body is larger than the limit of {limit} bytes.")


def body_limit() -> int:
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)


class LimitedJSONParser(JSONParser):
    """Reads at most the configured number of bytes, then parses them as UTF-8 JSON."""

    def parse(
        self,
        stream: IO[bytes],
        media_type: str | None = None,
        parser_context: dict[str, Any] | None = None,
    ) -> Any:
        limit = body_limit()
        request = (parser_context or {}).get("request")
        declared = request.META.get("CONTENT_LENGTH") if request is not None else None
        if limit and declared and str(declared).isdigit() and int(declared) > limit:
            raise RequestBodyTooLarge(limit)
        raw = stream.read(limit + 1) if limit else stream.read()
        if limit and len(raw) > limit:
            raise RequestBodyTooLarge(limit)
        try:
            return json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise ParseError("The request body is not UTF-8.") from exc
        except ValueError as exc:
            raise ParseError(f"Malformed JSON: {exc}") from exc
