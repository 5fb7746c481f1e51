"""Public tips over the API (issue #5 point 5): filing and lookup without authentication, the
UPG's handling with it."""

import datetime as dt
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from ninja import P, PathEx, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from sehati.accounts.policies import Action, access_tip
from sehati.api.base import (
    COMMON_ERRORS,
    ID_MAX,
    NO_NUL,
    Error,
    Pagination,
    RefId,
    SearchText,
    auth_for,
)
from sehati.core.clock import local_today
from sehati.core.throttle import client_key
from sehati.monitoring import services as svc
from sehati.monitoring.models import Tip

router = Router(tags=["aduan masyarakat"])
TipId = PathEx[int, P(ge=1, le=ID_MAX)]
PUBLIC_ERRORS = {**COMMON_ERRORS, 429: Error}


class TipIn(Schema):
    description: Annotated[str, Field(min_length=1, max_length=10_000, pattern=NO_NUL)]
    happened_on: Annotated[
        dt.date | None, Field(ge=dt.date(2015, 1, 1), le=dt.date(2040, 12, 31))
    ] = None
    location: Annotated[str, Field(max_length=300, pattern=NO_NUL)] = ""
    service_unit_id: RefId | None = None
    contact: Annotated[str, Field(max_length=200, pattern=NO_NUL)] = ""


class TipFiledOut(Schema):
    receipt_code: str
    status: str


@router.post(
    "/tips",
    auth=None,
    response={201: TipFiledOut, **PUBLIC_ERRORS},
    summary="Kirim aduan masyarakat tanpa login (kode aduan ditampilkan sekali)",
)
def tip_create_op(request: HttpRequest, payload: TipIn) -> Any:
    pemda = request.pemda  # type: ignore[attr-defined]
    filed = svc.tip_submit(
        pemda=pemda,
        description=payload.description,
        happened_on=payload.happened_on,
        location=payload.location,
        service_unit_id=payload.service_unit_id,
        contact=payload.contact,
        today=local_today(pemda.time_zone if pemda else "Asia/Makassar"),
        client=client_key(request),
    )
    return Status(201, {"receipt_code": filed.receipt_code, "status": filed.tip.status})


class LookupIn(Schema):
    receipt_code: Annotated[str, Field(min_length=1, max_length=40, pattern=NO_NUL)]


class TipMessageOut(Schema):
    from_tipster: bool
    body: str
    created_at: dt.datetime


class TipLookupOut(Schema):
    status: str
    outcome: str
    received_at: dt.datetime
    messages: list[TipMessageOut]


@router.post(
    "/tips/lookup",
    auth=None,
    response={200: TipLookupOut, **PUBLIC_ERRORS},
    summary="Status aduan dan pesan UPG untuk pengadu, dengan kode aduan",
)
def tip_lookup_op(request: HttpRequest, payload: LookupIn) -> Any:
    tip = svc.tip_find(
        pemda=request.pemda,  # type: ignore[attr-defined]
        receipt_code=payload.receipt_code,
        client=client_key(request),
    )
    if tip is None:
        raise Http404
    return {
        "status": tip.status,
        "outcome": tip.outcome,
        "received_at": tip.created_at,
        "messages": list(tip.messages.all()),
    }


class TipOut(Schema):
    id: int
    status: str
    description: str
    happened_on: dt.date | None
    location: str
    service_unit_id: int | None
    contact: str
    outcome: str
    created_at: dt.datetime


class TipFilter(Schema):
    q: SearchText = ""
    status: Annotated[str, Field(pattern="^(|open|" + "|".join(Tip.Status.values) + ")$")] = ""


@router.get(
    "/tips",
    auth=auth_for(Action.TIP_VIEW),
    response={200: list[TipOut], **COMMON_ERRORS},
    summary="Aduan masyarakat pemda (UPG)",
)
@paginate(Pagination)
def tip_list_op(request: HttpRequest, filters: Query[TipFilter]) -> Any:
    tips = Tip.objects.filter(pemda_id=request.user.pemda_id)
    if filters.q:
        tips = tips.filter(description__icontains=filters.q)
    if filters.status == "open":
        tips = tips.exclude(status=Tip.Status.CLOSED)
    elif filters.status:
        tips = tips.filter(status=filters.status)
    return tips.order_by("-created_at", "-id")


@router.get("/tips/{tip_id}", response={200: TipOut, **COMMON_ERRORS}, summary="Satu aduan")
def tip_get_op(request: HttpRequest, tip_id: TipId) -> Any:
    return access_tip(request.user, tip_id)


class TipMessageIn(Schema):
    body: Annotated[str, Field(min_length=1, max_length=5000, pattern=NO_NUL)]
    ask: bool = False


@router.post(
    "/tips/{tip_id}/messages",
    auth=auth_for(Action.TIP_WORK),
    response={201: TipMessageOut, **COMMON_ERRORS},
    summary="Pesan UPG kepada pengadu (dibaca dengan kode aduan)",
)
def tip_message_op(request: HttpRequest, tip_id: TipId, payload: TipMessageIn) -> Any:
    tip = access_tip(request.user, tip_id, Action.TIP_WORK)
    return Status(
        201, svc.tip_message_send(tip=tip, actor=request.user, body=payload.body, ask=payload.ask)
    )


class TipStatusIn(Schema):
    status: Tip.Status
    outcome: Annotated[str, Field(max_length=10_000, pattern=NO_NUL)] = ""


@router.post(
    "/tips/{tip_id}/status",
    auth=auth_for(Action.TIP_WORK),
    response={200: TipOut, **COMMON_ERRORS},
    summary="Ubah status aduan (menutup perlu hasil untuk pengadu)",
)
def tip_status_op(request: HttpRequest, tip_id: TipId, payload: TipStatusIn) -> Any:
    tip = access_tip(request.user, tip_id, Action.TIP_WORK)
    return svc.tip_status_set(
        tip=tip, actor=request.user, status=payload.status, outcome=payload.outcome
    )
