"""The UP3 registry (issue #5 points 1-3): monitors and their login accounts, the map of
gratification-prone service points (*titik rawan*) and the visit checklist.

Services write (validated first, one transaction, a timeline event with the change); selectors
read. Views and the API only translate to and from these functions."""

from __future__ import annotations

import datetime as dt
import re
import secrets
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from sehati.accounts.models import Role, RoleGrant, User
from sehati.accounts.policies import Action, monitor_scope_for
from sehati.accounts.roles import role_grant_create
from sehati.core.audit import timeline_record
from sehati.core.errors import ApplicationError, ConflictError
from sehati.monitoring.models import ChecklistItem, Finding, Monitor, ProneService, Visit
from sehati.org.models import Kecamatan, Pemda, ServiceUnit


class RegistryError(StrEnum):
    """Stable codes of the registry's refusals (STYLE.md rule 8)."""

    INVALID = "registry_invalid"
    MONITOR_DUPLICATE = "monitor_duplicate"
    MONITOR_HAS_ACCOUNT = "monitor_has_account"
    MONITOR_INACTIVE = "monitor_inactive"
    EMAIL_TAKEN = "monitor_email_taken"
    PRONE_DUPLICATE = "prone_service_duplicate"
    CHECKLIST_DUPLICATE = "checklist_item_duplicate"


def _invalid(message: str, field: str | None = None) -> ApplicationError:
    # `extra["field"]` lets a form put the message under the field it is about.
    return ApplicationError(
        message, code=RegistryError.INVALID, extra={"field": field} if field else None
    )


def _text(value: Any, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    text = str(value or "").strip()
    if "\x00" in text:
        raise _invalid(_("%(label)s berisi karakter yang tidak sah.") % {"label": label}, field)
    if required and not text:
        raise _invalid(_("%(label)s wajib diisi.") % {"label": label}, field)
    if len(text) > max_length:
        raise _invalid(
            _("%(label)s paling panjang %(n)d karakter.") % {"label": label, "n": max_length},
            field,
        )
    return text


# --- monitors (point 1) -----------------------------------------------------------------------

MONITOR_FIELDS = (
    "name",
    "kecamatan_id",
    "term_start",
    "term_end",
    "decree_number",
    "decree_date",
    "phone",
    "email",
    "is_coordinator",
    "is_active",
)
# A UP3 term is set by the regent's decree; five years is already longer than any known one.
MAX_TERM_DAYS = 5 * 366
EARLIEST_DATE = dt.date(2000, 1, 1)
_PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]{5,24}$")


def _monitor_clean(*, pemda: Pemda, values: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """Check a monitor's data as a whole; returns the cleaned values (kecamatan resolved)."""
    out = dict(values)
    out["name"] = _text(values.get("name"), field="name", label=_("Nama"), max_length=200)
    out["decree_number"] = _text(
        values.get("decree_number"),
        field="decree_number",
        label=_("Nomor SK pengangkatan"),
        max_length=120,
    )
    out["phone"] = _text(
        values.get("phone"), field="phone", label=_("Telepon"), max_length=50, required=False
    )
    if out["phone"] and not _PHONE.match(out["phone"]):
        raise _invalid(
            _("Nomor telepon hanya berisi angka, spasi, +, - atau tanda kurung."), "phone"
        )
    out["email"] = _text(
        values.get("email"), field="email", label=_("Surel"), max_length=254, required=False
    ).lower()
    if out["email"]:
        try:
            validate_email(out["email"])
        except ValidationError:
            raise _invalid(_("Alamat surel tidak sah."), "email") from None
    kecamatan_id = values.get("kecamatan_id")
    kecamatan = (
        Kecamatan.objects.filter(pk=kecamatan_id, pemda=pemda).first()
        if isinstance(kecamatan_id, int) and 1 <= kecamatan_id <= 2**63 - 1
        else None
    )
    if kecamatan is None:
        raise _invalid(_("Pilih kecamatan dari pemda ini."), "kecamatan")
    out["kecamatan"] = kecamatan
    for key, label in (
        ("term_start", _("Masa tugas mulai")),
        ("term_end", _("Masa tugas selesai")),
        ("decree_date", _("Tanggal SK")),
    ):
        day = values.get(key)
        if not isinstance(day, dt.date):
            raise _invalid(_("%(label)s wajib diisi.") % {"label": label}, key)
        if day < EARLIEST_DATE or day.year > today.year + 10:
            raise _invalid(_("%(label)s di luar rentang yang wajar.") % {"label": label}, key)
    start, end, decree = out["term_start"], out["term_end"], out["decree_date"]
    if end < start:
        raise _invalid(_("Masa tugas selesai tidak boleh sebelum masa tugas mulai."), "term_end")
    if (end - start).days > MAX_TERM_DAYS:
        raise _invalid(_("Masa tugas paling lama lima tahun."), "term_end")
    if decree > start:
        raise _invalid(
            _("Tanggal SK tidak boleh sesudah masa tugas mulai: pemantau diangkat dulu."),
            "decree_date",
        )
    if decree > today:
        raise _invalid(_("Tanggal SK tidak boleh sesudah hari ini."), "decree_date")
    out["is_coordinator"] = bool(values.get("is_coordinator", False))
    out["is_active"] = bool(values.get("is_active", True))
    out.pop("kecamatan_id", None)
    return out


def _monitor_duplicate(*, pemda: Pemda, values: dict[str, Any], exclude: int | None) -> None:
    """The same person registered twice for the same kecamatan and an overlapping term."""
    twins = Monitor.objects.filter(
        pemda=pemda,
        name__iexact=values["name"],
        kecamatan=values["kecamatan"],
        term_start__lte=values["term_end"],
        term_end__gte=values["term_start"],
    )
    if exclude is not None:
        twins = twins.exclude(pk=exclude)
    if twins.exists():
        raise ConflictError(
            _("%(name)s sudah terdaftar sebagai pemantau Kec. %(kec)s pada masa tugas ini.")
            % {"name": values["name"], "kec": values["kecamatan"].name},
            code=RegistryError.MONITOR_DUPLICATE,
        )


def _timeline_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Kecamatan):
        return value.name
    return value


def monitor_register(
    *,
    pemda: Pemda,
    actor: Any,
    today: dt.date,
    name: str,
    kecamatan_id: int,
    term_start: dt.date,
    term_end: dt.date,
    decree_number: str,
    decree_date: dt.date,
    phone: str = "",
    email: str = "",
    is_coordinator: bool = False,
    is_active: bool = True,
    user: User | None = None,
) -> Monitor:
    """Register a UP3 member appointed by the regent's decree for one kecamatan and a term.

    `user` links an existing pemantau account of the pemda (the demo's); the UPG otherwise
    gives an account later with `monitor_account_create`."""
    values = _monitor_clean(
        pemda=pemda,
        today=today,
        values={
            "name": name,
            "kecamatan_id": kecamatan_id,
            "term_start": term_start,
            "term_end": term_end,
            "decree_number": decree_number,
            "decree_date": decree_date,
            "phone": phone,
            "email": email,
            "is_coordinator": is_coordinator,
            "is_active": is_active,
        },
    )
    if user is not None and (
        user.pemda_id != pemda.pk or Monitor.objects.filter(user=user).exists()
    ):
        raise ConflictError(
            _("Akun ini milik pemda lain atau sudah terhubung ke pemantau lain."),
            code=RegistryError.MONITOR_HAS_ACCOUNT,
        )
    with transaction.atomic():
        _monitor_duplicate(pemda=pemda, values=values, exclude=None)
        monitor = Monitor.objects.create(pemda=pemda, user=user, **values)
        timeline_record(
            subject=monitor,
            type="monitor_registered",
            actor=actor,
            data={
                "name": monitor.name,
                "kecamatan": monitor.kecamatan.name,
                "decree_number": monitor.decree_number,
                "term_start": monitor.term_start.isoformat(),
                "term_end": monitor.term_end.isoformat(),
            },
        )
    return monitor


def monitor_update(
    *, monitor: Monitor, actor: Any, today: dt.date, changes: Mapping[str, Any]
) -> Monitor:
    """Change a monitor's data; `changes` holds only the fields to change (names of
    `MONITOR_FIELDS`). No change writes nothing. Deactivating keeps the account and its
    pemantau grant: the visit services refuse visits from an inactive or out-of-term monitor."""
    unknown = set(changes) - set(MONITOR_FIELDS)
    if unknown:
        raise _invalid(_("Kolom tidak dikenal: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    current = {f: getattr(monitor, f) for f in MONITOR_FIELDS}
    values = _monitor_clean(pemda=monitor.pemda, today=today, values={**current, **changes})
    with transaction.atomic():
        locked = (
            Monitor.objects.select_for_update(of=("self",))
            .select_related("kecamatan")
            .get(pk=monitor.pk)
        )
        changed = {
            key: _timeline_value(value)
            for key, value in values.items()
            if getattr(locked, key) != value
        }
        if not changed:
            return locked
        _monitor_duplicate(pemda=monitor.pemda, values=values, exclude=locked.pk)
        for key, value in values.items():
            setattr(locked, key, value)
        locked.save()
        timeline_record(subject=locked, type="monitor_updated", actor=actor, data=changed)
    return locked


@dataclass(frozen=True)
class MonitorAccount:
    monitor: Monitor
    user: User
    password: str  # shown once to the UPG, who hands it over; never stored in clear


# Letters and digits that cannot be mistaken for one another on a printed sheet.
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # noqa: S105 - an alphabet


def _initial_password() -> str:
    # 3 groups of 4 from 55 symbols: about 69 bits.
    groups = ["".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(4)) for _ in range(3)]
    return "-".join(groups)


def monitor_username_for(name: str) -> str:
    """A free username from a person's name: "Drs. Ahmad Fauzi, M.Si." → "ahmad.fauzi" (with
    a number when taken). Titles (words with a dot, and anything after a comma) are left out."""
    plain = unicodedata.normalize("NFKD", name.split(",")[0]).encode("ascii", "ignore").decode()
    words = [re.sub(r"[^a-z0-9]", "", w.lower()) for w in plain.split() if "." not in w]
    base = ".".join(w for w in words if w)[:30].strip(".") or "pemantau"
    candidate, n = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate


def monitor_account_create(*, monitor: Monitor, actor: Any) -> MonitorAccount:
    """Give a monitor a login: a user of the monitor's pemda with a pemantau grant for the
    monitor's kecamatan (the decree is the SK number) and a random initial password, returned
    once. Refused when the monitor already has an account or is inactive."""
    with transaction.atomic():
        locked = Monitor.objects.select_for_update().get(pk=monitor.pk)
        if locked.user_id is not None:
            raise ConflictError(
                _("Pemantau ini sudah punya akun."), code=RegistryError.MONITOR_HAS_ACCOUNT
            )
        if not locked.is_active:
            raise ConflictError(
                _("Pemantau yang tidak aktif tidak diberi akun."),
                code=RegistryError.MONITOR_INACTIVE,
            )
        if locked.email and User.objects.filter(email__iexact=locked.email).exists():
            raise ConflictError(
                _("Surel %(email)s sudah dipakai akun lain; ubah surel pemantau dulu.")
                % {"email": locked.email},
                code=RegistryError.EMAIL_TAKEN,
            )
        password = _initial_password()
        user = User.objects.create_user(
            username=monitor_username_for(locked.name),
            email=locked.email,
            password=password,
            pemda_id=locked.pemda_id,
            display_name=locked.name,
        )
        role_grant_create(
            user=user,
            role=Role.PEMANTAU,
            kecamatan=locked.kecamatan,
            decree=locked.decree_number[:200],
            actor=actor,
        )
        locked.user = user
        locked.save(update_fields=["user", "updated_at"])
        timeline_record(
            subject=locked,
            type="monitor_account_created",
            actor=actor,
            data={"username": user.username},
        )
    return MonitorAccount(monitor=locked, user=user, password=password)


class MonitorStatus(StrEnum):
    """The list filter: on duty, deactivated by the UPG, or past the term's end."""

    ACTIVE = "aktif"
    INACTIVE = "nonaktif"
    ENDED = "selesai"


def monitor_list(
    *,
    user: Any,
    today: dt.date,
    q: str = "",
    kecamatan_id: int | None = None,
    status: str = "",
    coordinator: bool | None = None,
) -> QuerySet[Monitor]:
    """Monitors the user may see, filtered, with `visits_this_month` (submitted visits since
    the first of today's month) and `last_visit_on` (last submitted visit) in the same query."""
    monitors = monitor_scope_for(user, Action.MONITOR_VIEW).select_related("kecamatan", "user")
    if q:
        monitors = monitors.filter(Q(name__icontains=q) | Q(decree_number__icontains=q))
    if kecamatan_id is not None:
        monitors = monitors.filter(kecamatan_id=kecamatan_id)
    if status == MonitorStatus.ACTIVE:
        monitors = monitors.filter(is_active=True, term_start__lte=today, term_end__gte=today)
    elif status == MonitorStatus.INACTIVE:
        monitors = monitors.filter(is_active=False)
    elif status == MonitorStatus.ENDED:
        monitors = monitors.filter(term_end__lt=today)
    if coordinator is not None:
        monitors = monitors.filter(is_coordinator=coordinator)
    submitted = Q(visits__status=Visit.Status.SUBMITTED)
    return monitors.annotate(
        visits_this_month=Count(
            "visits",
            filter=submitted
            & Q(visits__visited_on__gte=today.replace(day=1), visits__visited_on__lte=today),
        ),
        last_visit_on=Max("visits__visited_on", filter=submitted),
    ).order_by("kecamatan__name", "name", "id")


# --- titik rawan (point 2) --------------------------------------------------------------------

PRONE_FIELDS = ("service_unit_id", "area", "name", "risk_note", "is_active")


def _prone_clean(*, pemda: Pemda, values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    unit_id = values.get("service_unit_id")
    unit = (
        ServiceUnit.objects.filter(pk=unit_id, pemda=pemda).select_related("opd").first()
        if isinstance(unit_id, int) and 1 <= unit_id <= 2**63 - 1
        else None
    )
    if unit is None:
        raise _invalid(_("Pilih unit layanan dari pemda ini."), "service_unit")
    out["service_unit"] = unit
    if values.get("area") not in ProneService.Area.values:
        raise _invalid(_("Pilih bidang layanan dari daftar."), "area")
    out["area"] = values["area"]
    out["name"] = _text(values.get("name"), field="name", label=_("Nama layanan"), max_length=200)
    out["risk_note"] = _text(
        values.get("risk_note"),
        field="risk_note",
        label=_("Catatan kerawanan"),
        max_length=5000,
        required=False,
    )
    out["is_active"] = bool(values.get("is_active", True))
    return out


def _prone_duplicate(values: dict[str, Any], exclude: int | None) -> ConflictError | None:
    twins = ProneService.objects.filter(
        service_unit=values["service_unit"], name__iexact=values["name"]
    )
    if exclude is not None:
        twins = twins.exclude(pk=exclude)
    if twins.exists():
        return ConflictError(
            _("Layanan “%(name)s” sudah ditandai di %(unit)s.")
            % {"name": values["name"], "unit": values["service_unit"].name},
            code=RegistryError.PRONE_DUPLICATE,
        )
    return None


def prone_service_mark(
    *,
    pemda: Pemda,
    actor: Any,
    service_unit_id: int,
    area: str,
    name: str,
    risk_note: str = "",
) -> ProneService:
    """Mark a service of a unit as gratification-prone (one name once per unit)."""
    values = _prone_clean(
        pemda=pemda,
        values={
            "service_unit_id": service_unit_id,
            "area": area,
            "name": name,
            "risk_note": risk_note,
        },
    )
    if not values["service_unit"].is_active:
        raise _invalid(_("Unit layanan ini tidak aktif."), "service_unit")
    duplicate = _prone_duplicate(values, None)
    if duplicate is not None:
        raise duplicate
    try:
        with transaction.atomic():
            prone = ProneService.objects.create(
                pemda=pemda, marked_by=_user_or_none(actor), **values
            )
            timeline_record(
                subject=prone,
                type="prone_service_marked",
                actor=actor,
                data={"unit": prone.service_unit.name, "name": prone.name, "area": prone.area},
            )
    except IntegrityError:  # marked at the same moment by someone else
        raise _prone_duplicate(values, None) or _invalid(_("Gagal menyimpan.")) from None
    return prone


def prone_service_update(
    *, prone: ProneService, actor: Any, changes: Mapping[str, Any]
) -> ProneService:
    """Change, deactivate or reactivate a marked service; `changes` as in `PRONE_FIELDS`."""
    unknown = set(changes) - set(PRONE_FIELDS)
    if unknown:
        raise _invalid(_("Kolom tidak dikenal: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    current = {f: getattr(prone, f) for f in PRONE_FIELDS}
    values = _prone_clean(pemda=prone.pemda, values={**current, **changes})
    if values["service_unit"].pk != prone.service_unit_id and not values["service_unit"].is_active:
        raise _invalid(_("Unit layanan ini tidak aktif."), "service_unit")
    try:
        with transaction.atomic():
            locked = ProneService.objects.select_for_update().get(pk=prone.pk)
            changed = {
                key: (value.name if isinstance(value, ServiceUnit) else value)
                for key, value in values.items()
                if getattr(locked, key) != value
            }
            if not changed:
                return locked
            duplicate = _prone_duplicate(values, locked.pk)
            if duplicate is not None:
                raise duplicate
            for key, value in values.items():
                setattr(locked, key, value)
            locked.save()
            timeline_record(subject=locked, type="prone_service_updated", actor=actor, data=changed)
    except IntegrityError:
        raise _prone_duplicate(values, prone.pk) or _invalid(_("Gagal menyimpan.")) from None
    return locked


def _user_or_none(actor: Any) -> User | None:
    return actor if isinstance(actor, User) else None


class ProneShow(StrEnum):
    """`marked`: units with a matching prone service; `all`: every active unit as well."""

    MARKED = ""
    ALL = "semua"


def prone_map(
    *,
    pemda_id: int,
    kecamatan_id: int | None = None,
    opd_id: int | None = None,
    area: str = "",
    q: str = "",
    show: str = ProneShow.MARKED,
    include_inactive: bool = False,
) -> QuerySet[ServiceUnit]:
    """The map of titik rawan as service units (ordered by kecamatan, then name) with their
    matching prone services prefetched as `prone_list`."""
    services = ProneService.objects.filter(pemda_id=pemda_id)
    if not include_inactive:
        services = services.filter(is_active=True)
    if area:
        services = services.filter(area=area)
    units = ServiceUnit.objects.filter(pemda_id=pemda_id).select_related("opd", "kecamatan")
    if kecamatan_id is not None:
        units = units.filter(kecamatan_id=kecamatan_id)
    if opd_id is not None:
        units = units.filter(opd_id=opd_id)
    if q:
        unit_match = (
            Q(name__icontains=q)
            | Q(address__icontains=q)
            | Q(opd__name__icontains=q)
            | Q(opd__short_name__icontains=q)
        )
        named = services.filter(name__icontains=q)
        units = units.filter(unit_match | Exists(named.filter(service_unit=OuterRef("pk"))))
        # Units found by name show all their services; others only the ones that matched.
        services = services.filter(
            Q(name__icontains=q)
            | Q(service_unit__name__icontains=q)
            | Q(service_unit__address__icontains=q)
            | Q(service_unit__opd__name__icontains=q)
            | Q(service_unit__opd__short_name__icontains=q)
        )
    marked = Exists(services.filter(service_unit=OuterRef("pk")))
    if show == ProneShow.ALL and not area:
        units = units.filter(Q(is_active=True) | marked)
    else:
        units = units.filter(marked)
    return units.prefetch_related(
        Prefetch("prone_services", queryset=services.order_by("name", "id"), to_attr="prone_list")
    ).order_by("kecamatan__name", "name", "id")


def prone_service_list(
    *,
    pemda_id: int,
    kecamatan_id: int | None = None,
    opd_id: int | None = None,
    area: str = "",
    q: str = "",
    include_inactive: bool = False,
) -> QuerySet[ProneService]:
    """Prone services of the pemda, flat (for the API), in map order."""
    services = ProneService.objects.filter(pemda_id=pemda_id).select_related(
        "service_unit", "service_unit__opd", "service_unit__kecamatan"
    )
    if not include_inactive:
        services = services.filter(is_active=True)
    if kecamatan_id is not None:
        services = services.filter(service_unit__kecamatan_id=kecamatan_id)
    if opd_id is not None:
        services = services.filter(service_unit__opd_id=opd_id)
    if area:
        services = services.filter(area=area)
    if q:
        services = services.filter(Q(name__icontains=q) | Q(service_unit__name__icontains=q))
    return services.order_by("service_unit__kecamatan__name", "service_unit__name", "name", "id")


# --- the visit checklist (point 3) ------------------------------------------------------------

CHECKLIST_FIELDS = ("text", "good_answer", "finding_category", "position", "is_active")
MAX_POSITION = 32_767

# The default checklist of issue #5: (question, answer of a compliant service point, finding
# category suggested by the other answer).
DEFAULT_CHECKLIST: tuple[tuple[str, str, str], ...] = (
    ("Standar pelayanan terpasang", ChecklistItem.Answer.YES, Finding.Category.NO_STANDARD),
    ("Biaya/tarif layanan diumumkan", ChecklistItem.Answer.YES, Finding.Category.NO_FEES),
    ("Himbauan anti-gratifikasi terpasang", ChecklistItem.Answer.YES, Finding.Category.NO_NOTICE),
    ("Sarana pengaduan tersedia", ChecklistItem.Answer.YES, Finding.Category.NO_COMPLAINT),
    ("Sistem antrean berjalan", ChecklistItem.Answer.YES, Finding.Category.NO_QUEUE),
    (
        "Petugas meminta atau menerima pemberian/imbalan",
        ChecklistItem.Answer.NO,
        Finding.Category.GRATIFICATION,
    ),
    ("Ada pungutan di luar tarif resmi", ChecklistItem.Answer.NO, Finding.Category.LEVY),
    (
        "Pelayanan selesai sesuai janji waktu standar",
        ChecklistItem.Answer.YES,
        Finding.Category.SERVICE,
    ),
)


def _checklist_clean(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    out["text"] = _text(values.get("text"), field="text", label=_("Pertanyaan"), max_length=300)
    if values.get("good_answer") not in ChecklistItem.Answer.values:
        raise _invalid(_("Jawaban yang sesuai harus “ya” atau “tidak”."), "good_answer")
    out["good_answer"] = values["good_answer"]
    category = values.get("finding_category") or ""
    if category and category not in Finding.Category.values:
        raise _invalid(_("Pilih kategori temuan dari daftar."), "finding_category")
    out["finding_category"] = category
    position = values.get("position")
    if isinstance(position, bool) or not isinstance(position, int):
        raise _invalid(_("Urutan harus bilangan bulat."), "position")
    if not 0 <= position <= MAX_POSITION:
        raise _invalid(_("Urutan di luar rentang 0-%(n)d.") % {"n": MAX_POSITION}, "position")
    out["position"] = position
    out["is_active"] = bool(values.get("is_active", True))
    return out


def _checklist_duplicate(*, pemda_id: int, text: str, exclude: int | None) -> None:
    twins = ChecklistItem.objects.filter(pemda_id=pemda_id, text__iexact=text, is_active=True)
    if exclude is not None:
        twins = twins.exclude(pk=exclude)
    if twins.exists():
        raise ConflictError(
            _("Pertanyaan ini sudah ada di daftar periksa."),
            code=RegistryError.CHECKLIST_DUPLICATE,
        )


def checklist_item_add(
    *,
    pemda: Pemda,
    actor: Any,
    text: str,
    good_answer: str = ChecklistItem.Answer.YES,
    finding_category: str = "",
    position: int | None = None,
) -> ChecklistItem:
    """Add a question to the visit checklist; without `position`, at the end."""
    with transaction.atomic():
        if position is None:
            last = ChecklistItem.objects.filter(pemda=pemda).aggregate(m=Max("position"))["m"]
            position = min((last or 0) + 1, MAX_POSITION)
        values = _checklist_clean(
            {
                "text": text,
                "good_answer": good_answer,
                "finding_category": finding_category,
                "position": position,
            }
        )
        _checklist_duplicate(pemda_id=pemda.pk, text=values["text"], exclude=None)
        item = ChecklistItem.objects.create(pemda=pemda, **values)
        timeline_record(
            subject=item,
            type="checklist_item_added",
            actor=actor,
            data={"text": item.text, "position": item.position},
        )
    return item


def checklist_item_update(
    *, item: ChecklistItem, actor: Any, changes: Mapping[str, Any]
) -> ChecklistItem:
    """Change a checklist question; `changes` as in `CHECKLIST_FIELDS`. Visits already filed
    keep the checklist as the monitor saw it (stored with the visit)."""
    unknown = set(changes) - set(CHECKLIST_FIELDS)
    if unknown:
        raise _invalid(_("Kolom tidak dikenal: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    current = {f: getattr(item, f) for f in CHECKLIST_FIELDS}
    values = _checklist_clean({**current, **changes})
    with transaction.atomic():
        locked = ChecklistItem.objects.select_for_update().get(pk=item.pk)
        changed = {k: v for k, v in values.items() if getattr(locked, k) != v}
        if not changed:
            return locked
        if values["is_active"]:
            _checklist_duplicate(pemda_id=locked.pemda_id, text=values["text"], exclude=locked.pk)
        for key, value in values.items():
            setattr(locked, key, value)
        locked.save()
        timeline_record(subject=locked, type="checklist_item_updated", actor=actor, data=changed)
    return locked


def checklist_item_move(*, item: ChecklistItem, actor: Any, up: bool) -> ChecklistItem:
    """Move a question one place up or down the list (numbering the list 1..n on the way)."""
    with transaction.atomic():
        items = list(
            ChecklistItem.objects.select_for_update()
            .filter(pemda_id=item.pemda_id)
            .order_by("position", "id")
        )
        index = next(i for i, it in enumerate(items) if it.pk == item.pk)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(items):
            return items[index]
        items[index], items[other] = items[other], items[index]
        for number, it in enumerate(items, start=1):
            if it.position != number:
                it.position = number
                it.save(update_fields=["position", "updated_at"])
        moved = items[other]
        timeline_record(
            subject=moved,
            type="checklist_item_updated",
            actor=actor,
            data={"position": moved.position},
        )
    return moved


def checklist_defaults_ensure(*, pemda: Pemda) -> int:
    """Give a pemda without any checklist item the default checklist of issue #5; returns how
    many items were created (0 when the pemda already has a checklist, even a deactivated one)."""
    with transaction.atomic():
        Pemda.objects.select_for_update().filter(pk=pemda.pk).first()
        if ChecklistItem.objects.filter(pemda=pemda).exists():
            return 0
        for position, (text, good, category) in enumerate(DEFAULT_CHECKLIST, start=1):
            item = ChecklistItem.objects.create(
                pemda=pemda,
                text=text,
                good_answer=good,
                finding_category=category,
                position=position,
            )
            timeline_record(
                subject=item,
                type="checklist_item_added",
                actor="sehati",
                data={"text": text, "position": position, "default": True},
            )
    return len(DEFAULT_CHECKLIST)


def checklist_active(*, pemda: Pemda | int) -> list[ChecklistItem]:
    """The questions a monitor answers on a visit, in order."""
    pemda_id = pemda if isinstance(pemda, int) else pemda.pk
    return list(
        ChecklistItem.objects.filter(pemda_id=pemda_id, is_active=True).order_by("position", "id")
    )


def monitor_grant_for(monitor: Monitor) -> RoleGrant | None:
    """The pemantau grant of the monitor's account for its kecamatan, if any."""
    if monitor.user_id is None:
        return None
    return RoleGrant.objects.filter(
        user_id=monitor.user_id, role=Role.PEMANTAU, kecamatan_id=monitor.kecamatan_id
    ).first()
