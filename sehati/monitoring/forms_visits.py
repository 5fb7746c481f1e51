"""The visit form of a UP3 monitor (issue #5 point 3): phone-first, works without JavaScript.

Most rules live in `visits.visit_save`; this form only parses what the browser sent."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from sehati.monitoring.models import ChecklistItem, Finding, Visit
from sehati.monitoring.visits import MAX_FINDINGS, FindingDraft, visit_answers_of
from sehati.org.models import ServiceUnit

FINDING_FIELDS = ("category", "severity", "description", "person", "gift")


class VisitForm(forms.Form):
    client_uuid = forms.UUIDField(widget=forms.HiddenInput)
    service_unit = forms.TypedChoiceField(label=_("Unit layanan yang dikunjungi"), coerce=int)
    prone_service = forms.TypedChoiceField(
        label=_("Layanan rawan yang dipantau (opsional)"),
        coerce=int,
        required=False,
        empty_value=None,
    )
    visited_on = forms.DateField(
        label=_("Tanggal kunjungan"), widget=forms.DateInput(attrs={"type": "date"})
    )
    narrative = forms.CharField(
        label=_("Uraian kunjungan"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Apa yang Anda lihat dan alami di unit layanan. Wajib sebelum mengirim."),
    )
    latitude = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    longitude = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    has_findings = forms.BooleanField(label=_("Ada temuan?"), required=False)
    action = forms.ChoiceField(
        choices=[("draft", _("Simpan draf")), ("submit", _("Kirim"))], required=False
    )

    def __init__(
        self,
        *args: Any,
        items: list[ChecklistItem],
        unit_groups: list[tuple[str, list[ServiceUnit]]],
        prone: list[Any],
        today: dt.date,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        self.unit_groups = unit_groups
        self.prone = prone
        self._choice("service_unit").choices = [("", _("— pilih unit layanan —"))] + [
            (label, [(u.pk, u.name) for u in units]) for label, units in unit_groups
        ]
        self._choice("prone_service").choices = [("", _("(tidak ada / umum)"))] + [
            (p.pk, f"{p.service_unit.name}: {p.name}") for p in prone
        ]
        self.fields["visited_on"].widget.attrs["max"] = today.isoformat()
        for item in items:
            self.fields[f"item_{item.pk}"] = forms.ChoiceField(
                label=item.text,
                choices=ChecklistItem.Answer.choices,
                required=False,
                widget=forms.RadioSelect,
            )
        for n in range(1, MAX_FINDINGS + 1):
            self.fields[f"f{n}_category"] = forms.ChoiceField(
                label=_("Kategori"),
                choices=[("", "—"), *Finding.Category.choices],
                required=False,
            )
            self.fields[f"f{n}_severity"] = forms.ChoiceField(
                label=_("Tingkat"), choices=[("", "—"), *Finding.Severity.choices], required=False
            )
            self.fields[f"f{n}_description"] = forms.CharField(
                label=_("Uraian temuan"),
                required=False,
                max_length=10_000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"f{n}_person"] = forms.CharField(
                label=_("ASN yang terlibat (keterangan, mis. “petugas loket”)"),
                required=False,
                max_length=300,
            )
            self.fields[f"f{n}_gift"] = forms.CharField(
                label=_("Pemberian/pungutan yang diminta"), required=False, max_length=300
            )

    def _choice(self, name: str) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields[name])

    # --- for the template ---------------------------------------------------------------------

    def checklist_fields(self) -> list[tuple[ChecklistItem, forms.BoundField]]:
        return [(item, self[f"item_{item.pk}"]) for item in self.items]

    def finding_blocks(self) -> list[dict[str, Any]]:
        return [
            {
                "n": n,
                "selects": [self[f"f{n}_category"], self[f"f{n}_severity"]],
                "description": self[f"f{n}_description"],
                "inputs": [self[f"f{n}_person"], self[f"f{n}_gift"]],
            }
            for n in range(1, MAX_FINDINGS + 1)
        ]

    # --- to the service -----------------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        blocks = self._finding_drafts(data)
        if blocks and not data.get("has_findings"):
            raise forms.ValidationError(
                _("Centang “Ada temuan?” untuk menyertakan temuan, atau kosongkan isian temuan.")
            )
        return data

    def _finding_drafts(self, data: dict[str, Any]) -> list[FindingDraft]:
        drafts = []
        for n in range(1, MAX_FINDINGS + 1):
            values = {name: (data.get(f"f{n}_{name}") or "").strip() for name in FINDING_FIELDS}
            if any(values.values()):
                drafts.append(
                    FindingDraft(
                        category=values["category"],
                        severity=values["severity"],
                        description=values["description"],
                        person_description=values["person"],
                        gift_description=values["gift"],
                    )
                )
        return drafts

    def wants_submit(self) -> bool:
        return self.cleaned_data.get("action") == "submit"

    def to_data(self) -> dict[str, Any]:
        """Keyword arguments of `visit_save` (all but monitor, actor, today, photos, submit)."""
        d = self.cleaned_data
        answers = {item.pk: d[f"item_{item.pk}"] for item in self.items if d.get(f"item_{item.pk}")}
        return {
            "client_uuid": d["client_uuid"],
            "service_unit_id": d["service_unit"],
            "prone_service_id": d.get("prone_service"),
            "visited_on": d["visited_on"],
            "answers": answers,
            "narrative": d.get("narrative") or "",
            "latitude": d.get("latitude") or None,
            "longitude": d.get("longitude") or None,
            "findings": self._finding_drafts(d) if d.get("has_findings") else [],
        }


def visit_form_initial(
    *, visit: Visit | None, today: dt.date, unit_id: int | None, drafts: list[FindingDraft]
) -> dict[str, Any]:
    """What a new form (a fresh uuid) or a continued draft starts with."""
    if visit is None:
        return {"client_uuid": uuid.uuid4(), "visited_on": today, "service_unit": unit_id}
    initial: dict[str, Any] = {
        "client_uuid": visit.client_uuid,
        "service_unit": visit.service_unit_id,
        "prone_service": visit.prone_service_id,
        "visited_on": visit.visited_on,
        "narrative": visit.narrative,
        "latitude": "" if visit.latitude is None else str(visit.latitude),
        "longitude": "" if visit.longitude is None else str(visit.longitude),
        "has_findings": bool(drafts),
    }
    for item_id, answer in visit_answers_of(visit).items():
        initial[f"item_{item_id}"] = answer
    for n, draft in enumerate(drafts[:MAX_FINDINGS], start=1):
        initial[f"f{n}_category"] = draft.category
        initial[f"f{n}_severity"] = draft.severity
        initial[f"f{n}_description"] = draft.description
        initial[f"f{n}_person"] = draft.person_description
        initial[f"f{n}_gift"] = draft.gift_description
    return initial


class VisitFilterForm(forms.Form):
    """Filters of the visit list (UPG/Inspektur); a bad value is ignored, never a 500."""

    q = forms.CharField(label=_("Cari"), required=False, max_length=100)
    kecamatan = forms.TypedChoiceField(
        label=_("Kecamatan"), coerce=int, required=False, empty_value=None
    )
    monitor = forms.TypedChoiceField(
        label=_("Pemantau"), coerce=int, required=False, empty_value=None
    )
    unit = forms.TypedChoiceField(
        label=_("Unit layanan"), coerce=int, required=False, empty_value=None
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Semua")), *Visit.Status.choices], required=False
    )
    date_from = forms.DateField(
        label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(
        self,
        *args: Any,
        kecamatan: list[tuple[int, str]],
        monitors: list[tuple[int, str]],
        units: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kecamatan"]).choices = [("", _("Semua")), *kecamatan]
        cast(forms.ChoiceField, self.fields["monitor"]).choices = [("", _("Semua")), *monitors]
        cast(forms.ChoiceField, self.fields["unit"]).choices = [("", _("Semua")), *units]

    def filters(self) -> dict[str, Any]:
        """The valid filters only (an invalid one is dropped)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "q": (data.get("q") or "").replace("\x00", "").strip(),
            "kecamatan_id": data.get("kecamatan"),
            "monitor_id": data.get("monitor"),
            "unit_id": data.get("unit"),
            "status": data.get("status") or "",
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }
