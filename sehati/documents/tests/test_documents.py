"""The documents themselves, read back: PDF text with pypdf, the workbook with openpyxl."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from conftest import World
from sehati.cases.models import Case
from sehati.cases.services import (
    CHECKLIST,
    CHECKLIST_KEYS,
    case_analyse,
    case_forward_to_kpk,
    case_record_decision,
    case_verify,
    custody_receive,
    custody_release,
)
from sehati.documents.documents import (
    GOL_HEADERS,
    cover_letter_pdf,
    custody_receipt_pdf,
    gol_workbook,
    kpk_form_pdf,
    report_fingerprint,
    report_receipt_pdf,
)
from sehati.documents.models import LetterTemplate
from sehati.documents.tests.conftest import make_report, pdf_text
from sehati.reports.models import GiftReport


def test_report_receipt_names_the_report_and_never_the_code(
    world: World, budi_report: GiftReport
) -> None:
    text = pdf_text(report_receipt_pdf(report=budi_report, show_identity=True))
    assert "TANDA TERIMA LAPORAN GRATIFIKASI" in text
    assert budi_report.register_number in text
    assert "5 Oktober 2026" in text  # submitted
    assert world.employees["budi"].name in text
    assert world.employees["budi"].nip in text
    assert "Parsel buah" in text and "Jam tangan" in text
    assert "Makanan atau minuman" in text  # the form's label, not its code
    assert "Rp750.000" in text and "Rp1.250.000" in text
    assert "Wajib dilaporkan ke KPK : Ya" in text
    assert "12 November 2026" in text  # receipt + 30 HK, from the stored assessment
    assert "tidak dicetak" in text  # the receipt code is shown once, never printed
    assert "Halaman 1 dari 1" in text
    assert report_fingerprint(budi_report) in text.replace(" ", "")


def test_receipt_of_confidential_reporter_without_identity_says_dirahasiakan(
    world: World, secret_report: GiftReport
) -> None:
    text = pdf_text(report_receipt_pdf(report=secret_report, show_identity=False))
    budi = world.employees["budi"]
    assert "Dirahasiakan" in text
    assert budi.name not in text and budi.nip not in text
    assert secret_report.register_number in text


def _decided(report: GiftReport, world: World) -> Case:
    upg = world.users["upg"]
    case = report.case
    answers = dict.fromkeys(CHECKLIST_KEYS, "ok")
    answers["official_docs"] = "na"
    case = case_verify(
        case=case, actor=upg, checklist=answers, missing_note="", today=dt.date(2026, 10, 6)
    )
    case = case_analyse(
        case=case,
        actor=upg,
        recommendation="Diteruskan ke KPK: pemberian dari rekanan.",
        must_report=True,
        override_reason="",
        today=dt.date(2026, 10, 7),
    )
    case = case_forward_to_kpk(
        case=case,
        actor=upg,
        sent_on=dt.date(2026, 10, 8),
        channel="gol",
        gol_reference="GOL-2026-77",
        today=dt.date(2026, 10, 8),
    )
    return case_record_decision(
        case=case,
        actor=upg,
        decision="state",
        sk_number="123/GTF.00.02/10/2026",
        sk_date=dt.date(2026, 10, 20),
        signatory_level="direktur",
        appraised_value_idr=None,
        today=dt.date(2026, 10, 20),
    )


def test_kpk_form_follows_the_kpk_order_with_upg_notes(
    world: World, budi_report: GiftReport
) -> None:
    _decided(budi_report, world)
    report = GiftReport.objects.get(pk=budi_report.pk)
    text = pdf_text(kpk_form_pdf(report=report, show_identity=True))
    sections = [
        "A. Identitas pelapor",
        "B. Data penerimaan",
        "C. Pemberi",
        "D. Alasan pemberian dan kronologi",
        "E. Posisi objek dan kompensasi",
        "F. Kerahasiaan identitas",
        "G. Catatan UPG",
    ]
    positions = [text.index(s) for s in sections]
    assert positions == sorted(positions)
    assert world.employees["budi"].name in text
    assert "6306010101800001" in text  # NIK
    assert "Kabupaten Uji" in text  # instansi
    assert "Dinas Kesehatan" in text  # unit kerja
    assert "Rekanan, penyedia, atau calon penyedia" in text  # relation label
    assert "Dititipkan di UPG" in text
    assert "Rp1.250.000" in text
    for _key, label in CHECKLIST:
        assert str(label) in text
    assert "Ada/lengkap" in text and "Tidak berlaku" in text
    assert "Diteruskan ke KPK: pemberian dari rekanan." in text
    assert "123/GTF.00.02/10/2026" in text and "Milik negara" in text


def test_kpk_form_masks_a_confidential_reporter(world: World, secret_report: GiftReport) -> None:
    text = pdf_text(kpk_form_pdf(report=secret_report, show_identity=False))
    assert "Dirahasiakan" in text
    assert world.employees["budi"].name not in text
    assert "6306010101800001" not in text and "081234567890" not in text
    assert "Pelapor meminta identitasnya dirahasiakan." in text


def test_custody_receipts_on_deposit_and_on_hand_over(
    world: World, budi_report: GiftReport
) -> None:
    upg = world.users["upg"]
    item = custody_receive(
        case=budi_report.case,
        actor=upg,
        description="Jam tangan merek Uji",
        quantity=2,
        received_from="Budi (pelapor)",
        received_on=dt.date(2026, 10, 6),
        storage_location="Lemari besi UPG",
        condition="Baik, bersegel",
        today=dt.date(2026, 10, 6),
    )
    text = pdf_text(custody_receipt_pdf(item=item, side="receive"))
    assert "TANDA TERIMA PENITIPAN" in text
    for expected in (item.number, "Budi (pelapor)", "6 Oktober 2026", "Jam tangan merek Uji"):
        assert expected in text
    assert "Lemari besi UPG" in text and "Baik, bersegel" in text
    assert "Yang menyerahkan" in text and "Yang menerima" in text
    with pytest.raises(ValueError):
        custody_receipt_pdf(item=item, side="release")  # still held

    released = custody_release(
        item=item,
        actor=upg,
        released_to_kind="kpk",
        released_to="Direktorat Gratifikasi KPK",
        released_on=dt.date(2026, 10, 27),
        today=dt.date(2026, 10, 27),
    )
    text = pdf_text(custody_receipt_pdf(item=released, side="release"))
    assert "TANDA TERIMA PENYERAHAN" in text
    assert released.release_number in text and item.number in text
    assert "Direktorat Gratifikasi KPK" in text and "27 Oktober 2026" in text


def _rows(data: bytes) -> tuple[list[Any], list[list[Any]], Any]:
    wb = load_workbook(io.BytesIO(data))
    ws = wb["Laporan"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    return rows[0], rows[1:], wb


def test_gol_workbook_one_row_per_object(world: World, budi_report: GiftReport) -> None:
    other = make_report(world.users["upg_pembantu"])
    data = gol_workbook(cases=[budi_report.case, other.case])
    header, rows, wb = _rows(data)
    assert tuple(header) == GOL_HEADERS
    assert len(rows) == 4
    col = {name: i for i, name in enumerate(header)}
    assert [r[col["No"]] for r in rows] == [1, 2, 3, 4]
    first = rows[0]
    assert first[col["Nomor Register"]] == budi_report.register_number
    assert first[col["Nama Pelapor"]] == world.employees["budi"].name
    assert first[col["Uraian Objek"]] == "Parsel buah"
    assert first[col["Nilai (Rp)"]] == 750_000 and isinstance(first[col["Nilai (Rp)"]], int)
    assert rows[1][col["Jumlah"]] == 2
    assert first[col["Tanggal Penerimaan"]].date() == dt.date(2026, 10, 1)
    assert first[col["Minta Kompensasi"]] == "Tidak" and first[col["Rahasia"]] == "Tidak"
    assert "Diterima UPG" in first[col["Hasil Verifikasi UPG"]]
    ws = wb["Laporan"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref.startswith("A1:")
    assert ws["A1"].font.b
    assert ws.cell(row=2, column=col["Nilai (Rp)"] + 1).number_format == "#,##0"
    assert ws.column_dimensions["M"].width == 40
    notes = " ".join(str(c.value) for row in wb["Keterangan"].iter_rows() for c in row)
    assert "tidak menerbitkan templat itu secara terbuka" in notes
    assert "Dibuat oleh SEHATI pada" in notes


def test_gol_workbook_masks_confidential_reporters_unless_named(
    world: World, secret_report: GiftReport
) -> None:
    budi = world.employees["budi"]
    header, rows, _wb = _rows(gol_workbook(cases=[secret_report.case]))
    col = {name: i for i, name in enumerate(header)}
    for field in ("Nama Pelapor", "NIK", "NIP"):
        assert {r[col[field]] for r in rows} == {"Dirahasiakan"}
    assert rows[0][col["Rahasia"]] == "Ya"
    assert budi.name not in str(rows)

    _h, rows, _wb = _rows(
        gol_workbook(cases=[secret_report.case], show_identity={secret_report.pk})
    )
    assert rows[0][col["Nama Pelapor"]] == budi.name
    assert rows[0][col["NIK"]] == "6306010101800001"


def test_cover_letter_prints_template_text_literally(
    world: World, budi_report: GiftReport, secret_report: GiftReport
) -> None:
    world.pemda.upg_head = world.users["upg"]
    world.pemda.letterhead_title = "PEMERINTAH KABUPATEN UJI"
    world.pemda.address = "Jl. Merdeka 1, Kandangan"
    world.pemda.save()
    template = LetterTemplate.objects.create(
        pemda=world.pemda,
        code="pengantar-kpk",
        name="Pengantar",
        subject="Laporan {jumlah_laporan} berkas",
        body="Nomor {nomor_surat} tanggal {tanggal}: {daftar_laporan}. "
        "{{ request }} {% now 'Y' %} {{nama_pemda}} tetap tertulis.",
    )
    cases = [budi_report.case, secret_report.case]
    text = pdf_text(
        cover_letter_pdf(
            pemda=world.pemda,
            cases=cases,
            letter_number="700/12/UPG/2026",
            letter_date=dt.date(2026, 10, 7),
            template=template,
        )
    )
    assert "PEMERINTAH KABUPATEN UJI" in text and "Jl. Merdeka 1, Kandangan" in text
    assert "Laporan 2 berkas" in text
    assert "Nomor 700/12/UPG/2026 tanggal 7 Oktober 2026" in text
    assert f"{budi_report.register_number}, {secret_report.register_number}" in text
    assert "{{ request }} {% now 'Y' %} {Kabupaten Uji} tetap tertulis." in text
    assert "Direktur Gratifikasi dan Pelayanan Publik" in text
    assert world.employees["budi"].name in text  # the report that is not confidential
    assert "Dirahasiakan" in text  # the confidential one
    assert "Rp2.500.000" in text  # both reports together
    assert "Kepala UPG" in text and world.users["upg"].get_full_name() in text
