"""Reading the generated files back, and checking them against the standards they follow."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from django.conf import settings
from jsonschema import Draft3Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

SCHEMAS = Path(__file__).parent / "schemas" / "popolo"
# OCDS 1.1's closed codelists for the two coded fields every release must have.
RELEASE_TAGS = {
    "planning",
    "planningUpdate",
    "tender",
    "tenderAmendment",
    "tenderUpdate",
    "tenderCancellation",
    "award",
    "awardUpdate",
    "awardCancellation",
    "contract",
    "contractUpdate",
    "contractAmendment",
    "implementation",
    "implementationUpdate",
    "contractTermination",
    "compiled",
}
INITIATION_TYPES = {"tender"}
PACKAGE_REQUIRED = ("uri", "publishedDate", "releases", "version", "publisher")
RELEASE_REQUIRED = ("ocid", "id", "date", "tag", "initiationType")


def root() -> Path:
    return Path(settings.DATASETS_ROOT)


def text_of(name: str) -> str:
    return (root() / name).read_text(encoding="utf-8")


def json_of(name: str) -> Any:
    return json.loads(text_of(name))


def jsonl_of(name: str) -> list[Any]:
    return [json.loads(line) for line in text_of(name).splitlines()]


def popolo_validator(name: str) -> Draft3Validator:
    """The Popolo schema ``name`` (organization, person...), its references resolved to
    the copies under schemas/, never fetched."""
    registry: Registry[Any] = Registry()
    for path in SCHEMAS.glob("*.json"):
        contents = json.loads(path.read_text())
        uri = contents["id"].rstrip("#")
        registry = registry.with_resource(uri, Resource.from_contents(contents, DRAFT3))
    schema = json.loads((SCHEMAS / f"{name}.json").read_text())
    return Draft3Validator(schema, registry=registry)


def is_date_time(value: Any) -> bool:
    """An RFC 3339 date-time with its offset, as OCDS dates must be."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d.*", value):
        return False
    try:
        return dt.datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False


def ocds_problems(package: dict[str, Any]) -> list[str]:
    """What in a release package breaks OCDS 1.1's required fields or their formats."""
    problems = [f"package: no {key}" for key in PACKAGE_REQUIRED if key not in package]
    if not re.fullmatch(r"https?://\S+", str(package.get("uri"))):
        problems.append(f"package: uri {package.get('uri')!r} is not an absolute URL")
    if not is_date_time(package.get("publishedDate")):
        problems.append(f"package: publishedDate {package.get('publishedDate')!r}")
    if not re.fullmatch(r"\d+\.\d+", str(package.get("version"))):
        problems.append(f"package: version {package.get('version')!r}")
    if not (package.get("publisher") or {}).get("name"):
        problems.append("package: publisher without a name")
    releases = package.get("releases") or []
    if not releases:
        problems.append("package: no release")
    prefix = f"{settings.DATASET_OCID_PREFIX}-"
    ids = [release.get("id") for release in releases]
    if len(set(ids)) != len(ids):
        problems.append("releases: an id used twice")
    for number, release in enumerate(releases):
        where = f"release {number}"
        problems += [f"{where}: no {key}" for key in RELEASE_REQUIRED if key not in release]
        if not str(release.get("ocid", "")).startswith(prefix):
            problems.append(f"{where}: ocid {release.get('ocid')!r} lacks the prefix {prefix}")
        if not is_date_time(release.get("date")):
            problems.append(f"{where}: date {release.get('date')!r}")
        tags = release.get("tag")
        if not isinstance(tags, list) or not tags or not set(tags) <= RELEASE_TAGS:
            problems.append(f"{where}: tag {tags!r}")
        if release.get("initiationType") not in INITIATION_TYPES:
            problems.append(f"{where}: initiationType {release.get('initiationType')!r}")
    return problems
