"""Writes of the integrity scores register (issue #7 point 2; GRATIFICATION_LAW.md §5-6,
DECISIONS.md #14).

SEHATI never computes KPK's SPI, nor helps anyone prepare answers for it: it records the figures
KPK, the Ombudsman, KemenPANRB, BPK and the MCP publish, each with its source, and puts it in the
band of the band scheme in force for its kind and year (`sehati/rules/bands.py`). The band and
the scheme are computed when a score is saved, never typed. Every change writes a timeline event
in its transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, Q
from django.utils.translation import gettext as _

from sehati.core.audit import timeline_record
from sehati.core.errors import ApplicationError, ConflictError
from sehati.integrity.errors import ScoreError
from sehati.integrity.models import IntegrityScore
from sehati.org.models import Opd, Pemda
from sehati.rules.bands import BandError, scheme_for, score_checked

K = IntegrityScore.Kind
CENT = Decimal("0.01")
FIRST_YEAR = 2000  # the oldest published figure the register takes (BPK opinions go back far)
MAX_DIMENSION = 120
MAX_CATEGORY = 60
MAX_SOURCE = 300
MAX_URL = 500
# Kinds published as a number on 0-100 (the number is the score).
VALUE_REQUIRED = frozenset({K.SPI.value, K.SPI_TEMATIK.value, K.MCP.value})
# BPK's audit opinion on the regional financial statements is a category, never a number.
BPK_OPINIONS: dict[str, str] = {
    "WTP": "Wajar Tanpa Pengecualian",
    "WDP": "Wajar Dengan Pengecualian",
    "TW": "Tidak Wajar",
    "TMP": "Tidak Menyatakan Pendapat",
}
FIELDS = (
    "kind",
    "year",
    "opd_id",
    "dimension",
    "value",
    "category",
    "target",
    "source",
    "source_url",
)


@dataclass(frozen=True)
class ScoreInput:
    """One score as entered (a form, the API, an import row), before the register's checks."""

    kind: str
    year: int | None
    opd_id: int | None
    dimension: str = ""
    value: Decimal | None = None
    category: str = ""
    target: Decimal | None = None
    source: str = ""
    source_url: str = ""


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


class ScoreInvalid(ApplicationError):
    """Fields refused by the register's checks; `problems` names each field."""

    def __init__(self, problems: list[Problem]) -> None:
        message = " ".join(p.message for p in problems)
        super().__init__(
            message,
            code=ScoreError.INVALID,
            extra={"errors": [{"field": p.field, "message": p.message} for p in problems]},
        )
        self.problems = problems


def _clean_text(value: Any) -> str:
    """One line of text: control characters (NUL included) dropped, spaces collapsed."""
    text = "".join(ch for ch in str(value or "") if ch == " " or ch.isprintable())
    return " ".join(text.split())


def score_value_problem(value: Decimal) -> str:
    """The Indonesian message for a number that is not a published-looking score, or ""."""
    try:
        score_checked(value)
    except BandError:
        if not value.is_finite() or not Decimal(0) <= value <= Decimal(100):
            return _("harus antara 0 dan 100")
        return _("paling banyak dua angka desimal")
    return ""


def bpk_opinion_code(text: str) -> str:
    """ "wtp", "Wajar Tanpa Pengecualian" -> "WTP"; "" when it is not a BPK opinion."""
    key = " ".join(text.replace("-", " ").split()).upper()
    if key in BPK_OPINIONS:
        return key
    for code, words in BPK_OPINIONS.items():
        if key == words.upper():
            return code
    return ""


def score_input_checked(
    *, pemda: Pemda, data: ScoreInput, today: dt.date, opd_ids: Iterable[int] | None = None
) -> tuple[ScoreInput, list[Problem]]:
    """The input normalised (text trimmed, the BPK opinion as its code) and every problem found.

    `opd_ids`: the pemda's OPD ids when the caller has them (an import checks many rows);
    otherwise the OPD is looked up."""
    problems: list[Problem] = []

    def fail(name: str, message: str) -> None:
        problems.append(Problem(name, message))

    kind = _clean_text(data.kind)
    if kind not in K.values:
        fail(
            "kind",
            _("Jenis skor tidak dikenal: pilih SPI, SPI tematik, MCP, Ombudsman, RB, atau BPK."),
        )
    year = data.year
    if year is None:
        fail("year", _("Tahun wajib diisi."))
    elif not FIRST_YEAR <= year <= today.year:
        fail(
            "year",
            _("Tahun harus antara %(first)d dan %(last)d.")
            % {"first": FIRST_YEAR, "last": today.year},
        )
    opd_id = data.opd_id
    if opd_id is not None:
        known = (
            opd_id in set(opd_ids)
            if opd_ids is not None
            else Opd.objects.filter(pemda=pemda, pk=opd_id).exists()
        )
        if not known:
            fail("opd_id", _("OPD tidak ditemukan di pemda ini."))
    dimension = _clean_text(data.dimension)
    if len(dimension) > MAX_DIMENSION:
        fail("dimension", _("Dimensi/tema paling panjang %(n)d karakter.") % {"n": MAX_DIMENSION})
    category = _clean_text(data.category)
    if len(category) > MAX_CATEGORY:
        fail("category", _("Kategori paling panjang %(n)d karakter.") % {"n": MAX_CATEGORY})
    value, target = data.value, data.target
    if value is not None:
        if problem := score_value_problem(value):
            fail("value", _("Nilai %(problem)s.") % {"problem": problem})
        else:
            value = value.quantize(CENT)  # as stored: "70" and "70.00" are the same score
    if target is not None:
        if problem := score_value_problem(target):
            fail("target", _("Target %(problem)s.") % {"problem": problem})
        else:
            target = target.quantize(CENT)
    if kind == K.BPK:
        if value is not None:
            fail(
                "value",
                _(
                    "Opini BPK tidak berupa angka: kosongkan nilai dan isi kategori (WTP, WDP, TW, TMP)."
                ),
            )
        if target is not None:
            fail("target", _("Opini BPK tidak memakai target angka."))
        if dimension:
            fail("dimension", _("Opini BPK tidak memakai dimensi."))
        code = bpk_opinion_code(category)
        if not category:
            fail("category", _("Opini BPK wajib diisi di kategori: WTP, WDP, TW, atau TMP."))
        elif not code:
            fail("category", _("Opini BPK harus salah satu dari WTP, WDP, TW, atau TMP."))
        else:
            category = code
    elif kind in VALUE_REQUIRED and value is None:
        fail("value", _("Nilai wajib diisi untuk %(kind)s.") % {"kind": K(kind).label})
    elif kind in K.values and value is None and not category:
        fail("value", _("Isi nilai atau kategori (predikat/opini dari sumber)."))
    if kind == K.SPI_TEMATIK and not dimension:
        fail("dimension", _("SPI tematik wajib menyebut temanya di dimensi (mis. perizinan)."))
    source = _clean_text(data.source)
    if not source:
        fail("source", _("Sumber wajib diisi (mis. rilis KPK, surat, laporan hasil)."))
    elif len(source) > MAX_SOURCE:
        fail("source", _("Sumber paling panjang %(n)d karakter.") % {"n": MAX_SOURCE})
    source_url = str(data.source_url or "").strip()
    if source_url:
        try:
            if len(source_url) > MAX_URL:
                raise ValidationError("too long")
            URLValidator(schemes=["http", "https"])(source_url)
        except ValidationError:
            fail("source_url", _("Tautan sumber harus alamat web lengkap (http:// atau https://)."))
    cleaned = ScoreInput(
        kind=kind,
        year=year,
        opd_id=opd_id,
        dimension=dimension,
        value=value,
        category=category,
        target=target,
        source=source,
        source_url=source_url,
    )
    return cleaned, problems


def score_band(*, kind: str, year: int, value: Decimal | None) -> tuple[str, str]:
    """(band code, scheme code) of a published value; ("", "") where no scheme covers the kind
    and year (e.g. Ombudsman 2022-2024, whose cut-offs are unknown) or there is no value."""
    if value is None:
        return "", ""
    scheme = scheme_for(kind=kind, year=year)
    if scheme is None:
        return "", ""
    return scheme.band(score_checked(value)).code, scheme.code


def score_same_scope(
    *, pemda: Pemda, kind: str, year: int, opd_id: int | None, dimension: str
) -> IntegrityScore | None:
    """The registered score of that kind, year, scope and dimension (case-insensitive), if any."""
    scope = Q(opd__isnull=True) if opd_id is None else Q(opd_id=opd_id)
    return (
        IntegrityScore.objects.filter(scope, pemda=pemda, kind=kind, year=year)
        .filter(dimension__iexact=dimension)
        .order_by("id")
        .first()
    )


def _snapshot(score: IntegrityScore) -> dict[str, Any]:
    def plain(v: Any) -> Any:
        return str(Decimal(v).quantize(CENT)) if isinstance(v, Decimal) else v

    return {
        "kind": score.kind,
        "year": score.year,
        "opd_id": score.opd_id,
        "dimension": score.dimension,
        "value": plain(score.value),
        "category": score.category,
        "band": score.band,
        "band_scheme": score.band_scheme,
        "target": plain(score.target),
        "source": score.source,
        "source_url": score.source_url,
    }


def _assign(score: IntegrityScore, data: ScoreInput) -> None:
    assert data.year is not None  # noqa: S101 - checked before
    score.kind = data.kind
    score.year = data.year
    score.opd_id = data.opd_id
    score.dimension = data.dimension
    score.value = data.value
    score.category = data.category
    score.target = data.target
    score.source = data.source
    score.source_url = data.source_url
    score.band, score.band_scheme = score_band(kind=data.kind, year=data.year, value=data.value)


def score_changes(*, score: IntegrityScore, data: ScoreInput) -> dict[str, list[Any]]:
    """What saving checked `data` over `score` would change: {field: [before, after]}, the
    band included."""
    before = _snapshot(score)
    probe = IntegrityScore(pemda_id=score.pemda_id)
    _assign(probe, data)
    after = _snapshot(probe)
    return {k: [before[k], after[k]] for k in after if before[k] != after[k]}


def score_write(
    *,
    pemda: Pemda,
    actor: Any,
    data: ScoreInput,
    score: IntegrityScore | None,
    via: str,
    extra: dict[str, Any] | None = None,
) -> tuple[IntegrityScore, str]:
    """Save checked input as a new score or over `score`; ("created" | "updated" | "unchanged").
    Call inside a transaction, with input that passed `score_input_checked`."""
    if score is None:
        score = IntegrityScore(pemda=pemda, created_by=actor if _is_user(actor) else None)
        _assign(score, data)
        score.save()
        timeline_record(
            subject=score,
            type="score_recorded",
            actor=actor,
            data={**_snapshot(score), "via": via, **(extra or {})},
        )
        return score, "created"
    changes = score_changes(score=score, data=data)
    if not changes:
        return score, "unchanged"
    _assign(score, data)
    score.save()
    timeline_record(
        subject=score,
        type="score_updated",
        actor=actor,
        data={"changes": changes, "via": via, **(extra or {})},
    )
    return score, "updated"


def _is_user(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False))


def _exists_error(existing: IntegrityScore) -> ConflictError:
    return ConflictError(
        _(
            "Skor %(score)s untuk lingkup ini sudah tercatat; ubah skor itu, jangan membuat "
            "yang kedua."
        )
        % {"score": str(existing)},
        code=ScoreError.EXISTS,
        extra={"score_id": existing.pk},
    )


@transaction.atomic
def score_record(
    *,
    pemda: Pemda,
    actor: Any,
    data: ScoreInput,
    today: dt.date,
    score: IntegrityScore | None = None,
    via: str = "form",
) -> IntegrityScore:
    """Create a score (`score` None) or correct one. Checks every field (ScoreInvalid naming
    each), refuses a second score for the same kind, year, scope and dimension (ConflictError
    with the existing id), computes the band and writes the timeline event."""
    if score is not None and score.pemda_id != pemda.pk:
        raise ValueError("a score belongs to its pemda")
    cleaned, problems = score_input_checked(pemda=pemda, data=data, today=today)
    if problems:
        raise ScoreInvalid(problems)
    assert cleaned.year is not None  # noqa: S101 - checked above
    if score is not None:
        IntegrityScore.objects.select_for_update().filter(pk=score.pk).first()
    existing = score_same_scope(
        pemda=pemda,
        kind=cleaned.kind,
        year=cleaned.year,
        opd_id=cleaned.opd_id,
        dimension=cleaned.dimension,
    )
    if existing is not None and (score is None or existing.pk != score.pk):
        raise _exists_error(existing)
    try:
        with transaction.atomic():
            saved, _outcome = score_write(
                pemda=pemda, actor=actor, data=cleaned, score=score, via=via
            )
    except IntegrityError:  # a concurrent save of the same scope won the race
        existing = score_same_scope(
            pemda=pemda,
            kind=cleaned.kind,
            year=cleaned.year,
            opd_id=cleaned.opd_id,
            dimension=cleaned.dimension,
        )
        if existing is None:
            raise
        raise _exists_error(existing) from None
    return saved


def score_input_from(score: IntegrityScore, **changes: Any) -> ScoreInput:
    """The score's current fields as input, with `changes` applied (a partial update)."""
    current = ScoreInput(
        kind=score.kind,
        year=score.year,
        opd_id=score.opd_id,
        dimension=score.dimension,
        value=None if score.value is None else Decimal(score.value),
        category=score.category,
        target=None if score.target is None else Decimal(score.target),
        source=score.source,
        source_url=score.source_url,
    )
    return replace(current, **changes)


@transaction.atomic
def score_delete(*, score: IntegrityScore, actor: Any, confirm: bool) -> None:
    """Remove a score entered by mistake. Needs `confirm`; refused while an action plan answers
    it (the plan must be re-pointed or cancelled first). The timeline keeps what was removed."""
    if not confirm:
        raise ApplicationError(
            _("Centang konfirmasi untuk menghapus skor ini; penghapusan tidak dapat dibatalkan."),
            code=ScoreError.CONFIRM_REQUIRED,
        )
    plans = score.action_plans.count()
    if plans:
        raise ConflictError(
            _(
                "Skor ini dijawab oleh %(n)d rencana aksi; ubah rencana aksinya lebih dulu, lalu "
                "hapus skornya."
            )
            % {"n": plans},
            code=ScoreError.HAS_PLANS,
        )
    timeline_record(
        subject=score, type="score_deleted", actor=actor, data=_snapshot(score), pemda=score.pemda
    )
    try:
        score.delete()
    except ProtectedError:  # an action plan was added meanwhile
        raise ConflictError(
            _("Skor ini dijawab oleh rencana aksi; ubah rencana aksinya lebih dulu."),
            code=ScoreError.HAS_PLANS,
        ) from None


@transaction.atomic
def scores_reband(*, pemda: Pemda, actor: Any = None) -> int:
    """Recompute the band of every score of the pemda from the band schemes now in the code
    (after a scheme is added or corrected); each change writes a timeline event. Returns how many
    scores changed."""
    changed = 0
    for score in IntegrityScore.objects.filter(pemda=pemda).select_for_update().order_by("id"):
        band, scheme = score_band(
            kind=score.kind,
            year=score.year,
            value=None if score.value is None else Decimal(score.value),
        )
        if (band, scheme) == (score.band, score.band_scheme):
            continue
        old = {"band": score.band, "band_scheme": score.band_scheme}
        score.band, score.band_scheme = band, scheme
        score.save(update_fields=["band", "band_scheme", "updated_at"])
        timeline_record(
            subject=score,
            type="score_rebanded",
            actor=actor or "sistem",
            data={"from": old, "to": {"band": band, "band_scheme": scheme}},
        )
        changed += 1
    return changed


def score_input_as_json(data: ScoreInput) -> dict[str, Any]:
    """For storing a checked import row (Decimals as text)."""
    out = asdict(data)
    for key in ("value", "target"):
        out[key] = None if out[key] is None else str(out[key])
    return out


def score_input_from_json(raw: dict[str, Any]) -> ScoreInput:
    def number(key: str) -> Decimal | None:
        value = raw.get(key)
        return None if value in (None, "") else Decimal(str(value))

    def text(key: str) -> str:
        return str(raw.get(key) or "")

    year, opd_id = raw.get("year"), raw.get("opd_id")
    return ScoreInput(
        kind=text("kind"),
        year=None if year is None else int(year),
        opd_id=None if opd_id is None else int(opd_id),
        dimension=text("dimension"),
        value=number("value"),
        category=text("category"),
        target=number("target"),
        source=text("source"),
        source_url=text("source_url"),
    )
