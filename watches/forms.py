"""Forms: they translate input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, CooperationField
from parties.models import Party

from .choices import Frequency, Kind
from .models import PUBLIC_KINDS, Watch
from .services import TARGET_FIELD, clean_target, target_lookup


class SubscribeForm(forms.Form):
    """A member of the public follows a party, a field or a search by e-mail."""

    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    kind = forms.ChoiceField(
        label=_("Follow"),
        choices=[(k.value, k.label) for k in Kind if k in PUBLIC_KINDS],
        widget=forms.HiddenInput,
    )
    party: forms.ModelChoiceField[Party] = forms.ModelChoiceField(
        queryset=Party.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("There is no such party.")},
    )
    include_subunits = forms.BooleanField(label=_("Include its sub-units"), required=False)
    field: forms.ModelChoiceField[CooperationField] = forms.ModelChoiceField(
        queryset=CooperationField.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("There is no such cooperation field.")},
    )
    search = forms.CharField(max_length=2000, required=False, widget=forms.HiddenInput)
    frequency = forms.ChoiceField(
        label=_("How often"), choices=Frequency.choices, initial=Frequency.WEEKLY
    )

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if self.errors:
            return data
        try:
            values = clean_target(
                kind=data["kind"],
                party=data.get("party"),
                field=data.get("field"),
                query=data.get("search") or "",
                include_subunits=bool(data.get("include_subunits")),
                query_field="search",
            )
        except ValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        data["target"] = values
        return data


class WatchForm(forms.ModelForm):
    """The admin's watch form: the staff member is the one signed in (set by the admin)."""

    user: Any = None

    class Meta:
        model = Watch
        fields = [
            "kind",
            "agreement",
            "party",
            "include_subunits",
            "field",
            "query",
            "remind_days",
            "frequency",
            "language",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A draft the staff member may not see is not a choice: answered like a missing one.
        agreement: Any = self.fields["agreement"]
        agreement.queryset = Agreement.objects.visible_to(self.user)

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        try:
            values = clean_target(
                kind=data.get("kind") or "",
                agreement=data.get("agreement"),
                party=data.get("party"),
                field=data.get("field"),
                query=data.get("query") or "",
                include_subunits=bool(data.get("include_subunits")),
                user=self.user,
            )
        except ValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        duplicate = Watch.objects.filter(user=self.user, **target_lookup(values)).exclude(
            pk=self.instance.pk
        )
        if duplicate.exists():
            name = TARGET_FIELD[Kind(values["kind"])]
            raise ValidationError({name: _("You already watch this.")})
        data.update(values)
        for name, value in values.items():
            setattr(self.instance, name, value)
        days = data.get("remind_days")
        if isinstance(days, list):
            data["remind_days"] = sorted(set(days), reverse=True)
            self.instance.remind_days = data["remind_days"]
        return data
