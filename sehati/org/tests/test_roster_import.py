"""Roster import services: upload checks, row validation, preview, all-or-nothing commit."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from sehati.core.audit import timeline_for
from sehati.core.errors import ApplicationError, ConflictError
from sehati.org.models import Employee, Mutasi, RosterImport
from sehati.org.nip import nip_compose
from sehati.org.roster import parse_tpp
from sehati.org.services import (
    roster_import_commit,
    roster_import_commit_schedule,
    roster_import_create,
    roster_import_validate,
)
from sehati.org.tests.factories import (
    EmployeeFactory,
    RosterImportFactory,
    ServiceUnitFactory,
    fresh_nip,
    roster_csv,
    roster_row,
)

TODAY = dt.date(2025, 3, 17)


def upload(content: bytes, name: str = "pegawai.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def create(world, content: bytes, name: str = "pegawai.csv") -> RosterImport:
    return roster_import_create(
        pemda=world.pemda, actor=world.users["operator_tpp"], uploaded_file=upload(content, name)
    )


def validated(world, content: bytes, name: str = "pegawai.csv") -> RosterImport:
    return roster_import_validate(roster_import=create(world, content, name))


def committed(world, content: bytes, name: str = "pegawai.csv") -> RosterImport:
    roster_import = validated(world, content, name)
    assert roster_import.status == RosterImport.Status.VALID, roster_import.errors
    return roster_import_commit(
        roster_import=roster_import, actor=world.users["operator_tpp"], today=TODAY
    )


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def snapshot() -> tuple[int, int, int]:
    return (
        Employee.objects.count(),
        Mutasi.objects.count(),
        Employee.history.count(),  # type: ignore[attr-defined]
    )


# --- a valid file -------------------------------------------------------------------------


def test_csv_import_creates_updates_transfers_and_leaves_unchanged(world) -> None:
    budi = world.employees["budi"]  # in DINKES
    staff = world.employees["dukcapil_staff"]
    colleague = world.employees["colleague_dinkes"]
    new_nip = fresh_nip()
    rows = [
        roster_row(new_nip, NAMA="Sari Baru", **{"KODE OPD": "DINKES", "NIK": "3201010101010001"}),
        # transfer: budi moves from Dinas Kesehatan to Disdukcapil (by OPD name)
        roster_row(
            budi.nip,
            NAMA=budi.name,
            GOLONGAN=budi.golongan,
            JABATAN=budi.jabatan,
            TPP=str(budi.tpp_monthly_idr),
            **{"KODE OPD": "Disdukcapil"},
        ),
        # update: new jabatan and TPP written as Rp with thousand dots
        roster_row(
            staff.nip,
            NAMA=staff.name,
            GOLONGAN=staff.golongan,
            JABATAN="Analis Kebijakan",
            TPP="Rp4.250.000",
            **{"KODE OPD": "dukcapil"},
        ),
        # unchanged
        roster_row(
            colleague.nip,
            NAMA=colleague.name,
            GOLONGAN=colleague.golongan,
            JABATAN=colleague.jabatan,
            TPP=str(colleague.tpp_monthly_idr),
            **{"KODE OPD": "DINKES"},
        ),
    ]
    before = Employee.objects.count()
    roster_import = validated(world, roster_csv(rows))
    assert roster_import.status == RosterImport.Status.VALID, roster_import.errors
    summary = roster_import.summary
    assert (summary["new"], summary["updated"], summary["transfers"], summary["unchanged"]) == (
        1,
        1,
        1,
        1,
    )
    assert summary["sample_transfers"][0]["from_opd"] == "Dinas Kesehatan"
    assert summary["sample_transfers"][0]["to_opd"] == "Disdukcapil"
    assert summary["transfer_pairs"] == [
        {"from_opd": "Dinas Kesehatan", "to_opd": "Disdukcapil", "count": 1}
    ]
    assert Employee.objects.count() == before  # the preview writes nothing

    done = roster_import_commit(
        roster_import=roster_import, actor=world.users["operator_tpp"], today=TODAY
    )
    assert done.status == RosterImport.Status.DONE
    assert done.summary["committed"] == {"new": 1, "updated": 1, "transfers": 1, "unchanged": 1}
    assert Employee.objects.count() == before + 1
    sari = Employee.objects.get(pemda=world.pemda, nip=new_nip)
    assert (sari.name, sari.opd, sari.nik, sari.tpp_monthly_idr) == (
        "Sari Baru",
        world.dinkes,
        "3201010101010001",
        3_000_000,
    )
    budi.refresh_from_db()
    assert budi.opd == world.dukcapil
    mutasi = Mutasi.objects.get(employee=budi)
    assert (mutasi.from_opd, mutasi.to_opd, mutasi.effective_on, mutasi.source) == (
        world.dinkes,
        world.dukcapil,
        TODAY,
        Mutasi.Source.IMPORT,
    )
    staff.refresh_from_db()
    assert (staff.jabatan, staff.tpp_monthly_idr) == ("Analis Kebijakan", 4_250_000)
    assert Mutasi.objects.count() == 1
    # history rows for the new and changed employees, by the operator; none for the unchanged
    assert sari.history.count() == 1
    assert budi.history.first().history_user == world.users["operator_tpp"]
    assert colleague.history.count() == 1  # only its creation by the factory
    types = [e.type for e in timeline_for(done)]
    assert types[0] == "roster_import_committed"
    assert "roster_import_uploaded" in types and "roster_import_validated" in types


def test_xlsx_import_with_title_rows_and_aliased_headers(world) -> None:
    nip = fresh_nip()
    content = xlsx_bytes(
        [
            ["DAFTAR PEGAWAI KABUPATEN UJI"],
            [],
            [
                "NIP_BARU",
                "NAMA LENGKAP",
                "JENIS PEGAWAI",
                "GOL_AKHIR",
                "NAMA JABATAN",
                "ESELON",
                "KODE_UNOR",
                "TPP",
                "LAIN-LAIN",
            ],
            [nip, "Rudi Xlsx", "P3K", "IX", "Perawat", "Fungsional", "PKM", 2500000, "abaikan"],
        ]
    )
    roster_import = validated(world, content, "ekspor_siasn.xlsx")
    assert roster_import.status == RosterImport.Status.VALID, roster_import.errors
    assert roster_import.summary["ignored_columns"] == ["LAIN-LAIN"]
    roster_import_commit(roster_import=roster_import, actor=world.users["admin_pemda"], today=TODAY)
    rudi = Employee.objects.get(nip=nip)
    assert (rudi.status, rudi.level, rudi.opd, rudi.tpp_monthly_idr, rudi.golongan) == (
        Employee.Status.PPPK,
        Employee.Level.FUNGSIONAL,
        world.puskesmas,
        2_500_000,
        "IX",
    )


def test_comma_separated_cp1252_csv_is_read(world) -> None:
    nip = fresh_nip()
    text = f"NIP,NAMA,STATUS,TINGKAT,KODE OPD\r\n{nip},José Café,CPNS,Pelaksana,DINKES\r\n"
    roster_import = committed(world, text.encode("cp1252"))
    assert roster_import.encoding == "cp1252"
    assert Employee.objects.get(nip=nip).name == "José Café"


def test_optional_columns_absent_keep_existing_values(world) -> None:
    staff = world.employees["dukcapil_staff"]
    staff.email = "staf@uji.go.id"
    staff.save()
    text = f"NIP;NAMA;STATUS;TINGKAT JABATAN;KODE OPD\n{staff.nip};{staff.name};PNS;Pelaksana;DUKCAPIL\n"
    roster_import = committed(world, text.encode())
    assert roster_import.summary["committed"]["unchanged"] == 1
    staff.refresh_from_db()
    assert (staff.email, staff.tpp_monthly_idr) == ("staf@uji.go.id", 3_000_000)


def test_service_unit_must_belong_to_the_same_opd_tree(world) -> None:
    unit = ServiceUnitFactory(opd=world.dukcapil, pemda=world.pemda, code="LOKET-1")
    good = roster_row(**{"KODE OPD": "DUKCAPIL", "KODE UNIT": "loket-1"})
    bad = roster_row(**{"KODE OPD": "DINKES", "KODE UNIT": "LOKET-1"})
    ok = validated(world, roster_csv([good]))
    assert ok.status == RosterImport.Status.VALID, ok.errors
    roster_import_commit(roster_import=ok, actor=world.users["operator_tpp"], today=TODAY)
    assert Employee.objects.get(nip=good["NIP"]).unit == unit
    refused = validated(world, roster_csv([bad]))
    assert refused.errors == [
        {
            "row": 2,
            "column": "KODE UNIT",
            "message": f"Unit layanan '{unit.name}' bukan bagian dari OPD Dinas Kesehatan.",
        }
    ]


# --- the acceptance criterion: one bad row, nothing written --------------------------------


def test_one_bad_row_writes_nothing_and_names_row_and_column(world) -> None:
    budi = world.employees["budi"]
    rows = [roster_row(**{"KODE OPD": "DINKES"}) for _ in range(5)]
    rows.insert(1, roster_row(budi.nip, NAMA=budi.name, **{"KODE OPD": "DUKCAPIL"}))
    rows[3]["KODE OPD"] = "TIDAK-ADA"  # spreadsheet row 5 (header is row 1)
    before = snapshot()
    roster_import = validated(world, roster_csv(rows))
    assert roster_import.status == RosterImport.Status.INVALID
    assert roster_import.error_count == 1
    assert roster_import.errors == [
        {
            "row": 5,
            "column": "KODE OPD",
            "message": "OPD 'TIDAK-ADA' tidak ada di pemda ini (tulis kode atau nama persis OPD).",
        }
    ]
    with pytest.raises(ConflictError) as refused:
        roster_import_commit(
            roster_import=roster_import, actor=world.users["operator_tpp"], today=TODAY
        )
    assert refused.value.code == "roster_import_not_valid"
    assert snapshot() == before
    budi.refresh_from_db()
    assert budi.opd == world.dinkes


def test_file_that_became_invalid_after_validation_rolls_back_everything(world) -> None:
    """Validation passed, then an OPD was deactivated: the commit re-checks every row inside
    its transaction and writes nothing, even for the rows before the bad one."""
    rows = [roster_row(**{"KODE OPD": "DINKES"}) for _ in range(3)]
    rows.append(roster_row(**{"KODE OPD": "PKM"}))
    roster_import = validated(world, roster_csv(rows))
    assert roster_import.status == RosterImport.Status.VALID
    world.puskesmas.is_active = False
    world.puskesmas.save()
    before = snapshot()
    with pytest.raises(ApplicationError) as failed:
        roster_import_commit(
            roster_import=roster_import, actor=world.users["operator_tpp"], today=TODAY
        )
    assert failed.value.code == "roster_import_commit_failed"
    assert snapshot() == before
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.FAILED
    assert roster_import.errors[0]["row"] == 5
    assert roster_import.errors[0]["column"] == "KODE OPD"


def test_commit_rolls_back_when_a_write_fails_midway(world, monkeypatch) -> None:
    from sehati.org import services

    rows = [roster_row(**{"KODE OPD": "DINKES"}) for _ in range(5)]
    roster_import = validated(world, roster_csv(rows))
    monkeypatch.setattr(services, "ROSTER_COMMIT_CHUNK", 2)
    original = services._write_chunk
    calls = []

    def failing(chunk, **kwargs):
        calls.append(len(chunk))
        if len(calls) == 2:
            raise RuntimeError("disk penuh")
        return original(chunk, **kwargs)

    monkeypatch.setattr(services, "_write_chunk", failing)
    before = snapshot()
    with pytest.raises(ApplicationError):
        roster_import_commit(
            roster_import=roster_import, actor=world.users["operator_tpp"], today=TODAY
        )
    assert calls == [2, 2]
    assert snapshot() == before
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.FAILED
    assert "tidak ada data pegawai yang diubah" in roster_import.failure_reason


# --- row checks ---------------------------------------------------------------------------


def test_missing_required_column_is_one_error_on_the_header_row(world) -> None:
    text = "NIP;NAMA;STATUS;TINGKAT JABATAN\n199001012015031001;Ani;PNS;Pelaksana\n"
    roster_import = validated(world, text.encode())
    assert roster_import.status == RosterImport.Status.INVALID
    assert roster_import.errors == [
        {
            "row": 1,
            "column": "KODE OPD",
            "message": "Kolom wajib 'KODE OPD' tidak ada di baris judul.",
        }
    ]


def test_duplicate_nip_in_file_names_both_rows(world) -> None:
    nip = fresh_nip()
    rows = [
        roster_row(nip, **{"KODE OPD": "DINKES"}),
        roster_row(**{"KODE OPD": "DINKES"}),
        roster_row(nip, **{"KODE OPD": "DUKCAPIL"}),
    ]
    roster_import = validated(world, roster_csv(rows))
    assert roster_import.errors == [
        {
            "row": 4,
            "column": "NIP",
            "message": f"NIP {nip} muncul dua kali: baris 2 dan baris 4.",
        }
    ]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("NIP", "19850312201001100", "NIP harus 18 digit, bukan 17."),
        ("NIP", "198502302010011001", "Tanggal lahir dalam NIP (digit 1–8) tidak valid."),
        ("NIP", "1.98503E+17", "NIP tersimpan sebagai angka"),
        ("NIK", "320101010101", "NIK harus 16 digit angka."),
        ("STATUS", "Kontrak", "Status 'Kontrak' tidak dikenal"),
        ("TINGKAT JABATAN", "Struktural", "'Struktural' tidak cukup"),
        ("TPP", "3.500.000,50", "TPP harus rupiah bulat tanpa desimal"),
        ("TPP", "-100", "TPP tidak boleh negatif."),
        ("TPP", "tiga juta", "TPP harus berupa angka rupiah"),
        ("EMAIL", "bukan-surel", "Alamat surel 'bukan-surel' tidak valid."),
        ("NAMA", "", "Nama wajib diisi."),
    ],
)
def test_bad_cell_is_named(world, column, value, message) -> None:
    row = roster_row(**{"KODE OPD": "DINKES"})
    row[column] = value
    roster_import = validated(world, roster_csv([roster_row(**{"KODE OPD": "DINKES"}), row]))
    assert roster_import.status == RosterImport.Status.INVALID
    assert len(roster_import.errors) == 1
    error = roster_import.errors[0]
    assert (error["row"], error["column"]) == (3, column)
    assert message in error["message"]


def test_other_pemda_opd_is_not_accepted(world) -> None:
    # "Dinas Kesehatan Lain" exists only in the other pemda.
    roster_import = validated(
        world, roster_csv([roster_row(**{"KODE OPD": "Dinas Kesehatan Lain"})])
    )
    assert roster_import.errors[0]["column"] == "KODE OPD"


def test_errors_are_capped_but_counted(world, monkeypatch) -> None:
    monkeypatch.setattr(RosterImport, "MAX_STORED_ERRORS", 3)
    rows = [roster_row(**{"KODE OPD": "X"}) for _ in range(7)]
    roster_import = validated(world, roster_csv(rows))
    assert (len(roster_import.errors), roster_import.error_count) == (3, 7)
    assert roster_import.errors_truncated


def test_blank_rows_are_skipped_but_keep_spreadsheet_numbering(world) -> None:
    good = roster_row(**{"KODE OPD": "DINKES"})
    bad = roster_row(**{"KODE OPD": "DINKES", "STATUS": "?"})
    content = roster_csv([good]) + b";;;;;;;;;\r\n\r\n" + roster_csv([bad]).split(b"\r\n", 1)[1]
    roster_import = validated(world, content)
    assert roster_import.total_rows == 2
    assert roster_import.errors[0]["row"] == 5


@pytest.mark.parametrize(
    ("text", "amount", "ok"),
    [
        ("3500000", 3_500_000, True),
        ("3.500.000", 3_500_000, True),
        ("Rp3.500.000", 3_500_000, True),
        ("Rp 3.500.000,-", 3_500_000, True),
        ("", 0, True),
        (2500000, 2_500_000, True),
        (2500000.0, 2_500_000, True),
        (2500000.5, 0, False),
        ("3500000.00", 0, False),
        ("3,5", 0, False),
        ("-5", 0, False),
        (True, 0, False),
    ],
)
def test_parse_tpp(text, amount, ok) -> None:
    value, problem = parse_tpp(text)
    assert (value, problem is None) == (amount, ok)


# --- upload checks ------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64


@pytest.mark.parametrize(
    ("name", "content", "code", "message"),
    [
        ("foto.xlsx", PNG, "roster_file_content_mismatch", "bukan XLSX (terdeteksi: image/png)"),
        ("teks.xlsx", b"NIP;NAMA\n1;2\n", "roster_file_content_mismatch", "bukan XLSX"),
        ("foto.csv", PNG, "roster_file_content_mismatch", "bukan teks CSV"),
        ("biner.csv", b"NIP\x00\x01\x02", "roster_file_content_mismatch", "bukan teks CSV"),
        ("lama.xls", b"\xd0\xcf\x11\xe0", "roster_file_type", "gunakan .csv atau .xlsx"),
        ("kosong.csv", b"", "roster_file_empty", "kosong"),
        (
            "ole.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
            "roster_file_content_mismatch",
            ".xls",
        ),
    ],
)
def test_wrong_content_is_refused_and_nothing_stored(world, name, content, code, message) -> None:
    stored_before = _stored_files()
    with pytest.raises(ApplicationError) as refused:
        create(world, content, name)
    assert refused.value.code == code
    assert message in refused.value.message
    assert RosterImport.objects.count() == 0
    assert _stored_files() == stored_before


def test_zip_that_is_not_a_workbook_is_refused(world) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("dokumen.txt", "halo")
    with pytest.raises(ApplicationError, match="bukan buku kerja Excel"):
        create(world, buffer.getvalue(), "arsip.xlsx")
    assert RosterImport.objects.count() == 0


def test_oversize_file_is_refused(world, settings) -> None:
    settings.ROSTER_MAX_UPLOAD_BYTES = 100
    content = roster_csv([roster_row(**{"KODE OPD": "DINKES"}) for _ in range(5)])
    with pytest.raises(ApplicationError) as refused:
        create(world, content)
    assert refused.value.code == "roster_file_too_large"
    assert "terlalu besar" in refused.value.message
    assert RosterImport.objects.count() == 0


def test_upload_stores_file_privately_with_hash(world) -> None:
    content = roster_csv([roster_row(**{"KODE OPD": "DINKES"})])
    roster_import = create(world, content, "C:\\Users\\op\\data pegawai.csv")
    assert roster_import.original_name == "data pegawai.csv"
    assert roster_import.file.name.startswith(f"roster/{world.pemda.pk}/")
    assert roster_import.status == RosterImport.Status.UPLOADED
    assert roster_import.size_bytes == len(content)
    with roster_import.file.open("rb") as stored:
        assert stored.read() == content


def _stored_files() -> set[str]:
    found: set[str] = set()
    if not default_storage.exists("roster"):
        return found
    for pemda_dir in default_storage.listdir("roster")[0]:
        for name in default_storage.listdir(f"roster/{pemda_dir}")[1]:
            found.add(f"{pemda_dir}/{name}")
    return found


# --- state rules --------------------------------------------------------------------------


def test_commit_twice_is_refused(world) -> None:
    roster_import = committed(world, roster_csv([roster_row(**{"KODE OPD": "DINKES"})]))
    with pytest.raises(ConflictError) as again:
        roster_import_commit(
            roster_import=roster_import, actor=world.users["operator_tpp"], today=TODAY
        )
    assert again.value.code == "roster_import_already_committed"
    with pytest.raises(ConflictError):
        roster_import_commit_schedule(
            roster_import=roster_import, actor=world.users["operator_tpp"], today=TODAY
        )


def test_schedule_twice_is_refused_and_commit_runs_after_commit(
    world, django_capture_on_commit_callbacks
) -> None:
    roster_import = validated(world, roster_csv([roster_row(**{"KODE OPD": "DINKES"})]))
    with django_capture_on_commit_callbacks(execute=True):
        queued = roster_import_commit_schedule(
            roster_import=roster_import, actor=world.users["admin_pemda"], today=TODAY
        )
    assert queued.committed_by == world.users["admin_pemda"]
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.DONE  # huey runs inline in tests
    with pytest.raises(ConflictError):
        roster_import_commit_schedule(
            roster_import=roster_import, actor=world.users["admin_pemda"], today=TODAY
        )


def test_pending_schedule_refuses_a_second_request(world) -> None:
    roster_import = validated(world, roster_csv([roster_row(**{"KODE OPD": "DINKES"})]))
    roster_import_commit_schedule(
        roster_import=roster_import, actor=world.users["operator_tpp"], today=TODAY
    )
    with pytest.raises(ConflictError) as again:
        roster_import_commit_schedule(
            roster_import=roster_import, actor=world.users["operator_tpp"], today=TODAY
        )
    assert again.value.code == "roster_import_commit_pending"
    assert roster_import.is_pending_commit and not roster_import.is_final


def test_upload_queues_validation_after_commit(world, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        roster_import = create(world, roster_csv([roster_row(**{"KODE OPD": "DINKES"})]))
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.VALID
    assert roster_import.processed_rows == roster_import.total_rows == 1


def test_validate_twice_is_refused(world) -> None:
    roster_import = validated(world, roster_csv([roster_row(**{"KODE OPD": "DINKES"})]))
    with pytest.raises(ConflictError):
        roster_import_validate(roster_import=roster_import)


def test_factory_import_commits(world) -> None:
    roster_import = RosterImportFactory(pemda=world.pemda, uploaded_by=world.users["admin_pemda"])
    roster_import_commit(roster_import=roster_import, actor=world.users["admin_pemda"], today=TODAY)
    assert Employee.objects.filter(name="Pegawai Contoh Pabrik", pemda=world.pemda).count() == 1


def test_existing_employee_in_other_pemda_is_not_touched(world) -> None:
    other = world.employees["other_pemda_staff"]
    row = roster_row(other.nip, NAMA="Orang Lain", **{"KODE OPD": "DINKES"})
    roster_import = committed(world, roster_csv([row]))
    assert roster_import.summary["committed"]["new"] == 1
    other.refresh_from_db()
    assert other.name != "Orang Lain"
    assert Employee.objects.filter(nip=other.nip).count() == 2


def test_nip_with_spaces_matches_existing_employee(world) -> None:
    nip = nip_compose(
        birth_date=dt.date(1980, 1, 1),
        appointed_year=2005,
        appointed_month=1,
        gender="L",
        sequence=1,
    )
    EmployeeFactory(opd=world.dinkes, pemda=world.pemda, nip=nip, name="Lama")
    spaced = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    roster_import = committed(
        world, roster_csv([roster_row(spaced, NAMA="Baru", **{"KODE OPD": "DINKES"})])
    )
    assert roster_import.summary["committed"]["updated"] == 1
    assert Employee.objects.get(nip=nip).name == "Baru"


def test_xlsx_numbers_for_nip_are_refused_with_a_hint_but_exact_ints_pass(world) -> None:
    """An 18-digit number cannot survive a spreadsheet number cell (15 significant digits): the
    NIP must be text. A 16-digit NIK stored as an exact integer is accepted."""
    nip = fresh_nip()
    content = xlsx_bytes(
        [
            ["NIP", "NAMA", "STATUS", "TINGKAT JABATAN", "KODE OPD", "NIK", "AKTIF"],
            [nip, "Angka Utuh", "PNS", "Pelaksana", "DINKES", 3201010101010001, True],
            [1.98503122010011e17, "Angka Excel", "PNS", "Pelaksana", "DINKES", None, "tidak"],
        ]
    )
    roster_import = validated(world, content, "angka.xlsx")
    assert roster_import.error_count == 1, roster_import.errors
    error = roster_import.errors[0]
    assert (error["row"], error["column"]) == (3, "NIP")
    assert "ubah format kolom 'NIP' menjadi Teks" in error["message"]


def test_validation_reports_progress_every_thousand_rows(world) -> None:
    from sehati.org.roster import roster_open, roster_validate
    from sehati.org.selectors import roster_reference

    content = roster_csv([roster_row(**{"KODE OPD": "DINKES"}) for _ in range(2500)])
    seen: list[int] = []
    roster = roster_open(io.BytesIO(content), file_format="csv", encoding="utf-8-sig")
    outcome = roster_validate(
        roster, roster_reference(pemda_id=world.pemda.id), progress=seen.append
    )
    assert outcome.ok and outcome.rows == 2500
    assert seen == [1000, 2000]


def test_stored_progress_ends_at_total(world) -> None:
    content = roster_csv([roster_row(**{"KODE OPD": "DINKES"}) for _ in range(1200)])
    roster_import = validated(world, content)
    assert roster_import.status == RosterImport.Status.VALID
    assert roster_import.processed_rows == roster_import.total_rows == 1200
    assert roster_import.progress_percent == 100


def test_transfer_also_updating_other_fields_keeps_all_changes(world) -> None:
    budi = world.employees["budi"]
    row = roster_row(
        budi.nip,
        NAMA="Budi Baru",
        JABATAN="Kepala Seksi",
        **{"KODE OPD": "PKM", "TPP": "5.000.000"},
    )
    roster_import = committed(world, roster_csv([row]))
    assert roster_import.summary["committed"]["transfers"] == 1
    budi.refresh_from_db()
    assert (budi.name, budi.jabatan, budi.opd, budi.tpp_monthly_idr) == (
        "Budi Baru",
        "Kepala Seksi",
        world.puskesmas,
        5_000_000,
    )
    latest = budi.history.first()
    assert (latest.history_type, latest.opd_id, latest.jabatan) == (
        "~",
        world.puskesmas.id,
        "Kepala Seksi",
    )
    assert "Impor data pegawai" in latest.history_change_reason


def test_two_columns_meaning_the_same_field_are_refused(world) -> None:
    text = "NIP;NIP BARU;NAMA;STATUS;TINGKAT JABATAN;KODE OPD\n1;2;Ani;PNS;Pelaksana;DINKES\n"
    roster_import = validated(world, text.encode())
    assert roster_import.errors == [
        {
            "row": 1,
            "column": "NIP BARU",
            "message": "Kolom 'NIP' dan 'NIP BARU' sama-sama berarti NIP; hapus salah satunya.",
        }
    ]


def test_corrupt_xlsx_becomes_a_file_error_not_a_crash(world) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "bukan xml yang sah")
    roster_import = validated(world, buffer.getvalue(), "rusak.xlsx")
    assert roster_import.status == RosterImport.Status.INVALID
    assert roster_import.errors[0]["row"] == 0
    assert "tidak dapat dibuka" in roster_import.errors[0]["message"]


def test_transfer_without_unit_column_drops_the_old_opds_unit(world) -> None:
    """Found in review: a transfer kept a service unit that belongs to the old OPD."""
    budi = world.employees["budi"]
    budi.unit = ServiceUnitFactory(opd=world.dinkes, pemda=world.pemda)
    budi.save()
    committed(world, roster_csv([roster_row(budi.nip, **{"KODE OPD": "DUKCAPIL"})]))
    budi.refresh_from_db()
    assert (budi.opd, budi.unit) == (world.dukcapil, None)


def test_unchanged_opd_without_unit_column_keeps_the_unit(world) -> None:
    budi = world.employees["budi"]
    unit = ServiceUnitFactory(opd=world.dinkes, pemda=world.pemda)
    budi.unit = unit
    budi.save()
    committed(world, roster_csv([roster_row(budi.nip, **{"KODE OPD": "DINKES"})]))
    budi.refresh_from_db()
    assert budi.unit == unit


def test_title_line_without_separators_above_the_header(world) -> None:
    """Found in review: the separator was sniffed from a title line with none in it."""
    body = roster_csv([roster_row(**{"KODE OPD": "DINKES"})])
    content = "\ufeffDAFTAR PEGAWAI PEMERINTAH KABUPATEN UJI\r\n".encode() + body.removeprefix(
        "\ufeff".encode()
    )
    roster_import = validated(world, content)
    assert roster_import.status == RosterImport.Status.VALID, roster_import.errors


def test_utf16_csv_from_excel_unicode_text_is_read(world) -> None:
    """Excel's 'Unicode text' export is UTF-16 with a BOM (it was refused as 'not text')."""
    text = roster_csv([roster_row(**{"KODE OPD": "DINKES"})], sep="\t").decode("utf-8-sig")
    roster_import = validated(world, text.encode("utf-16"), "pegawai.csv")
    assert roster_import.status == RosterImport.Status.VALID, roster_import.errors


def test_stale_jobs_are_marked_failed_and_fresh_ones_left_alone(world) -> None:
    from django.utils import timezone

    from sehati.org.services import roster_import_fail_stale

    stuck = RosterImportFactory(pemda=world.pemda, uploaded_by=world.users["operator_tpp"])
    fresh = RosterImportFactory(pemda=world.pemda, uploaded_by=world.users["operator_tpp"])
    RosterImport.objects.filter(pk__in=[stuck.pk, fresh.pk]).update(
        status=RosterImport.Status.COMMITTING
    )
    RosterImport.objects.filter(pk=stuck.pk).update(
        updated_at=timezone.now() - dt.timedelta(hours=2)
    )
    assert roster_import_fail_stale(now=timezone.now(), older_than=dt.timedelta(minutes=30)) == 1
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.status == RosterImport.Status.FAILED and "terhenti" in stuck.failure_reason
    assert fresh.status == RosterImport.Status.COMMITTING
    assert any(e.type == "roster_import_failed" for e in timeline_for(stuck))
