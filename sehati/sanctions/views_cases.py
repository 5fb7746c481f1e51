"""Sanction case pages (issue #6 points 2, 4, 5): the list (for a civil servant: "Sanksi saya"),
opening a case, the case with its examination, the decision with a confirmation step showing the
deduction, appeals and their outcome, the PP 94/2021 discipline penalty, the summons and decision
letters, and the wording of those letters."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sehati.accounts.models import User
from sehati.accounts.policies import (
    Action,
    access_finding,
    access_sanction_case,
    can,
    require,
    sanction_case_scope_for,
    sanction_case_wide,
)
from sehati.core.clock import local_today
from sehati.core.errors import ApplicationError
from sehati.documents.letters import placeholders_for
from sehati.org.models import Employee
from sehati.sanctions import appeals as app
from sehati.sanctions import examination as ex
from sehati.sanctions import forms_cases as f
from sehati.sanctions import letters
from sehati.sanctions.case_selectors import CaseFilters, sanction_case_search, sanction_case_view
from sehati.sanctions.models import SanctionCase, SanctionStep
from sehati.sanctions.services import sanction_decide

PAGE_SIZE = 25
PDF = "application/pdf"


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _pemda_id(user: User) -> int:
    if user.pemda_id is None:
        raise PermissionDenied
    return user.pemda_id


def _today(request: HttpRequest) -> dt.date:
    pemda = _user(request).pemda
    return local_today(pemda.time_zone if pemda else "Asia/Makassar")


def _detail_url(case: SanctionCase) -> str:
    return reverse("sanctions:case_detail", kwargs={"case_id": case.pk})


# --- list and opening ---------------------------------------------------------------------------


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    require(user, Action.SANCTION_VIEW)
    pemda_id = _pemda_id(user)
    wide = sanction_case_wide(user)
    form = f.CaseFilterForm(request.GET or None, pemda_id=pemda_id)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    filters = CaseFilters(
        q=(data.get("q") or "").strip() if wide else "",
        status=data.get("status") or "",
        source=data.get("source") or "" if wide else "",
        decision=data.get("decision") or "",
        opd_id=data["opd"].pk if wide and data.get("opd") else None,
    )
    cases = sanction_case_search(cases=sanction_case_scope_for(user), filters=filters)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "sanctions/case_list.html",
        {
            "page": page,
            "form": form,
            "wide": wide,
            "can_open": can(user, Action.SANCTION_OPEN),
            "can_work": can(user, Action.SANCTION_WORK),
            "can_rules": can(user, Action.SANCTION_RULE_VIEW),
        },
    )


def _employee_search(pemda_id: int, q: str) -> list[Employee]:
    q = q.strip()[:100]
    if len(q) < 2:
        return []
    return list(
        Employee.objects.filter(pemda_id=pemda_id)
        .filter(Q(name__icontains=q) | Q(nip__startswith=q))
        .select_related("opd")
        .order_by("name")[:20]
    )


def _small_id(raw: str | None) -> int | None:
    text = (raw or "").strip()
    return int(text) if text.isdigit() and 0 < len(text) < 19 else None


@login_required
@require_http_methods(["GET", "POST"])
def case_open(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    require(user, Action.SANCTION_OPEN)
    pemda_id = _pemda_id(user)
    pemda = user.pemda
    if pemda is None:
        raise PermissionDenied
    today = _today(request)
    source = request.POST if request.method == "POST" else request.GET
    finding = None
    finding_id = _small_id(source.get("finding"))
    if finding_id is not None:
        finding = access_finding(user, finding_id)
    employee_id = _small_id(source.get("employee"))
    if employee_id is None and finding is not None:
        employee_id = finding.employee_id
    employee = (
        Employee.objects.filter(pemda_id=pemda_id, pk=employee_id).select_related("opd").first()
        if employee_id
        else None
    )
    initial: dict[str, Any] = {"employee": employee.pk if employee else None}
    if finding is not None:
        initial.update(
            finding=finding.pk,
            source=SanctionCase.Source.UP3_FINDING.value,
            source_reference=finding.number,
            description=finding.description,
            gift_description=finding.gift_description,
            gift_received_on=finding.observed_on,
        )
    form = f.CaseOpenForm(
        request.POST or None,
        pemda_id=pemda_id,
        employee_id=employee.pk if employee else None,
        today=today,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if employee is None:
            form.add_error(None, _("Pilih pegawai terlebih dahulu."))
        else:
            gift = form.gift()
            try:
                case = ex.sanction_case_open_with_gifts(
                    pemda=pemda,
                    actor=user,
                    employee=employee,
                    source=d["source"],
                    description=d["description"],
                    source_reference=d.get("source_reference") or "",
                    finding=finding,
                    gifts=[gift] if gift else [],
                    today=today,
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Kasus sanksi #%(id)s dibuka.") % {"id": case.pk})
                return redirect(_detail_url(case))
    q = request.GET.get("q", "")
    return render(
        request,
        "sanctions/case_open.html",
        {
            "form": form,
            "employee": employee,
            "finding": finding,
            "q": q[:100],
            "results": _employee_search(pemda_id, q) if employee is None else [],
        },
    )


# --- the case -----------------------------------------------------------------------------------


def _detail(request: HttpRequest, case: SanctionCase, status: int = 200) -> HttpResponse:
    user = _user(request)
    wide = sanction_case_wide(user)
    view = sanction_case_view(case=case, wide=wide)
    can_work = can(user, Action.SANCTION_WORK)
    is_open = case.status == SanctionCase.Status.OPEN
    appealable = app.appeal_can_be_filed(case)
    own = user.employee_id is not None and case.employee_id == user.employee_id
    return render(
        request,
        "sanctions/case_detail.html",
        {
            "case": case,
            "v": view,
            "wide": wide,
            "can_work": can_work and is_open,
            "can_decide": can_work and is_open,
            "can_appeal": own and can(user, Action.SANCTION_APPEAL) and appealable,
            "can_appeal_record": can_work and appealable,
            "can_appeal_outcome": can_work and view.pending_appeal is not None,
            "can_discipline": can_work,
            "evidence_form": f.EvidenceForm(),
            "step_kinds": f.STEP_KINDS,
        },
        status=status,
    )


@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    return _detail(request, access_sanction_case(_user(request), case_id))


def _form_page(
    request: HttpRequest,
    case: SanctionCase,
    form: Any,
    *,
    title: str,
    intro: str = "",
    confirm: str = "",
    multipart: bool = False,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    return render(
        request,
        "sanctions/case_form.html",
        {
            "case": case,
            "form": form,
            "title": title,
            "intro": intro,
            "confirm": confirm,
            "multipart": multipart,
            **(extra or {}),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_gift_add(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = access_sanction_case(user, case_id, Action.SANCTION_WORK)
    today = _today(request)
    form = f.GiftForm(request.POST or None, case=case, today=today)
    if request.method == "POST" and form.is_valid():
        gift = form.gift() or ex.GiftData(description="")  # the form requires a description
        try:
            ex.sanction_gift_add(case=case, actor=user, gift=gift, today=today)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Pemberian ditambahkan."))
            return redirect(_detail_url(case))
    return _form_page(request, case, form, title=_("Tambah pemberian"))


@login_required
@require_http_methods(["GET", "POST"])
def case_step_add(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = access_sanction_case(user, case_id, Action.SANCTION_WORK)
    today = _today(request)
    kind = request.GET.get("kind", SanctionStep.Kind.SUMMONS)
    if kind not in dict(f.STEP_KINDS):
        kind = SanctionStep.Kind.SUMMONS
    form = f.StepForm(request.POST or None, initial={"kind": kind, "occurred_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            step = ex.sanction_step_add(case=case, actor=user, data=form.to_data(), today=today)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("%(kind)s dicatat.") % {"kind": step.get_kind_display()})
            return redirect(_detail_url(case))
    return _form_page(
        request,
        case,
        form,
        title=_("Langkah pemeriksaan"),
        intro=_(
            "Panggilan: tanggal, jam, tempat dan keperluan (surat panggilan dicetak dari "
            "langkah ini). Klarifikasi: tanggal dan notula. Catatan: teks bebas."
        ),
    )


@login_required
@require_POST
def case_evidence(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = access_sanction_case(user, case_id, Action.SANCTION_WORK)
    form = f.EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(_detail_url(case))
    try:
        ex.sanction_evidence_add(
            case=case,
            actor=user,
            uploads=form.cleaned_data["file"],
            note=form.cleaned_data.get("note") or "",
            today=_today(request),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Bukti disimpan."))
    return redirect(_detail_url(case))


@login_required
@require_http_methods(["GET", "POST"])
def case_decide(request: HttpRequest, case_id: int) -> HttpResponse:
    """The decision in two steps: the form, then a confirmation showing the deduction that will
    be booked (rule, percent, months, amount); only the confirmed POST writes."""
    user = _user(request)
    case = access_sanction_case(user, case_id, Action.SANCTION_WORK)
    today = _today(request)
    if case.status != SanctionCase.Status.OPEN:
        messages.info(request, _("Kasus ini sudah diputus."))
        return redirect(_detail_url(case))
    form = f.DecideForm(request.POST or None, today=today, initial={"decided_on": today})
    preview = None
    error = ""
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if d["decision"] == SanctionCase.Decision.NOT_REPORTED:
            try:
                preview = ex.sanction_deduction_preview(case=case, decided_on=d["decided_on"])
            except ApplicationError as exc:
                error = exc.message
        if request.POST.get("confirm") == "1" and not error:
            try:
                sanction_decide(
                    case=case,
                    actor=user,
                    decision=d["decision"],
                    decision_number=d["decision_number"],
                    decided_on=d["decided_on"],
                    legal_basis=d.get("legal_basis") or "",
                    today=today,
                )
            except ApplicationError as exc:
                error = exc.message
            else:
                messages.success(request, _("Putusan dicatat."))
                return redirect(_detail_url(case))
        if error:
            form.add_error(None, error)
        else:
            return render(
                request,
                "sanctions/case_decide_confirm.html",
                {
                    "case": case,
                    "form": form,
                    "d": d,
                    "decision_label": dict(f.DECISIONS)[d["decision"]],
                    "preview": preview,
                },
            )
    return render(request, "sanctions/case_decide.html", {"case": case, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def case_appeal(request: HttpRequest, case_id: int) -> HttpResponse:
    """The civil servant files a keberatan on their own decided case."""
    user = _user(request)
    case = access_sanction_case(user, case_id, Action.SANCTION_APPEAL)
    if not app.appeal_can_be_filed(case):
        messages.info(
            request,
            _("Keberatan dapat diajukan atas putusan terbukti tidak melapor, satu per satu."),
        )
        return redirect(_detail_url(case))
    form = f.AppealForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            app.sanction_appeal_file(
                case=case,
                actor=user,
                grounds=form.cleaned_data["grounds"],
                uploads=form.cleaned_data["file"],
                today=_today(request),
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Keberatan terkirim kepada Inspektorat."))
            return redirect(_detail_url(case))
    return _form_page(
        request,
        case,
        form,
        title=_("Ajukan keberatan"),
        intro=_("Tuliskan alasan keberatan Anda atas putusan ini; lampirkan bukti bila ada."),
        confirm=_("Kirim keberatan ini kepada Inspektorat? Keberatan tidak dapat diubah."),
        multipart=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_appeal_record(request: HttpRequest, case_id: int) -> HttpResponse:
    """The Inspektorat records a keberatan received on paper, on the employee's behalf."""
    user = _user(request)
    case = access_sanction_case(user, case_id, Action.SANCTION_WORK)
    today = _today(request)
    if not app.appeal_can_be_filed(case):
        messages.info(
            request,
            _("Keberatan dapat dicatat atas putusan terbukti tidak melapor, satu per satu."),
        )
        return redirect(_detail_url(case))
    form = f.AppealRecordForm(
        request.POST or None, request.FILES or None, today=today, initial={"filed_on": today}
    )
    if request.method == "POST" and form.is_valid():
        try:
            app.sanction_appeal_file(
                case=case,
                actor=user,
                grounds=form.cleaned_data["grounds"],
                uploads=form.cleaned_data["file"],
                filed_on=form.cleaned_data["filed_on"],
                on_behalf=True,
                today=today,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Keberatan dicatat."))
            return redirect(_detail_url(case))
    return _form_page(
        request, case, form, title=_("Catat keberatan atas nama pegawai"), multipart=True
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_appeal_outcome(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = access_sanction_case(user, case_id, Action.SANCTION_WORK)
    today = _today(request)
    pending = app.appeal_pending(case)
    if pending is None:
        messages.info(request, _("Tidak ada keberatan yang menunggu putusan."))
        return redirect(_detail_url(case))
    form = f.AppealOutcomeForm(request.POST or None, today=today, initial={"decided_on": today})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            app.sanction_appeal_outcome_record(
                case=case,
                actor=user,
                outcome=d["outcome"],
                percent=d.get("percent"),
                decision_number=d["decision_number"],
                decided_on=d["decided_on"],
                today=today,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Hasil keberatan dicatat."))
            return redirect(_detail_url(case))
    return _form_page(
        request,
        case,
        form,
        title=_("Putusan atas keberatan"),
        intro=_(
            "Ditolak: potongan tetap. Dikabulkan: potongan dibatalkan. Dikabulkan sebagian: "
            "potongan dihitung ulang dengan persen baru untuk bulan yang sama. Bulan yang sudah "
            "diproses penggajian tidak berubah; selisihnya menjadi baris koreksi di bulan terbuka "
            "berikutnya."
        ),
        confirm=_("Simpan putusan atas keberatan ini? Potongan TPP akan disesuaikan."),
        extra={"pending": pending},
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_discipline(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = access_sanction_case(user, case_id, Action.SANCTION_WORK)
    today = _today(request)
    existing = getattr(case, "discipline", None)
    initial: dict[str, Any] = {}
    if existing is not None:
        initial = {
            "tier": existing.tier,
            "penalty": existing.penalty,
            "decision_number": existing.decision_number,
            "decided_on": existing.decided_on,
            "decided_by": existing.decided_by,
            "legal_basis": existing.legal_basis,
        }
    form = f.DisciplineForm(request.POST or None, today=today, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            ex.sanction_discipline_record(case=case, actor=user, data=form.to_data(), today=today)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Hukuman disiplin dicatat."))
            return redirect(_detail_url(case))
    return _form_page(
        request,
        case,
        form,
        title=_("Hukuman disiplin (PP 94/2021)"),
        intro=_(
            "SEHATI mencatat hukuman disiplin yang dijatuhkan pejabat yang berwenang menghukum; "
            "SEHATI tidak menghitungnya. Ringan: teguran lisan, teguran tertulis, pernyataan "
            "tidak puas. Sedang: pemotongan tunjangan kinerja 25 persen selama 6, 9 atau 12 bulan. "
            "Berat: penurunan jabatan, pembebasan dari jabatan, atau pemberhentian."
        ),
    )


# --- letters ------------------------------------------------------------------------------------


def _filename(stem: str) -> str:
    clean = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.")[:100] or "surat"
    return f"{clean}.pdf"


def _pdf(data: bytes, stem: str) -> HttpResponse:
    response = HttpResponse(data, content_type=PDF)
    response["Content-Disposition"] = f'inline; filename="{_filename(stem)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def case_summons_pdf(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = access_sanction_case(user, case_id)
    try:
        step = letters.summons_step_for(case, _small_id(request.GET.get("step")))
    except ApplicationError as exc:
        messages.info(request, exc.message)
        return redirect(_detail_url(case))
    data = letters.summons_letter_pdf(case=case, step=step, actor=user)
    return _pdf(data, f"surat-panggilan-kasus-{case.pk}-{step.pk}")


@login_required
def case_decision_pdf(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = access_sanction_case(user, case_id)
    try:
        data = letters.decision_letter_pdf(case=case, actor=user)
    except ApplicationError as exc:
        messages.info(request, exc.message)
        return redirect(_detail_url(case))
    return _pdf(data, f"surat-putusan-kasus-{case.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def letter_templates(request: HttpRequest) -> HttpResponse:
    """The Inspektorat's wording of the summons and decision letters."""
    user = _user(request)
    require(user, Action.SANCTION_WORK)
    pemda = user.pemda
    if pemda is None:
        raise PermissionDenied
    posted = request.POST.get("code") if request.method == "POST" else None
    blocks = []
    for code in letters.LETTER_CODES:
        template = letters.sanction_letter_template(pemda=pemda, code=code)
        bound = posted == code
        form = f.SanctionLetterForm(
            request.POST if bound else None,
            initial={"subject": template.subject, "body": template.body},
            prefix=code,
        )
        if bound and form.is_valid():
            try:
                letters.sanction_letter_template_save(
                    pemda=pemda,
                    actor=user,
                    code=code,
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                )
            except ApplicationError as exc:
                errors: dict[str, Any] = exc.extra or {"__all__": [exc.message]}
                for field, field_errors in errors.items():
                    for error in field_errors:
                        form.add_error(field if field in form.fields else None, str(error))
            else:
                messages.success(request, _("Templat surat disimpan."))
                return redirect("sanctions:letter_templates")
        blocks.append(
            {
                "code": code,
                "template": template,
                "saved": template.pk is not None,
                "form": form,
                "placeholders": placeholders_for(code),
                "preview": letters.letter_preview(pemda=pemda, template=template),
            }
        )
    return render(request, "sanctions/case_letters.html", {"blocks": blocks})
