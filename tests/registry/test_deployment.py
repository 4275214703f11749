"""The container setup: docker-compose.yml, the Dockerfile and .dockerignore, read as data.

Docker need not be installed; these tests check what the files say against what the code reads.
"""

from __future__ import annotations

import ast
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import dj_database_url
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_PY = ROOT / "registry" / "settings.py"
ENV_READERS = {
    "env_bool",
    "env_int",
    "env_list",
    "env_rate",
    "env_choice",
    "os.environ.get",
    "os.getenv",
}
# ${NAME}, ${NAME:-default}, ${NAME:?error}: the compose interpolation forms used here.
INTERPOLATION = re.compile(r"\$\{(\w+)(?::?([-?])([^}]*))?\}")


def literal_text(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def names_settings_reads() -> set[str]:
    """Every environment variable registry/settings.py reads, found in its source."""
    names: set[str | None] = set()
    for node in ast.walk(ast.parse(SETTINGS_PY.read_text())):
        # The helpers' own `os.environ.get(name)` reads a parameter; their callers name it.
        if isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
            names.add(literal_text(node.slice))
        if not isinstance(node, ast.Call):
            continue
        function = ast.unparse(node.func)
        if function in ENV_READERS:
            names.add(literal_text(node.args[0]))
        elif function == "dj_database_url.config":
            keywords = {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg == "env"}
            names.add(keywords.get("env", dj_database_url.DEFAULT_ENV))
    return {name for name in names if name is not None}


def as_command(value: str | list[str]) -> str:
    return value if isinstance(value, str) else shlex.join(value)


def interpolate(value: str, supplied: dict[str, str]) -> str:
    """Resolve compose's ${...} forms the way `docker compose` would with `supplied` set."""

    def resolve(match: re.Match[str]) -> str:
        name, operator, argument = match.groups()
        if name in supplied:
            return supplied[name]
        if operator == "?":
            raise LookupError(f"{name} is required: {argument}")
        return argument if operator == "-" else ""

    return INTERPOLATION.sub(resolve, value)


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with comments dropped and continuations joined."""
    lines = [line for line in (ROOT / "Dockerfile").read_text().splitlines() if line.strip()]
    joined = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
    logical = re.sub(r"\\\n\s*", " ", joined).splitlines()
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in logical]


@pytest.fixture(scope="module")
def services() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


@pytest.fixture(scope="module")
def web_environment(services: dict[str, Any]) -> dict[str, str]:
    environment = services["web"]["environment"]
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) for item in environment)
    return {name: str(value) for name, value in environment.items()}


def test_the_settings_scan_finds_the_variables_settings_reads() -> None:
    # Guards the scanner itself: if it found nothing, the next test would pass vacuously.
    expected = {"SECRET_KEY", "DATABASE_URL", "DEBUG", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT"}
    assert expected <= names_settings_reads()


def test_compose_runs_a_database_and_the_web_app(services: dict[str, Any]) -> None:
    assert {"db", "web"} <= set(services)
    assert services["web"]["build"] in (".", {"context": "."})


def test_the_database_is_postgresql_15_or_later_on_a_named_volume(
    services: dict[str, Any],
) -> None:
    image, _, tag = services["db"]["image"].partition(":")
    assert image == "postgres"
    assert int(tag.split(".")[0].split("-")[0]) >= 15
    named_volume = services["db"]["volumes"][0].split(":")[0]
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert named_volume in compose["volumes"]


def test_the_database_healthcheck_runs_pg_isready(services: dict[str, Any]) -> None:
    assert "pg_isready" in as_command(services["db"]["healthcheck"]["test"])


def test_the_web_app_waits_for_a_healthy_database(services: dict[str, Any]) -> None:
    assert services["web"]["depends_on"]["db"]["condition"] == "service_healthy"


def test_the_web_app_migrates_then_serves_registry_wsgi_under_gunicorn(
    services: dict[str, Any],
) -> None:
    command = as_command(services["web"]["command"])
    assert re.search(r"\bgunicorn registry\.wsgi(:application)?\b", command)
    assert "--bind 0.0.0.0:8000" in command
    assert command.index("manage.py migrate") < command.index("gunicorn")


def test_the_web_app_has_its_own_healthcheck(services: dict[str, Any]) -> None:
    check = as_command(services["web"]["healthcheck"]["test"])
    assert "8000" in check


def test_the_web_app_sets_only_variables_settings_reads(web_environment: dict[str, str]) -> None:
    assert set(web_environment) <= names_settings_reads()
    assert {"SECRET_KEY", "DATABASE_URL"} <= set(web_environment)


def test_the_secret_key_must_come_from_the_environment(web_environment: dict[str, str]) -> None:
    assert re.fullmatch(r"\$\{SECRET_KEY:\?[^}]+\}", web_environment["SECRET_KEY"])
    with pytest.raises(LookupError, match="SECRET_KEY"):
        interpolate(web_environment["SECRET_KEY"], {})


def test_the_web_environment_loads_production_settings_against_the_db_service(
    web_environment: dict[str, str],
) -> None:
    supplied = {"SECRET_KEY": "a-compose-test-key-that-is-long-enough-to-be-accepted"}
    environment = {name: interpolate(value, supplied) for name, value in web_environment.items()}
    report = (
        "import json, registry.settings as s; db = s.DATABASES['default']; "
        "print(json.dumps([s.DEBUG, db['ENGINE'], db['HOST'], s.ALLOWED_HOSTS]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", report],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    debug, engine, host, allowed_hosts = json.loads(result.stdout)
    assert debug is False
    assert engine == "django.db.backends.postgresql"
    assert host == "db"
    # The web healthcheck calls http://localhost:8000, so localhost must be allowed.
    assert "localhost" in allowed_hosts


def test_the_dockerfile_uses_python_3_11_or_later() -> None:
    base = dict(dockerfile_instructions())["FROM"]
    match = re.fullmatch(r"python:(\d+)\.(\d+)[\w.-]*", base)
    assert match, base
    assert (int(match[1]), int(match[2])) >= (3, 11)


def test_the_dockerfile_installs_collects_static_and_runs_gunicorn_as_a_non_root_user() -> None:
    instructions = dockerfile_instructions()
    runs = " ".join(arguments for name, arguments in instructions if name == "RUN")
    assert "pip install ." in runs
    assert "manage.py collectstatic" in runs
    user = [arguments for name, arguments in instructions if name == "USER"][-1]
    assert user not in {"root", "0"}
    command = " ".join(json.loads(dict(instructions)["CMD"]))
    assert command.startswith("gunicorn registry.wsgi")


def test_every_file_the_dockerfile_copies_exists() -> None:
    for name, arguments in dockerfile_instructions():
        if name == "COPY":
            *sources, _destination = arguments.split()
            for source in sources:
                assert (ROOT / source).exists(), f"Dockerfile copies missing {source}"


def test_the_image_leaves_out_local_state() -> None:
    ignored = set((ROOT / ".dockerignore").read_text().splitlines())
    assert {".git", ".venv", "db.sqlite3", "media", "staticfiles", "**/__pycache__"} <= ignored


def test_uploaded_documents_live_on_a_named_volume_at_media_root(
    services: dict[str, Any], web_environment: dict[str, str]
) -> None:
    supplied = {"SECRET_KEY": "a-compose-test-key-that-is-long-enough-to-be-accepted"}
    environment = {name: interpolate(value, supplied) for name, value in web_environment.items()}
    result = subprocess.run(
        [sys.executable, "-c", "import registry.settings as s; print(s.MEDIA_ROOT)"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    media_root = result.stdout.strip()
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    # Every service running the app (the web server, any worker) sees the same uploads.
    for name, service in services.items():
        if service.get("build") not in (".", {"context": "."}):
            continue
        mounts = dict(volume.split(":")[1::-1] for volume in service.get("volumes", []))
        assert media_root in mounts, name
        assert mounts[media_root] in compose["volumes"], name
    runs = " ".join(arguments for name, arguments in dockerfile_instructions() if name == "RUN")
    assert f"mkdir -p {media_root}" in runs
    assert f"chown registry:registry {media_root}" in runs


def test_the_image_has_libmagic_to_recognise_uploads() -> None:
    runs = " ".join(arguments for name, arguments in dockerfile_instructions() if name == "RUN")
    assert re.search(r"apt-get install [^&]*\blibmagic1\b", runs)
    assert "libmagic1" in (ROOT / ".ci" / "run").read_text()


def test_the_image_can_back_up_the_compose_database(services: dict[str, Any]) -> None:
    runs = " ".join(arguments for name, arguments in dockerfile_instructions() if name == "RUN")
    assert re.search(r"apt-get install [^&]*\bpostgresql-client\b", runs)
    # Debian bookworm's client is 15; pg_dump refuses a newer server.
    assert services["db"]["image"] == "postgres:15"


def test_the_web_app_shares_a_healthy_redis_between_its_workers(
    services: dict[str, Any], web_environment: dict[str, str]
) -> None:
    assert "redis-cli" in as_command(services["redis"]["healthcheck"]["test"])
    assert services["web"]["depends_on"]["redis"]["condition"] == "service_healthy"
    assert web_environment["REDIS_URL"].startswith("redis://redis:")


def test_a_worker_runs_the_queued_tasks_with_the_web_apps_image_and_environment(
    services: dict[str, Any], web_environment: dict[str, str]
) -> None:
    worker = services["worker"]
    assert worker["build"] == services["web"]["build"]
    command = worker["command"]
    assert (command if isinstance(command, str) else " ".join(command)) == (
        "python manage.py db_worker"
    )
    assert worker["depends_on"]["db"] == {"condition": "service_healthy"}
    assert {str(k): str(v) for k, v in worker["environment"].items()} == web_environment


def test_the_worker_environment_queues_tasks_in_the_database(
    web_environment: dict[str, str],
) -> None:
    supplied = {"SECRET_KEY": "a-compose-test-key-that-is-long-enough-to-be-accepted"}
    environment = {name: interpolate(value, supplied) for name, value in web_environment.items()}
    report = (
        "import json, registry.settings as s; "
        "print(json.dumps([s.TASKS['default']['BACKEND'], 'django_tasks_db' in s.INSTALLED_APPS, "
        "s.INTAKE_BACKGROUND_ROWS, s.INTAKE_MAX_BYTES]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", report],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "django_tasks_db.DatabaseBackend",
        True,
        2000,
        20 * 1024 * 1024,
    ]


def test_a_scheduler_enqueues_the_scheduled_tasks_with_the_web_apps_image_and_environment(
    services: dict[str, Any], web_environment: dict[str, str]
) -> None:
    scheduler = services["scheduler"]
    assert scheduler["build"] == services["web"]["build"]
    assert as_command(scheduler["command"]) == "python manage.py scheduler"
    assert scheduler["depends_on"]["db"] == {"condition": "service_healthy"}
    # The same environment: it enqueues into the database queue the worker reads.
    assert {str(k): str(v) for k, v in scheduler["environment"].items()} == web_environment
    # One scheduler only: two would enqueue every task twice.
    assert "deploy" not in scheduler or scheduler["deploy"].get("replicas", 1) == 1


def postgres_settings(services: dict[str, Any]) -> dict[str, str]:
    """The db service's `postgres -c name=value` settings."""
    words = shlex.split(as_command(services["db"]["command"]))
    assert words[0] == "postgres"
    pairs = [words[i + 1] for i, word in enumerate(words) if word == "-c"]
    return dict(pair.split("=", 1) for pair in pairs)


def in_bytes(size: str) -> int:
    number, unit = re.fullmatch(r"(\d+)(kB|MB|GB)", size).groups()  # type: ignore[union-attr]
    return int(number) * 1024 ** ("kB", "MB", "GB").index(unit) * 1024


def test_the_database_runs_with_autovacuum_and_its_statistics_on(
    services: dict[str, Any],
) -> None:
    settings = postgres_settings(services)
    assert settings["autovacuum"] == "on"
    assert settings["track_counts"] == "on"


def test_the_database_memory_settings_are_set_and_consistent(services: dict[str, Any]) -> None:
    settings = postgres_settings(services)
    shared_buffers = in_bytes(settings["shared_buffers"])
    cache = in_bytes(settings["effective_cache_size"])
    work_mem = in_bytes(settings["work_mem"])
    maintenance = in_bytes(settings["maintenance_work_mem"])
    # Above PostgreSQL's defaults (128MB, 4GB, 4MB, 64MB), which suit a small test server.
    assert shared_buffers > 128 * 1024**2
    assert work_mem > 4 * 1024**2
    assert maintenance > 64 * 1024**2
    assert cache >= shared_buffers
    # Every connection may use work_mem a few times at once; all of them together must fit
    # in the memory the cache size says the machine has.
    assert work_mem * int(settings["max_connections"]) <= cache


def test_the_database_has_room_for_every_gunicorn_thread_connection(
    services: dict[str, Any],
) -> None:
    config: dict[str, Any] = {}
    exec((ROOT / "gunicorn.conf.py").read_text(), config)
    # Each thread keeps its own connection (CONN_MAX_AGE); the rest is for the worker,
    # the scheduler and management commands.
    connections = config["workers"] * config["threads"]
    assert connections * 2 <= int(postgres_settings(services)["max_connections"])


def test_the_readme_gives_the_compose_database_settings_with_a_reason_each(
    services: dict[str, Any],
) -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("### PostgreSQL settings", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(\w+)` \| `([^`]+)` \| (.+) \|$", section, re.MULTILINE)
    assert {name: value for name, value, _why in rows} == postgres_settings(services)
    assert all(len(why) > 30 for _name, _value, why in rows)


def test_the_readme_names_every_extension_the_migrations_create() -> None:
    created = set()
    for migration in ROOT.glob("*/migrations/*.py"):
        created |= set(re.findall(r"CREATE EXTENSION IF NOT EXISTS (\w+)", migration.read_text()))
    assert created, "the scan found no CREATE EXTENSION"
    readme = (ROOT / "README.md").read_text()
    section = readme.split("### PostgreSQL settings", 1)[1].split("\n## ", 1)[0]
    assert all(f"`{name}`" in section for name in created)


def test_the_web_app_serves_with_threaded_gunicorn_workers_from_its_config(
    services: dict[str, Any],
) -> None:
    # A sync worker is killed when one response (a whole-dataset download) outlasts
    # gunicorn's timeout; a gthread worker keeps reporting to the arbiter meanwhile.
    config: dict[str, Any] = {}
    exec((ROOT / "gunicorn.conf.py").read_text(), config)
    assert config["worker_class"] == "gthread"
    # gunicorn turns a sync worker with more than one thread into gthread; one would not.
    assert config["threads"] > 1
    assert "--config gunicorn.conf.py" in as_command(services["web"]["command"])
    dockerfile_command = json.loads(dict(dockerfile_instructions())["CMD"])
    assert "gunicorn.conf.py" in dockerfile_command
    assert "gunicorn.conf.py" not in (ROOT / ".dockerignore").read_text().split()
