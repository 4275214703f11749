"""One error shape for every 4xx: ``{"detail": ..., "errors": [{"field", "message"}]}``.

``field`` is the path of the offending value in the request body, e.g.
``parties[1].party``; errors about the body as a whole name ``body``; errors about no
one value (several fields together, credentials, a missing record, the rate) name
``non_field_errors``."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler

from kernel.api.parsers import RequestBodyTooLarge, body_limit

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY


def flatten_errors(detail: Any, path: str = "") -> list[dict[str, str]]:
    """DRF's nested error detail as a flat list of ``{"field": path, "message": text}``."""
    if isinstance(detail, dict):
        found: list[dict[str, str]] = []
        for key, value in detail.items():
            if isinstance(key, int):
                child = f"{path}[{key}]"
            elif key == NON_FIELD:
                child = path
            else:
                child = f"{path}.{key}" if path else str(key)
            found += flatten_errors(value, child)
        return found
    if isinstance(detail, list):
        if all(isinstance(item, str) for item in detail):
            return [{"field": path or NON_FIELD, "message": str(item)} for item in detail]
        found = []
        for index, item in enumerate(detail):
            if item:  # a list serializer reports {} for its valid items
                found += flatten_errors(item, f"{path}[{index}]")
        return found
    return [{"field": path or NON_FIELD, "message": str(detail)}]


# Constraints a serializer cannot fully check before saving (a race, a rule added later):
# the field each is about. Anything else is reported against the whole body.
CONSTRAINT_FIELDS = {
    "agreements_agreement_expires_after_signing": "expires_on",
    "agreements_agreement_expires_after_effect": "expires_on",
    "agreements_agreement_terminated_after_signing": "terminated_on",
    "agreements_commitment_completed_only_when_done": "commitments.completed_on",
    "agreements_relation_not_to_itself": "relations.agreement",
    "agreements_relation_unique": "relations",
    "agreements_party_once_per_agreement": "parties",
    # Publishing needs two parties (deferred triggers, PostgreSQL): raised by publishing
    # with fewer, or by taking a party from a published agreement.
    "agreements_agreement_published_two_parties": "published",
    "agreements_agreementparty_published_two_parties": "parties",
    "agreements_signature_unique": "signatories",
    "agreements_source_once_per_agreement": "sources",
    "parties_alias_unique": "aliases",
    "parties_identifier_unique": "identifiers",
    "parties_identifier_one_per_scheme": "identifiers",
}


def integrity_field(error: IntegrityError) -> str:
    """The field a constraint violation is about, from the constraint named in the error."""
    text = str(error)
    for name, field in CONSTRAINT_FIELDS.items():
        if name in text:
            return field
    unique = re.search(r"UNIQUE constraint failed: \w+\.(\w+)", text)  # SQLite
    if unique:
        return unique.group(1)
    key = re.search(r"Key \((\w+)\)=", text)  # PostgreSQL unique violations
    if key:
        return key.group(1)
    return "body"


def _response(status_code: int, detail: str, errors: list[dict[str, str]]) -> Response:
    return Response({"detail": detail, "errors": errors}, status=status_code)


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus a field path on every error and 4xx for what would be a 500."""
    if isinstance(exc, RequestDataTooBig):
        exc = RequestBodyTooLarge(body_limit())
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    if isinstance(exc, ProtectedError):  # an IntegrityError, but the request was well formed
        return _response(
            status.HTTP_409_CONFLICT,
            "Other records refer to this one; change or delete them first.",
            [{"field": "body", "message": str(exc.args[0])}],
        )
    if isinstance(exc, IntegrityError):
        return _response(
            status.HTTP_400_BAD_REQUEST,
            "The data conflicts with a rule of the registry.",
            [{"field": integrity_field(exc), "message": str(exc).splitlines()[0]}],
        )
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"detail": "Invalid input.", "errors": flatten_errors(exc.detail)}
    elif isinstance(exc, (exceptions.ParseError, RequestBodyTooLarge)):
        message = str(exc.detail)
        response.data = {"detail": message, "errors": [{"field": "body", "message": message}]}
    elif isinstance(response.data, dict) and isinstance(response.data.get("detail"), str):
        # 401, 403, 404, 405, 406, 412, 415, 429: about the request, not one value in it.
        message = response.data["detail"]
        response.data = {"detail": message, "errors": [{"field": NON_FIELD, "message": message}]}
    return response
