"""A JSON parser that refuses bodies over DATA_UPLOAD_MAX_MEMORY_SIZE or nested too deeply.

DRF reads the request stream itself, bypassing Django's own size check, so without this
a client could make the server buffer a body of any size. Python's JSON decoder recurses
once per level, so ``[[[[...`` a hundred thousand deep would end in a RecursionError (a
500); and a body just under the interpreter's limit would fail later, in code that walks
it, so bodies deeper than any real record are refused too."""

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


# An agreement with its parties, commitments and sources nests four levels; forty is room.
MAX_JSON_DEPTH = 40


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
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise ParseError("The request body is not UTF-8.") from exc
        except ValueError as exc:
            raise ParseError(f"Malformed JSON: {exc}") from exc
        except RecursionError as exc:
            raise TooDeep() from exc
        if nesting_depth(data) > MAX_JSON_DEPTH:
            raise TooDeep()
        return data


class TooDeep(ParseError):
    def __init__(self) -> None:
        super().__init__(f"The JSON body is nested more than {MAX_JSON_DEPTH} levels deep.")


def nesting_depth(value: Any) -> int:
    """How many arrays and objects deep ``value`` goes (0 for a scalar), without recursion."""
    deepest = 0
    pending: list[tuple[Any, int]] = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, depth + 1)
            pending.extend((child, depth + 1) for child in item)
    return deepest
