from __future__ import annotations

from typing import Any

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.utils.translation import gettext_lazy as _


class LoginForm(AllauthLoginForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["login"]
        field.label = _("NIP, nama pengguna, atau surel")
        self.fields["password"].label = _("Kata sandi")
        field.widget.attrs.update(
            {"placeholder": _("mis. 198503122010011001"), "autocomplete": "username"}
        )


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Nama token"),
        max_length=100,
        help_text=_("Untuk apa token ini dipakai, mis. 'integrasi SIMPEG'."),
    )
