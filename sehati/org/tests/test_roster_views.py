"""Roster import pages: upload → progress → preview or errors → commit; access per role."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sehati.org.models import Employee, Mutasi, RosterImport
from sehati.org.roster import roster_open, roster_validate
from sehati.org.selectors import roster_reference
from sehati.org.tests.factories import RosterImportFactory, fresh_nip, roster_csv, roster_row


def login(client, world, persona: str = "operator_tpp"):
    client.force_login(world.users[persona])
    return world.users[persona]


def post_upload(client, content: bytes, name: str = "pegawai.csv"):
    return client.post(
        reverse("org:roster_import_create"), {"file": SimpleUploadedFile(name, content)}
    )


@pytest.mark.parametrize("persona", ["operator_tpp", "admin_pemda"])
def test_full_flow_upload_preview_commit(
    client, world, persona, django_capture_on_commit_callbacks
) -> None:
    login(client, world, persona)
    budi = world.employees["budi"]
    new_nip = fresh_nip()
    content = roster_csv(
        [
            roster_row(new_nip, NAMA="Pegawai Baru Uji", **{"KODE OPD": "DINKES"}),
            roster_row(budi.nip, NAMA=budi.name, **{"KODE OPD": "DUKCAPIL"}),
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = post_upload(client, content)
    roster_import = RosterImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("org:roster_import_detail", args=[roster_import.id])
    assert roster_import.status == RosterImport.Status.VALID

    page = client.get(response["Location"]).content.decode()
    assert "Pratinjau perubahan" in page
    assert "Pegawai Baru Uji" in page
    assert "Dinas Kesehatan" in page and "Disdukcapil" in page  # the transfer, from → to
    assert 'data-confirm="' in page
    assert reverse("org:roster_import_commit", args=[roster_import.id]) in page
    assert Employee.objects.filter(nip=new_nip).count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("org:roster_import_commit", args=[roster_import.id]))
    assert response.status_code == 302
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.DONE
    assert Employee.objects.filter(nip=new_nip).count() == 1
    assert Mutasi.objects.filter(employee=budi).count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "Tersimpan ke data pegawai" in page
    assert "Simpan ke data pegawai</button>" not in page

    # a second commit is refused with a message, not an error page
    response = client.post(
        reverse("org:roster_import_commit", args=[roster_import.id]), follow=True
    )
    assert response.status_code == 200
    assert "sudah disimpan" in response.content.decode()


def test_one_bad_row_shows_row_and_column_and_writes_nothing(
    client, world, django_capture_on_commit_callbacks
) -> None:
    login(client, world)
    rows = [roster_row(**{"KODE OPD": "DINKES"}) for _ in range(3)]
    rows[2]["STATUS"] = "Kontrak"
    before = (Employee.objects.count(), Mutasi.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        response = post_upload(client, roster_csv(rows))
    page = client.get(response["Location"]).content.decode()
    assert "Tidak ada data pegawai yang ditulis" in page
    assert '<td class="text-end">4</td><td>STATUS</td>' in page
    assert "Status &#x27;Kontrak&#x27; tidak dikenal" in page
    assert "Simpan ke data pegawai</button>" not in page
    roster_import = RosterImport.objects.get()
    response = client.post(reverse("org:roster_import_commit", args=[roster_import.id]))
    assert (Employee.objects.count(), Mutasi.objects.count()) == before


def test_wrong_content_is_a_form_error(client, world) -> None:
    login(client, world)
    response = post_upload(client, b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "foto.xlsx")
    assert response.status_code == 200
    assert "bukan XLSX" in response.content.decode()
    assert RosterImport.objects.count() == 0


def test_upload_form_lists_columns_and_template_link(client, world) -> None:
    login(client, world)
    page = client.get(reverse("org:roster_import_create")).content.decode()
    assert "KODE OPD" in page and "NIP BARU" in page
    assert reverse("org:roster_import_template") in page
    assert 'enctype="multipart/form-data"' in page


def test_template_download_is_valid_for_this_pemda(client, world) -> None:
    login(client, world)
    response = client.get(reverse("org:roster_import_template"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    content = response.content
    lines = content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("NIP;NAMA;")
    assert "CONTOH" in lines[1]
    # The example row passes every check against this pemda (it uses one of its OPD codes).
    import io

    roster = roster_open(io.BytesIO(content), file_format="csv", encoding="utf-8-sig")
    outcome = roster_validate(roster, roster_reference(pemda_id=world.pemda.id))
    assert outcome.ok, outcome.errors
    assert outcome.counts["new"] == 1


def test_progress_partial_polls_until_final_then_refreshes(client, world) -> None:
    login(client, world)
    roster_import = RosterImportFactory(
        pemda=world.pemda,
        uploaded_by=world.users["operator_tpp"],
        status=RosterImport.Status.VALIDATING,
        total_rows=10_000,
        processed_rows=2_500,
    )
    url = reverse("org:roster_import_progress", args=[roster_import.id])
    detail = client.get(reverse("org:roster_import_detail", args=[roster_import.id]))
    assert f'hx-get="{url}"' in detail.content.decode()
    assert "Muat ulang halaman" in detail.content.decode()
    partial = client.get(url, HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert 'hx-trigger="every 1s"' in body
    assert 'value="25"' in body  # 2,500 of 10,000
    assert "HX-Refresh" not in partial
    RosterImport.objects.filter(pk=roster_import.pk).update(status=RosterImport.Status.INVALID)
    partial = client.get(url, HTTP_HX_REQUEST="true")
    assert partial["HX-Refresh"] == "true"
    assert "hx-trigger" not in partial.content.decode()


def test_list_is_newest_first_paginated_and_query_bounded(
    client, world, django_assert_max_num_queries
) -> None:
    login(client, world)
    for i in range(30):
        RosterImportFactory(
            pemda=world.pemda, uploaded_by=world.users["operator_tpp"], original_name=f"f{i}.csv"
        )
    RosterImportFactory(pemda=world.other_pemda, original_name="pemda-lain.csv")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("org:roster_import_list"))
    page = response.content.decode()
    assert page.index("f29.csv") < page.index("f28.csv")
    assert "f0.csv" not in page  # on page 2
    assert "pemda-lain.csv" not in page
    assert "31 data" not in page and "30 data" in page


def test_empty_list_has_an_empty_state(client, world) -> None:
    login(client, world)
    page = client.get(reverse("org:roster_import_list")).content.decode()
    assert "Belum ada impor" in page


@pytest.mark.parametrize(
    "name", ["org:roster_import_list", "org:roster_import_create", "org:roster_import_template"]
)
def test_pelapor_and_upg_are_forbidden(client, world, name) -> None:
    for persona in ("pelapor", "upg", "kepala_opd"):
        login(client, world, persona)
        assert client.get(reverse(name)).status_code == 403


def test_pelapor_cannot_commit(client, world) -> None:
    roster_import = RosterImportFactory(pemda=world.pemda, uploaded_by=world.users["operator_tpp"])
    login(client, world, "pelapor")
    response = client.post(reverse("org:roster_import_commit", args=[roster_import.id]))
    assert response.status_code == 403
    roster_import.refresh_from_db()
    assert roster_import.can_commit


@pytest.mark.parametrize(
    "name",
    ["org:roster_import_detail", "org:roster_import_progress", "org:roster_import_commit"],
)
def test_other_pemda_import_is_404(client, world, name) -> None:
    other = RosterImportFactory(pemda=world.other_pemda)
    login(client, world, "admin_pemda")
    url = reverse(name, args=[other.id])
    response = client.post(url) if name.endswith("commit") else client.get(url)
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.can_commit


def test_huge_id_is_404_not_500(client, world) -> None:
    login(client, world)
    response = client.get(reverse("org:roster_import_detail", args=[2**70]))
    assert response.status_code == 404


def test_commit_by_get_is_not_allowed(client, world) -> None:
    roster_import = RosterImportFactory(pemda=world.pemda, uploaded_by=world.users["operator_tpp"])
    login(client, world)
    response = client.get(reverse("org:roster_import_commit", args=[roster_import.id]))
    assert response.status_code == 405


def test_anonymous_is_sent_to_login(client, world) -> None:
    response = client.get(reverse("org:roster_import_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_errors_table_is_paginated_with_count(client, world) -> None:
    errors = [{"row": i + 2, "column": "NIP", "message": "NIP wajib diisi."} for i in range(150)]
    roster_import = RosterImportFactory(
        pemda=world.pemda,
        uploaded_by=world.users["operator_tpp"],
        status=RosterImport.Status.INVALID,
        errors=errors,
        error_count=4321,
    )
    login(client, world)
    url = reverse("org:roster_import_detail", args=[roster_import.id])
    page = client.get(url).content.decode()
    assert "Ditampilkan 150 kesalahan pertama dari 4321" in page
    assert '<td class="text-end">101</td>' in page
    assert '<td class="text-end">102</td>' not in page
    page2 = client.get(url + "?page=2").content.decode()
    assert '<td class="text-end">102</td>' in page2
