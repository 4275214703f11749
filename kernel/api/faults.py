"""Django's error views, answering in the API's JSON error shape for every path under /api/.

DRF shapes the errors its views raise (see errors.py); these cover the rest: unknown URLs,
errors in middleware or rendering, and exceptions nothing handled. A database that is
briefly unreachable, locked or busy, or a statement past ``DATABASE_STATEMENT_TIMEOUT``, is
a 503 with ``Retry-After``, not a 500: the request can be sent again unchanged. Pages
outside /api/ keep Django's HTML views, but answer such a failure with a plain 503 page."""

from __future__ import annotations

import sqlite3
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.views import defaults

from kernel.api.errors import NON_FIELD

# Seconds a client should wait before sending a request the database could not serve.
RETRY_AFTER_SECONDS = 5

# PostgreSQL SQLSTATE classes and codes of failures that pass: connection exceptions (08),
# transaction rollbacks (40: serialization failure, deadlock), insufficient resources (53),
# operator intervention (57: terminated backend, statement timeout), lock not available.
TRANSIENT_SQLSTATE_CLASSES = ("08", "40", "53", "57")
TRANSIENT_SQLSTATES = {"55P03"}
# SQLite's SQLITE_BUSY and SQLITE_LOCKED, as the driver words them.
SQLITE_BUSY_MESSAGES = ("database is locked", "database table is locked", "database is busy")


def is_transient_database_error(exc: BaseException | None) -> bool:
    """Whether ``exc`` is the database being unreachable or busy, not a fault in the request."""
    if isinstance(exc, InterfaceError):  # the connection is closed or unusable
        return True
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    sqlstate = getattr(cause, "pgcode", None) or getattr(cause, "sqlstate", None)  # psycopg 2, 3
    if sqlstate:
        return sqlstate[:2] in TRANSIENT_SQLSTATE_CLASSES or sqlstate in TRANSIENT_SQLSTATES
    message = str(exc).lower()
    if isinstance(cause, sqlite3.Error) or cause is None:
        return any(busy in message for busy in SQLITE_BUSY_MESSAGES) or "connection" in message
    # psycopg2 without a SQLSTATE: the server closed the connection or could not be reached.
    return type(cause).__module__.startswith("psycopg")


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def error_response(status: int, message: str) -> JsonResponse:
    return JsonResponse(
        {"detail": message, "errors": [{"field": NON_FIELD, "message": message}]}, status=status
    )


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        return error_response(400, "Bad request.")
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        return error_response(403, "You do not have permission to perform this action.")
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        return error_response(404, "Not found.")
    return defaults.page_not_found(request, exception)


def unavailable_page(request: HttpRequest) -> HttpResponse:
    """A page's 503: rendered without the request's context processors (they may need the
    database that just failed) and without the site's base template."""
    body = render_to_string(
        "503.html",
        {"retry_after": RETRY_AFTER_SECONDS, "LANGUAGE_CODE": get_language()},
    )
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """Django calls this inside its ``except`` block, so sys.exc_info() holds the exception;
    Django logs it (logger ``django.request``) with the status answered here."""
    transient = is_transient_database_error(sys.exc_info()[1])
    if not is_api(request):
        if transient:
            return unavailable_page(request)
        return defaults.server_error(request)
    if transient:
        response = error_response(
            503, f"The database is unavailable; try again in {RETRY_AFTER_SECONDS} seconds."
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return error_response(500, "An unexpected error occurred; it has been logged.")
