"""Internal integrity surveys (issue #7 point 4): questionnaires, anonymous responses, indices per dimension and group (docs/adr/0002-surveys-app.md).

A survey is the pemda's own instrument, between KPK's official SPI rounds; SEHATI never computes
the SPI and never offers "SPI practice" (GRATIFICATION_LAW.md §5.3).

Anonymity is a property of the tables, not a promise of the pages:

- `Response` holds a random 63-bit id, the survey, the respondent group and the packed answers.
  No user, no employee, no address, no browser, no time (not even the date), no sequence.
- `StaffParticipation` (survey, employee) only stops a civil servant answering twice. It is
  written in the same transaction as the response and has no link to it.

Answers are packed one byte per item, in the questionnaire's item order (`Survey.items_ordered`):
0 = not answered; for a Likert item, 1 + (value - scale_min); for a multiple-choice item,
1 + the option's position. A million respondents × 50 items is one 50-byte value per row, read
for the indices in one query and unpacked with NumPy (sehati/surveys/indices.py).
"""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sehati.core.models import TenantModel

# The smallest group whose results may ever be shown (the survey's own minimum may be higher).
MIN_GROUP_FLOOR = 5
MIN_GROUP_DEFAULT = 10
# Codes are bytes: a Likert scale has at most 11 points (0..10), a question at most 20 options.
LIKERT_MAX_POINTS = 11
CHOICE_MAX_OPTIONS = 20
MAX_ITEMS = 200


def response_id_new() -> int:
    """A random positive 63-bit id: response rows carry no order that could be lined up with
    the order of participation records."""
    return secrets.randbits(63) or 1


def link_token_new() -> str:
    """The secret part of a public survey link (128 bits, URL-safe)."""
    return secrets.token_urlsafe(16)


class Survey(TenantModel):
    """A questionnaire of the pemda, with its respondent groups. Dimensions and items may be
    edited while nobody has answered; after the first response they are frozen."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Konsep")
        OPEN = "open", _("Dibuka")
        CLOSED = "closed", _("Ditutup")

    class Audience(models.TextChoices):
        STAFF = "staff", _("Pegawai (ASN), per OPD")
        PUBLIC = "public", _("Pengguna layanan, lewat tautan atau kode QR")
        BOTH = "both", _("Pegawai dan pengguna layanan")

    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("pengantar untuk responden"), blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    audience = models.CharField(
        _("responden"), max_length=8, choices=Audience.choices, default=Audience.STAFF
    )
    min_group_size = models.PositiveSmallIntegerField(
        _("ukuran kelompok minimal"),
        default=MIN_GROUP_DEFAULT,
        validators=[MinValueValidator(MIN_GROUP_FLOOR), MaxValueValidator(1000)],
        help_text=_("Hasil kelompok dengan responden lebih sedikit tidak ditampilkan."),
    )
    opens_on = models.DateField(_("dibuka mulai"), null=True, blank=True)
    closes_on = models.DateField(_("ditutup pada"), null=True, blank=True)
    # Bumped by every change of the questionnaire: a form filled against an older version is
    # refused instead of storing answers under the wrong items.
    revision = models.PositiveIntegerField(_("revisi kuesioner"), default=1)
    item_count = models.PositiveSmallIntegerField(_("jumlah butir"), default=0)
    opened_at = models.DateTimeField(_("dibuka pada"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ditutup pada (waktu)"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )

    class Meta:
        verbose_name = _("survei integritas internal")
        verbose_name_plural = _("survei integritas internal")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["pemda", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_group_size__gte=MIN_GROUP_FLOOR), name="survey_min_group_floor"
            ),
            models.CheckConstraint(
                condition=Q(closes_on__isnull=True)
                | Q(opens_on__isnull=True)
                | Q(closes_on__gte=F("opens_on")),
                name="survey_closes_after_opens",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def for_staff(self) -> bool:
        return self.audience in (self.Audience.STAFF, self.Audience.BOTH)

    @property
    def for_public(self) -> bool:
        return self.audience in (self.Audience.PUBLIC, self.Audience.BOTH)


class Dimension(models.Model):
    """A dimension of the questionnaire; its index is the mean of its items' scores, and the
    overall index weighs the dimensions by `weight`."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="dimensions", verbose_name=_("survei")
    )
    name = models.CharField(_("nama dimensi"), max_length=200)
    description = models.TextField(_("keterangan"), blank=True)
    weight = models.DecimalField(
        _("bobot"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(1000))],
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=1)

    class Meta:
        verbose_name = _("dimensi survei")
        verbose_name_plural = _("dimensi survei")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="survey_dimension_weight_gt_0"),
        ]

    def __str__(self) -> str:
        return self.name


class Item(models.Model):
    """A question. Likert: an answer on scale_min..scale_max (reversed items count the other
    way). Multiple choice: `options` = [{"label": ..., "score": ...}], each option's score
    mapped onto 0–100 by the lowest and highest option score."""

    class Kind(models.TextChoices):
        LIKERT = "likert", _("Skala Likert")
        CHOICE = "choice", _("Pilihan ganda")

    dimension = models.ForeignKey(
        Dimension, on_delete=models.CASCADE, related_name="items", verbose_name=_("dimensi")
    )
    text = models.TextField(_("pertanyaan"))
    kind = models.CharField(_("jenis"), max_length=8, choices=Kind.choices, default=Kind.LIKERT)
    scale_min = models.SmallIntegerField(_("nilai terendah"), default=1)
    scale_max = models.SmallIntegerField(_("nilai tertinggi"), default=5)
    reversed = models.BooleanField(
        _("butir terbalik"),
        default=False,
        help_text=_("Setuju berarti buruk (mis. 'Pungutan liar masih terjadi')."),
    )
    options: models.JSONField[Any] = models.JSONField(_("pilihan"), default=list, blank=True)
    required = models.BooleanField(_("wajib dijawab"), default=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=1)

    class Meta:
        verbose_name = _("butir survei")
        verbose_name_plural = _("butir survei")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="choice") | Q(scale_max__gt=F("scale_min")),
                name="survey_item_scale_increasing",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class RespondentGroup(models.Model):
    """A respondent group: the civil servants of one top-level OPD (`opd`, with its sub-units,
    as it stood when they answered), or the service users reached through one public link
    (`link_token`), e.g. one service point. Results are per group."""

    class Kind(models.TextChoices):
        STAFF = "staff", _("Pegawai OPD")
        PUBLIC = "public", _("Pengguna layanan")

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="groups", verbose_name=_("survei")
    )
    kind = models.CharField(_("jenis"), max_length=8, choices=Kind.choices)
    label = models.CharField(_("nama kelompok"), max_length=200)
    opd = models.ForeignKey(
        "org.Opd",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("OPD"),
    )
    service_unit = models.ForeignKey(
        "org.ServiceUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit layanan"),
    )
    link_token = models.CharField(
        _("kode tautan"), max_length=32, unique=True, null=True, blank=True, editable=False
    )
    # A tablet at the counter: many respondents on one browser, so no "already answered" flag.
    shared_device = models.BooleanField(_("perangkat bersama di loket"), default=False)
    is_active = models.BooleanField(_("tautan aktif"), default=True)
    # For the finite-population correction of the margin of error: the OPD's active civil
    # servants (counted when the survey opens and closes), or the service users in the period
    # as the UPG enters them. Empty: unknown, no correction.
    population = models.PositiveIntegerField(_("jumlah populasi"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=1)

    class Meta:
        verbose_name = _("kelompok responden")
        verbose_name_plural = _("kelompok responden")
        ordering = ["kind", "order", "label", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "opd"],
                condition=Q(kind="staff"),
                name="survey_group_one_per_opd",
            ),
            models.CheckConstraint(
                condition=(Q(kind="staff") & Q(opd__isnull=False) & Q(link_token__isnull=True))
                | (Q(kind="public") & Q(opd__isnull=True) & Q(link_token__isnull=False)),
                name="survey_group_kind_fields",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Response(models.Model):
    """One respondent's answers — and nothing else: no user, no employee, no address, no time,
    no sequential id (tests assert the field names). Never logged."""

    id = models.BigIntegerField(primary_key=True, default=response_id_new, editable=False)
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survei")
    )
    group = models.ForeignKey(
        RespondentGroup,
        on_delete=models.PROTECT,
        related_name="responses",
        verbose_name=_("kelompok"),
    )
    answers = models.BinaryField(_("jawaban (dipadatkan)"))

    class Meta:
        verbose_name = _("jawaban survei")
        verbose_name_plural = _("jawaban survei")
        # No default ordering: rows have none worth showing.
        indexes = [models.Index(fields=["survey", "group"])]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.group_id}"


class StaffParticipation(models.Model):
    """That an employee has answered a survey (so they cannot answer twice). No link to the
    response, no time, no OPD."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="participations", verbose_name=_("survei")
    )
    employee = models.ForeignKey(
        "org.Employee", on_delete=models.CASCADE, related_name="+", verbose_name=_("pegawai")
    )

    class Meta:
        verbose_name = _("keikutsertaan pegawai")
        verbose_name_plural = _("keikutsertaan pegawai")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "employee"], name="survey_staff_participation_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.employee_id}"
