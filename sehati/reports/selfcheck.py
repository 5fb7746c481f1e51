"""The self-check ("Apakah saya wajib melaporkan gratifikasi ini?"): input parsing shared by
the page, the API and the command line, and the composed answer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from sehati.org.models import Pemda
from sehati.reports.selectors import deadline_overrides_for, rulebook_for, work_calendar_for
from sehati.rules.assess import Assessment, Gift, assess
from sehati.rules.deadlines import Deadline, reporter_deadlines
from sehati.rules.rulesets import Category, Form, Relation, RuleDataError

CATEGORY_LABELS: dict[Category, Any] = {
    Category.CEREMONY: _(
        "Hadiah atau amplop pada pernikahan, kelahiran, khitanan, atau upacara adat/agama"
    ),
    Category.COLLEAGUE_FAREWELL: _(
        "Dari rekan kerja: pisah sambut, pensiun, mutasi, atau ulang tahun"
    ),
    Category.COLLEAGUE_GIFT: _("Dari rekan kerja untuk keperluan lain yang bukan kedinasan"),
    Category.FAMILY: _(
        "Dari keluarga (orang tua, pasangan, anak, saudara, sepupu, keponakan, besan)"
    ),
    Category.DISASTER: _("Bantuan karena musibah atau bencana yang Anda atau keluarga dekat alami"),
    Category.FOOD_SERVED: _("Hidangan yang disajikan untuk semua yang hadir"),
    Category.EVENT_KIT: _(
        "Perlengkapan peserta seminar, pelatihan, atau acara dinas (seminar kit)"
    ),
    Category.PROMOTIONAL_ITEM: _(
        "Barang promosi berlogo (kaos, kalender, pulpen) yang dibagikan kepada umum"
    ),
    Category.PUBLIC_OFFER: _("Undian, diskon, voucher, atau poin yang berlaku untuk umum"),
    Category.OFFICIAL_COMPENSATION: _(
        "Honorarium, transport, atau penginapan kegiatan dinas sesuai standar biaya"
    ),
    Category.PROFESSIONAL_FEE: _("Honor profesi di luar kedinasan (mis. mengajar, menulis)"),
    Category.COMPETITION_PRIZE: _(
        "Hadiah lomba atau kejuaraan yang Anda ikuti dengan biaya sendiri"
    ),
    Category.GOVERNMENT_AWARD: _("Penghargaan resmi dari pemerintah atas prestasi kerja"),
    Category.INVESTMENT_RETURN: _(
        "Keuntungan atau bunga tabungan, deposito, investasi, atau saham pribadi"
    ),
    Category.COOPERATIVE_BENEFIT: _(
        "Manfaat dari koperasi atau organisasi pegawai sebagai anggota"
    ),
    Category.FLOWER_BOARD: _("Karangan bunga"),
    Category.INSTITUTIONAL_GIFT: _("Cendera mata atau plakat untuk instansi, bukan untuk pribadi"),
    Category.OTHER: _("Lainnya / tidak ada yang cocok (mis. dari pengguna layanan atau rekanan)"),
}
FORM_LABELS: dict[Form, Any] = {
    Form.MONEY: _("Uang (tunai, transfer, amplop, e-wallet)"),
    Form.GOODS: _("Barang"),
    Form.FOOD: _("Makanan atau minuman (parsel, bingkisan)"),
    Form.VOUCHER: _("Voucher atau kartu hadiah"),
    Form.TICKET: _("Tiket perjalanan"),
    Form.LODGING: _("Penginapan"),
    Form.FACILITY: _("Fasilitas lain (mis. kendaraan, pengobatan)"),
    Form.DISCOUNT: _("Diskon atau potongan harga"),
    Form.LOAN: _("Pinjaman tanpa bunga"),
    Form.OTHER: _("Lainnya"),
}
RELATION_LABELS: dict[Relation, Any] = {
    Relation.SERVICE_USER: _("Masyarakat yang Anda layani"),
    Relation.VENDOR: _("Rekanan, penyedia, atau calon penyedia"),
    Relation.COLLEAGUE: _("Rekan kerja"),
    Relation.SUPERIOR: _("Atasan"),
    Relation.SUBORDINATE: _("Bawahan"),
    Relation.FAMILY: _("Keluarga"),
    Relation.PUBLIC: _("Masyarakat umum / penyelenggara acara untuk umum"),
    Relation.OTHER: _("Lainnya"),
}

FIELDS = {
    "received_on",
    "category",
    "form",
    "value_idr",
    "giver_relation",
    "same_giver_year_total_idr",
    "conflict_of_interest",
    "to_institution",
}
MAX_IDR = 10**15


class SelfCheckInputError(ValueError):
    """Invalid input; `field` names the offending field, the message is Indonesian."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def _money(data: dict[str, Any], name: str, required: bool) -> int:
    if name not in data or data[name] is None:
        if required:
            raise SelfCheckInputError(name, "wajib diisi")
        return 0
    value = data[name]
    if isinstance(value, bool) or not isinstance(value, int):
        raise SelfCheckInputError(name, "harus bilangan bulat rupiah (tanpa titik atau desimal)")
    if not 0 <= value <= MAX_IDR:
        raise SelfCheckInputError(name, "harus antara 0 dan 1.000.000.000.000.000")
    return int(value)


def _flag(data: dict[str, Any], name: str) -> bool:
    value = data.get(name, False)
    if not isinstance(value, bool):
        raise SelfCheckInputError(name, "harus true atau false")
    return value


def _choice(data: dict[str, Any], name: str, enum: type[Any]) -> Any:
    if name not in data:
        raise SelfCheckInputError(name, "wajib diisi")
    try:
        return enum(data[name])
    except (ValueError, TypeError):
        allowed = ", ".join(e.value for e in enum)
        raise SelfCheckInputError(name, f"nilai tidak dikenal; pilihan: {allowed}") from None


def gift_from_data(data: Any) -> Gift:
    """Build a Gift from JSON-like data (the command-line contract of issue #3)."""
    if not isinstance(data, dict):
        raise SelfCheckInputError("(baris)", "harus berupa objek JSON")
    unknown = sorted(set(data) - FIELDS)
    if unknown:
        raise SelfCheckInputError(unknown[0], "kolom tidak dikenal")
    raw_day = data.get("received_on")
    if raw_day is None:
        raise SelfCheckInputError("received_on", "wajib diisi (YYYY-MM-DD)")
    try:
        received_on = dt.date.fromisoformat(str(raw_day))
        if len(str(raw_day)) != 10:
            raise ValueError
    except ValueError:
        raise SelfCheckInputError("received_on", "harus tanggal berformat YYYY-MM-DD") from None
    return Gift(
        received_on=received_on,
        category=_choice(data, "category", Category),
        form=_choice(data, "form", Form),
        value_idr=_money(data, "value_idr", required=True),
        giver_relation=_choice(data, "giver_relation", Relation),
        same_giver_year_total_idr=_money(data, "same_giver_year_total_idr", required=False),
        conflict_of_interest=_flag(data, "conflict_of_interest"),
        to_institution=_flag(data, "to_institution"),
    )


@dataclass(frozen=True)
class SelfCheckResult:
    gift: Gift
    assessment: Assessment
    deadlines: list[Deadline]


def selfcheck_run(*, pemda: Pemda | None, gift: Gift) -> SelfCheckResult:
    """Assess a gift for a pemda (its added rule sets, calendar and Perbup deadlines)."""
    rules = rulebook_for(pemda)
    calendar = work_calendar_for(pemda)
    assessment = assess(gift, rules, calendar)
    try:
        ruleset = rules.for_date(gift.received_on)
    except RuleDataError:
        ruleset = rules.rulesets[0]
    deadlines = reporter_deadlines(
        ruleset=ruleset,
        received_on=gift.received_on,
        calendar=calendar,
        overrides=deadline_overrides_for(pemda),
    )
    return SelfCheckResult(gift=gift, assessment=assessment, deadlines=deadlines)


def assessment_as_dict(result: Assessment) -> dict[str, Any]:
    """The output contract of `sehati rules assess` (and the API)."""
    return {
        "must_report": result.must_report,
        "exemption": result.exemption.value if result.exemption else None,
        "rule_set": result.rule_set,
        "legal_basis": result.legal_basis,
        "report_due": result.report_due.isoformat() if result.report_due else None,
        "reasons": list(result.reasons),
        "notes": list(result.notes),
    }
