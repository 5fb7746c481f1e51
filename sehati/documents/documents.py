"""The documents of issue #4: receipts, the KPK report form, custody receipts, the GOL workbook
and the cover letter to KPK.

Each function takes the objects (already fetched through the access helpers) and returns bytes;
the views add the HTTP headers and the timeline event. Identity rule (issue #4 point 11): the
identity of a confidential reporter (name, NIP, NIK, address, phone, e-mail) is printed only when
the caller says so; otherwise "Dirahasiakan".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from sehati.cases.models import Case, CustodyItem
from sehati.cases.selectors import DEADLINE_LABELS as CASE_DEADLINE_LABELS
from sehati.cases.services import CHECKLIST
from sehati.documents.letters import letter_fill
from sehati.documents.models import LetterTemplate
from sehati.documents.pdf import pdf_render
from sehati.org.models import Pemda
from sehati.reports.models import GiftReport, ReportItem
from sehati.reports.selfcheck import CATEGORY_LABELS, FORM_LABELS, RELATION_LABELS
from sehati.rules.rulesets import Category, Form, Relation

CONFIDENTIAL = _lazy("Dirahasiakan")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The reporter's deadlines stored with the assessment (report.assessment["deadlines"]).
DEADLINE_LABELS: dict[str, Any] = {
    **CASE_DEADLINE_LABELS,
    "receipt_to_upg_pembantu": _lazy("Lapor ke UPG pembantu"),
    "receipt_to_upg": _lazy("Lapor ke UPG"),
    "receipt_to_kpk": _lazy("Laporan sampai di KPK (batas hukum)"),
}
CHECK_ANSWER_LABELS: dict[str, Any] = {
    "ok": _lazy("Ada/lengkap"),
    "missing": _lazy("Kurang"),
    "na": _lazy("Tidak berlaku"),
}


# --- labels and shared pieces ---------------------------------------------------------------


def _label(table: dict[Any, Any], enum: type[Any], code: str) -> str:
    try:
        return str(table[enum(code)])
    except (ValueError, KeyError):
        return code or "—"


def form_label(code: str) -> str:
    return _label(FORM_LABELS, Form, code)


def category_label(code: str) -> str:
    return _label(CATEGORY_LABELS, Category, code)


def relation_label(code: str) -> str:
    return _label(RELATION_LABELS, Relation, code)


def _yes_no(value: bool | None) -> str:
    if value is None:
        return "—"
    return _("Ya") if value else _("Tidak")


def _shows(show_identity: bool | Collection[int], report: GiftReport) -> bool:
    """Whether the identity of this report's reporter may be printed: always when the report is
    not confidential; for a confidential one, when the caller said True or named the report."""
    if not report.confidential:
        return True
    if isinstance(show_identity, bool):
        return show_identity
    return report.pk in show_identity


@dataclass(frozen=True)
class Identity:
    name: str
    nip: str
    nik: str
    address: str
    phone: str
    email: str
    masked: bool


def reporter_identity(report: GiftReport, *, show_identity: bool) -> Identity:
    """The reporter's identity as printed (masked for a confidential report unless shown)."""
    if report.confidential and not show_identity:
        hidden = str(CONFIDENTIAL)
        return Identity(hidden, hidden, hidden, hidden, hidden, hidden, masked=True)
    reporter = report.reporter
    creator = report.created_by
    email = creator.email if creator is not None and creator.employee_id == reporter.pk else ""
    return Identity(
        name=reporter.name,
        nip=reporter.nip,
        nik=report.reporter_nik or reporter.nik or "",
        address=report.reporter_address,
        phone=report.reporter_phone,
        email=email or "",
        masked=False,
    )


def report_fingerprint(report: GiftReport) -> str:
    """SHA-256 of the submitted content of a report (what the reporter declared), printed on the
    documents so that a paper copy can be checked against the register later."""
    items = [
        [i.position, i.description, i.form, i.quantity, i.value_idr] for i in report.items.all()
    ]
    content = {
        "register_number": report.register_number,
        "submitted_on": report.submitted_on.isoformat() if report.submitted_on else None,
        "kind": report.kind,
        "reporter": report.reporter_id,
        "received_on": report.received_on.isoformat(),
        "place": report.place,
        "category": report.category,
        "giver": [report.giver_name, report.giver_agency, report.giver_relation],
        "value_idr": report.value_idr,
        "description": report.description,
        "chronology": report.chronology,
        "items": items,
    }
    raw = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(raw.encode()).hexdigest()


def _now_local(pemda: Pemda) -> dt.datetime:
    return timezone.localtime(timezone.now(), timezone=_zone(pemda))


def _zone(pemda: Pemda) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(pemda.time_zone or "Asia/Makassar")


def _print_context(pemda: Pemda, *, title: str, **extra: Any) -> dict[str, Any]:
    return {
        "pemda": pemda,
        "title": title,
        "generated_at": _now_local(pemda),
        "zone_label": pemda.zone_label,
        **extra,
    }


@dataclass(frozen=True)
class ItemRow:
    position: int
    description: str
    form: str
    quantity: int
    value_idr: int


def _item_rows(report: GiftReport) -> list[ItemRow]:
    return [
        ItemRow(i.position, i.description, form_label(i.form), i.quantity, i.value_idr)
        for i in report.items.all()
    ]


def _deadline_rows(report: GiftReport) -> list[dict[str, Any]]:
    rows = []
    for d in (report.assessment or {}).get("deadlines", []):
        try:
            due = dt.date.fromisoformat(str(d.get("due_on")))
        except ValueError:
            continue
        code = str(d.get("code", ""))
        rows.append(
            {
                "label": str(DEADLINE_LABELS.get(code, code)),
                "due_on": due,
                "working_days": d.get("working_days"),
                "legal_basis": d.get("legal_basis", ""),
            }
        )
    return rows


def _case_of(report: GiftReport) -> Case | None:
    try:
        return report.case
    except Case.DoesNotExist:
        return None


# --- tanda terima laporan ---------------------------------------------------------------------


def report_receipt_pdf(*, report: GiftReport, show_identity: bool) -> bytes:
    """Tanda terima laporan gratifikasi for the reporter (issue #4 point 4). The receipt code is
    never printed: it was shown once on submission and only its hash is kept."""
    return pdf_render(
        template="documents/report_receipt.html",
        context=_print_context(
            report.pemda,
            title=_("Tanda Terima Laporan Gratifikasi"),
            report=report,
            identity=reporter_identity(report, show_identity=show_identity),
            items=_item_rows(report),
            deadlines=_deadline_rows(report),
            exemption_label=category_label(report.exemption) if report.exemption else "",
            register_number=report.register_number,
            fingerprint=report_fingerprint(report),
        ),
    )


# --- formulir laporan KPK ---------------------------------------------------------------------


def _checklist_rows(case: Case | None) -> list[dict[str, str]]:
    answers = (case.checklist if case is not None else None) or {}
    return [
        {
            "label": str(label),
            "answer": str(CHECK_ANSWER_LABELS.get(answers.get(key, ""), _("Belum diperiksa"))),
        }
        for key, label in CHECKLIST
    ]


def kpk_form_pdf(*, report: GiftReport, show_identity: bool) -> bytes:
    """The KPK report form filled from the report, in the order of the KPK form
    (GRATIFICATION_LAW.md §2.3), with the UPG's notes at the end."""
    case = _case_of(report)
    return pdf_render(
        template="documents/kpk_form.html",
        context=_print_context(
            report.pemda,
            title=_("Formulir Laporan Gratifikasi"),
            report=report,
            case=case,
            identity=reporter_identity(report, show_identity=show_identity),
            items=_item_rows(report),
            category_label=category_label(report.category),
            relation_label=relation_label(report.giver_relation),
            checklist=_checklist_rows(case),
            checklist_done=bool(case is not None and case.checklist),
            register_number=report.register_number,
            fingerprint=report_fingerprint(report),
        ),
    )


# --- tanda terima barang titipan -----------------------------------------------------------

CUSTODY_SIDES = ("receive", "release")


def custody_receipt_pdf(*, item: CustodyItem, side: str) -> bytes:
    """Tanda terima of an object the UPG keeps (GRATIFICATION_LAW.md §2.6): on deposit
    (`receive`) or on hand-over (`release`, only once released)."""
    if side not in CUSTODY_SIDES:
        raise ValueError(side)
    if side == "release" and item.status != CustodyItem.Status.RELEASED:
        raise ValueError("not released")
    report = item.case.report
    title = (
        _("Tanda Terima Penitipan Barang Gratifikasi")
        if side == "receive"
        else _("Tanda Terima Penyerahan Barang Gratifikasi")
    )
    return pdf_render(
        template="documents/custody_receipt.html",
        context=_print_context(
            item.pemda,
            title=title,
            item=item,
            side=side,
            report=report,
            received_by_name=_user_name(item.received_by),
            released_by_name=_user_name(item.released_by),
            register_number=report.register_number,
        ),
    )


def _user_name(user: Any) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())


# --- GOL bulk-upload workbook ---------------------------------------------------------------

GOL_COLUMNS: tuple[tuple[str, int], ...] = (
    ("No", 6),
    ("Nomor Register", 20),
    ("Jenis Laporan", 14),
    ("Nama Pelapor", 28),
    ("NIK", 20),
    ("NIP", 22),
    ("Jabatan", 28),
    ("Unit Kerja", 28),
    ("Tanggal Penerimaan", 14),
    ("Tempat", 24),
    ("Peristiwa", 40),
    ("Bentuk", 24),
    ("Uraian Objek", 40),
    ("Jumlah", 8),
    ("Nilai (Rp)", 16),
    ("Nama Pemberi", 28),
    ("Hubungan", 28),
    ("Alasan", 40),
    ("Kronologi", 60),
    ("Posisi Objek", 24),
    ("Minta Kompensasi", 12),
    ("Rahasia", 10),
    ("Hasil Verifikasi UPG", 40),
)
GOL_HEADERS = tuple(name for name, _width in GOL_COLUMNS)


def verification_summary(case: Case) -> str:
    """The UPG's verification in one line: the case status and what the checklist found."""
    parts = [str(case.get_status_display())]
    answers = case.checklist or {}
    if answers:
        missing = [str(label) for key, label in CHECKLIST if answers.get(key) == "missing"]
        if missing:
            parts.append(_("kurang: %(items)s") % {"items": "; ".join(missing)})
        else:
            parts.append(_("daftar periksa lengkap"))
    if case.recommendation:
        parts.append(case.recommendation)
    return " — ".join(parts)


def gol_workbook(*, cases: Iterable[Case], show_identity: bool | Collection[int] = False) -> bytes:
    """An XLSX with one row per object (ReportItem) of each case, for KPK's GOL bulk upload.

    `show_identity`: True prints every confidential reporter's identity; a collection of report
    ids prints only those; False masks them all ("Dirahasiakan")."""
    with translation.override("id"):
        return _gol_workbook(list(cases), show_identity)


def _gol_workbook(cases: list[Case], show_identity: bool | Collection[int]) -> bytes:
    wb = Workbook()
    wb.remove(wb.worksheets[0])
    ws = wb.create_sheet("Laporan")
    ws.append(list(GOL_HEADERS))
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    number = 0
    for case in cases:
        report = case.report
        identity = reporter_identity(report, show_identity=_shows(show_identity, report))
        items: list[ReportItem] = list(report.items.all())
        for item in items:
            number += 1
            ws.append(
                [
                    number,
                    report.register_number,
                    report.get_kind_display(),
                    identity.name,
                    identity.nik,
                    identity.nip,
                    report.reporter_jabatan or report.reporter.jabatan,
                    report.reporter_opd.name,
                    report.received_on,
                    report.place,
                    category_label(report.category),
                    form_label(item.form),
                    item.description,
                    int(item.quantity),
                    int(item.value_idr),
                    report.giver_name,
                    relation_label(report.giver_relation),
                    report.giver_reason,
                    report.chronology,
                    report.get_object_location_display(),
                    _yes_no(report.compensation_requested),
                    _yes_no(report.confidential),
                    verification_summary(case),
                ]
            )
            row = ws.max_row
            ws.cell(
                row=row, column=GOL_HEADERS.index("Tanggal Penerimaan") + 1
            ).number_format = "DD/MM/YYYY"
            ws.cell(row=row, column=GOL_HEADERS.index("Nilai (Rp)") + 1).number_format = "#,##0"
            ws.cell(row=row, column=GOL_HEADERS.index("Jumlah") + 1).number_format = "0"
    for index, (_name, width) in enumerate(GOL_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(GOL_COLUMNS))}{max(ws.max_row, 1)}"

    pemda = cases[0].pemda if cases else None
    now = _now_local(pemda) if pemda is not None else timezone.localtime()
    notes = wb.create_sheet("Keterangan")
    notes.column_dimensions["A"].width = 110
    lines = [
        _("Lembar kerja laporan gratifikasi untuk unggah massal ke Gratifikasi Online (GOL) KPK."),
        _(
            "Urutan kolom mengikuti templat unggah massal GOL sejauh yang diketahui publik. "
            "KPK tidak menerbitkan templat itu secara terbuka: sebelum mengunggah, cocokkan "
            "kolom dengan templat yang diunduh dari akun GOL instansi dan pindahkan kolom bila perlu."
        ),
        _("Satu baris untuk setiap objek gratifikasi; satu laporan dapat memuat beberapa objek."),
        _(
            "Nilai (Rp) adalah bilangan bulat rupiah. Identitas pelapor yang minta dirahasiakan "
            'ditulis "Dirahasiakan" kecuali pengekspor berhak melihatnya.'
        ),
        _("Dibuat oleh SEHATI pada %(when)s %(zone)s.")
        % {
            "when": now.strftime("%d-%m-%Y %H:%M"),
            "zone": pemda.zone_label if pemda is not None else "",
        },
        _("Jumlah laporan: %(cases)s; jumlah objek: %(items)s.")
        % {"cases": len(cases), "items": number},
    ]
    if pemda is not None:
        lines.insert(0, pemda.name)
    for line in lines:
        notes.append([line])
    for row in notes.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    notes["A1"].font = bold

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- cover letter to KPK ------------------------------------------------------------------


def letter_values(
    *, pemda: Pemda, cases: list[Case], letter_number: str, letter_date: dt.date
) -> dict[str, str]:
    """The values of the letter placeholders (`sehati.documents.letters.PLACEHOLDERS`)."""
    with translation.override("id"):
        tanggal = formats.date_format(letter_date, "j F Y")
    head = pemda.upg_head
    return {
        "nomor_surat": letter_number,
        "tanggal": tanggal,
        "jumlah_laporan": str(len(cases)),
        "daftar_laporan": ", ".join(c.report.register_number for c in cases),
        "nama_pemda": pemda.name,
        "kepala_upg": _user_name(head) if head is not None else "",
    }


def _object_summary(report: GiftReport) -> str:
    return "; ".join(
        f"{i.description} ({i.quantity})" if i.quantity != 1 else i.description
        for i in report.items.all()
    )


def cover_letter_pdf(
    *,
    pemda: Pemda,
    cases: Iterable[Case],
    letter_number: str,
    letter_date: dt.date,
    template: LetterTemplate | None = None,
    show_identity: bool | Collection[int] = False,
) -> bytes:
    """Surat pengantar to KPK forwarding the reports of `cases`, on the pemda's letterhead. The
    template's text is filled by `letter_fill` (never by the template engine)."""
    from sehati.documents.selectors import letter_template_for

    chosen = list(cases)
    tpl = template or letter_template_for(pemda=pemda)
    values = letter_values(
        pemda=pemda, cases=chosen, letter_number=letter_number, letter_date=letter_date
    )
    rows = []
    for case in chosen:
        report = case.report
        identity = reporter_identity(report, show_identity=_shows(show_identity, report))
        rows.append(
            {
                "register_number": report.register_number,
                "received_on": report.received_on,
                "reporter": identity.name,
                "objects": _object_summary(report),
                "value_idr": report.value_idr,
            }
        )
    return pdf_render(
        template="documents/cover_letter.html",
        context=_print_context(
            pemda,
            title=letter_fill(tpl.subject, values),
            letter_number=letter_number,
            letter_date=letter_date,
            subject=letter_fill(tpl.subject, values),
            body=letter_fill(tpl.body, values),
            rows=rows,
            total_idr=sum(r["value_idr"] for r in rows),
            upg_head_name=values["kepala_upg"],
        ),
    )
