"""``manage.py create_api_token USERNAME --scope read|write``: the key is the last line."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from access.models import ApiToken, TokenScope


class Command(BaseCommand):
    help = "Create an API token for a user and print its key (shown only this once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--scope", choices=TokenScope.values, default=TokenScope.READ)
        parser.add_argument("--description", default="", help="Who or what will use it.")

    def handle(self, *args: Any, **options: Any) -> None:
        user_model = get_user_model()
        try:
            user = user_model._default_manager.get_by_natural_key(options["username"])
        except user_model.DoesNotExist as exc:
            raise CommandError(f"No user named {options['username']!r}.") from exc
        if not user.is_active:
            raise CommandError(f"{options['username']!r} is inactive.")
        token, key = ApiToken.issue(user, options["scope"], options["description"])
        if options["verbosity"] > 0:
            self.stdout.write(
                f"Created a {token.scope} token for {user} (prefix {token.prefix}). "
                "Store the key now; it cannot be shown again:"
            )
        self.stdout.write(key)
