"""Writes of public tips (issue #5 point 5): filing without login, following with a receipt
code, messages both ways, the UPG's status changes. Every change writes a timeline event."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from sehati.core.audit import timeline_record
from sehati.core.errors import ApplicationError, ConflictError, ThrottledError
from sehati.core.throttle import throttle_count, throttle_exceeded
from sehati.monitoring.errors import TipError
from sehati.monitoring.models import Tip, TipMessage
from sehati.org.models import Pemda, ServiceUnit
from sehati.reports.services import receipt_code_hash, receipt_code_new

# Issue #5: receipt codes of >= 80 bits (the report receipt alphabet gives ~99 bits).
MAX_TEXT = 10_000
# Anti-abuse limits per anonymous client (issue #5 point 5), for the pages and the API alike.
SUBMIT_LIMIT, SUBMIT_WINDOW = 5, 3600
LOOKUP_FAILS, LOOKUP_WINDOW = 5, 900


@dataclass(frozen=True)
class TipFiled:
    tip: Tip
    receipt_code: str  # shown once; only its hash is stored


def tip_submit(
    *,
    pemda: Pemda | None,
    description: str,
    today: dt.date,
    happened_on: dt.date | None = None,
    location: str = "",
    service_unit_id: int | None = None,
    contact: str = "",
    client: str | None = None,
) -> TipFiled:
    """File a tip from the public. Nothing about the client is stored with it; `client` (a
    keyed hash from `sehati.core.throttle.client_key`) only counts against the limit."""
    if client is not None and throttle_exceeded(
        scope="tip_submit", client=client, limit=SUBMIT_LIMIT
    ):
        raise ThrottledError(
            _("Terlalu banyak aduan dari perangkat ini. Coba lagi nanti."), code=TipError.THROTTLED
        )
    if not pemda:
        raise ApplicationError(
            _("SEHATI belum disiapkan untuk pemda mana pun."), code=TipError.NO_PEMDA
        )
    text = description.strip()
    if len(text) < 10:
        raise ApplicationError(
            _("Ceritakan kejadiannya paling sedikit dalam satu kalimat."), code=TipError.INVALID
        )
    if happened_on is not None and happened_on > today:
        raise ApplicationError(
            _("Tanggal kejadian tidak boleh sesudah hari ini."), code=TipError.INVALID
        )
    unit = None
    if service_unit_id is not None:
        unit = ServiceUnit.objects.filter(pk=service_unit_id, pemda=pemda, is_active=True).first()
        if unit is None:
            raise ApplicationError(_("Unit layanan tidak dikenal."), code=TipError.INVALID)
    code = receipt_code_new()
    with transaction.atomic():
        tip = Tip.objects.create(
            pemda=pemda,
            receipt_code_hash=receipt_code_hash(code),
            description=text[:MAX_TEXT],
            happened_on=happened_on,
            location=location.strip()[:300],
            service_unit=unit,
            contact=contact.strip()[:200],
        )
        timeline_record(
            subject=tip,
            type="tip_received",
            actor="publik",
            data={"service_unit": unit.name if unit else "", "anonymous": not tip.contact},
        )
    if client is not None:
        throttle_count(scope="tip_submit", client=client, window_seconds=SUBMIT_WINDOW)
    return TipFiled(tip=tip, receipt_code=code)


def tip_find(*, pemda: Pemda | None, receipt_code: str, client: str | None = None) -> Tip | None:
    """The tip with this receipt code in the pemda, or None. With `client`, wrong codes count
    against its limit, and a client past the limit is refused before any lookup."""
    if client is not None and throttle_exceeded(
        scope="tip_lookup", client=client, limit=LOOKUP_FAILS
    ):
        raise ThrottledError(
            _("Terlalu banyak kode yang salah. Coba lagi 15 menit lagi."), code=TipError.THROTTLED
        )
    tip = None
    if pemda and receipt_code.strip():
        tip = Tip.objects.filter(
            pemda=pemda, receipt_code_hash=receipt_code_hash(receipt_code)
        ).first()
    if tip is None and client is not None:
        throttle_count(scope="tip_lookup", client=client, window_seconds=LOOKUP_WINDOW)
    return tip


def tip_reply_from_tipster(*, tip: Tip, body: str) -> TipMessage:
    """The tipster answers the UPG (through the receipt code)."""
    text = body.strip()
    if not text:
        raise ApplicationError(_("Pesan tidak boleh kosong."), code=TipError.INVALID)
    if tip.status == Tip.Status.CLOSED:
        raise ConflictError(_("Aduan ini sudah selesai."), code=TipError.CLOSED)
    with transaction.atomic():
        message = TipMessage.objects.create(
            pemda_id=tip.pemda_id, tip=tip, from_tipster=True, body=text[:5000]
        )
        if tip.status == Tip.Status.NEED_INFO:
            tip.status = Tip.Status.IN_REVIEW
            tip.save(update_fields=["status", "updated_at"])
        timeline_record(subject=tip, type="tip_message_from_tipster", actor="pengadu")
    return message


def tip_message_send(*, tip: Tip, actor: Any, body: str, ask: bool = False) -> TipMessage:
    """A message from the UPG, shown to the tipster on lookup; `ask` marks that the UPG waits
    for an answer."""
    text = body.strip()
    if not text:
        raise ApplicationError(_("Pesan tidak boleh kosong."), code=TipError.INVALID)
    with transaction.atomic():
        locked = Tip.objects.select_for_update().get(pk=tip.pk)
        if locked.status == Tip.Status.CLOSED:
            raise ConflictError(_("Aduan ini sudah selesai."), code=TipError.CLOSED)
        message = TipMessage.objects.create(
            pemda_id=locked.pemda_id, tip=locked, author=actor, body=text[:5000]
        )
        if ask:
            locked.status = Tip.Status.NEED_INFO
        elif locked.status == Tip.Status.NEW:
            locked.status = Tip.Status.IN_REVIEW
        locked.handled_by = locked.handled_by or actor
        locked.save(update_fields=["status", "handled_by", "updated_at"])
        timeline_record(subject=locked, type="tip_message_from_upg", actor=actor, data={"ask": ask})
    return message


# The UPG's status changes: which statuses it may set from which.
_NEXT = {
    Tip.Status.NEW: {Tip.Status.IN_REVIEW, Tip.Status.FOLLOWED_UP, Tip.Status.CLOSED},
    Tip.Status.IN_REVIEW: {Tip.Status.FOLLOWED_UP, Tip.Status.CLOSED},
    Tip.Status.NEED_INFO: {Tip.Status.IN_REVIEW, Tip.Status.FOLLOWED_UP, Tip.Status.CLOSED},
    Tip.Status.FOLLOWED_UP: {Tip.Status.CLOSED},
    Tip.Status.CLOSED: set(),
}


def tip_status_set(*, tip: Tip, actor: Any, status: str, outcome: str = "") -> Tip:
    """Move a tip on. Closing needs the outcome the tipster will read."""
    with transaction.atomic():
        locked = Tip.objects.select_for_update().get(pk=tip.pk)
        if status not in _NEXT.get(Tip.Status(locked.status), set()):
            raise ConflictError(
                _("Status aduan tidak dapat diubah dari %(now)s menjadi %(to)s.")
                % {"now": locked.get_status_display(), "to": status},
                code=TipError.INVALID,
            )
        if status == Tip.Status.CLOSED and not outcome.strip():
            raise ApplicationError(
                _("Tuliskan hasil penanganan yang akan dibaca pengadu."), code=TipError.INVALID
            )
        locked.status = status
        if outcome.strip():
            locked.outcome = outcome.strip()[:MAX_TEXT]
        locked.handled_by = locked.handled_by or actor
        locked.save()
        timeline_record(
            subject=locked, type="tip_status_changed", actor=actor, data={"status": status}
        )
        return locked
