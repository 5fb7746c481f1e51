"""Gift reports and the rule data they are assessed with."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sehati.core.crypto import blind_index, blind_indexes
from sehati.core.fields import EncryptedTextField, SealableForeignKey
from sehati.core.models import TenantModel
from sehati.rules.rulesets import RuleDataError, ruleset_from_dict


class RuleSetRecord(TenantModel):
    """A rule set added by an admin without code (a future amendment of PerKPK 2/2019).

    `data` holds exemptions and deadlines in the form of `sehati.rules.rulesets.ruleset_to_dict`.
    A record with the same `valid_from` as a shipped rule set replaces it; otherwise the rule set
    in force before it ends on its `valid_from`.
    """

    code = models.SlugField(_("kode"), max_length=64)
    name = models.CharField(_("nama"), max_length=200)
    legal_basis = models.CharField(_("dasar hukum"), max_length=300)
    valid_from = models.DateField(_("berlaku sejak"))
    data: models.JSONField[Any] = models.JSONField(
        _("pengecualian dan tenggat"),
        help_text=_("Format: salinan data aturan bawaan (lihat docs/rules.md)."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aturan gratifikasi tambahan")
        verbose_name_plural = _("aturan gratifikasi tambahan")
        ordering = ["valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "code"],
                name="ruleset_code_unique",
                violation_error_message=_("Kode aturan ini sudah dipakai."),
            ),
            models.UniqueConstraint(
                fields=["pemda", "valid_from"],
                condition=models.Q(is_active=True),
                name="ruleset_active_valid_from_unique",
                violation_error_message=_("Sudah ada aturan aktif yang berlaku sejak tanggal ini."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (sejak {self.valid_from:%Y-%m-%d})"

    def as_ruleset_dict(self) -> dict[str, Any]:
        data = dict(self.data) if isinstance(self.data, dict) else {}
        return {
            **data,
            "code": self.code,
            "name": self.name,
            "legal_basis": self.legal_basis,
            "valid_from": self.valid_from.isoformat() if self.valid_from else "",
            "valid_to": None,
        }

    def clean(self) -> None:
        if not isinstance(self.data, dict):
            raise ValidationError({"data": _("Data aturan harus berupa objek JSON.")})
        try:
            ruleset_from_dict(self.as_ruleset_dict())
        except RuleDataError as exc:
            raise ValidationError({"data": str(exc)}) from None


CONFIDENTIAL_ACTOR = _("Pelapor (dirahasiakan)")

# The purpose of the blind index of a confidential report's reporter (sehati/core/crypto.py).
REPORTER_INDEX = "reports.giftreport.reporter"


def reporter_is(employee_id: int | None, *, prefix: str = "") -> models.Q:
    """Reports (or, with `prefix` "report__", rows of a report) whose reporter is `employee_id`,
    confidential ones included: their reporter is sealed, found by its blind index."""
    if employee_id is None:
        return models.Q(pk__in=[])
    return models.Q(**{f"{prefix}reporter_id": employee_id}) | models.Q(
        **{
            f"{prefix}reporter_ref__in": blind_indexes(str(employee_id), purpose=REPORTER_INDEX),
        }
    )


class GiftReport(TenantModel):
    """A gratification report by a civil servant: a gift received, refused, or asked for.

    Fields follow the KPK form (GRATIFICATION_LAW.md §2.3). The rules inputs are those of
    `sehati.rules.assess.Gift`; on submit the assessment is stored with the report.
    """

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("Penerimaan")
        REFUSAL = "refusal", _("Penolakan")
        SOLICITATION = "solicitation", _("Permintaan")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Konsep")
        SUBMITTED = "submitted", _("Dikirim")

    class ObjectLocation(models.TextChoices):
        KEPT = "kept", _("Disimpan pelapor")
        DEPOSITED_UPG = "deposited_upg", _("Dititipkan di UPG")
        DISTRIBUTED = "distributed", _("Disalurkan (makanan mudah rusak)")
        SENT_KPK = "sent_kpk", _("Dikirim ke KPK")
        NOT_RECEIVED = "not_received", _("Tidak diterima (ditolak/diminta)")

    # On a confidential report the reporter, and the account that filed it when that is the
    # reporter's own, are sealed (issue #9 point 1, docs/adr/0003-sealed-confidential-reporter.md):
    # NULL in the row, encrypted in `reporter_sealed`, found by the blind index `reporter_ref`
    # (`reporter_is`). The application reads `reporter` and `created_by` as on any report.
    reporter = SealableForeignKey(
        "org.Employee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gift_reports",
        verbose_name=_("pelapor"),
    )
    reporter_opd = models.ForeignKey(
        "org.Opd",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("OPD pelapor"),
    )
    created_by = SealableForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )
    reporter_sealed = EncryptedTextField(blank=True, default="", editable=False)
    reporter_ref = models.CharField(max_length=64, blank=True, default="", editable=False)
    kind = models.CharField(_("jenis laporan"), max_length=16, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # Reporter identity as on the KPK form (snapshot at filing time).
    # Encrypted at rest (issue #9 point 1; sehati/core/fields.py).
    reporter_nik = EncryptedTextField(_("NIK"), max_length=16, blank=True)
    reporter_address = EncryptedTextField(_("alamat"), max_length=300, blank=True)
    reporter_phone = EncryptedTextField(_("telepon"), max_length=30, blank=True)
    reporter_jabatan = EncryptedTextField(_("jabatan"), max_length=200, blank=True)
    confidential = models.BooleanField(_("identitas dirahasiakan"), default=False)
    # Giver.
    giver_name = models.CharField(_("nama pemberi"), max_length=200)
    giver_occupation = models.CharField(_("pekerjaan pemberi"), max_length=200, blank=True)
    giver_agency = models.CharField(_("instansi/perusahaan pemberi"), max_length=200, blank=True)
    giver_address = models.CharField(_("alamat pemberi"), max_length=300, blank=True)
    giver_relation = models.CharField(_("hubungan dengan pemberi"), max_length=20)
    giver_reason = models.TextField(_("alasan pemberian"), blank=True)
    # The gift and its circumstances (rules-engine inputs).
    received_on = models.DateField(_("tanggal penerimaan"))
    place = models.CharField(_("tempat"), max_length=200)
    category = models.CharField(_("peristiwa"), max_length=32)
    form = models.CharField(_("bentuk"), max_length=16)
    value_idr = models.PositiveBigIntegerField(_("perkiraan nilai (Rp)"))
    same_giver_year_total_idr = models.PositiveBigIntegerField(
        _("pemberian lain dari pemberi yang sama tahun ini (Rp)"), default=0
    )
    conflict_of_interest = models.BooleanField(_("ada konflik kepentingan"), default=False)
    to_institution = models.BooleanField(_("ditujukan kepada instansi"), default=False)
    description = models.TextField(_("uraian"))
    chronology = models.TextField(_("kronologi"))
    object_location = models.CharField(
        _("posisi objek"),
        max_length=20,
        choices=ObjectLocation.choices,
        default=ObjectLocation.KEPT,
    )
    compensation_requested = models.BooleanField(
        _("ingin memiliki objek dengan membayar kompensasi"), default=False
    )
    # Perishable food distributed as social aid (GRATIFICATION_LAW.md §2.7).
    distributed_to = models.CharField(_("disalurkan kepada (lembaga)"), max_length=200, blank=True)
    distributed_on = models.DateField(_("tanggal penyaluran"), null=True, blank=True)
    # Filed after an Inspektorat or UP3 finding about the same gift (DECISIONS.md #10).
    after_finding = models.BooleanField(_("dilaporkan setelah temuan"), default=False)
    # Encrypted: a finding names its employee, so its number would name a confidential reporter.
    finding_reference = EncryptedTextField(_("rujukan temuan"), max_length=200, blank=True)
    # Submission and the assessment stored with it.
    submitted_at = models.DateTimeField(_("dikirim"), null=True, blank=True)
    submitted_on = models.DateField(_("tanggal lapor"), null=True, blank=True)
    register_number = models.CharField(_("nomor register"), max_length=32, blank=True)
    receipt_code_hash = models.CharField(max_length=64, blank=True, editable=False)
    must_report = models.BooleanField(_("wajib lapor"), null=True, blank=True)
    exemption = models.CharField(_("pengecualian"), max_length=32, blank=True)
    rule_set = models.CharField(_("aturan"), max_length=64, blank=True)
    legal_basis = models.CharField(_("dasar hukum"), max_length=500, blank=True)
    report_due = models.DateField(_("batas lapor ke KPK"), null=True, blank=True)
    assessment: models.JSONField[Any] = models.JSONField(_("penilaian"), default=dict, blank=True)
    is_late = models.BooleanField(_("terlambat"), default=False)
    # Double submission creates one report (API Idempotency-Key; one-time token in the form).
    idempotency_key = models.CharField(max_length=100, blank=True, default="", editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("laporan gratifikasi")
        verbose_name_plural = _("laporan gratifikasi")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["created_by", "idempotency_key"],
                name="report_idempotency_unique",
                condition=~models.Q(idempotency_key=""),
            ),
            models.UniqueConstraint(
                fields=["reporter_ref", "idempotency_key"],
                name="report_sealed_idempotency_unique",
                condition=~models.Q(idempotency_key="") & ~models.Q(reporter_ref=""),
            ),
            models.CheckConstraint(
                condition=models.Q(reporter__isnull=False) | ~models.Q(reporter_ref=""),
                name="report_has_reporter",
            ),
            models.UniqueConstraint(
                fields=["pemda", "register_number"],
                name="report_register_unique",
                condition=~models.Q(register_number=""),
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | ~models.Q(register_number=""),
                name="report_submitted_has_register",
            ),
        ]
        indexes = [
            models.Index(fields=["pemda", "status", "reporter_opd"]),
            models.Index(fields=["reporter_ref"], name="report_reporter_ref_idx"),
        ]

    def __str__(self) -> str:
        return self.register_number or f"Konsep #{self.pk}"

    @property
    def exemption_label(self) -> str:
        """The exempting item in words (the stored code is the rules engine's category)."""
        from sehati.reports.selfcheck import CATEGORY_LABELS
        from sehati.rules.rulesets import Category

        try:
            return str(CATEGORY_LABELS[Category(self.exemption)])
        except (KeyError, ValueError):
            return self.exemption

    # --- the sealed reporter (issue #9 point 1) ---------------------------------------------

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any) -> GiftReport:
        obj = super().from_db(db, field_names, values)
        sealed = obj.__dict__.get("reporter_sealed")
        if sealed:
            employee, _sep, creator = sealed.partition(":")
            obj.__dict__["reporter_id"] = int(employee)
            if creator:
                obj.__dict__["created_by_id"] = int(creator)
        return obj

    def _creator_is_reporter(self) -> bool:
        if self.created_by_id is None or self.reporter_id is None:
            return False
        key = (self.created_by_id, self.reporter_id)
        cached = self.__dict__.get("_creator_check")
        if cached is None or cached[0] != key:
            if self.created_by_id == getattr(self._state.fields_cache.get("created_by"), "pk", 0):
                employee_id = self.created_by.employee_id
            else:
                from django.contrib.auth import get_user_model

                employee_id = (
                    get_user_model()
                    .objects.filter(pk=self.created_by_id)
                    .values_list("employee_id", flat=True)
                    .first()
                )
            cached = (key, employee_id == self.reporter_id)
            self.__dict__["_creator_check"] = cached
        return bool(cached[1])

    def seal(self) -> None:
        """Write the sealed copy of the reporter (and of the filing account when it is the
        reporter's own) and its blind index; on a report that is not confidential, clear them."""
        if not self.confidential or self.reporter_id is None:
            self.reporter_sealed = ""
            self.reporter_ref = ""
            return
        creator = self.created_by_id if self._creator_is_reporter() else ""
        self.reporter_sealed = f"{self.reporter_id}:{creator}"
        self.reporter_ref = blind_index(str(self.reporter_id), purpose=REPORTER_INDEX)

    def sealed_attnames(self) -> frozenset[str]:
        """The links written as NULL (SealableForeignKey.pre_save)."""
        if not self.confidential or self.reporter_id is None:
            return frozenset()
        if not self.reporter_sealed:
            self.seal()
        if self.reporter_sealed.partition(":")[2]:
            return frozenset({"reporter_id", "created_by_id"})
        return frozenset({"reporter_id"})

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.seal()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields,
                *("reporter", "created_by", "reporter_sealed", "reporter_ref"),
            }
        super().save(*args, **kwargs)

    @classmethod
    def blind_reindex(cls) -> int:
        """Recompute every blind index with the current key (`sehati field_keys reencrypt`)."""
        n = 0
        for report in cls.objects.filter(confidential=True).exclude(reporter_ref="").iterator():
            ref = blind_index(str(report.reporter_id), purpose=REPORTER_INDEX)
            if ref != report.reporter_ref:
                cls.objects.filter(pk=report.pk).update(reporter_ref=ref)
                n += 1
        return n

    def timeline_actor_hidden(self, actor: Any) -> bool:
        """The reporter's own events on their report are stored without their account: the
        report names its reporter (sealed when confidential), so an event written before the
        report became confidential links nothing either."""
        employee_id = getattr(actor, "employee_id", None)
        return employee_id is not None and employee_id == self.reporter_id

    def timeline_actor_label(self, actor: Any) -> str | None:
        """On a confidential report the reporter acts as "Pelapor (dirahasiakan)" in the
        timeline and the audit log (issue #4 point 11)."""
        if self.confidential and getattr(actor, "employee_id", None) == self.reporter_id:
            return str(CONFIDENTIAL_ACTOR)
        return None


class ReportItem(TenantModel):
    """One object of a report (KPK counts objects, not only reports: GRATIFICATION_LAW.md §2.3).

    The report's `form` and `value_idr`, which the rules engine assesses, are derived from its
    items: the total value, and a cash-like form when any item is cash-like (the safe side)."""

    report = models.ForeignKey(
        GiftReport, on_delete=models.CASCADE, related_name="items", verbose_name=_("laporan")
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=1)
    description = models.CharField(_("nama/uraian objek"), max_length=300)
    form = models.CharField(_("bentuk"), max_length=16)
    quantity = models.PositiveIntegerField(_("jumlah"), default=1)
    value_idr = models.PositiveBigIntegerField(_("perkiraan nilai (Rp)"))

    class Meta:
        verbose_name = _("objek gratifikasi")
        verbose_name_plural = _("objek gratifikasi")
        ordering = ["report_id", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="item_quantity_min"),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def form_label(self) -> str:
        from sehati.reports.selfcheck import FORM_LABELS
        from sehati.rules.rulesets import Form

        try:
            return str(FORM_LABELS[Form(self.form)])
        except (KeyError, ValueError):
            return self.form


class RegisterCounter(TenantModel):
    """The last register number used per pemda and year (taken under a row lock)."""

    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pemda", "year"], name="register_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.pemda_id}/{self.year}: {self.last}"


def history_unlink_reporter(
    sender: Any, instance: Any, history_instance: Any, **kwargs: Any
) -> None:
    """simple_history's `pre_create_historical_record`: a version of a confidential report keeps
    neither its reporter, nor the reporter's own account as filer or as the user who saved it
    (the sealed copy in the version is enough to know who it was, with the key)."""
    if not isinstance(instance, GiftReport) or not instance.confidential:
        return
    for attname in instance.sealed_attnames():
        setattr(history_instance, attname, None)
    user = getattr(history_instance, "history_user", None)
    if user is not None and getattr(user, "employee_id", None) == instance.reporter_id:
        history_instance.history_user = None


def sealed_reporter_protect(sender: Any, instance: Any, **kwargs: Any) -> None:
    """`pre_delete` of an employee or an account: a sealed reporter has no foreign key to
    protect it, so the PROTECT the plain link has is enforced here (the report would otherwise
    point at nobody)."""
    employee_id = instance.pk if sender._meta.label == "org.Employee" else instance.employee_id
    if employee_id is None:
        return
    sealed = GiftReport.objects.filter(reporter_is(employee_id), confidential=True)
    if sealed.exists():
        raise models.ProtectedError(
            str(_("Pegawai ini pelapor laporan gratifikasi rahasia: tidak dapat dihapus.")),
            set(sealed[:10]),
        )
