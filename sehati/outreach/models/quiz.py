"""The question bank and the pre- and post-tests of socialisation events (issue #7 point 1).

Each pemda keeps its own bank of multiple-choice questions about the law of gratification (never
items of KPK's SPI questionnaire: SEHATI does not help anyone prepare SPI answers, DECISIONS.md
#14). An event has at most one pre-test and one post-test; each test holds a stored random draw
from the active bank (`QuizQuestion`), so everyone who takes it answers the same questions. The
post-test reuses the pre-test's questions by default, so the knowledge gain compares like with
like. A participant takes each test once (`QuizAttempt`); each answer records the option chosen
and whether it was right at the time (`QuizAnswer`), so later edits of the bank never change a
score.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sehati.core.models import TenantModel

OPTION_LETTERS = ("A", "B", "C", "D")


class Question(TenantModel):
    """A multiple-choice question of the pemda's bank: four options A–D, one correct."""

    class Topic(models.TextChoices):
        DEFINITION = "pengertian", _("Pengertian gratifikasi")
        DUTY = "wajib_lapor", _("Kewajiban melapor")
        DEADLINE = "batas_waktu", _("Batas waktu")
        EXEMPTION = "pengecualian", _("Tidak wajib dilaporkan")
        SANCTION = "sanksi", _("Sanksi")
        HANDLING = "penanganan", _("Penanganan oleh KPK")
        UPG = "upg", _("UPG dan perlindungan pelapor")

    class Option(models.TextChoices):
        A = "A", "A"
        B = "B", "B"
        C = "C", "C"
        D = "D", "D"

    text = models.TextField(_("pertanyaan"))
    option_a = models.CharField(_("pilihan A"), max_length=500)
    option_b = models.CharField(_("pilihan B"), max_length=500)
    option_c = models.CharField(_("pilihan C"), max_length=500)
    option_d = models.CharField(_("pilihan D"), max_length=500)
    correct = models.CharField(_("jawaban benar"), max_length=1, choices=Option.choices)
    explanation = models.TextField(_("pembahasan"), blank=True)
    topic = models.CharField(_("topik"), max_length=16, choices=Topic.choices, db_index=True)
    legal_basis = models.CharField(_("dasar hukum"), max_length=300)
    is_active = models.BooleanField(_("aktif"), default=True)
    # The key of a question loaded from SEHATI's default bank (`question_bank_default.py`), so
    # loading it again adds only what is missing; empty for the UPG's own questions.
    source_key = models.CharField(_("kode bank bawaan"), max_length=20, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )

    class Meta:
        verbose_name = _("soal")
        verbose_name_plural = _("bank soal")
        ordering = ["topic", "id"]
        indexes = [models.Index(fields=["pemda", "is_active", "topic"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(correct__in=OPTION_LETTERS), name="outreach_question_correct_a_to_d"
            ),
            models.UniqueConstraint(
                fields=["pemda", "source_key"],
                condition=~Q(source_key=""),
                name="outreach_question_default_once",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def options(self) -> list[tuple[str, str]]:
        """[(letter, text)] in A–D order."""
        return [
            ("A", self.option_a),
            ("B", self.option_b),
            ("C", self.option_c),
            ("D", self.option_d),
        ]

    @property
    def correct_text(self) -> str:
        return dict(self.options).get(self.correct, "")


class Quiz(TenantModel):
    """The pre-test or the post-test of one event: the questions drawn for it and whether
    participants may take it now."""

    class Kind(models.TextChoices):
        PRE = "pre", _("Tes awal")
        POST = "post", _("Tes akhir")

    event = models.ForeignKey(
        "outreach.Event",
        on_delete=models.CASCADE,
        related_name="quizzes",
        verbose_name=_("kegiatan"),
    )
    kind = models.CharField(_("jenis tes"), max_length=4, choices=Kind.choices)
    question_count = models.PositiveSmallIntegerField(_("jumlah soal"))
    # Topic codes the draw was limited to; empty: all topics.
    topics: models.JSONField[list[str]] = models.JSONField(_("topik"), default=list, blank=True)
    # Post-test only: the same questions as the pre-test (in another order).
    reuse_pre = models.BooleanField(_("soal sama dengan tes awal"), default=False)
    # Post-test only: opening it closes the pre-test.
    close_pre_on_open = models.BooleanField(_("tutup tes awal saat tes akhir dibuka"), default=True)
    is_open = models.BooleanField(_("dibuka"), default=False)
    opened_at = models.DateTimeField(_("dibuka pada"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ditutup pada"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diatur oleh"),
    )

    class Meta:
        verbose_name = _("tes sosialisasi")
        verbose_name_plural = _("tes sosialisasi")
        ordering = ["event", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["event", "kind"], name="outreach_quiz_one_per_kind"),
            models.CheckConstraint(
                condition=Q(kind__in=("pre", "post")), name="outreach_quiz_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(question_count__gte=1, question_count__lte=50),
                name="outreach_quiz_count_1_to_50",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.event_id}"

    @property
    def is_pre(self) -> bool:
        return self.kind == self.Kind.PRE

    @property
    def is_post(self) -> bool:
        return self.kind == self.Kind.POST


class QuizQuestion(models.Model):
    """One question of a test's stored draw, at its position (1-based)."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="quiz_items")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["quiz", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "question"], name="outreach_quiz_question_once"
            ),
            models.UniqueConstraint(
                fields=["quiz", "position"], name="outreach_quiz_position_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quiz_id}#{self.position}: {self.question_id}"


class QuizAttempt(TenantModel):
    """A participant's submitted test: once per test and participant."""

    quiz = models.ForeignKey(
        Quiz, on_delete=models.PROTECT, related_name="attempts", verbose_name=_("tes")
    )
    participant = models.ForeignKey(
        "outreach.Participant",
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
        verbose_name=_("peserta"),
    )
    correct_count = models.PositiveSmallIntegerField(_("jawaban benar"))
    total = models.PositiveSmallIntegerField(_("jumlah soal"))
    score = models.PositiveSmallIntegerField(_("nilai (0-100)"))
    submitted_at = models.DateTimeField(_("dikirim pada"))

    class Meta:
        verbose_name = _("jawaban tes")
        verbose_name_plural = _("jawaban tes")
        ordering = ["quiz", "participant"]
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "participant"], name="outreach_attempt_once_per_quiz"
            ),
            models.CheckConstraint(
                condition=Q(score__lte=100), name="outreach_attempt_score_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quiz_id}/{self.participant_id}: {self.score}"


class QuizAnswer(models.Model):
    """The option a participant chose for one question, and whether it was right then."""

    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    chosen = models.CharField(max_length=1, choices=Question.Option.choices)
    is_correct = models.BooleanField()

    class Meta:
        ordering = ["attempt", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question"], name="outreach_answer_once_per_question"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}/{self.question_id}: {self.chosen}"
