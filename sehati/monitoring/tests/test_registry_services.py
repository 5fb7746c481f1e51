"""UP3 registry services (issue #5 points 1-3): monitors are validated before anything is
written, an account is given once with a password shown once, titik rawan are unique per unit
with a clear message, and a new pemda gets the default checklist."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from sehati.accounts.models import Role, RoleGrant, User
from sehati.core.errors import ApplicationError, ConflictError
from sehati.core.models import TimelineEvent
from sehati.monitoring import registry as reg
from sehati.monitoring.models import ChecklistItem, Monitor, ProneService
from sehati.org.models import Kecamatan, Pemda, ServiceUnit
from sehati.org.tests.factories import KecamatanFactory, ServiceUnitFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 10, 6)


def _register(world, **overrides) -> Monitor:
    values = {
        "pemda": world.pemda,
        "actor": world.users["upg"],
        "today": TODAY,
        "name": "Rahmawati Lestari",
        "kecamatan_id": Kecamatan.objects.get(pemda=world.pemda, name="Kandangan").pk,
        "term_start": dt.date(2026, 2, 1),
        "term_end": dt.date(2029, 1, 31),
        "decree_number": "118.45/028/KUM/2026",
        "decree_date": dt.date(2026, 1, 20),
        "phone": "0812-3456-7890",
        "email": "Rahma@Contoh.invalid",
    }
    return reg.monitor_register(**{**values, **overrides})


def _events(subject, type_: str) -> int:
    return TimelineEvent.objects.filter(subject_id=subject.pk, type=type_).count()


# --- monitors --------------------------------------------------------------------------------


def test_monitor_register_writes_the_monitor_and_its_event(world) -> None:
    monitor = _register(world)
    assert monitor.pemda == world.pemda and monitor.is_active and not monitor.is_coordinator
    assert monitor.email == "rahma@contoh.invalid"
    assert monitor.on_duty(TODAY)
    event = TimelineEvent.objects.get(subject_id=monitor.pk, type="monitor_registered")
    assert event.actor == world.users["upg"]
    assert event.data["decree_number"] == "118.45/028/KUM/2026"


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"term_end": dt.date(2026, 1, 31)}, "term_end", "sebelum masa tugas mulai"),
        ({"term_end": dt.date(2032, 2, 1)}, "term_end", "lima tahun"),
        ({"decree_date": dt.date(2026, 3, 1)}, "decree_date", "sesudah masa tugas mulai"),
        (
            {"decree_date": dt.date(2026, 11, 1), "term_start": dt.date(2026, 12, 1)},
            "decree_date",
            "sesudah hari ini",
        ),
        ({"name": "   "}, "name", "wajib diisi"),
        ({"decree_number": ""}, "decree_number", "wajib diisi"),
        ({"email": "bukan-surel"}, "email", "surel tidak sah"),
        ({"phone": "telepon saya"}, "phone", "angka"),
        ({"term_start": dt.date(1990, 1, 1)}, "term_start", "rentang"),
    ],
)
def test_monitor_rules_refuse_before_writing(world, overrides, field, words) -> None:
    with pytest.raises(ApplicationError) as err:
        _register(world, **overrides)
    assert err.value.code == reg.RegistryError.INVALID
    assert err.value.extra["field"] == field
    assert words in err.value.message
    assert (
        not Monitor.objects.exists()
        and not TimelineEvent.objects.filter(type="monitor_registered").exists()
    )


def test_kecamatan_must_be_of_the_pemda(world) -> None:
    foreign = KecamatanFactory(pemda=world.other_pemda)
    with pytest.raises(ApplicationError) as err:
        _register(world, kecamatan_id=foreign.pk)
    assert err.value.extra["field"] == "kecamatan"
    with pytest.raises(ApplicationError):
        _register(world, kecamatan_id=10**20)


def test_the_same_person_twice_in_one_term_is_a_conflict(world) -> None:
    _register(world)
    with pytest.raises(ConflictError) as err:
        _register(world, name="rahmawati lestari", term_start=dt.date(2026, 6, 1))
    assert err.value.code == reg.RegistryError.MONITOR_DUPLICATE
    # A later term (a new decree) is a new entry.
    _register(world, term_start=dt.date(2029, 2, 1), term_end=dt.date(2032, 1, 31))
    assert Monitor.objects.count() == 2


def test_monitor_update_records_only_real_changes(world) -> None:
    monitor = _register(world)
    upg = world.users["upg"]
    same = reg.monitor_update(monitor=monitor, actor=upg, today=TODAY, changes={})
    assert same.pk == monitor.pk and _events(monitor, "monitor_updated") == 0
    reg.monitor_update(
        monitor=monitor, actor=upg, today=TODAY, changes={"name": "Rahmawati Lestari"}
    )
    assert _events(monitor, "monitor_updated") == 0
    other = KecamatanFactory(pemda=world.pemda, name="Angkinang")
    changed = reg.monitor_update(
        monitor=monitor,
        actor=upg,
        today=TODAY,
        changes={"kecamatan_id": other.pk, "is_coordinator": True},
    )
    assert changed.kecamatan == other and changed.is_coordinator
    event = TimelineEvent.objects.get(subject_id=monitor.pk, type="monitor_updated")
    assert event.data == {"kecamatan": "Angkinang", "is_coordinator": True}


def test_monitor_update_checks_the_whole_record(world) -> None:
    monitor = _register(world)
    with pytest.raises(ApplicationError) as err:
        reg.monitor_update(
            monitor=monitor,
            actor=world.users["upg"],
            today=TODAY,
            changes={"term_end": dt.date(2025, 1, 1)},
        )
    assert err.value.extra["field"] == "term_end"
    with pytest.raises(ApplicationError):
        reg.monitor_update(
            monitor=monitor, actor=world.users["upg"], today=TODAY, changes={"user": 1}
        )
    monitor.refresh_from_db()
    assert monitor.term_end == dt.date(2029, 1, 31)


def test_account_is_created_once_with_a_one_time_password(world) -> None:
    monitor = _register(world, name="Drs. Rahmawati Lestari, M.Si.")
    made = reg.monitor_account_create(monitor=monitor, actor=world.users["upg"])
    user = made.user
    assert user.username == "rahmawati.lestari"
    assert user.pemda == world.pemda and user.email == "rahma@contoh.invalid"
    assert user.display_name == "Drs. Rahmawati Lestari, M.Si."
    assert user.check_password(made.password) and len(made.password) == 14
    grant = RoleGrant.objects.get(user=user)
    assert grant.role == Role.PEMANTAU and grant.kecamatan == monitor.kecamatan
    assert grant.decree == "118.45/028/KUM/2026" and grant.opd is None
    monitor.refresh_from_db()
    assert monitor.user == user
    event = TimelineEvent.objects.get(subject_id=monitor.pk, type="monitor_account_created")
    assert made.password not in str(event.data) and event.data == {"username": user.username}
    with pytest.raises(ConflictError) as err:
        reg.monitor_account_create(monitor=monitor, actor=world.users["upg"])
    assert err.value.code == reg.RegistryError.MONITOR_HAS_ACCOUNT
    assert User.objects.filter(display_name__contains="Rahmawati").count() == 1


def test_usernames_stay_unique_and_inactive_monitors_get_no_account(world) -> None:
    first = _register(world, email="")
    second = _register(
        world,
        email="",
        kecamatan_id=KecamatanFactory(pemda=world.pemda).pk,
    )
    a = reg.monitor_account_create(monitor=first, actor=world.users["upg"])
    b = reg.monitor_account_create(monitor=second, actor=world.users["upg"])
    assert (a.user.username, b.user.username) == ("rahmawati.lestari", "rahmawati.lestari2")
    assert a.password != b.password and a.user.email == ""
    resting = _register(world, name="Budi Santoso", is_active=False)
    with pytest.raises(ConflictError) as err:
        reg.monitor_account_create(monitor=resting, actor=world.users["upg"])
    assert err.value.code == reg.RegistryError.MONITOR_INACTIVE


def test_an_email_of_another_account_is_refused(world) -> None:
    world.users["upg"].email = "siti@contoh.invalid"
    world.users["upg"].save()
    monitor = _register(world, email="SITI@contoh.invalid")
    with pytest.raises(ConflictError) as err:
        reg.monitor_account_create(monitor=monitor, actor=world.users["upg"])
    assert err.value.code == reg.RegistryError.EMAIL_TAKEN
    assert not RoleGrant.objects.filter(role=Role.PEMANTAU, decree__startswith="118").exists()


def test_deactivating_keeps_the_account_and_its_grant(world) -> None:
    monitor = _register(world)
    made = reg.monitor_account_create(monitor=monitor, actor=world.users["upg"])
    off = reg.monitor_update(
        monitor=monitor, actor=world.users["upg"], today=TODAY, changes={"is_active": False}
    )
    assert not off.is_active and not off.on_duty(TODAY)
    assert RoleGrant.objects.filter(user=made.user, role=Role.PEMANTAU).exists()


def test_monitor_list_counts_submitted_visits_of_this_month(world) -> None:
    import uuid

    from sehati.monitoring.models import Visit

    monitor = _register(world)
    unit = ServiceUnit.objects.filter(pemda=world.pemda).first()
    for day, status in (
        (dt.date(2026, 10, 1), "submitted"),
        (dt.date(2026, 10, 5), "submitted"),
        (dt.date(2026, 10, 6), "draft"),
        (dt.date(2026, 9, 30), "submitted"),
    ):
        Visit.objects.create(
            pemda=world.pemda,
            monitor=monitor,
            client_uuid=uuid.uuid4(),
            service_unit=unit,
            visited_on=day,
            status=status,
        )
    row = reg.monitor_list(user=world.users["upg"], today=TODAY).get()
    assert row.visits_this_month == 2 and row.last_visit_on == dt.date(2026, 10, 5)
    assert not reg.monitor_list(user=world.users["pemantau"], today=TODAY).exists()
    assert reg.monitor_list(user=world.users["upg"], today=TODAY, status="selesai").count() == 0
    assert reg.monitor_list(user=world.users["upg"], today=dt.date(2029, 2, 1), status="selesai")


# --- titik rawan -----------------------------------------------------------------------------


def _unit(world) -> ServiceUnit:
    return ServiceUnit.objects.get(pemda=world.pemda, name="Puskesmas Kandangan")


def test_prone_service_is_unique_per_unit_with_a_clear_message(world) -> None:
    upg = world.users["upg"]
    prone = reg.prone_service_mark(
        pemda=world.pemda,
        actor=upg,
        service_unit_id=_unit(world).pk,
        area="kesehatan",
        name="Surat keterangan sehat",
    )
    assert prone.marked_by == upg and _events(prone, "prone_service_marked") == 1
    with pytest.raises(ConflictError) as err:
        reg.prone_service_mark(
            pemda=world.pemda,
            actor=upg,
            service_unit_id=_unit(world).pk,
            area="kesehatan",
            name="surat keterangan SEHAT",
        )
    assert err.value.code == reg.RegistryError.PRONE_DUPLICATE
    assert "sudah ditandai" in err.value.message
    other = reg.prone_service_mark(
        pemda=world.pemda,
        actor=upg,
        service_unit_id=_unit(world).pk,
        area="kesehatan",
        name="Rujukan",
    )
    with pytest.raises(ConflictError):
        reg.prone_service_update(prone=other, actor=upg, changes={"name": "Surat keterangan sehat"})


def test_prone_service_rules(world) -> None:
    upg = world.users["upg"]
    foreign = ServiceUnitFactory(pemda=world.other_pemda, opd=world.other_opd)
    for kwargs, field in (
        ({"service_unit_id": foreign.pk}, "service_unit"),
        ({"area": "pajak"}, "area"),
        ({"name": ""}, "name"),
    ):
        values = {
            "pemda": world.pemda,
            "actor": upg,
            "service_unit_id": _unit(world).pk,
            "area": "kesehatan",
            "name": "Layanan",
            **kwargs,
        }
        with pytest.raises(ApplicationError) as err:
            reg.prone_service_mark(**values)
        assert err.value.extra["field"] == field
    closed = ServiceUnitFactory(pemda=world.pemda, opd=world.dinkes, is_active=False)
    with pytest.raises(ApplicationError):
        reg.prone_service_mark(
            pemda=world.pemda, actor=upg, service_unit_id=closed.pk, area="kesehatan", name="X"
        )
    assert not ProneService.objects.exists()


def test_prone_service_deactivate_and_reactivate(world) -> None:
    upg = world.users["upg"]
    prone = reg.prone_service_mark(
        pemda=world.pemda, actor=upg, service_unit_id=_unit(world).pk, area="kesehatan", name="X"
    )
    off = reg.prone_service_update(prone=prone, actor=upg, changes={"is_active": False})
    assert not off.is_active
    on = reg.prone_service_update(prone=off, actor=upg, changes={"is_active": True})
    assert on.is_active and _events(prone, "prone_service_updated") == 2
    reg.prone_service_update(prone=on, actor=upg, changes={})
    assert _events(prone, "prone_service_updated") == 2


# --- checklist -------------------------------------------------------------------------------


def test_defaults_are_made_once_for_an_empty_pemda(world) -> None:
    assert reg.checklist_defaults_ensure(pemda=world.pemda) == 8
    assert reg.checklist_defaults_ensure(pemda=world.pemda) == 0
    items = reg.checklist_active(pemda=world.pemda)
    assert [i.position for i in items] == list(range(1, 9))
    assert (items[0].text, items[0].good_answer, items[0].finding_category) == (
        "Standar pelayanan terpasang",
        "ya",
        "standar",
    )
    gift = next(i for i in items if i.text.startswith("Petugas meminta"))
    assert (gift.good_answer, gift.finding_category) == ("tidak", "gratifikasi")
    assert [i.finding_category for i in items] == [
        "standar",
        "biaya",
        "himbauan",
        "pengaduan",
        "antrean",
        "gratifikasi",
        "pungli",
        "pelayanan",
    ]
    # A pemda whose checklist is all deactivated keeps it that way.
    ChecklistItem.objects.filter(pemda=world.other_pemda).delete()
    item = reg.checklist_item_add(pemda=world.other_pemda, actor=None, text="Satu")
    reg.checklist_item_update(item=item, actor=None, changes={"is_active": False})
    assert reg.checklist_defaults_ensure(pemda=world.other_pemda) == 0
    assert reg.checklist_active(pemda=world.other_pemda) == []


def test_checklist_add_update_and_move(world) -> None:
    upg = world.users["upg"]
    reg.checklist_defaults_ensure(pemda=world.pemda)
    added = reg.checklist_item_add(
        pemda=world.pemda, actor=upg, text="Ada calo di sekitar loket", good_answer="tidak"
    )
    assert added.position == 9 and _events(added, "checklist_item_added") == 1
    with pytest.raises(ConflictError) as err:
        reg.checklist_item_add(pemda=world.pemda, actor=upg, text="ada calo di sekitar loket")
    assert err.value.code == reg.RegistryError.CHECKLIST_DUPLICATE
    with pytest.raises(ApplicationError) as bad:
        reg.checklist_item_add(pemda=world.pemda, actor=upg, text="X", finding_category="lain")
    assert bad.value.extra["field"] == "finding_category"
    with pytest.raises(ApplicationError):
        reg.checklist_item_update(item=added, actor=upg, changes={"good_answer": "mungkin"})
    updated = reg.checklist_item_update(
        item=added, actor=upg, changes={"finding_category": "pungli", "text": "Ada calo"}
    )
    assert updated.finding_category == "pungli" and updated.text == "Ada calo"
    moved = reg.checklist_item_move(item=updated, actor=upg, up=True)
    assert moved.position == 8
    texts = [i.text for i in reg.checklist_active(pemda=world.pemda)]
    assert texts[7] == "Ada calo" and texts[8].startswith("Pelayanan selesai")
    first = reg.checklist_active(pemda=world.pemda)[0]
    assert reg.checklist_item_move(item=first, actor=upg, up=True).position == 1
    reg.checklist_item_update(item=first, actor=upg, changes={"is_active": False})
    assert len(reg.checklist_active(pemda=world.pemda)) == 8


def test_pemda_create_installs_the_default_checklist(world) -> None:
    call_command(
        "pemda",
        "create",
        "--code",
        "baru",
        "--name",
        "Kabupaten Baru",
        "--kind",
        "kabupaten",
        "--province",
        "Kalimantan Selatan",
        "--zone",
        "WITA",
        stdout=StringIO(),
    )
    pemda = Pemda.objects.get(code="baru")
    assert len(reg.checklist_active(pemda=pemda)) == 8


def test_username_from_names(db) -> None:
    assert reg.monitor_username_for("Hj. Siti Nurhaliza, S.Pd.") == "siti.nurhaliza"
    assert reg.monitor_username_for("Ñoman Ávila") == "noman.avila"
    assert reg.monitor_username_for("Dr. ...") == "pemantau"
