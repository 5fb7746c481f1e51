from __future__ import annotations

import factory
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from sehati.accounts.models import Role, RoleGrant, User
from sehati.org.tests.factories import PemdaFactory


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"pengguna{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@uji.sehati.invalid")
    pemda = factory.SubFactory(PemdaFactory)
    password = factory.PostGenerationMethodCall("set_password", "rahasia-uji-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def grant(user: User, role: Role, *, opd=None, kecamatan=None) -> RoleGrant:
    obj = RoleGrant.objects.create(
        user=user, role=role.value, opd=opd, kecamatan=kecamatan, pemda=user.pemda
    )
    if hasattr(user, "_sehati_grants"):
        del user._sehati_grants
    return obj


def with_totp(user: User) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret
