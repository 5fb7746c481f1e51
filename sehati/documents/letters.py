"""Placeholders of editable letter templates, filled by a plain replacer.

Template text is written by users, so it is never given to the Django template engine (that would
let `{{ ... }}` or `{% ... %}` in a letter read the context or run tags). Only the names below, written
`{name}`, are replaced; every other character is printed as written. A name in braces that is
not one of these is refused when the template is saved (`LetterTemplate.clean`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

# name -> what it becomes (shown as help on the edit page).
PLACEHOLDERS: dict[str, Any] = {
    "nomor_surat": _("nomor surat"),
    "tanggal": _("tanggal surat, mis. 5 Oktober 2026"),
    "jumlah_laporan": _("jumlah laporan yang diteruskan"),
    "daftar_laporan": _("nomor register laporan, dipisah koma"),
    "nama_pemda": _("nama pemda"),
    "kepala_upg": _("nama kepala UPG"),
}

# Sanction letters (issue #6): the summons and the decision of the Inspektorat.
SANCTION_SUMMONS_CODE = "sanksi-panggilan"
SANCTION_DECISION_CODE = "sanksi-putusan"
_SANCTION_COMMON: dict[str, Any] = {
    "nomor_kasus": _("nomor kasus sanksi, mis. 12"),
    "nama_pemda": _("nama pemda"),
    "nama_pegawai": _("nama pegawai"),
    "nip": _("NIP pegawai"),
    "jabatan": _("jabatan pegawai"),
    "opd": _("OPD pegawai"),
    "uraian_kasus": _("uraian kasus"),
    "penandatangan": _("nama petugas Inspektorat yang mencetak surat"),
}
SANCTION_SUMMONS_PLACEHOLDERS: dict[str, Any] = {
    "nomor_surat": _("nomor surat panggilan"),
    "tanggal": _("tanggal surat"),
    "hari_tanggal": _("hari dan tanggal panggilan, mis. Senin, 6 April 2026"),
    "jam": _("jam panggilan, mis. 09.00"),
    "tempat": _("tempat panggilan"),
    "keperluan": _("keperluan panggilan"),
    **_SANCTION_COMMON,
}
SANCTION_DECISION_PLACEHOLDERS: dict[str, Any] = {
    "nomor_keputusan": _("nomor keputusan"),
    "tanggal_keputusan": _("tanggal keputusan"),
    "putusan": _("putusan, mis. Terbukti tidak melapor"),
    "dasar_hukum": _("dasar hukum putusan"),
    "tpp": _("TPP per bulan, mis. Rp4.000.000"),
    "persen": _("persen potongan TPP, mis. 50"),
    "lama_bulan": _("lama potongan (bulan)"),
    "jumlah_potongan": _("jumlah potongan seluruhnya, mis. Rp2.000.000"),
    "bulan_potongan": _("bulan potongan, mis. 2026-03"),
    "akibat": _("kalimat akibat putusan (potongan TPP, atau tidak ada potongan)"),
    **_SANCTION_COMMON,
}
# Letters whose placeholders differ from the cover letter's; any other code uses PLACEHOLDERS.
PLACEHOLDERS_BY_CODE: dict[str, dict[str, Any]] = {
    SANCTION_SUMMONS_CODE: SANCTION_SUMMONS_PLACEHOLDERS,
    SANCTION_DECISION_CODE: SANCTION_DECISION_PLACEHOLDERS,
}


def placeholders_for(code: str | None = None) -> dict[str, Any]:
    """The placeholders a template with `code` may use (the cover letter's by default)."""
    return PLACEHOLDERS_BY_CODE.get(code or "", PLACEHOLDERS)


# `{name}` with a lower-case identifier inside, not part of `{{ … }}` written without spaces.
_PLACEHOLDER_RE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def placeholders_in(text: str) -> list[str]:
    """The placeholder names used in `text`, in order of first use."""
    seen: list[str] = []
    for match in _PLACEHOLDER_RE.finditer(text or ""):
        if match.group(1) not in seen:
            seen.append(match.group(1))
    return seen


def unknown_placeholders(text: str, code: str | None = None) -> list[str]:
    known = placeholders_for(code)
    return [name for name in placeholders_in(text) if name not in known]


def letter_fill(text: str, values: Mapping[str, str], code: str | None = None) -> str:
    """`text` with each known `{name}` replaced by `values[name]` (an unknown name is left as
    written). The values are inserted once: text inside a value is never scanned again. `code`
    names the letter whose placeholders are known (the cover letter's by default)."""
    known = placeholders_for(code)

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in known and name in values:
            return str(values[name])
        return match.group(0)

    return _PLACEHOLDER_RE.sub(replace, text or "")


# The cover letter used when a pemda has not written its own (issue #4 point 10).
DEFAULT_LETTER_CODE = "pengantar-kpk"
DEFAULT_LETTER_NAME = _("Surat pengantar laporan gratifikasi ke KPK")
DEFAULT_LETTER_SUBJECT = _("Penyampaian {jumlah_laporan} laporan gratifikasi")
DEFAULT_LETTER_BODY = _(
    "Dengan hormat,\n\n"
    "Bersama ini Unit Pengendalian Gratifikasi (UPG) {nama_pemda} menyampaikan "
    "{jumlah_laporan} laporan gratifikasi dengan nomor register {daftar_laporan}, sebagaimana "
    "tercantum dalam daftar di bawah ini, untuk ditindaklanjuti sesuai Peraturan Komisi "
    "Pemberantasan Korupsi Nomor 2 Tahun 2019 tentang Pelaporan Gratifikasi sebagaimana telah "
    "diubah dengan Peraturan Komisi Pemberantasan Korupsi Nomor 1 Tahun 2026.\n\n"
    "Formulir laporan dan dokumen pendukung setiap laporan kami lampirkan. Apabila diperlukan "
    "keterangan lebih lanjut, KPK dapat menghubungi UPG {nama_pemda}.\n\n"
    "Atas perhatian dan kerja sama Bapak/Ibu, kami ucapkan terima kasih."
)
