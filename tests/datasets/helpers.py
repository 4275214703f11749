"""Reading the generated files back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings


def root() -> Path:
    return Path(settings.DATASETS_ROOT)


def text_of(name: str) -> str:
    return (root() / name).read_text(encoding="utf-8")


def json_of(name: str) -> Any:
    return json.loads(text_of(name))


def jsonl_of(name: str) -> list[Any]:
    return [json.loads(line) for line in text_of(name).splitlines()]
