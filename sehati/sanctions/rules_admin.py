"""The pemda's TPP sanction rules as data (issue #6 point 2; DECISIONS.md #13): recorded and
changed by the Inspektorat or the admin pemda, read by whoever works with sanctions.

A decision is imposed by the rule in force on its date (`sanction_rule_for`: the latest-starting
rule in force; the SEHATI regency default while the pemda has none). A sanction rule never acts
backwards: no change may alter which rule (code, percent, months, legal basis) applies on the
date of a "proven not reported" decision already made. So a rule used by a decision keeps its
code, percent, months, legal basis and start date; it can only be ended (`valid_until`), on or
after the last decision it decided, and a new rule takes over from then.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sehati.core.audit import timeline_record
from sehati.core.errors import ApplicationError, ConflictError
from sehati.org.models import Pemda
from sehati.rules.tpp import (
    MAX_MONTHS,
    SanctionRule,
    SanctionRuleError,
    hss_default_rules,
    sanction_rule_for,
)
from sehati.sanctions.models import SanctionCase, SanctionRuleRecord

FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")
RULE_FIELDS = ("code", "percent", "months", "legal_basis", "valid_from", "valid_until")
# What a decision took from its rule: these never change once a decision used the rule.
_TERMS = ("code", "percent", "months", "legal_basis")


class RuleError(StrEnum):
    """Stable codes of the sanction rule pages and API."""

    INVALID = "sanction_rule_invalid"
    CODE_TAKEN = "sanction_rule_code_taken"
    APPLIED = "sanction_rule_applied"
    RETROACTIVE = "sanction_rule_retroactive"


@dataclass(frozen=True)
class RuleData:
    code: str
    percent: int
    months: int
    legal_basis: str
    valid_from: dt.date
    valid_until: dt.date | None = None


@dataclass(frozen=True)
class DecidedSanction:
    """A "proven not reported" decision: the date that chose its rule."""

    decided_on: dt.date
    decision_number: str


def _invalid(message: str, field: str | None = None) -> ApplicationError:
    return ApplicationError(
        message, code=RuleError.INVALID, extra={"field": field} if field else {}
    )


def _day(day: dt.date) -> str:
    return date_format(day, "j F Y")


def _validate(data: RuleData) -> RuleData:
    code = data.code.strip()
    legal_basis = " ".join(data.legal_basis.split())
    if not CODE_PATTERN.fullmatch(code):
        raise _invalid(
            _(
                "Kode wajib diisi: huruf, angka, titik, garis miring atau tanda hubung, paling "
                "banyak 64 karakter, tanpa spasi (mis. perbup-12-2026)."
            ),
            "code",
        )
    if isinstance(data.percent, bool) or not 1 <= data.percent <= 100:
        raise _invalid(_("Persen potongan harus bilangan bulat 1 sampai 100."), "percent")
    if isinstance(data.months, bool) or not 1 <= data.months <= MAX_MONTHS:
        raise _invalid(
            _("Lama potongan harus 1 sampai %(max)s bulan.") % {"max": MAX_MONTHS}, "months"
        )
    if not legal_basis:
        raise _invalid(_("Dasar hukum wajib diisi (mis. Perbup 68/2020 Pasal 17D)."), "legal_basis")
    if len(legal_basis) > 500:
        raise _invalid(_("Dasar hukum paling banyak 500 karakter."), "legal_basis")
    for field, day in (("valid_from", data.valid_from), ("valid_until", data.valid_until)):
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            raise _invalid(_("Tanggal harus antara tahun 2000 dan 2100."), field)
    if data.valid_until is not None and data.valid_until < data.valid_from:
        raise _invalid(
            _("Tanggal berlaku sampai tidak boleh sebelum tanggal berlaku sejak."), "valid_until"
        )
    return replace(data, code=code, legal_basis=legal_basis)


def _as_rule(r: SanctionRuleRecord | RuleData) -> SanctionRule:
    return SanctionRule(
        code=r.code,
        percent=r.percent,
        months=r.months,
        legal_basis=r.legal_basis,
        valid_from=r.valid_from,
        valid_until=r.valid_until,
    )


def _terms_on(rules: Sequence[SanctionRule], day: dt.date) -> tuple[Any, ...] | None:
    """What a decision on `day` takes from the rules (as sanction_rules_for reads them)."""
    try:
        rule = sanction_rule_for(rules or hss_default_rules(), day)
    except SanctionRuleError:
        return None
    return tuple(getattr(rule, name) for name in _TERMS)


def sanction_decisions(*, pemda: Pemda) -> list[DecidedSanction]:
    """The pemda's "proven not reported" decisions, oldest first."""
    rows = (
        SanctionCase.objects.filter(
            pemda=pemda,
            decision=SanctionCase.Decision.NOT_REPORTED,
            decided_on__isnull=False,
        )
        .order_by("decided_on", "id")
        .values_list("decided_on", "decision_number")
    )
    return [DecidedSanction(day, number) for day, number in rows if day is not None]


def sanction_rule_usage(
    *, rules: Iterable[SanctionRuleRecord], decisions: Sequence[DecidedSanction]
) -> dict[int, list[DecidedSanction]]:
    """For each rule record, the decisions it decided (empty when none)."""
    records = list(rules)
    pure = [_as_rule(r) for r in records]
    by_terms = {tuple(getattr(r, n) for n in _TERMS): r.pk for r in records}
    out: dict[int, list[DecidedSanction]] = {r.pk: [] for r in records}
    for decision in decisions:
        terms = _terms_on(pure, decision.decided_on)
        if terms is not None and terms in by_terms:
            out[by_terms[terms]].append(decision)
    return out


def sanction_rule_decisions(*, rule: SanctionRuleRecord) -> list[DecidedSanction]:
    """The decisions `rule` decided, read against all of its pemda's rules."""
    return sanction_rule_usage(
        rules=SanctionRuleRecord.objects.filter(pemda_id=rule.pemda_id),
        decisions=sanction_decisions(pemda=rule.pemda),
    ).get(rule.pk, [])


def _check_no_retroaction(
    *,
    before: Sequence[SanctionRule],
    after: Sequence[SanctionRule],
    decisions: Sequence[DecidedSanction],
) -> None:
    for decision in decisions:
        old = _terms_on(before, decision.decided_on)
        new = _terms_on(after, decision.decided_on)
        if old != new:
            raise ConflictError(
                _(
                    "Perubahan ini mengubah aturan yang berlaku untuk putusan %(number)s "
                    "tanggal %(day)s (diputus dengan aturan %(code)s). Aturan sanksi tidak "
                    "berlaku surut: atur tanggal berlaku agar putusan yang sudah ada tetap "
                    "memakai aturannya, mis. mulai aturan baru sesudah tanggal putusan terakhir."
                )
                % {
                    "number": decision.decision_number or "—",
                    "day": _day(decision.decided_on),
                    "code": old[0] if old else "—",
                },
                code=RuleError.RETROACTIVE,
            )


def _locked_rules(pemda: Pemda) -> list[SanctionRuleRecord]:
    return list(
        SanctionRuleRecord.objects.select_for_update()
        .filter(pemda=pemda)
        .order_by("valid_from", "code", "id")
    )


def _check_code_free(records: Sequence[SanctionRuleRecord], code: str, own_pk: int | None) -> None:
    if any(r.code.lower() == code.lower() and r.pk != own_pk for r in records):
        raise ConflictError(
            _("Kode %(code)s sudah dipakai aturan lain di pemda ini.") % {"code": code},
            code=RuleError.CODE_TAKEN,
            extra={"field": "code"},
        )


def _value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


@transaction.atomic
def sanction_rule_create(*, pemda: Pemda, actor: Any, data: RuleData) -> SanctionRuleRecord:
    """Record one of the pemda's sanction rules. Refused when it would change the rule of a
    decision already made (the first own rule replaces the SEHATI default entirely)."""
    data = _validate(data)
    records = _locked_rules(pemda)
    _check_code_free(records, data.code, None)
    before = [_as_rule(r) for r in records]
    _check_no_retroaction(
        before=before,
        after=[*before, _as_rule(data)],
        decisions=sanction_decisions(pemda=pemda),
    )
    rule = SanctionRuleRecord.objects.create(
        pemda=pemda, **{name: getattr(data, name) for name in RULE_FIELDS}
    )
    timeline_record(
        subject=rule,
        type="sanction_rule_created",
        actor=actor,
        data={name: _value(getattr(data, name)) for name in RULE_FIELDS},
    )
    return rule


@transaction.atomic
def sanction_rule_update(
    *, rule: SanctionRuleRecord, actor: Any, changes: dict[str, Any]
) -> SanctionRuleRecord:
    """Change some fields of a rule (`changes` holds only the fields to change; `valid_until`
    may be None to leave it open). A rule used by a decision may only have `valid_until`
    changed, and only so that every decision keeps its rule."""
    unknown = set(changes) - set(RULE_FIELDS)
    if unknown:
        raise _invalid(_("Kolom tidak dikenal: %(names)s") % {"names": ", ".join(sorted(unknown))})
    records = _locked_rules(rule.pemda)
    current = next((r for r in records if r.pk == rule.pk), None)
    if current is None:  # pragma: no cover - rules are never deleted
        raise _invalid(_("Aturan tidak ditemukan."))
    data = _validate(
        RuleData(**{name: changes.get(name, getattr(current, name)) for name in RULE_FIELDS})
    )
    changed = {
        name: [_value(getattr(current, name)), _value(getattr(data, name))]
        for name in RULE_FIELDS
        if getattr(current, name) != getattr(data, name)
    }
    if not changed:
        return current
    decisions = sanction_decisions(pemda=rule.pemda)
    used = sanction_rule_usage(rules=records, decisions=decisions)[current.pk]
    locked_fields = set(changed) - {"valid_until"}
    if used and locked_fields:
        last = used[-1]
        raise ConflictError(
            _(
                "Aturan ini sudah dipakai untuk %(count)s putusan (terakhir %(number)s tanggal "
                "%(day)s). Kode, persen, lama potongan, dasar hukum dan tanggal berlaku sejak "
                "tidak dapat diubah lagi. Bila aturannya berubah, akhiri aturan ini dengan "
                "mengisi tanggal berlaku sampai, lalu catat aturan baru yang berlaku sesudahnya."
            )
            % {
                "count": len(used),
                "number": last.decision_number or "—",
                "day": _day(last.decided_on),
            },
            code=RuleError.APPLIED,
        )
    if "code" in changed:
        _check_code_free(records, data.code, current.pk)
    before = [_as_rule(r) for r in records]
    after = [_as_rule(data) if r.pk == current.pk else _as_rule(r) for r in records]
    _check_no_retroaction(before=before, after=after, decisions=decisions)
    for name in RULE_FIELDS:
        setattr(current, name, getattr(data, name))
    current.save(update_fields=[*RULE_FIELDS, "updated_at"])
    timeline_record(
        subject=current, type="sanction_rule_updated", actor=actor, data={"changed": changed}
    )
    return current


@dataclass(frozen=True)
class RulesOverview:
    records: list[SanctionRuleRecord]
    usage: dict[int, list[DecidedSanction]]
    default_rule: SanctionRule
    uses_default: bool
    in_force_today: SanctionRule | None


def sanction_rules_overview(*, pemda: Pemda, today: dt.date) -> RulesOverview:
    """The pemda's rules with the decisions each decided, and the rule in force today (None:
    a decision today would be refused for want of a rule)."""
    records = list(
        SanctionRuleRecord.objects.filter(pemda=pemda).order_by("-valid_from", "code", "id")
    )
    pure = [_as_rule(r) for r in records]
    try:
        in_force: SanctionRule | None = sanction_rule_for(pure or hss_default_rules(), today)
    except SanctionRuleError:
        in_force = None
    return RulesOverview(
        records=records,
        usage=sanction_rule_usage(rules=records, decisions=sanction_decisions(pemda=pemda)),
        default_rule=hss_default_rules()[0],
        uses_default=not records,
        in_force_today=in_force,
    )


def demo_sanction_rules_build(*, pemda: Pemda) -> None:
    """Demo data: the pemda records the SEHATI regency's rule as its own (same terms as the
    default, so decisions already made keep their rule)."""
    if SanctionRuleRecord.objects.filter(pemda=pemda).exists():
        return
    default = hss_default_rules()[0]
    sanction_rule_create(
        pemda=pemda,
        actor="sehati demo",
        data=RuleData(
            code=default.code,
            percent=default.percent,
            months=default.months,
            legal_basis=default.legal_basis,
            valid_from=default.valid_from,
        ),
    )
