"""Notice operations: the caller's own notices, and marking them read."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import BaseModel, Field

from sehati.accounts.policies import Action, require
from sehati.api.base import COMMON_ERRORS, Pagination, RefId, auth_for
from sehati.notifications.selectors import notice_list
from sehati.notifications.services import notice_mark_read

router = Router(tags=["pemberitahuan"])

NoticeId = RefId


class NoticeOut(Schema):
    id: int
    created_at: dt.datetime
    title: str
    body: str
    url: str
    read_at: dt.datetime | None


class NoticeFilter(Schema):
    unread: bool = Field(False, description="Hanya yang belum dibaca")


class NoticeReadIn(BaseModel):
    # A plain pydantic model, not a ninja Schema: Schema reads attributes of any value, so a JSON
    # array or string would pass as "no ids" (= all). The body must be an object.
    ids: list[NoticeId] | None = Field(
        None,
        max_length=1000,
        description="Pemberitahuan yang ditandai sudah dibaca; tanpa `ids`: semua.",
    )


class NoticeReadOut(Schema):
    marked: int


@router.get(
    "/notices",
    auth=auth_for(Action.NOTICE_VIEW),
    response={200: list[NoticeOut], **COMMON_ERRORS},
    summary="Pemberitahuan milik pengguna, terbaru lebih dahulu",
)
@paginate(Pagination)
def notice_list_op(request: HttpRequest, filters: Query[NoticeFilter]) -> Any:
    require(request.user, Action.NOTICE_VIEW)
    return notice_list(user=request.user, unread_only=filters.unread)


@router.post(
    "/notices/read",
    auth=auth_for(Action.NOTICE_VIEW),
    response={200: NoticeReadOut, **COMMON_ERRORS},
    summary="Tandai pemberitahuan sendiri sudah dibaca (yang disebut, atau semua)",
)
def notice_read_op(request: HttpRequest, payload: NoticeReadIn) -> Any:
    require(request.user, Action.NOTICE_VIEW)
    marked = notice_mark_read(user=request.user, notice_ids=payload.ids, now=timezone.now())
    return {"marked": marked}
