"""Certificates of participation as PDF (issue #7 point 1), one A4 landscape page per person.

Numbers are given by `services.certificate_issue` (SERT/<year>/<nnnnn>, per pemda); this module
only prints. The signature block names the pemda's head of UPG when one is set."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

from sehati.documents.pdf import pdf_render
from sehati.org.models import Pemda
from sehati.outreach.models import Participant

PDF_CONTENT_TYPE = "application/pdf"


def _signer(pemda: Pemda) -> str:
    head = pemda.upg_head
    if head is None:
        return ""
    return head.get_full_name() or ""


def certificates_pdf(*, pemda: Pemda, participants: Sequence[Participant]) -> bytes:
    """The certificates of `participants` (each already numbered), in the given order."""
    if any(not p.certificate_number for p in participants):
        raise ValueError("every certificate needs its number (services.certificate_issue)")
    with timezone.override(ZoneInfo(pemda.time_zone or "Asia/Makassar")):
        return pdf_render(
            template="outreach/certificate_print.html",
            context={
                "pemda": pemda,
                "title": _("Sertifikat sosialisasi"),
                "participants": participants,
                "signer": _signer(pemda),
            },
        )


def certificate_filename(participant: Participant) -> str:
    number = participant.certificate_number.replace("/", "-")
    return f"sertifikat-{number}.pdf"
