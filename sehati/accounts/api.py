"""Account operations: who am I, the audit timeline."""

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from sehati.accounts.policies import Action, require, user_grants
from sehati.accounts.selectors import timeline_list
from sehati.api.base import COMMON_ERRORS, NO_NUL, Pagination, SearchText

router = Router(tags=["akun"])


class GrantOut(Schema):
    role: str
    opd_id: int | None
    kecamatan_id: int | None


class MeOut(Schema):
    username: str
    name: str
    email: str
    pemda: str | None
    employee_id: int | None
    roles: list[GrantOut]


@router.get("/me", response={200: MeOut, **COMMON_ERRORS}, summary="Pengguna yang sedang masuk")
def me(request: HttpRequest) -> Any:
    user: Any = request.user
    require(user, Action.HOME)
    return {
        "username": user.username,
        "name": user.get_full_name(),
        "email": user.email,
        "pemda": user.pemda.code if user.pemda_id else None,
        "employee_id": user.employee_id,
        "roles": [
            {"role": g.role.value, "opd_id": g.opd_id, "kecamatan_id": g.kecamatan_id}
            for g in user_grants(user)
        ],
    }


class TimelineOut(Schema):
    id: int
    created_at: dt.datetime
    type: str
    actor_label: str
    subject_type: str
    subject_id: int
    data: dict[str, Any]

    @staticmethod
    def resolve_subject_type(obj: Any) -> str:
        return f"{obj.subject_type.app_label}.{obj.subject_type.model}"


class TimelineFilter(Schema):
    q: SearchText = ""
    type: Annotated[str, Field(max_length=64, pattern=NO_NUL)] = ""


@router.get(
    "/timeline", response={200: list[TimelineOut], **COMMON_ERRORS}, summary="Linimasa audit pemda"
)
@paginate(Pagination)
def timeline(request: HttpRequest, filters: Query[TimelineFilter]) -> Any:
    user: Any = request.user
    require(user, Action.AUDIT_VIEW)
    return timeline_list(
        pemda_id=user.pemda_id, search=filters.q[:100], event_type=filters.type[:64]
    )
