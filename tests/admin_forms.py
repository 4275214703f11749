"""Build admin POST data from a rendered change form, so tests submit what a person would."""

from __future__ import annotations

from typing import Any

from django.forms import BaseForm, CheckboxInput, ModelMultipleChoiceField
from django.http import HttpResponse


def _form_data(form: BaseForm, data: dict[str, Any]) -> None:
    for name, field in form.fields.items():
        value = form[name].value()
        key = form.add_prefix(name)
        if isinstance(field.widget, CheckboxInput):
            if value:
                data[key] = "on"
            continue
        if value is None and isinstance(field, ModelMultipleChoiceField):
            data[key] = []  # an add page's empty many-to-many field: nothing chosen
        elif value is None:
            data[key] = ""
        elif isinstance(value, list | tuple):
            data[key] = [str(v.pk if hasattr(v, "pk") else v) for v in value]
        else:
            data[key] = str(value.pk if hasattr(value, "pk") else value)


def change_form_data(response: HttpResponse) -> dict[str, Any]:
    """The POST data that would save the change form in ``response`` unchanged."""
    data: dict[str, Any] = {}
    _form_data(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for form in formset.forms:
            _form_data(form, data)
    return data
