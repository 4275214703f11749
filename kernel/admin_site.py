"""The staff admin site: the registry's own name in its header, and autocomplete answers
whose labels tell records apart (a model admin may say how to label and fetch them)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.db.models import Model, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest, HttpResponse
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy, gettext_noop

DEFAULT_REGISTRY_NAME = gettext_noop("Cooperation Agreement Registry")


def registry_name() -> str:
    """The site's name (setting REGISTRY_NAME), translated when it is the default."""
    name = getattr(settings, "REGISTRY_NAME", "") or DEFAULT_REGISTRY_NAME
    return gettext(name)


class LabelledAutocompleteView(AutocompleteJsonView):
    """Asks the searched model's admin for ``autocomplete_queryset`` (to fetch what the
    labels show with the results, not one query per result) and ``autocomplete_label``."""

    def get_queryset(self) -> QuerySet[Any]:
        queryset = super().get_queryset()
        prepare = getattr(self.model_admin, "autocomplete_queryset", None)
        return prepare(queryset) if prepare else queryset

    def serialize_result(self, obj: Model, to_field_name: str) -> dict[str, str]:
        label = getattr(self.model_admin, "autocomplete_label", None)
        return {"id": str(getattr(obj, to_field_name)), "text": label(obj) if label else str(obj)}


class LabelledChoices(admin.options.BaseModelAdmin):
    """For a model or inline admin: choices of related records (autocomplete widgets'
    selected values, plain selects) carry the labels their own admin gives them, fetched
    with the choices."""

    def get_field_queryset(
        self, db: str | None, db_field: Any, request: HttpRequest
    ) -> QuerySet[Any] | None:
        queryset: QuerySet[Any] | None = super().get_field_queryset(db, db_field, request)
        prepare = getattr(self._target_admin(db_field), "autocomplete_queryset", None)
        if prepare is None:
            return queryset
        if queryset is None:
            queryset = db_field.remote_field.model._default_manager.using(db).all()
        return prepare(queryset)  # type: ignore[no-any-return]

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        label = getattr(self._target_admin(db_field), "autocomplete_label", None)
        if label is not None and isinstance(formfield, ModelChoiceField):
            formfield.label_from_instance = label  # type: ignore[method-assign]
        return formfield

    def _target_admin(self, db_field: Any) -> object:
        remote = getattr(db_field, "remote_field", None)
        if remote is None:
            return None
        return self.admin_site._registry.get(remote.model)


class RegistryAdminSite(admin.AdminSite):
    site_header = lazy(registry_name, str)()
    site_title = lazy(registry_name, str)()
    index_title = gettext_lazy("Records")

    def autocomplete_view(self, request: HttpRequest) -> HttpResponse:
        return LabelledAutocompleteView.as_view(admin_site=self)(request)  # type: ignore[return-value]


class RegistryAdminConfig(AdminConfig):
    """django.contrib.admin with the registry's site as the default ``admin.site``."""

    default_site = "kernel.admin_site.RegistryAdminSite"
