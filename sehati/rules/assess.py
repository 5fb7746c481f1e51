"""Must this gift be reported? `assess(gift, rules)` applies the rule set in force on the day
the gift was received (DECISIONS.md #1) and explains itself in Indonesian.

Safe side (DECISIONS.md #9): whatever the rules do not clearly exempt is reportable, with the
reason. A gift above a limit is reportable in full (#3); yearly caps count the same giver's gifts
in the calendar year of receipt, including this one (#4); a value equal to a limit is within it
(#8); money between colleagues is never exempt (#7).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sehati.rules.calendar import WorkCalendar
from sehati.rules.rulesets import (
    Category,
    DeadlineCode,
    Exemption,
    Form,
    Relation,
    RuleBook,
    RuleDataError,
    RuleSet,
)

_COLLEAGUE_CATEGORIES = {Category.COLLEAGUE_FAREWELL, Category.COLLEAGUE_GIFT}
# "tidak dalam bentuk uang atau alat tukar lainnya" (items e, n, o): a voucher or gift card is a
# means of exchange, so it is treated like money there (safe side, DECISIONS.md #9).
CASH_LIKE = frozenset({Form.MONEY, Form.VOUCHER})
REPORT_BASIS = "UU 20/2001 Pasal 12B dan 12C; UU 30/2002 Pasal 16"


def rp(value: int) -> str:
    return f"Rp{value:,}".replace(",", ".")


@dataclass(frozen=True)
class Gift:
    received_on: dt.date
    category: Category
    form: Form
    value_idr: int
    giver_relation: Relation
    same_giver_year_total_idr: int = 0
    conflict_of_interest: bool = False
    to_institution: bool = False


def gift_form_of_items(items: Sequence[tuple[Form, int]]) -> Form:
    """The form a report of several objects is assessed under: money if any object is money,
    else a voucher if any is one (a cash-like object decides the safe way, DECISIONS.md #9),
    else the form of the most valuable object (the first listed on a tie)."""
    if not items:
        raise ValueError("Laporan harus memuat paling sedikit satu objek.")
    forms = [form for form, _value in items]
    for cash in (Form.MONEY, Form.VOUCHER):
        if cash in forms:
            return cash
    best_form, best_value = items[0]
    for form, value in items[1:]:
        if value > best_value:
            best_form, best_value = form, value
    return best_form


def gift_value_of_items(items: Sequence[tuple[Form, int]]) -> int:
    """The value assessed: all objects together, in full (DECISIONS.md #3)."""
    return sum(value for _form, value in items)


@dataclass(frozen=True)
class Assessment:
    must_report: bool
    exemption: Category | None  # the category whose exemption applies, or None
    exemption_letter: str | None
    rule_set: str
    rule_set_name: str
    legal_basis: str
    limit_per_giver_idr: int | None
    limit_per_year_same_giver_idr: int | None
    reasons: tuple[str, ...]
    notes: tuple[str, ...] = field(default=())
    report_due: dt.date | None = None


def _failures(gift: Gift, ex: Exemption) -> list[str]:
    """Why the exemption does not hold (empty: it holds)."""
    out: list[str] = []
    letter = ex.letter
    if gift.form in CASH_LIKE and not ex.cash_allowed:
        if gift.category in _COLLEAGUE_CATEGORIES:
            out.append(
                "Pemberian berupa uang atau alat tukar (mis. voucher) antarrekan kerja tidak pernah "
                "dikecualikan; wajib dilaporkan."
            )
        else:
            out.append(
                f"Pengecualian huruf {letter} hanya berlaku untuk pemberian yang bukan uang atau "
                "alat tukar (mis. voucher)."
            )
    if ex.giver_relations is not None and gift.giver_relation not in ex.giver_relations:
        out.append(
            f"Pengecualian huruf {letter} hanya berlaku bila pemberinya "
            f"{_relations_text(ex.giver_relations)}."
        )
    if ex.requires_no_coi and gift.conflict_of_interest:
        out.append(
            f"Ada konflik kepentingan, sedangkan pengecualian huruf {letter} mensyaratkan "
            "tidak ada konflik kepentingan."
        )
    if ex.limit_per_giver_idr is not None and gift.value_idr > ex.limit_per_giver_idr:
        out.append(
            f"Nilai {rp(gift.value_idr)} melebihi batas {rp(ex.limit_per_giver_idr)} per "
            "pemberi; seluruh nilai wajib dilaporkan, bukan hanya kelebihannya."
        )
    if ex.limit_per_year_same_giver_idr is not None:
        total = gift.same_giver_year_total_idr + gift.value_idr
        if total > ex.limit_per_year_same_giver_idr:
            out.append(
                f"Jumlah pemberian dari pemberi yang sama pada tahun {gift.received_on.year}, "
                f"termasuk yang ini, {rp(total)} melebihi batas "
                f"{rp(ex.limit_per_year_same_giver_idr)} per tahun."
            )
    return out


_RELATION_ID = {
    Relation.FAMILY: "keluarga",
    Relation.COLLEAGUE: "rekan kerja",
    Relation.SUPERIOR: "atasan",
    Relation.SUBORDINATE: "bawahan",
    Relation.SERVICE_USER: "pengguna layanan",
    Relation.VENDOR: "rekanan/penyedia",
    Relation.PUBLIC: "masyarakat umum",
    Relation.OTHER: "lainnya",
}


def _relations_text(relations: tuple[Relation, ...]) -> str:
    names = [_RELATION_ID[r] for r in relations]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " atau " + names[-1]


def _decide(gift: Gift, rs: RuleSet, extra: _Extra) -> Assessment:
    if gift.to_institution or gift.category == Category.INSTITUTIONAL_GIFT:
        ex = rs.exemption_for(Category.INSTITUTIONAL_GIFT)
        if ex is not None:
            return Assessment(
                must_report=False,
                exemption=Category.INSTITUTIONAL_GIFT,
                exemption_letter=ex.letter,
                rule_set=rs.code,
                rule_set_name=rs.name,
                legal_basis=ex.legal_basis,
                limit_per_giver_idr=None,
                limit_per_year_same_giver_idr=None,
                reasons=(
                    "Pemberian ditujukan kepada instansi, bukan kepada pribadi, sehingga bukan "
                    "gratifikasi pribadi yang wajib dilaporkan.",
                ),
                notes=(
                    "Pemberian kepada instansi tetap wajib ditatausahakan oleh instansi penerima.",
                    *extra.notes,
                ),
                report_due=extra.report_due,
            )
    ex = rs.exemption_for(gift.category)
    if gift.category == Category.OTHER or ex is None:
        return Assessment(
            must_report=True,
            exemption=None,
            exemption_letter=None,
            rule_set=rs.code,
            rule_set_name=rs.name,
            legal_basis=f"{REPORT_BASIS}; {rs.legal_basis}",
            limit_per_giver_idr=None,
            limit_per_year_same_giver_idr=None,
            reasons=(
                "Pemberian ini tidak termasuk pengecualian Pasal 2 ayat (3) yang dapat dipastikan; "
                "bila ragu, laporkan (prinsip kehati-hatian).",
            ),
            notes=extra.notes,
            report_due=extra.report_due,
        )
    failures = _failures(gift, ex)
    notes = [ex.note_id] if ex.note_id else []
    if (
        not failures
        and ex.limit_per_giver_idr is not None
        and gift.value_idr == ex.limit_per_giver_idr
    ):
        notes.append("Nilai yang sama dengan batas masih termasuk dalam batas.")
    if failures:
        return Assessment(
            must_report=True,
            exemption=None,
            exemption_letter=None,
            rule_set=rs.code,
            rule_set_name=rs.name,
            legal_basis=f"{REPORT_BASIS}; {ex.legal_basis} tidak terpenuhi",
            limit_per_giver_idr=ex.limit_per_giver_idr,
            limit_per_year_same_giver_idr=ex.limit_per_year_same_giver_idr,
            reasons=tuple(failures),
            notes=(*notes, *extra.notes),
            report_due=extra.report_due,
        )
    return Assessment(
        must_report=False,
        exemption=gift.category,
        exemption_letter=ex.letter,
        rule_set=rs.code,
        rule_set_name=rs.name,
        legal_basis=ex.legal_basis,
        limit_per_giver_idr=ex.limit_per_giver_idr,
        limit_per_year_same_giver_idr=ex.limit_per_year_same_giver_idr,
        reasons=(f"Termasuk pengecualian {ex.legal_basis}: {ex.description_id}.",),
        notes=(*notes, *extra.notes),
        report_due=extra.report_due,
    )


def _must_report(gift: Gift, rs: RuleSet) -> bool:
    """The verdict of `_decide` without building its explanation (for comparing rule sets)."""
    institutional = gift.to_institution or gift.category == Category.INSTITUTIONAL_GIFT
    if institutional and rs.exemption_for(Category.INSTITUTIONAL_GIFT) is not None:
        return False
    ex = rs.exemption_for(gift.category)
    if gift.category == Category.OTHER or ex is None:
        return True
    return bool(_failures(gift, ex))


@dataclass(frozen=True)
class _Extra:
    notes: tuple[str, ...]
    report_due: dt.date | None


def assess(gift: Gift, rules: RuleBook, calendar: WorkCalendar | None = None) -> Assessment:
    """Assess one gift under the rule set in force on its receipt date.

    With a calendar, `report_due` is receipt + 30 working days (UU 20/2001 Pasal 12C ayat (2)),
    given even when the gift need not be reported (a reporter may still choose to report).
    """
    if gift.value_idr < 0 or gift.same_giver_year_total_idr < 0:
        raise ValueError("Nilai rupiah tidak boleh negatif.")
    report_due = None
    if calendar is not None:
        report_due = calendar.add_working_days(gift.received_on, _kpk_days(rules, gift.received_on))
    try:
        rs = rules.for_date(gift.received_on)
    except RuleDataError:
        return Assessment(
            must_report=True,
            exemption=None,
            exemption_letter=None,
            rule_set="",
            rule_set_name="",
            legal_basis=REPORT_BASIS,
            limit_per_giver_idr=None,
            limit_per_year_same_giver_idr=None,
            reasons=(
                f"SEHATI tidak memuat aturan pengecualian yang berlaku pada "
                f"{gift.received_on.isoformat()}; laporkan (prinsip kehati-hatian).",
            ),
            report_due=report_due,
        )
    verdict = _must_report(gift, rs)
    notes = []
    for other in rules.neighbours(rs):
        if _must_report(gift, other) != verdict:
            text = "wajib dilaporkan" if not verdict else "tidak wajib dilaporkan"
            notes.append(
                f"Menurut {other.name} ({other.period_label()}) pemberian ini {text}; "
                f"yang dipakai adalah aturan pada tanggal penerimaan."
            )
    notes.extend(rs.notes_id)
    return _decide(gift, rs, _Extra(tuple(notes), report_due))


def _kpk_days(rules: RuleBook, day: dt.date) -> int:
    """Working days from receipt to KPK under the rule set of `day` (30 if none applies)."""
    for ruleset in rules.rulesets:
        if ruleset.applies_on(day):
            for rule in ruleset.deadlines:
                if rule.code == DeadlineCode.RECEIPT_TO_KPK:
                    return rule.working_days
    return 30
