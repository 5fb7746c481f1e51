"""Role grants as a service: giving the admin role also opens the Django admin for reference data."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from sehati.accounts.models import Role, RoleGrant, User
from sehati.core.audit import timeline_record

ADMIN_GROUP = "Admin pemda"
# Reference data an admin pemda maintains in the Django admin.
_ADMIN_MODELS = {
    "org": [
        "kecamatan",
        "desa",
        "opd",
        "serviceunit",
        "employee",
        "mutasi",
        "pemda",
        "calendaroverride",
    ],
    "reports": ["rulesetrecord"],
    "accounts": ["user", "rolegrant", "apitoken"],
    "core": ["timelineevent"],
}


def admin_group() -> Group:
    group, _ = Group.objects.get_or_create(name=ADMIN_GROUP)
    perms = Permission.objects.filter(
        content_type__app_label__in=list(_ADMIN_MODELS),
    )
    wanted = [
        p
        for p in perms
        if p.content_type.model in _ADMIN_MODELS.get(p.content_type.app_label, [])
        and not (p.content_type.model in ("timelineevent",) and not p.codename.startswith("view"))
        and not (p.content_type.model == "pemda" and p.codename.split("_")[0] in ("add", "delete"))
    ]
    group.permissions.set(wanted)
    return group


def role_grant_apply(*, grant: RoleGrant, actor: Any) -> None:
    """What a new grant implies: the admin role opens the Django admin; the grant is audited."""
    user = grant.user
    if grant.role == Role.ADMIN:
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        user.groups.add(admin_group())
    timeline_record(
        subject=user,
        type="role_granted",
        actor=actor,
        pemda=user.pemda,
        data={
            "role": grant.role,
            "username": user.username,
            "opd_id": grant.opd_id,
            "kecamatan_id": grant.kecamatan_id,
        },
    )


@transaction.atomic
def role_grant_create(
    *,
    user: User,
    role: Role,
    actor: Any,
    opd: Any = None,
    kecamatan: Any = None,
    decree: str = "",
) -> RoleGrant:
    """Grant a role on the user's pemda (idempotent)."""
    grant, created = RoleGrant.objects.get_or_create(
        user=user,
        role=role.value,
        opd=opd,
        kecamatan=kecamatan,
        defaults={"pemda_id": user.pemda_id, "decree": decree},
    )
    if created:
        role_grant_apply(grant=grant, actor=actor)
    return grant
