"""Forms of the question bank, the test configuration and taking a test. They only parse;
the rules live in `quiz_services`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sehati.outreach.models import Question, QuizQuestion
from sehati.outreach.quiz_services import MAX_COUNT, MIN_COUNT, QuestionData


def _no_nul(value: str) -> str:
    return value.replace("\x00", "")


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Pertanyaan"), max_length=2_000, widget=forms.Textarea(attrs={"rows": 3})
    )
    option_a = forms.CharField(label=_("Pilihan A"), max_length=500)
    option_b = forms.CharField(label=_("Pilihan B"), max_length=500)
    option_c = forms.CharField(label=_("Pilihan C"), max_length=500)
    option_d = forms.CharField(label=_("Pilihan D"), max_length=500)
    correct = forms.ChoiceField(
        label=_("Jawaban benar"),
        choices=Question.Option.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih jawaban yang benar.")},
    )
    explanation = forms.CharField(
        label=_("Pembahasan"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ditampilkan kepada peserta setelah mengirim tes akhir."),
    )
    topic = forms.ChoiceField(label=_("Topik"), choices=Question.Topic.choices)
    legal_basis = forms.CharField(
        label=_("Dasar hukum"),
        max_length=300,
        help_text=_("Pasal yang dirujuk, misalnya: Pasal 12C ayat (2) UU 31/1999 jo. UU 20/2001."),
    )

    def __init__(self, *args: Any, locked: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.locked = locked
        for name, field in self.fields.items():
            css = "form-check-input" if name == "correct" else "form-control"
            if name == "topic":
                css = "form-select"
            field.widget.attrs["class"] = css
        if locked:  # answered already: the record of what was asked stays as it was
            for name in ("text", "option_a", "option_b", "option_c", "option_d", "correct"):
                self.fields[name].disabled = True

    @classmethod
    def initial_from(cls, question: Question) -> dict[str, Any]:
        return {
            "text": question.text,
            "option_a": question.option_a,
            "option_b": question.option_b,
            "option_c": question.option_c,
            "option_d": question.option_d,
            "correct": question.correct,
            "explanation": question.explanation,
            "topic": question.topic,
            "legal_basis": question.legal_basis,
        }

    def to_data(self) -> QuestionData:
        d = self.cleaned_data
        return QuestionData(
            text=_no_nul(d["text"]),
            options=[_no_nul(d[f"option_{x}"]) for x in "abcd"],
            correct=d["correct"],
            explanation=_no_nul(d["explanation"]),
            topic=d["topic"],
            legal_basis=_no_nul(d["legal_basis"]),
        )


class QuizConfigForm(forms.Form):
    """The configuration of one test (the page holds one per kind, with prefix "pre"/"post")."""

    question_count = forms.IntegerField(
        label=_("Jumlah soal"), min_value=MIN_COUNT, max_value=MAX_COUNT, initial=10
    )
    topics = forms.MultipleChoiceField(
        label=_("Topik (kosongkan untuk semua topik)"),
        choices=Question.Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reuse_pre = forms.BooleanField(
        label=_("Pakai soal tes awal (urutan diacak), agar kenaikan pengetahuan sebanding"),
        required=False,
        initial=True,
    )
    close_pre_on_open = forms.BooleanField(
        label=_("Tutup tes awal saat tes akhir dibuka"), required=False, initial=True
    )


class TakeQuizForm(forms.Form):
    """One radio group per question of the test: `q<id>` with the options A–D."""

    def __init__(self, *args: Any, items: list[QuizQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            q = item.question
            self.fields[f"q{q.pk}"] = forms.ChoiceField(
                label=q.text,
                choices=[(letter, f"{letter}. {text}") for letter, text in q.options],
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                error_messages={"required": _("Pilih satu jawaban.")},
            )

    def rows(self) -> list[tuple[QuizQuestion, forms.BoundField]]:
        return [(item, self[f"q{item.question_id}"]) for item in self.items]

    def answers(self) -> dict[int, str]:
        return {item.question_id: self.cleaned_data[f"q{item.question_id}"] for item in self.items}
