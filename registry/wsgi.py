"""WSGI entry point, served by gunicorn in production."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")
# A request's statements end after 20 seconds (registry/settings.py database_from_url);
# management commands and the task worker keep no limit unless they set one.
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "20")

application = get_wsgi_application()
