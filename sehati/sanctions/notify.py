"""Notices to the civil servant a sanction case is about (issue #6 point 4): they learn of a
summons, the decision and the outcome of their appeal in the app and by e-mail, and the link
opens their own view of the case."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from sehati.accounts.models import User
from sehati.notifications.services import notice_send
from sehati.sanctions.models import SanctionCase, SanctionStep


def _employee_users(case: SanctionCase) -> list[User]:
    return list(
        User.objects.filter(
            pemda_id=case.pemda_id, employee_id=case.employee_id, is_active=True
        ).order_by("id")
    )


def _send(case: SanctionCase, title: str, body: str) -> int:
    url = reverse("sanctions:case_detail", kwargs={"case_id": case.pk})
    users = _employee_users(case)
    for user in users:
        notice_send(user=user, title=title, body=body, url=url)
    return len(users)


def notify_summons(case: SanctionCase, step: SanctionStep) -> int:
    when = step.occurred_on.strftime("%d-%m-%Y")
    if step.at_time is not None:
        when += " " + step.at_time.strftime("%H.%M")
    return _send(
        case,
        _("Panggilan pemeriksaan Inspektorat"),
        _("Anda dipanggil pada %(when)s di %(place)s untuk %(purpose)s.")
        % {"when": when, "place": step.place, "purpose": step.purpose},
    )


def notify_decision(case: SanctionCase) -> int:
    return _send(
        case,
        _("Putusan kasus sanksi gratifikasi"),
        _("Putusan %(number)s: %(decision)s. Lihat rinciannya dan hak keberatan Anda.")
        % {"number": case.decision_number, "decision": case.get_decision_display()},
    )


def notify_appeal_outcome(case: SanctionCase, outcome_label: str, number: str) -> int:
    return _send(
        case,
        _("Putusan atas keberatan Anda"),
        _("Keberatan Anda diputus (%(number)s): %(outcome)s.")
        % {"number": number, "outcome": outcome_label},
    )
