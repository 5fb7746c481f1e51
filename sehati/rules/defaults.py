"""The rule sets SEHATI ships: PerKPK 2/2019, and PerKPK 2/2019 as amended by PerKPK 1/2026.

Source of every value: shared/domain/GRATIFICATION_LAW.md §2.2 (exemptions, with the 2026
changes to items l, n and o) and §2.4 (deadlines); defaults where the law is unclear from
DECISIONS.md (#5 farewell gifts folded into item o from 2026-01-20; #6 disaster gifts without a
cap; #11 completeness counted from the report date; #12 internal deadlines).
"""

from __future__ import annotations

import datetime as dt

from sehati.rules.rulesets import (
    Category as C,
)
from sehati.rules.rulesets import (
    CountedFrom,
    DeadlineCode,
    DeadlineRule,
    Exemption,
    Relation,
    RuleBook,
    RuleSet,
)

PERKPK_2019 = "Peraturan KPK Nomor 2 Tahun 2019 tentang Pelaporan Gratifikasi"
PERKPK_2026 = "Peraturan KPK Nomor 2 Tahun 2019 jo. Peraturan KPK Nomor 1 Tahun 2026"
AMENDMENT_IN_FORCE = dt.date(2026, 1, 20)  # PerKPK 1/2026, Berita Negara 2026 No. 43


def _art(letter: str, base: str) -> str:
    return f"Pasal 2 ayat (3) huruf {letter} {base}"


def _common(base: str) -> list[Exemption]:
    """Items a–k, m, p, q: unchanged by PerKPK 1/2026 (GRATIFICATION_LAW.md §2.2)."""
    return [
        Exemption(
            C.FAMILY,
            "a",
            "Pemberian dalam keluarga (kakek/nenek, orang tua/mertua, suami/istri, anak/menantu, "
            "cucu, besan, paman/bibi, saudara kandung/ipar, sepupu, keponakan), tanpa konflik kepentingan",
            "Gifts within the family, with no conflict of interest",
            _art("a", base),
            requires_no_coi=True,
            giver_relations=(Relation.FAMILY,),
        ),
        Exemption(
            C.INVESTMENT_RETURN,
            "b",
            "Keuntungan atau bunga dari penempatan dana, investasi atau kepemilikan saham pribadi "
            "yang berlaku umum",
            "Returns or interest from deposits, investments or personal shareholdings on public terms",
            _art("b", base),
        ),
        Exemption(
            C.COOPERATIVE_BENEFIT,
            "c",
            "Manfaat dari koperasi atau organisasi pegawai berdasarkan keanggotaan, yang berlaku umum",
            "Benefits from a cooperative or staff association by membership, open to all members",
            _art("c", base),
        ),
        Exemption(
            C.EVENT_KIT,
            "d",
            "Perangkat atau perlengkapan yang diberikan kepada peserta kegiatan kedinasan (seminar, "
            "lokakarya, konferensi, pelatihan) yang berlaku umum",
            "Kits given to all participants of an official event",
            _art("d", base),
        ),
        Exemption(
            C.PROMOTIONAL_ITEM,
            "e",
            "Hadiah tidak dalam bentuk uang atau alat tukar lainnya, sebagai alat promosi atau "
            "sosialisasi yang menggunakan logo atau pesan sosialisasi, berlaku umum, tanpa konflik "
            "kepentingan",
            "Non-cash promotional items with a logo or message, open to the public, no conflict of interest",
            _art("e", base),
            cash_allowed=False,
            requires_no_coi=True,
        ),
        Exemption(
            C.COMPETITION_PRIZE,
            "f",
            "Hadiah, apresiasi atau penghargaan dari kejuaraan, perlombaan atau kompetisi yang diikuti "
            "dengan biaya sendiri dan tidak terkait kedinasan",
            "Prizes from competitions entered at own cost, unrelated to office",
            _art("f", base),
        ),
        Exemption(
            C.GOVERNMENT_AWARD,
            "g",
            "Penghargaan baik berupa uang atau barang dari pemerintah atas prestasi kerja sesuai "
            "peraturan perundang-undangan",
            "Government awards for work performance under the regulations",
            _art("g", base),
        ),
        Exemption(
            C.PUBLIC_OFFER,
            "h",
            "Hadiah langsung/undian, diskon/rabat, voucher, point rewards atau souvenir yang berlaku "
            "umum dan tidak terkait kedinasan",
            "Direct prizes, lotteries, discounts, vouchers, point rewards or souvenirs open to the public",
            _art("h", base),
        ),
        Exemption(
            C.PROFESSIONAL_FEE,
            "i",
            "Kompensasi atas profesi di luar kedinasan, tidak terkait tugas dan kewajiban, tanpa "
            "konflik kepentingan dan tidak melanggar kode etik",
            "Fees for professional work outside office duty, no conflict of interest",
            _art("i", base),
            requires_no_coi=True,
        ),
        Exemption(
            C.OFFICIAL_COMPENSATION,
            "j",
            "Kompensasi kegiatan kedinasan (honorarium, transportasi, akomodasi) sesuai standar "
            "biaya yang berlaku, tanpa pembiayaan ganda dan tanpa konflik kepentingan",
            "Official-activity compensation within the applicable cost standard",
            _art("j", base),
            requires_no_coi=True,
            note_id="UPG memeriksa bahwa nilainya sesuai standar biaya (SBM/SSH) dan tidak dibiayai ganda.",
        ),
        Exemption(
            C.FLOWER_BOARD,
            "k",
            "Karangan bunga sebagai ucapan pada pertunangan, pernikahan, kelahiran, kematian, "
            "kenaikan jabatan dan sejenisnya",
            "Flower boards for engagements, weddings, births, deaths, promotions",
            _art("k", base),
            cash_allowed=False,
        ),
        Exemption(
            C.DISASTER,
            "m",
            "Pemberian terkait musibah atau bencana yang dialami penerima, suami/istri, anak, orang "
            "tua atau mertua, tanpa konflik kepentingan dan dalam batas kewajaran",
            "Gifts for a calamity suffered by the recipient or close family, no conflict of interest",
            _art("m", base),
            requires_no_coi=True,
            note_id="Tidak ada batas nilai tetap; UPG memeriksa kewajarannya.",
        ),
        Exemption(
            C.FOOD_SERVED,
            "p",
            "Hidangan atau sajian yang berlaku umum",
            "Food or drink served to everyone present",
            _art("p", base),
        ),
        Exemption(
            C.INSTITUTIONAL_GIFT,
            "q",
            "Cendera mata/plakat kepada instansi dalam hubungan kedinasan dan kenegaraan, di dalam "
            "maupun di luar negeri, sepanjang tidak diberikan untuk individu",
            "Souvenirs or plaques to the institution in official relations, not to an individual",
            _art("q", base),
        ),
    ]


def _deadlines(completeness_days: int, completeness_basis: str) -> tuple[DeadlineRule, ...]:
    kpk = DeadlineCode.RECEIPT_TO_KPK
    return (
        DeadlineRule(
            kpk, 30, CountedFrom.RECEIPT, "UU 20/2001 Pasal 12C ayat (2); UU 30/2002 Pasal 16"
        ),
        DeadlineRule(
            DeadlineCode.RECEIPT_TO_UPG,
            10,
            CountedFrom.RECEIPT,
            "Perbup pengendalian gratifikasi pemda (bawaan SEHATI 10 HK)",
            capped_by=kpk,
        ),
        DeadlineRule(
            DeadlineCode.RECEIPT_TO_UPG_PEMBANTU,
            7,
            CountedFrom.RECEIPT,
            "Perbup pengendalian gratifikasi pemda (bawaan SEHATI 7 HK)",
            capped_by=kpk,
        ),
        DeadlineRule(
            DeadlineCode.UPG_PEMBANTU_TO_UPG,
            7,
            CountedFrom.UPG_PEMBANTU_RECEIPT,
            "Perbup pengendalian gratifikasi pemda (bawaan SEHATI 7 HK)",
            capped_by=kpk,
        ),
        DeadlineRule(
            DeadlineCode.UPG_TO_KPK,
            10,
            CountedFrom.UPG_RECEIPT,
            "Perbup pengendalian gratifikasi pemda (bawaan SEHATI 10 HK), paling lambat 30 HK "
            "sejak penerimaan",
            capped_by=kpk,
        ),
        DeadlineRule(
            DeadlineCode.COMPLETENESS, completeness_days, CountedFrom.REPORT, completeness_basis
        ),
        DeadlineRule(
            DeadlineCode.KPK_DECISION,
            30,
            CountedFrom.COMPLETE_REPORT,
            "UU 30/2002 Pasal 17 ayat (1)",
        ),
        DeadlineRule(
            DeadlineCode.SK_DELIVERY, 7, CountedFrom.DECISION, "UU 30/2002 Pasal 17 ayat (5)"
        ),
        DeadlineRule(
            DeadlineCode.STATE_HANDOVER, 7, CountedFrom.DECISION, "UU 30/2002 Pasal 17 ayat (6)"
        ),
    )


def perkpk_2019() -> RuleSet:
    base = "PerKPK 2/2019"
    exemptions = [
        *_common(base),
        Exemption(
            C.CEREMONY,
            "l",
            "Pemberian terkait pertunangan, pernikahan, kelahiran, akikah, baptis, khitanan, potong "
            "gigi atau upacara adat/agama lainnya, paling banyak Rp1.000.000 per pemberi",
            "Gifts at engagements, weddings, births and other customary or religious ceremonies, "
            "up to Rp1,000,000 per giver",
            _art("l", base),
            limit_per_giver_idr=1_000_000,
        ),
        Exemption(
            C.COLLEAGUE_FAREWELL,
            "n",
            "Pemberian sesama rekan kerja dalam rangka pisah sambut, pensiun, mutasi jabatan atau "
            "ulang tahun, tidak dalam bentuk uang, paling banyak Rp300.000 per pemberian per orang "
            "dan Rp1.000.000 per tahun dari pemberi yang sama, tanpa konflik kepentingan",
            "Non-cash farewell, retirement, transfer or birthday gifts between colleagues, up to "
            "Rp300,000 per gift and Rp1,000,000 a year from the same giver",
            _art("n", base),
            cash_allowed=False,
            requires_no_coi=True,
            giver_relations=(Relation.COLLEAGUE, Relation.SUPERIOR, Relation.SUBORDINATE),
            limit_per_giver_idr=300_000,
            limit_per_year_same_giver_idr=1_000_000,
        ),
        Exemption(
            C.COLLEAGUE_GIFT,
            "o",
            "Pemberian sesama rekan kerja yang tidak terkait kedinasan, tidak dalam bentuk uang, "
            "paling banyak Rp200.000 per pemberian per orang dan Rp1.000.000 per tahun dari "
            "pemberi yang sama",
            "Other non-cash gifts between colleagues, up to Rp200,000 per gift and Rp1,000,000 a "
            "year from the same giver",
            _art("o", base),
            cash_allowed=False,
            giver_relations=(Relation.COLLEAGUE, Relation.SUPERIOR, Relation.SUBORDINATE),
            limit_per_giver_idr=200_000,
            limit_per_year_same_giver_idr=1_000_000,
        ),
    ]
    return RuleSet(
        code="perkpk-2-2019",
        name="PerKPK 2/2019",
        legal_basis=PERKPK_2019,
        valid_from=dt.date(2019, 12, 1),  # promulgated late 2019 (Berita Negara 2019 No. 1438)
        valid_to=AMENDMENT_IN_FORCE,
        exemptions=tuple(exemptions),
        deadlines=_deadlines(30, "PerKPK 2/2019 Pasal 9 (30 HK sejak tanggal laporan)"),
    )


def perkpk_2019_jo_2026() -> RuleSet:
    base = "PerKPK 2/2019 jo. PerKPK 1/2026"
    colleague = (Relation.COLLEAGUE, Relation.SUPERIOR, Relation.SUBORDINATE)
    exemptions = [
        *_common(base),
        Exemption(
            C.CEREMONY,
            "l",
            "Pemberian terkait pertunangan, pernikahan, kelahiran, akikah, baptis, khitanan, potong "
            "gigi atau upacara adat/agama lainnya, paling banyak Rp1.500.000 per pemberi",
            "Gifts at engagements, weddings, births and other customary or religious ceremonies, "
            "up to Rp1,500,000 per giver",
            _art("l", base),
            limit_per_giver_idr=1_500_000,
        ),
        # Item n was deleted; farewell/retirement/birthday gifts fall under item o.
        Exemption(
            C.COLLEAGUE_FAREWELL,
            "o",
            "Huruf n (pisah sambut, pensiun, mutasi, ulang tahun) dihapus; dinilai dengan batas huruf "
            "o: tidak dalam bentuk uang, paling banyak Rp500.000 per pemberian per orang dan "
            "Rp1.500.000 per tahun dari pemberi yang sama, tanpa konflik kepentingan",
            "Item n was deleted; farewell gifts are assessed under item o: non-cash, up to "
            "Rp500,000 per gift and Rp1,500,000 a year from the same giver",
            _art("o", base),
            note_id="PerKPK 1/2026 menghapus huruf n; SEHATI menilainya dengan huruf o.",
            cash_allowed=False,
            requires_no_coi=True,
            giver_relations=colleague,
            limit_per_giver_idr=500_000,
            limit_per_year_same_giver_idr=1_500_000,
        ),
        Exemption(
            C.COLLEAGUE_GIFT,
            "o",
            "Pemberian sesama rekan kerja tidak dalam bentuk uang, paling banyak Rp500.000 per "
            "pemberian per orang dan Rp1.500.000 per tahun dari pemberi yang sama, tanpa konflik "
            "kepentingan",
            "Non-cash gifts between colleagues, up to Rp500,000 per gift and Rp1,500,000 a year "
            "from the same giver, no conflict of interest",
            _art("o", base),
            cash_allowed=False,
            requires_no_coi=True,
            giver_relations=colleague,
            limit_per_giver_idr=500_000,
            limit_per_year_same_giver_idr=1_500_000,
        ),
    ]
    return RuleSet(
        code="perkpk-2-2019-jo-1-2026",
        name="PerKPK 2/2019 jo. PerKPK 1/2026",
        legal_basis=PERKPK_2026,
        valid_from=AMENDMENT_IN_FORCE,
        valid_to=None,
        exemptions=tuple(exemptions),
        deadlines=_deadlines(
            20,
            "PerKPK 2/2019 Pasal 9 jo. PerKPK 1/2026 (20 HK sejak tanggal laporan)",
        ),
        notes_id=(
            "Tidak ditemukan ketentuan peralihan; SEHATI memakai aturan yang berlaku pada tanggal "
            "penerimaan.",
        ),
    )


def default_rulebook() -> RuleBook:
    return RuleBook([perkpk_2019(), perkpk_2019_jo_2026()])
