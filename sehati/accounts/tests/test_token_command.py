from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sehati.accounts.models import ApiToken
from sehati.accounts.services import token_authenticate, token_hash


def test_create_prints_token_as_last_word_and_stores_only_hash(world) -> None:
    out = StringIO()
    call_command("token", "create", "asn_budi", stdout=out)
    raw = out.getvalue().split()[-1]
    assert raw.startswith("sht_")
    token = ApiToken.objects.get(user__username="asn_budi")
    assert token.token_hash == token_hash(raw)
    assert raw not in {token.prefix, token.token_hash, token.name}
    assert token_authenticate(raw) == world.users["pelapor"]


def test_revoked_token_no_longer_authenticates(world) -> None:
    out = StringIO()
    call_command("token", "create", "asn_budi", "--name", "simpeg", stdout=out)
    raw = out.getvalue().split()[-1]
    token = ApiToken.objects.get(name="simpeg")
    call_command("token", "revoke", str(token.pk), stdout=StringIO())
    assert token_authenticate(raw) is None
    listing = StringIO()
    call_command("token", "list", "asn_budi", stdout=listing)
    assert "dicabut" in listing.getvalue()


def test_unknown_user_is_a_clear_error(db) -> None:
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("token", "create", "tidak_ada", stdout=StringIO())


def test_inactive_user_token_is_refused(world) -> None:
    out = StringIO()
    call_command("token", "create", "asn_budi", stdout=out)
    raw = out.getvalue().split()[-1]
    user = world.users["pelapor"]
    user.is_active = False
    user.save()
    assert token_authenticate(raw) is None
