"""Settings for the cooperation-agreement registry, read from the environment.

Every value that differs between a laptop and production comes from an environment
variable; the helpers below fail loudly on a value they cannot read.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of {sorted(_TRUE | _FALSE)}, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


_RATE_PERIODS = {"s", "sec", "second", "m", "min", "minute", "h", "hour", "d", "day"}


def env_rate(name: str, default: str) -> str:
    """A throttle rate such as ``120/minute`` (per second, minute, hour or day)."""
    raw = os.environ.get(name, default).strip()
    number, _, period = raw.partition("/")
    if not number.isdigit() or period not in _RATE_PERIODS:
        raise ImproperlyConfigured(f"{name} must look like '120/minute', not {raw!r}")
    return raw


def env_choice(name: str, choices: dict[str, str], default: str) -> str:
    """One of ``choices``' keys, by name in the environment; the value it stands for."""
    raw = os.environ.get(name)
    key = default if raw is None or raw.strip() == "" else raw.strip().lower()
    if key not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {sorted(choices)}, not {raw!r}")
    return choices[key]


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def cache_from_url(url: str) -> dict[str, Any]:
    """A cache from a URL: ``redis://``/``rediss://`` (Redis), ``locmem://`` or empty
    (memory of this process only)."""
    scheme = urlsplit(url).scheme
    if not url or scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if scheme in {"redis", "rediss"}:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            # An unreachable Redis fails fast (the throttle then lets requests pass) rather
            # than holding every request until the operating system gives up.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    raise ImproperlyConfigured(f"CACHE_URL must be redis://, rediss:// or locmem://, not {url!r}")


DEBUG = env_bool("DEBUG", False)

# The limits of Django's deploy check (security.W009): a key it would warn about is refused.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5
SECRET_KEY_INSECURE_PREFIX = "django-insecure-"


def secret_key_problem(key: str) -> str | None:
    """Why a production SECRET_KEY is too weak, or None when it is strong enough."""
    if key.startswith(SECRET_KEY_INSECURE_PREFIX):
        return f"SECRET_KEY starts with {SECRET_KEY_INSECURE_PREFIX!r}: it is a development key."
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return (
            f"SECRET_KEY has {len(key)} characters; it needs at least {SECRET_KEY_MIN_LENGTH}"
            " (python3 -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    if len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        return (
            f"SECRET_KEY has {len(set(key))} different characters; it needs at least"
            f" {SECRET_KEY_MIN_UNIQUE_CHARACTERS}."
        )
    return None


# Development default only: with DEBUG off the registry refuses to start without a real key.
DEV_SECRET_KEY = "django-insecure-development-only-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = DEV_SECRET_KEY
elif not DEBUG and (weakness := secret_key_problem(SECRET_KEY)):
    raise ImproperlyConfigured(weakness)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # django.contrib.admin, with the registry's site (name in the header, autocomplete labels).
    "kernel.admin_site.RegistryAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_countries",
    "django_filters",
    "rest_framework",
    "simple_history",
    "csp",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Shared and app-free: precision dates, trees, visibility, API plumbing; backup/restore.
    "kernel",
    "parties",
    "agreements",
    "access",
    # Getting records in: press-release proposals, bulk import and export.
    "intake",
    # Keeping other systems in step: the change feed (/api/changes/) and webhooks.
    "sync",
    # Background tasks (Django's Tasks framework, backported), and their database queue
    # with its worker, `manage.py db_worker`.
    "django_tasks",
    "django_tasks_db",
    "axes",
    # The whole published dataset as files to download (CSV, JSON Lines, Popolo, OCDS).
    "datasets",
    # The public site: pages, facets, feeds, calendar, JSON-LD, sitemaps.
    "public",
    # Telling people: staff watches, e-mail subscriptions, expiry reminders and digests.
    "watches",
    # manage.py generate_dataset: synthetic data for benchmarks and load checks.
    "bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Before anything reads: decides whether this request's reads may go to a replica.
    "kernel.replicas.ReplicaReadsMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: turns a locked-out login into its 429 response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "registry.urls"
WSGI_APPLICATION = "registry.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]


def database_from_url(url: str) -> dict[str, Any]:
    """Django's settings for the database at ``url``.

    SQLite is made to hold concurrent writers (several gunicorn workers or threads): the
    WAL journal lets readers go on while one writes; ``BEGIN IMMEDIATE`` takes the write
    lock when a transaction starts, so two transactions that read and then write queue
    behind each other instead of one failing at once with "database is locked" (SQLite
    cannot wait when a reader asks to become a writer); and a writer waits up to
    ``SQLITE_BUSY_TIMEOUT`` seconds for the lock before giving up.

    On PostgreSQL, ``DATABASE_STATEMENT_TIMEOUT`` seconds (0, the default, is none) end any
    one statement that runs longer; registry/wsgi.py sets 20 for the web processes, so no
    request can keep the database busy past the proxy's patience (gunicorn's own worker
    timeout is 30), while migrations, imports and the dataset generator are not cut off."""
    config: dict[str, Any] = dict(
        dj_database_url.parse(
            url, conn_max_age=env_int("CONN_MAX_AGE", 60), conn_health_checks=True
        )
    )
    timeout = env_int("DATABASE_STATEMENT_TIMEOUT", 0)
    if timeout < 0:
        raise ImproperlyConfigured("DATABASE_STATEMENT_TIMEOUT must be 0 (none) or more seconds")
    if config["ENGINE"] == "django.db.backends.postgresql":
        # Sent with the connection (libpq's options), so it costs no query per request.
        # No JIT: compiling a page's aggregates took longer (120 ms for the largest party's
        # signers at 100k agreements) than running them.
        options = "-c jit=off"
        if timeout:
            options += f" -c statement_timeout={timeout * 1000}"
        config["OPTIONS"] = {**config.get("OPTIONS", {}), "options": options}
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            **config.get("OPTIONS", {}),
            "transaction_mode": "IMMEDIATE",
            "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
            # WAL makes commits durable at checkpoints; NORMAL is its safe pairing.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    return config


# SQLite next to the code is the embedded default, so a fresh clone runs at once;
# DATABASE_URL=postgres://... selects PostgreSQL, the production database.
DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    )
}
# Read replicas of the primary (comma-separated URLs): safe requests read from them, writes
# and whoever just wrote read the primary (kernel/replicas.py). In tests each is a mirror
# of the primary (Django's TEST MIRROR), so they need no databases of their own.
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS", []), start=1):
    DATABASES[f"replica{_number}"] = {
        **database_from_url(_url),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["kernel.replicas.ReplicaRouter"]
# Seconds a caller who wrote reads from the primary, while the replicas catch up.
REPLICA_PIN_SECONDS = env_int("REPLICA_PIN_SECONDS", 10)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The API's anonymous throttle counts requests here, so with several gunicorn workers the
# cache must be shared (Redis) for the limit to hold; the default is per process.
CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL", ""))}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The site's name, in the staff admin's header and title (translated when left as is).
REGISTRY_NAME = os.environ.get("REGISTRY_NAME", "") or "Cooperation Agreement Registry"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# The public pages' stylesheet (static/css/site.css), served by the app itself.
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded documents (signed scans) may be large; the API's JSON bodies may not.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The largest document (agreements/uploads.py) an editor may upload: 20 MiB unless set.
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)
# The longest press release POST /api/intake/ reads, in characters.
INTAKE_MAX_TEXT_CHARS = env_int("INTAKE_MAX_TEXT_CHARS", 100_000)

# Heavy public pages (search, feeds, calendar, sitemaps; public/cache.py): anonymous
# answers are cached this long, and an anonymous client may have this many built. Cached
# only in a cache every worker shares (Redis): in per-process memory a worker that did not
# see a record become a draft would keep serving the page that showed it.
SHARED_CACHE = CACHES["default"]["BACKEND"] != "django.core.cache.backends.locmem.LocMemCache"
# Off in process memory: a write in one worker could not start a new generation in another's.
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 300 if SHARED_CACHE else 0)
PUBLIC_PAGE_RATE = env_rate("PUBLIC_PAGE_RATE", "60/minute")
# URLs per section of the sitemap index; the sitemap protocol allows at most 50,000. A section
# of 2,000 (with their hreflang alternates) builds in about 2 s: no request holds a worker long.
SITEMAP_SECTION_SIZE = env_int("SITEMAP_SECTION_SIZE", 2_000)
if not 1 <= SITEMAP_SECTION_SIZE <= 50_000:
    raise ImproperlyConfigured("SITEMAP_SECTION_SIZE must be between 1 and 50000.")

# Security: strict by default, loosened only by DEBUG or explicit environment values.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Every page works without inline scripts or styles and without assets from other hosts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# Background tasks (intake/tasks.py): "immediate" runs each task at once in the process that
# asks for it, so development needs no worker; "database" queues it in the database for
# `manage.py db_worker`, the production default.
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS = {
    "default": {
        "BACKEND": env_choice("TASKS_BACKEND", TASK_BACKENDS, "immediate" if DEBUG else "database"),
        "QUEUES": ["default"],
    }
}
# `manage.py scheduler` (kernel/scheduling.py) enqueues each task on its crontab
# (minute hour day month weekday, in TIME_ZONE) for the worker: (task path, crontab) pairs.
SCHEDULED_TASKS: list[tuple[str, str]] = [
    # Statuses follow the calendar: an agreement expires or a renewal takes effect overnight.
    ("agreements.tasks.refresh_statuses", "5 0 * * *"),
    # Webhook deliveries whose retry time has come; agreements expiring in 180/90/30 days;
    # change-feed entries older than CHANGES_RETENTION_DAYS.
    ("sync.tasks.retry_due_deliveries", "* * * * *"),
    ("sync.tasks.send_expiring_notices", "15 3 * * *"),
    ("sync.tasks.prune_changes", "45 3 * * *"),
    # Watches and subscriptions (watches/tasks.py): reminders before expiry, then digests
    # (the daily ones every day, the weekly ones on DIGEST_WEEKDAY).
    ("watches.tasks.send_reminders", "0 6 * * *"),
    ("watches.tasks.send_digests", "30 6 * * *"),
    # The downloadable dataset (datasets/): rebuilt when a public record changed since the
    # last build, so a burst of edits costs one rebuild, never one per save.
    ("datasets.tasks.refresh_downloads", "*/15 * * * *"),
]

# Bulk import (intake/records/): the largest file accepted, and the number of rows above
# which the admin runs an import as a background task instead of within the request.
INTAKE_MAX_BYTES = env_int("INTAKE_MAX_BYTES", 20 * 1024 * 1024)
INTAKE_BACKGROUND_ROWS = env_int("INTAKE_BACKGROUND_ROWS", 2_000)

# E-mail: the console in development (messages are printed), SMTP in production.
EMAIL_BACKEND = (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG and not os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "") or "registry@localhost"
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's address where there is no request to take it from: the links of e-mail
# messages (confirmation, unsubscribe) and the API URLs in webhook payloads.
SITE_URL = os.environ.get("SITE_URL", "") or "http://127.0.0.1:8000"
# Watches and subscriptions (watches/): how long a confirmation link works, the weekday
# weekly digests go out (0 = Monday), and how many subscription requests an address (the
# e-mail) and a client (its network address) may make, so the form cannot flood a mailbox.
SUBSCRIPTION_CONFIRM_DAYS = env_int("SUBSCRIPTION_CONFIRM_DAYS", 7)
DIGEST_WEEKDAY = env_int("DIGEST_WEEKDAY", 0)
if not 0 <= DIGEST_WEEKDAY <= 6:
    raise ImproperlyConfigured("DIGEST_WEEKDAY must be 0 (Monday) to 6 (Sunday).")
SUBSCRIBE_EMAIL_RATE = env_rate("SUBSCRIBE_EMAIL_RATE", "3/hour")
SUBSCRIBE_CLIENT_RATE = env_rate("SUBSCRIBE_CLIENT_RATE", "20/hour")
# The change feed (sync/, docs/api.md): entries are kept this many days (an older cursor
# answers 410: resync from the full lists), and served once this many seconds old, so that
# PostgreSQL transactions still committing cannot slip in below a cursor already handed
# out (SQLite commits one transaction at a time: no wait needed).
CHANGES_RETENTION_DAYS = env_int("CHANGES_RETENTION_DAYS", 90)
CHANGES_SETTLE_SECONDS = env_int(
    "CHANGES_SETTLE_SECONDS",
    0 if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" else 10,
)
# Webhooks (sync/webhooks.py): receivers on loopback, private or link-local addresses are
# refused unless this is on (development and tests only); each POST waits this long; a
# failed one is tried again after RETRY_BASE × 2^n seconds, at most MAX_ATTEMPTS times; a
# receiver failing PAUSE_AFTER times in a row is paused until staff resume it.
WEBHOOKS_ALLOW_PRIVATE = env_bool("WEBHOOKS_ALLOW_PRIVATE", False)
WEBHOOKS_TIMEOUT_SECONDS = env_int("WEBHOOKS_TIMEOUT_SECONDS", 5)
WEBHOOKS_RETRY_BASE_SECONDS = env_int("WEBHOOKS_RETRY_BASE_SECONDS", 60)
WEBHOOKS_MAX_ATTEMPTS = env_int("WEBHOOKS_MAX_ATTEMPTS", 8)
WEBHOOKS_PAUSE_AFTER = env_int("WEBHOOKS_PAUSE_AFTER", 10)
WEBHOOKS_EXPIRING_DAYS = (180, 90, 30)

# The downloadable dataset (datasets/, /<lang>/data/): where the files are written (served
# by the app at /data/<name>; nothing else needs to serve the directory), the licence
# stated with them, and the prefix of the OCDS release package's ocids (register one
# with the Open Contracting Partnership before publishing the package as OCDS).
DATASETS_ROOT = Path(os.environ.get("DATASETS_ROOT", BASE_DIR / "var" / "datasets"))
DATASET_LICENCE = os.environ.get("DATASET_LICENCE", "") or "CC BY 4.0"
DATASET_LICENCE_URL = (
    os.environ.get("DATASET_LICENCE_URL", "") or "https://creativecommons.org/licenses/by/4.0/"
)
DATASET_OCID_PREFIX = os.environ.get("DATASET_OCID_PREFIX", "") or "ocds-coopreg"
# How long browsers and proxies may keep a downloaded file (the files change at most
# once per run of datasets.tasks.refresh_downloads).
DATASETS_CACHE_SECONDS = 300

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# A token's drafts are decided by kernel/visibility.py from request.auth, not by a backend.
AUTHENTICATION_BACKENDS = [
    # First: refuses every password login (admin or any authenticate() with a request)
    # from a locked-out address or account before any password is checked.
    "access.backends.LoginLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Writes (PUT, PATCH, DELETE) without If-Match are answered 428 when on: a client must
# say which version it changes (docs/api.md).
API_REQUIRE_IF_MATCH = env_bool("API_REQUIRE_IF_MATCH", False)

# Brute-force protection for password logins (django-axes): after LOGIN_FAILURE_LIMIT
# failures from one address, or for one username, further logins are refused with 429
# for LOGIN_COOLOFF_MINUTES; the failures are kept in the database (admin: Axes).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_COOLOFF_MESSAGE = "Too many failed logins. Try again later."
# Failures and lockouts are still logged; this only drops the banner every command printed.
AXES_VERBOSE = False
# The client address as the API throttle reads it (NUM_PROXIES below).
AXES_CLIENT_IP_CALLABLE = "access.backends.client_address"

REST_FRAMEWORK = {
    "DEFAULT_PAGINATION_CLASS": "kernel.api.pagination.RegistryPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "access.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["access.permissions.ApiPermission"],
    "DEFAULT_PARSER_CLASSES": ["kernel.api.parsers.LimitedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
        "kernel.api.renderers.CSVRenderer",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "kernel.api.errors.api_exception_handler",
    # Anonymous callers are throttled per address; token and staff callers are not, but an
    # address that sends too many invalid tokens is (kernel/api/throttling.py).
    "DEFAULT_THROTTLE_CLASSES": ["kernel.api.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_rate("API_ANON_RATE", "120/minute"),
        "bad_token": env_rate("API_BAD_TOKEN_RATE", "20/minute"),
    },
    # The client address is REMOTE_ADDR unless this many proxies in front of the app append
    # to X-Forwarded-For; 0 ignores that header, which any caller can forge.
    "NUM_PROXIES": env_int("NUM_PROXIES", 0),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Cooperation agreement registry API",
    "DESCRIPTION": (
        "Agreements between institutions, their parties, signatories and sources. "
        "Send `Authorization: Token <key>` to see drafts (read) or to write (write)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Interactive docs load their scripts from this server, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets shared by several fields are named once (the roles: of a party, of a
    # signature, of an event participant).
    "ENUM_NAME_OVERRIDES": {
        "CountryEnum": "kernel.api.fields.COUNTRY_CHOICES",
        # An agreement's status shows on the agreement and on each link of its chain.
        "AgreementStatusEnum": "agreements.choices.AgreementStatus",
        "PartyRoleEnum": "agreements.choices.PartyRole",
        "SignatureRoleEnum": "agreements.choices.SignatureRole",
        "ParticipantRoleEnum": "agreements.choices.ParticipantRole",
    },
}
