"""The benchmark's floor (hand-written SQL, bench/api.py) returns exactly the API's JSON."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import orjson
import pytest
from django.db import connection
from django.test import Client

from agreements.models import Agreement

from .conftest import AGREEMENTS

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the floor is PostgreSQL SQL"
)


def bench() -> ModuleType:
    """bench/api.py, a script rather than a package module."""
    if "bench_api" not in sys.modules:
        path = Path(__file__).resolve().parents[2] / "bench" / "api.py"
        spec = importlib.util.spec_from_file_location("bench_api", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["bench_api"] = module
        saved = dict(os.environ)  # the script sets production-like defaults for itself
        try:
            spec.loader.exec_module(module)
        finally:
            os.environ.clear()
            os.environ.update(saved)
    return sys.modules["bench_api"]


def test_the_floor_shows_an_agreement_as_the_api_does(
    connected: Agreement, analyst_client: Client
) -> None:
    # The floor reads as a read token does: drafts among the related records too.
    Agreement.objects.filter(slug="connected").update(reference_number="CAS-SZ-2017-004")
    api = analyst_client.get(f"{AGREEMENTS}connected/").json()
    floor = orjson.loads(bench().floor_detail("connected"))
    assert floor == api
    assert floor["reference_number"] == "CAS-SZ-2017-004"
    assert floor["documents"][0]["file"].startswith("http://testserver/media/")


@pytest.mark.parametrize("page_size", [1, 3, 50])
def test_the_floor_lists_agreements_as_the_api_does(
    connected: Agreement, analyst_client: Client, page_size: int
) -> None:
    path = f"{AGREEMENTS}?page_size={page_size}"
    api: dict[str, Any] = analyst_client.get(path).json()
    floor = orjson.loads(bench().floor_list(path, "TRUE", None, page_size, {}))
    assert floor == api
    assert floor["count"] == 4
