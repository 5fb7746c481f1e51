from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sehati.accounts.models import User
from sehati.accounts.policies import Action, can
from sehati.org.models import Pemda


@pytest.mark.django_db
def test_create_pemda_and_first_admin() -> None:
    call_command(
        "pemda",
        "create",
        "--code",
        "tabalong",
        "--name",
        "Kabupaten Tabalong",
        "--kind",
        "kabupaten",
        "--province",
        "Kalimantan Selatan",
        "--zone",
        "WITA",
        stdout=StringIO(),
    )
    pemda = Pemda.objects.get(code="tabalong")
    assert pemda.time_zone == "Asia/Makassar"
    out = StringIO()
    call_command(
        "pemda", "admin", "tabalong", "admin.tabalong", "--email", "a@tabalong.invalid", stdout=out
    )
    password = out.getvalue().split()[-1]
    user = User.objects.get(username="admin.tabalong")
    assert user.check_password(password) and user.is_staff and user.pemda == pemda
    assert can(user, Action.ADMIN_SITE)
    with pytest.raises(CommandError, match="sudah ada"):
        call_command(
            "pemda",
            "create",
            "--code",
            "tabalong",
            "--name",
            "X",
            "--kind",
            "kota",
            "--province",
            "Y",
            "--zone",
            "WIB",
            stdout=StringIO(),
        )
