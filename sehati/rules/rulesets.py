"""Versioned rule sets: the exemptions of PerKPK 2/2019 Pasal 2 ayat (3) and the deadlines,
as data with legal basis and validity dates (GRATIFICATION_LAW.md §2; DECISIONS.md #1).

A rule set is chosen by the date the gift was received. Defaults ship in `defaults.py`; an admin
can add a later rule set (a future amendment) as a dict that `ruleset_from_dict` validates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Category(StrEnum):
    FAMILY = "family"
    INVESTMENT_RETURN = "investment_return"
    COOPERATIVE_BENEFIT = "cooperative_benefit"
    EVENT_KIT = "event_kit"
    PROMOTIONAL_ITEM = "promotional_item"
    COMPETITION_PRIZE = "competition_prize"
    GOVERNMENT_AWARD = "government_award"
    PUBLIC_OFFER = "public_offer"
    PROFESSIONAL_FEE = "professional_fee"
    OFFICIAL_COMPENSATION = "official_compensation"
    FLOWER_BOARD = "flower_board"
    CEREMONY = "ceremony"
    DISASTER = "disaster"
    COLLEAGUE_FAREWELL = "colleague_farewell"
    COLLEAGUE_GIFT = "colleague_gift"
    FOOD_SERVED = "food_served"
    INSTITUTIONAL_GIFT = "institutional_gift"
    OTHER = "other"


class Form(StrEnum):
    MONEY = "money"
    GOODS = "goods"
    FOOD = "food"
    VOUCHER = "voucher"
    TICKET = "ticket"
    LODGING = "lodging"
    FACILITY = "facility"
    DISCOUNT = "discount"
    LOAN = "loan"
    OTHER = "other"


class Relation(StrEnum):
    FAMILY = "family"
    COLLEAGUE = "colleague"
    SERVICE_USER = "service_user"
    VENDOR = "vendor"
    SUPERIOR = "superior"
    SUBORDINATE = "subordinate"
    PUBLIC = "public"
    OTHER = "other"


class DeadlineCode(StrEnum):
    RECEIPT_TO_KPK = "receipt_to_kpk"
    RECEIPT_TO_UPG = "receipt_to_upg"
    RECEIPT_TO_UPG_PEMBANTU = "receipt_to_upg_pembantu"
    UPG_PEMBANTU_TO_UPG = "upg_pembantu_to_upg"
    UPG_TO_KPK = "upg_to_kpk"
    COMPLETENESS = "completeness"
    KPK_DECISION = "kpk_decision"
    SK_DELIVERY = "sk_delivery"
    STATE_HANDOVER = "state_handover"


class CountedFrom(StrEnum):
    RECEIPT = "receipt"  # the day the gift was received
    REPORT = "report"  # the day the report was filed
    UPG_PEMBANTU_RECEIPT = "upg_pembantu_receipt"
    UPG_RECEIPT = "upg_receipt"
    COMPLETE_REPORT = "complete_report"
    DECISION = "decision"


@dataclass(frozen=True)
class Exemption:
    """One item of Pasal 2 ayat (3): when it holds, the gift need not be reported."""

    category: Category
    letter: str  # huruf of Pasal 2 ayat (3)
    description_id: str
    description_en: str
    legal_basis: str
    cash_allowed: bool = True
    requires_no_coi: bool = False
    # Who must have given it for the item to apply (None: anyone).
    giver_relations: tuple[Relation, ...] | None = None
    limit_per_giver_idr: int | None = None
    limit_per_year_same_giver_idr: int | None = None
    note_id: str = ""


@dataclass(frozen=True)
class DeadlineRule:
    code: DeadlineCode
    working_days: int
    counted_from: CountedFrom
    legal_basis: str
    # The legal deadline this internal one may never pass (DECISIONS.md #12: UPG → KPK is
    # capped at receipt + 30 HK).
    capped_by: DeadlineCode | None = None


@dataclass(frozen=True)
class RuleSet:
    code: str
    name: str
    legal_basis: str
    valid_from: dt.date
    valid_to: dt.date | None  # exclusive; None = open-ended
    exemptions: tuple[Exemption, ...]
    deadlines: tuple[DeadlineRule, ...]
    notes_id: tuple[str, ...] = field(default=())

    def applies_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)

    def exemption_for(self, category: Category) -> Exemption | None:
        for exemption in self.exemptions:
            if exemption.category == category:
                return exemption
        return None

    def deadline(self, code: DeadlineCode) -> DeadlineRule:
        for rule in self.deadlines:
            if rule.code == code:
                return rule
        raise KeyError(code)

    def period_label(self) -> str:
        end = f" s.d. {(self.valid_to - dt.timedelta(days=1)).isoformat()}" if self.valid_to else ""
        return f"sejak {self.valid_from.isoformat()}{end}"


class RuleDataError(ValueError):
    """A rule set given as data is invalid; the message names the field."""


class RuleBook:
    """All rule sets in force at some time, chosen by the legally relevant date."""

    def __init__(self, rulesets: list[RuleSet]) -> None:
        self.rulesets = sorted(rulesets, key=lambda r: r.valid_from)
        for a, b in zip(self.rulesets, self.rulesets[1:], strict=False):
            if a.valid_to is None or a.valid_to > b.valid_from:
                raise RuleDataError(
                    f"Masa berlaku {a.code} tumpang tindih dengan {b.code}: tutup {a.code} "
                    f"paling lambat {b.valid_from.isoformat()}."
                )

    def for_date(self, day: dt.date) -> RuleSet:
        for ruleset in self.rulesets:
            if ruleset.applies_on(day):
                return ruleset
        raise RuleDataError(f"Tidak ada aturan yang berlaku pada {day.isoformat()}.")

    def neighbours(self, ruleset: RuleSet) -> list[RuleSet]:
        """The rule sets just before and after `ruleset` (for 'the other version' notes)."""
        i = self.rulesets.index(ruleset)
        return [r for r in self.rulesets[max(0, i - 1) : i + 2] if r is not ruleset]


# --- data form (admin-added rule sets are stored as JSON) --------------------------------------


def ruleset_to_dict(ruleset: RuleSet) -> dict[str, Any]:
    data = asdict(ruleset)
    data["valid_from"] = ruleset.valid_from.isoformat()
    data["valid_to"] = ruleset.valid_to.isoformat() if ruleset.valid_to else None
    data["exemptions"] = [
        {**asdict(e), "giver_relations": list(e.giver_relations) if e.giver_relations else None}
        for e in ruleset.exemptions
    ]
    data["notes_id"] = list(ruleset.notes_id)
    return data


def _date(value: Any, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise RuleDataError(f"{name}: tanggal harus berformat YYYY-MM-DD.") from None


def _limit(value: Any, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RuleDataError(f"{name}: batas harus bilangan bulat rupiah >= 0.")
    return int(value)


def ruleset_from_dict(data: dict[str, Any]) -> RuleSet:
    """Validate and build a rule set from its data form; errors name the field."""
    try:
        exemptions = []
        for i, e in enumerate(data["exemptions"]):
            where = f"exemptions[{i}]"
            try:
                category = Category(e["category"])
            except ValueError:
                raise RuleDataError(f"{where}.category: kode kategori tidak dikenal.") from None
            relations = e.get("giver_relations")
            exemptions.append(
                Exemption(
                    category=category,
                    letter=str(e["letter"]),
                    description_id=str(e["description_id"]),
                    description_en=str(e.get("description_en", "")),
                    legal_basis=str(e["legal_basis"]),
                    cash_allowed=bool(e.get("cash_allowed", True)),
                    requires_no_coi=bool(e.get("requires_no_coi", False)),
                    giver_relations=tuple(Relation(r) for r in relations) if relations else None,
                    limit_per_giver_idr=_limit(
                        e.get("limit_per_giver_idr"), f"{where}.limit_per_giver_idr"
                    ),
                    limit_per_year_same_giver_idr=_limit(
                        e.get("limit_per_year_same_giver_idr"),
                        f"{where}.limit_per_year_same_giver_idr",
                    ),
                    note_id=str(e.get("note_id", "")),
                )
            )
        deadlines = []
        for i, d in enumerate(data["deadlines"]):
            days = d["working_days"]
            if isinstance(days, bool) or not isinstance(days, int) or not 0 < days <= 365:
                raise RuleDataError(f"deadlines[{i}].working_days: harus 1–365 hari kerja.")
            deadlines.append(
                DeadlineRule(
                    code=DeadlineCode(d["code"]),
                    working_days=days,
                    counted_from=CountedFrom(d["counted_from"]),
                    legal_basis=str(d["legal_basis"]),
                    capped_by=DeadlineCode(d["capped_by"]) if d.get("capped_by") else None,
                )
            )
        valid_to = data.get("valid_to")
        ruleset = RuleSet(
            code=str(data["code"]),
            name=str(data["name"]),
            legal_basis=str(data["legal_basis"]),
            valid_from=_date(data["valid_from"], "valid_from"),
            valid_to=_date(valid_to, "valid_to") if valid_to else None,
            exemptions=tuple(exemptions),
            deadlines=tuple(deadlines),
            notes_id=tuple(str(n) for n in data.get("notes_id", ())),
        )
    except KeyError as exc:
        raise RuleDataError(f"Kolom wajib tidak ada: {exc.args[0]}.") from None
    except (TypeError, AttributeError):
        raise RuleDataError(
            "Bentuk data tidak sesuai: exemptions dan deadlines harus daftar objek."
        ) from None
    except ValueError as exc:
        if isinstance(exc, RuleDataError):
            raise
        raise RuleDataError(f"Nilai tidak valid: {exc}.") from None
    if ruleset.valid_to is not None and ruleset.valid_to <= ruleset.valid_from:
        raise RuleDataError("valid_to harus setelah valid_from.")
    missing = sorted(set(DeadlineCode) - {d.code for d in ruleset.deadlines})
    if missing:
        raise RuleDataError(f"deadlines: tenggat berikut wajib ada: {', '.join(missing)}.")
    return ruleset
