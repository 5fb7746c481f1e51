"""Visit pages (issue #5 point 3): the phone form without JavaScript (a plain POST), drafts
continued, a resent form that does not duplicate, the list and detail in scope."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sehati.core.models import StoredFile
from sehati.core.tests.samples import PDF_BYTES, PNG_BYTES
from sehati.monitoring.models import Finding, Monitor, Visit
from sehati.monitoring.tests.test_visits import LEVY, TODAY, Field, field_setup, save

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel(dt.datetime(2026, 10, 6, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def field(world: Any) -> Field:
    return field_setup(world)


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_data(f: Field, form_uuid: str, **extra: Any) -> dict[str, Any]:
    data = {
        "client_uuid": form_uuid,
        "service_unit": str(f.unit.pk),
        "prone_service": str(f.prone.pk),
        "visited_on": TODAY.isoformat(),
        f"item_{f.standard.pk}": "tidak",
        f"item_{f.levy.pk}": "ya",
        "narrative": "Papan standar pelayanan tidak ada; petugas meminta uang.",
        "latitude": "-2.771234",
        "longitude": "115.265432",
        "has_findings": "on",
        "f1_category": LEVY.category,
        "f1_severity": LEVY.severity,
        "f1_description": LEVY.description,
        "f1_person": LEVY.person_description,
        "f1_gift": LEVY.gift_description,
        "action": "submit",
    }
    data.update(extra)
    return data


def new_form_uuid(client: Client, query: str = "") -> str:
    page = client.get(reverse("monitoring:visit_create") + query)
    assert page.status_code == 200
    found = re.search(r'name="client_uuid" value="([0-9a-f-]{36})"', page.content.decode())
    assert found
    return found.group(1)


def test_the_form_offers_what_a_phone_needs(field: Field) -> None:
    client = login(field.user)
    page = client.get(
        reverse("monitoring:visit_create") + f"?unit={field.unit.pk}"
    ).content.decode()
    assert 'accept="image/*" capture="environment" multiple' in page
    assert f'<option value="{field.unit.pk}" selected>' in page
    assert "Gunakan lokasi saya" in page and "Simpan draf" in page and "Kirim" in page
    assert 'class="btn-check" name="item_' in page and "js/visit_form.js" in page
    assert '<optgroup label="Kecamatan Kandangan">' in page
    assert new_form_uuid(client) != new_form_uuid(client)  # a fresh uuid per form
    assert client.get(reverse("monitoring:visit_create") + "?unit=abc").status_code == 200


def test_a_form_sent_twice_makes_one_visit_with_one_finding_and_photo(
    field: Field, private_media: Any
) -> None:
    client = login(field.user)
    form_uuid = new_form_uuid(client)
    responses = [
        client.post(
            reverse("monitoring:visit_create"),
            {**form_data(field, form_uuid), "photos": [SimpleUploadedFile("a.png", PNG_BYTES)]},
        )
        for _ in range(2)
    ]
    visit = Visit.objects.get()
    for response in responses:
        assert response.status_code == 302
        assert response["Location"] == reverse("monitoring:visit_detail", args=[visit.pk])
    assert visit.status == Visit.Status.SUBMITTED and visit.client_uuid == uuid.UUID(form_uuid)
    assert Finding.objects.count() == 1 and StoredFile.objects.count() == 1
    detail = client.get(responses[0]["Location"]).content.decode()
    assert f'data-clear-draft="{form_uuid}"' in detail  # the browser may drop its copy
    assert "tidak sesuai" in detail and "-2.771234, 115.265432" in detail
    assert Finding.objects.get().number in detail
    photo = StoredFile.objects.get()
    assert reverse("core:file_download", args=[photo.public_id]) in detail
    assert client.get(reverse("core:file_download", args=[photo.public_id])).status_code == 200


def test_draft_then_continue_then_send(field: Field, private_media: Any) -> None:
    client = login(field.user)
    form_uuid = new_form_uuid(client)
    saved = client.post(
        reverse("monitoring:visit_create"),
        {
            **form_data(field, form_uuid, narrative="", action="draft"),
            f"item_{field.levy.pk}": "",
            "photos": [SimpleUploadedFile("a.png", PNG_BYTES)],
        },
    )
    draft = Visit.objects.get()
    edit_url = reverse("monitoring:visit_edit", args=[draft.pk])
    assert saved.status_code == 302 and saved["Location"] == edit_url + "?tersimpan=1"
    assert draft.status == Visit.Status.DRAFT and not Finding.objects.exists()
    page = client.get(saved["Location"]).content.decode()
    assert f'data-clear-draft="{form_uuid}"' in page
    assert LEVY.description in page  # the finding draft comes back
    assert reverse("core:file_download", args=[StoredFile.objects.get().public_id]) in page
    listing = client.get(reverse("monitoring:visit_list")).content.decode()
    assert "lanjutkan draf" in listing and edit_url in listing
    refused = client.post(edit_url, form_data(field, form_uuid, narrative=""))
    assert refused.status_code == 200 and "uraian kunjungan" in refused.content.decode()
    sent = client.post(edit_url, form_data(field, "00000000-0000-4000-8000-000000000000"))
    assert sent.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Visit.Status.SUBMITTED and Visit.objects.count() == 1
    assert Finding.objects.count() == 1 and StoredFile.objects.count() == 1
    again = client.get(edit_url)
    assert again.status_code == 302
    assert again["Location"] == reverse("monitoring:visit_detail", args=[draft.pk])


def test_a_bad_photo_is_a_form_error_and_writes_nothing(field: Field, private_media: Any) -> None:
    client = login(field.user)
    response = client.post(
        reverse("monitoring:visit_create"),
        {
            **form_data(field, str(uuid.uuid4())),
            "photos": [
                SimpleUploadedFile("a.png", PNG_BYTES),
                SimpleUploadedFile("surat.pdf", PDF_BYTES),
            ],
        },
    )
    assert response.status_code == 200
    assert "bukan foto" in response.content.decode()
    assert not Visit.objects.exists() and not StoredFile.objects.exists()
    assert not Finding.objects.exists()


def test_finding_blocks_need_the_switch(field: Field) -> None:
    client = login(field.user)
    data = form_data(field, str(uuid.uuid4()))
    del data["has_findings"]
    response = client.post(reverse("monitoring:visit_create"), data)
    assert response.status_code == 200 and "Ada temuan?" in response.content.decode()
    assert not Visit.objects.exists()


def test_a_monitor_out_of_term_sees_why(field: Field) -> None:
    field.monitor.term_end = dt.date(2026, 9, 30)
    field.monitor.save()
    client = login(field.user)
    page = client.get(reverse("monitoring:visit_create")).content.decode()
    assert "tidak sedang bertugas" in page
    response = client.post(reverse("monitoring:visit_create"), form_data(field, str(uuid.uuid4())))
    assert response.status_code == 200 and not Visit.objects.exists()
    assert "tidak sedang bertugas" in response.content.decode()


def test_a_pemantau_without_a_monitor_entry_is_told(world: Any) -> None:
    client = login(world.users["pemantau"])
    page = client.get(reverse("monitoring:visit_create"))
    assert page.status_code == 200 and "belum terhubung" in page.content.decode()


def test_scope_another_monitors_visit_is_not_found(world: Any, field: Field) -> None:
    draft = save(field, submit=False).visit
    sent = save(field, client_uuid=uuid.uuid4(), findings=[LEVY]).visit
    colleague_user = world.users["other_pemda_user"]  # not a monitor here
    Monitor.objects.filter(pk=field.monitor.pk).update(user=None)
    client = login(field.user)
    for name in ("monitoring:visit_detail", "monitoring:visit_edit"):
        assert client.get(reverse(name, args=[draft.pk])).status_code == 404
    upg = login(world.users["upg"])
    assert upg.get(reverse("monitoring:visit_detail", args=[draft.pk])).status_code == 404
    assert upg.get(reverse("monitoring:visit_detail", args=[sent.pk])).status_code == 200
    assert upg.get(reverse("monitoring:visit_edit", args=[sent.pk])).status_code == 403
    kepala = login(world.users["kepala_opd"])
    assert kepala.get(reverse("monitoring:visit_detail", args=[sent.pk])).status_code == 403
    assert login(colleague_user).get(reverse("monitoring:visit_list")).status_code == 403


def test_a_closed_finding_shows_its_outcome_to_the_monitor(field: Field) -> None:
    sent = save(field, findings=[LEVY]).visit
    Finding.objects.update(status=Finding.Status.CLOSED, outcome="Petugas diberi teguran tertulis.")
    page = login(field.user).get(reverse("monitoring:visit_detail", args=[sent.pk])).content
    assert "Petugas diberi teguran tertulis." in page.decode()


def test_the_visit_lists_pin_their_queries(
    world: Any, field: Field, django_assert_max_num_queries: Any
) -> None:
    for n in range(30):
        save(field, client_uuid=uuid.uuid4(), findings=[LEVY] if n % 3 == 0 else [])
    save(field, client_uuid=uuid.uuid4(), submit=False)
    upg = login(world.users["upg"])
    monitor = login(field.user)
    with django_assert_max_num_queries(16):
        page = upg.get(reverse("monitoring:visit_list"))
    assert page.status_code == 200 and page.context["page"].paginator.count == 30
    with django_assert_max_num_queries(16):
        mine = monitor.get(reverse("monitoring:visit_list") + "?page=2")
    assert mine.context["page"].paginator.count == 31 and len(mine.context["page"]) == 6
    filtered = upg.get(
        reverse("monitoring:visit_list"),
        {
            "q": "Loket",
            "kecamatan": field.monitor.kecamatan_id,
            "monitor": field.monitor.pk,
            "unit": field.unit.pk,
            "status": "submitted",
            "date_from": "2026-10-01",
            "date_to": "2026-10-31",
        },
    )
    assert filtered.context["page"].paginator.count == 30
    bad = upg.get(
        reverse("monitoring:visit_list"), {"unit": "x", "date_from": "kemarin", "q": "\x00"}
    )
    assert bad.status_code == 200 and bad.context["page"].paginator.count == 30
    empty = upg.get(reverse("monitoring:visit_list"), {"q": "tidak-ada-apa-apa"})
    assert "Tidak ada kunjungan yang cocok" in empty.content.decode()
    with django_assert_max_num_queries(25):
        sent = Visit.objects.filter(status="submitted").first()
        assert sent is not None
        assert upg.get(reverse("monitoring:visit_detail", args=[sent.pk])).status_code == 200
