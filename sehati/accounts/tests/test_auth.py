"""Login by NIP, username or e-mail; lockout; MFA for UPG/inspektur/admin; no self sign-up."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sehati.accounts.models import Role
from sehati.accounts.tests.factories import UserFactory, grant

PASSWORD = "rahasia-uji-123"


def login(client, login_value: str, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"login": login_value, "password": password})


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["username", "nip", "nip_spaced", "email"])
def test_login_by_nip_username_or_email(client, world, how) -> None:
    user = world.users["pelapor"]
    nip = user.employee.nip
    value = {
        "username": user.username,
        "nip": nip,
        "nip_spaced": f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}",
        "email": user.email,
    }[how]
    response = login(client, value)
    assert response.status_code == 302, response.content.decode()[:500]
    assert client.get(reverse("home")).context["user"] == user


@pytest.mark.django_db
def test_wrong_password_is_refused_in_indonesian(client, world) -> None:
    response = login(client, world.users["pelapor"].username, "salah-sandi")
    assert response.status_code == 200
    assert "tidak benar" in response.content.decode() or "salah" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_repeated_failures_lock_the_account(client, world, settings) -> None:
    username = world.users["pelapor"].username
    responses = [login(client, username, "salah-sandi") for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert responses[-1].status_code == 429
    assert "Akun terkunci sementara" in responses[-1].content.decode()
    assert "30 menit" in responses[-1].content.decode()
    response = login(client, username)  # the right password, but the account is locked now
    assert not response.wsgi_request.user.is_authenticated
    assert "Terlalu banyak percobaan" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.UPG, Role.INSPEKTUR, Role.ADMIN])
def test_mfa_roles_are_sent_to_totp_setup(client, world, role) -> None:
    user = UserFactory(pemda=world.pemda)
    grant(user, role)
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    api = client.get("/api/v1/me")
    assert api.status_code == 403 and api.json()["code"] == "mfa_required"


@pytest.mark.django_db
def test_roles_without_mfa_requirement_enter_directly(client, world) -> None:
    client.force_login(world.users["pelapor"])
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_mfa_user_must_enter_code_at_login(client, world) -> None:
    user = world.users["upg"]  # has TOTP in the world fixture
    response = login(client, user.username)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_signup_is_closed(client) -> None:
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    assert "id_username" not in response.content.decode()


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2_in_production_settings() -> None:
    from config.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.django_db
def test_admin_login_form_cannot_skip_totp(client, world) -> None:
    """Found in review: the Django admin's own login form gave a session without the TOTP step."""
    admin_user = world.users["admin_pemda"]
    response = client.post("/admin/login/", {"username": admin_user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.get("/api/v1/timeline").status_code in (401, 403)
    assert client.get(reverse("accounts:audit_list")).status_code == 302


@pytest.mark.django_db
def test_password_only_session_of_mfa_role_is_ended(client, world) -> None:
    from django.contrib.auth import SESSION_KEY

    user = world.users["upg"]
    # Simulate any door that logs in by password alone: a session with no MFA record.
    from django.test import Client as PlainClient

    plain = PlainClient()
    session = plain.session
    session[SESSION_KEY] = str(user.pk)
    session["_auth_user_backend"] = "sehati.accounts.backends.NipOrUsernameBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.save()
    response = plain.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("account_login")
    assert plain.get("/api/v1/me").status_code in (401, 403)


@pytest.mark.django_db
def test_activating_totp_keeps_the_session(client, world) -> None:
    from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
    from allauth.mfa.models import Authenticator
    from allauth.mfa.signals import authenticator_added

    from sehati.accounts.tests.factories import with_totp

    user = UserFactory(pemda=world.pemda)
    grant(user, Role.UPG)
    client.post(reverse("account_login"), {"login": user.username, "password": PASSWORD})
    assert client.get(reverse("home"))["Location"] == reverse("mfa_activate_totp")
    with_totp(user)
    request = client.get(reverse("mfa_index")).wsgi_request
    authenticator_added.send(
        sender=Authenticator,
        request=request,
        user=user,
        authenticator=Authenticator.objects.get(user=user),
    )
    request.session.save()
    methods = [r["method"] for r in request.session[AUTHENTICATION_METHODS_SESSION_KEY]]
    assert "mfa" in methods


@pytest.mark.django_db
def test_guessing_across_many_accounts_from_one_address_is_slowed(client, world) -> None:
    """Password spraying: one wrong password for each of many names, from one address. No
    account reaches django-axes' lockout, but allauth's limit of failed logins per address does
    (issue #9 point 5: rate limits on login)."""
    from django.core.cache import cache

    cache.clear()
    pages = [login(client, f"pengguna{i}", "salah-sandi").content.decode() for i in range(12)]
    limited = "Terlalu banyak percobaan masuk yang gagal"
    assert limited not in pages[0]
    assert limited in pages[-1], pages[-1][-3000:]
    # The right password of a real account is refused too while the address is limited.
    response = login(client, world.users["pelapor"].username)
    assert not response.wsgi_request.user.is_authenticated
    assert limited in response.content.decode()
