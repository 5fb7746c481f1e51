"""Gift report pages: the form (prefilled from the self-check), draft, submission, receipt."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sehati.reports.models import GiftReport

FORM = {
    "kind": "receipt",
    "received_on": "2026-10-01",
    "place": "Kantor Dinkes",
    "giver_name": "PT Contoh",
    "giver_relation": "vendor",
    "category": "other",
    "same_giver_year_total_idr": "",
    "description": "Parsel",
    "giver_reason": "",
    "chronology": "Diantar kurir ke kantor.",
    "object_location": "kept",
    "reporter_nik": "",
    "reporter_address": "",
    "reporter_phone": "",
    "form_token": "tok-1",
    # the objects (a formset: one filled row, one blank row that is ignored)
    "items-TOTAL_FORMS": "2",
    "items-INITIAL_FORMS": "1",
    "items-MIN_NUM_FORMS": "1",
    "items-MAX_NUM_FORMS": "50",
    "items-0-description": "Parsel",
    "items-0-form": "goods",
    "items-0-quantity": "1",
    "items-0-value_idr": "750.000",
    "items-1-description": "",
    "items-1-form": "goods",
    "items-1-quantity": "",
    "items-1-value_idr": "",
}


@pytest.mark.django_db
def test_form_is_prefilled_from_the_self_check(client, world) -> None:
    client.force_login(world.users["pelapor"])
    page = client.get(
        reverse("reports:report_create"),
        {
            "received_on": "2026-02-10",
            "category": "ceremony",
            "form": "money",
            "value_idr": "1.200.000",
            "giver_relation": "other",
            "conflict_of_interest": "ya",
        },
    )
    form = page.context["form"]
    assert form.initial["category"] == "ceremony" and form.initial["value_idr"] == "1.200.000"
    assert form.initial["conflict_of_interest"] is True and form.initial["form_token"]


@pytest.mark.django_db
def test_self_check_offers_the_button_to_a_signed_in_asn_only(client, world) -> None:
    answers = {
        "received_on": "2026-02-10",
        "giver_relation": "other",
        "category": "ceremony",
        "form": "money",
        "value_idr": "1.200.000",
        "conflict_of_interest": "tidak",
        "to_institution": "tidak",
    }
    assert (
        "Buat laporan dari jawaban ini"
        not in client.get(reverse("reports:selfcheck"), answers).content.decode()
    )
    client.force_login(world.users["pelapor"])
    page = client.get(reverse("reports:selfcheck"), answers).content.decode()
    assert "Buat laporan dari jawaban ini" in page and "/laporan/baru/?" in page


@pytest.mark.django_db
def test_double_post_of_one_form_creates_one_draft(client, world) -> None:
    client.force_login(world.users["pelapor"])
    first = client.post(reverse("reports:report_create"), FORM)
    second = client.post(reverse("reports:report_create"), FORM)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert GiftReport.objects.count() == 1


@pytest.mark.django_db
def test_bad_input_keeps_the_form_and_writes_nothing(client, world) -> None:
    client.force_login(world.users["pelapor"])
    response = client.post(
        reverse("reports:report_create"),
        {**FORM, "items-0-value_idr": "7,5 juta", "received_on": "2099-01-01"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "rupiah bulat" in page and "masa depan" in page
    assert not GiftReport.objects.exists()


@pytest.mark.django_db
def test_edit_submit_and_the_receipt_code_shown_once(client, world) -> None:
    client.force_login(world.users["pelapor"])
    client.post(reverse("reports:report_create"), FORM)
    report = GiftReport.objects.get()
    edit = client.post(
        reverse("reports:report_edit", args=[report.pk]), {**FORM, "items-0-value_idr": "800.000"}
    )
    assert edit.status_code == 302
    report.refresh_from_db()
    assert report.value_idr == 800_000
    submitted = client.post(reverse("reports:report_submit", args=[report.pk]), follow=True)
    page = submitted.content.decode()
    report.refresh_from_db()
    assert report.status == "submitted" and report.register_number in page
    assert 'id="receipt-code"' in page
    again = client.get(reverse("reports:report_detail", args=[report.pk])).content.decode()
    assert 'id="receipt-code"' not in again  # shown once
    assert "Laporan dikirim" in again  # the timeline in words
    locked = client.get(reverse("reports:report_edit", args=[report.pk]))
    assert locked.status_code == 302  # a submitted report is not edited


@pytest.mark.django_db
def test_queue_scope_and_query_budget(client, world, django_assert_max_num_queries) -> None:
    import datetime as dt

    from sehati.reports.services import report_create, report_submit

    data = {
        "kind": "receipt",
        "received_on": dt.date(2026, 10, 1),
        "category": "other",
        "form": "goods",
        "value_idr": 1,
        "giver_name": "X",
        "giver_relation": "vendor",
        "description": "d",
        "place": "p",
        "chronology": "c",
    }
    for key in ("pelapor", "upg_pembantu", "upg"):
        for _ in range(15):
            r, _c = report_create(actor=world.users[key], data=data)
            report_submit(report=r, actor=world.users[key], today=dt.date(2026, 10, 2))
    draft, _c = report_create(actor=world.users["pelapor"], data=data)
    client.force_login(world.users["upg"])
    with django_assert_max_num_queries(14):
        page = client.get(reverse("reports:report_list"))
    assert page.context["page"].paginator.count == 45  # all submitted; nobody's draft
    client.force_login(world.users["upg_pembantu"])
    page = client.get(reverse("reports:report_list"))
    assert page.context["page"].paginator.count == 30  # Dinkes only (budi and rina)
    client.force_login(world.users["pelapor"])
    page = client.get(reverse("reports:report_list"))
    assert page.context["page"].paginator.count == 16  # own, draft included
    assert client.get(reverse("reports:report_detail", args=[draft.pk])).status_code == 200
    client.force_login(world.users["upg"])
    assert client.get(reverse("reports:report_detail", args=[draft.pk])).status_code == 404


@pytest.mark.django_db
def test_upg_files_a_paper_form_for_a_reporter_in_scope(client, world) -> None:
    from sehati.reports.services import report_submit

    budi = world.employees["budi"]  # dinkes
    client.force_login(world.users["upg_pembantu"])  # rina, UPG pembantu of dinkes
    url = reverse("reports:report_create_for")
    assert client.get(url).status_code == 200
    outside = client.post(url, {**FORM, "nip": world.employees["dukcapil_staff"].nip})
    assert "tidak ada dalam lingkup" in outside.content.decode()
    assert GiftReport.objects.count() == 0
    done = client.post(url, {**FORM, "nip": budi.nip, "form_token": "kertas-1"})
    report = GiftReport.objects.get()
    assert done.status_code == 302
    assert (report.reporter_id, report.created_by_id) == (budi.pk, world.users["upg_pembantu"].pk)
    submitted = report_submit(
        report=report, actor=world.users["upg_pembantu"], today=report.received_on
    )
    assert submitted.report.register_number
    # The reporter sees the report filed for him; a plain ASN cannot file for others.
    client.force_login(world.users["pelapor"])
    assert client.get(reverse("reports:report_detail", args=[report.pk])).status_code == 200
    assert client.get(url).status_code == 403
