"""Lists of names in the reader's order: alphabetical in English, by pinyin in Chinese.

The pinyin order is a stored column (``sort_key``, kernel/text.py) kept by ``save()``, so
the database sorts and pages a long list itself. Loaders that bypass ``save()``
(``bulk_create``) call ``fill_sort_key()`` on each row first."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kernel.text import SORT_KEY_LENGTH, name_sort_key

# The columns the key is made from; a save writing either of them writes the key too.
SORT_SOURCES = frozenset({"name", "name_local"})


class NameOrderedModel(models.Model):
    """A record with ``name`` and ``name_local`` that Chinese lists sort by pinyin."""

    name: Any
    name_local: Any
    sort_key = models.CharField(
        _("pinyin sort key"),
        max_length=SORT_KEY_LENGTH,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("Derived from the names on save; Chinese lists sort by it."),
    )

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.fill_sort_key()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and SORT_SOURCES & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "sort_key"}
        super().save(*args, **kwargs)

    def fill_sort_key(self) -> None:
        self.sort_key = name_sort_key(self.name, self.name_local)


def reads_chinese(language: str | None = None) -> bool:
    return (language or get_language() or "").lower().startswith("zh")


def name_ordering(prefix: str = "", language: str | None = None) -> list[str]:
    """``order_by()`` arguments for names in the reader's order (``prefix``: a relation
    path such as ``"party__"``); ties broken by the English name, then the key."""
    order = ["name", "pk"]
    if reads_chinese(language):
        order = ["sort_key", *order]
    return [f"{prefix}{field}" for field in order]


def fill_sort_keys(model: type[models.Model], using: str = "default") -> int:
    """Write every row's key (data migrations; a historical model has no ``save()`` of
    ours); returns how many rows changed."""
    manager = model._default_manager.using(using)  # type: ignore[attr-defined]
    changed = []
    row: Any
    for row in manager.only("pk", "name", "name_local", "sort_key").iterator(chunk_size=2000):
        key = name_sort_key(row.name, row.name_local)
        if row.sort_key != key:
            row.sort_key = key
            changed.append(row)
    manager.bulk_update(changed, ["sort_key"], batch_size=1000)
    return len(changed)
