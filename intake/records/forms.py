"""The admin's upload form for "Import records"."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import ImportKind, ImportMode


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("CSV (UTF-8), XLSX (the first sheet) or JSON Lines.")
    )
    kind = forms.ChoiceField(
        label=_("Records"),
        choices=[("", _("from the columns")), *ImportKind.choices],
        required=False,
    )
    mode = forms.ChoiceField(
        label=_("Mode"),
        choices=ImportMode.choices,
        initial=ImportMode.ATOMIC,
        help_text=_(
            "All or nothing: one bad row and nothing is written. Row by row: good rows are "
            "written, bad rows reported."
        ),
    )
