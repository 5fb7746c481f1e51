"""`sehati demo` has a UP3 registry to show: 15 monitors over the 11 kecamatan (one
coordinator, the demo pemantau linked to Kandangan), titik rawan, the default checklist."""

from __future__ import annotations

import pytest

from sehati.core.clock import local_today
from sehati.monitoring import registry as reg
from sehati.monitoring.demo import demo_registry_build
from sehati.monitoring.models import Monitor, ProneService
from sehati.org.demo import KECAMATAN, demo_build


@pytest.mark.django_db
def test_demo_registry(settings, tmp_path) -> None:
    settings.VAR_DIR = tmp_path
    pemda = demo_build(employees=60, password="uji-demo-Sehati-1").pemda
    monitors = Monitor.objects.filter(pemda=pemda).select_related("kecamatan", "user")
    assert monitors.count() == 15
    assert {m.kecamatan.name for m in monitors} == set(KECAMATAN)
    assert [m.name for m in monitors if m.is_coordinator] and (
        sum(m.is_coordinator for m in monitors) == 1
    )
    assert all("DEMO" in m.decree_number and m.email.endswith(".invalid") for m in monitors)
    linked = monitors.get(user__username="pemantau.demo")
    assert linked.kecamatan.name == "Kandangan" and linked.name == linked.user.display_name
    assert all(m.on_duty(local_today(pemda.time_zone)) for m in monitors)
    prone = ProneService.objects.filter(pemda=pemda).select_related("service_unit__opd")
    assert 12 <= prone.count() <= 16
    assert {"DPMPTSP", "DUKCAPIL", "DINKES", "DISDIK"} <= {p.service_unit.opd.code for p in prone}
    assert len(reg.checklist_active(pemda=pemda)) == 8
    assert demo_registry_build(pemda=pemda, today=linked.term_start) == 0
    assert Monitor.objects.filter(pemda=pemda).count() == 15


@pytest.mark.django_db
def test_demo_field_work(settings, tmp_path) -> None:
    """The demo shows the loop at work: submitted visits, findings routed to their OPD, some
    answered and closed; a second run adds nothing."""
    from sehati.monitoring.demo import demo_field_build
    from sehati.monitoring.models import Finding, Visit

    settings.VAR_DIR = tmp_path
    pemda = demo_build(employees=60, password="uji-demo-Sehati-1").pemda
    visits = Visit.objects.filter(pemda=pemda)
    assert visits.count() >= 15 and not visits.exclude(status=Visit.Status.SUBMITTED).exists()
    findings = Finding.objects.filter(pemda=pemda)
    assert findings.exists() and all(f.visit_id and f.opd_id for f in findings)
    assert {f.status for f in findings} >= {Finding.Status.SENT, Finding.Status.CLOSED}
    assert all(f.outcome for f in findings.filter(status=Finding.Status.CLOSED))
    from sehati.monitoring.models import Meeting

    meetings = Meeting.objects.filter(pemda=pemda)
    assert meetings.count() == 2 and all(m.attendees.exists() for m in meetings)
    today = local_today(pemda.time_zone)
    assert demo_field_build(pemda=pemda, today=today) == 0
