"""Forms of the UP3 coordination meetings and the report filters (issue #5 points 6-7). They parse
input for one service or selector each; the rules live in `meetings` and `up3_report`."""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sehati.core.files import upload_help_text
from sehati.core.forms import MAX_FILES_PER_POST, MultipleFileField
from sehati.monitoring.models import Meeting, Monitor

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
EARLIEST = dt.date(2015, 1, 1)


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Tanggal rapat"), widget=DATE)
    place = forms.CharField(label=_("Tempat"), max_length=200)
    agenda = forms.CharField(
        label=_("Agenda"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 3})
    )
    minutes = forms.CharField(
        label=_("Notulen"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Pembahasan, kesimpulan, dan tindak lanjut yang disepakati."),
    )
    attendees = forms.TypedMultipleChoiceField(
        label=_("Pemantau yang hadir"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_attendees = forms.CharField(
        label=_("Peserta lain"),
        max_length=2_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Misalnya: Inspektur, Kepala UPG, perwakilan OPD (satu per baris)."),
    )
    attachments = MultipleFileField(
        label=_("Daftar hadir bertanda tangan / pindaian notulen"), required=False
    )

    def __init__(
        self, *args: Any, pemda: Any, today: dt.date, meeting: Meeting | None = None, **kwargs: Any
    ) -> None:
        if meeting is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "held_on": meeting.held_on,
                "place": meeting.place,
                "agenda": meeting.agenda,
                "minutes": meeting.minutes,
                "other_attendees": meeting.other_attendees,
                "attendees": [m.pk for m in meeting.attendees.all()],
            }
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["held_on"].widget.attrs["max"] = today.isoformat()
        self.fields["held_on"].widget.attrs["min"] = EARLIEST.isoformat()
        self.fields["attachments"].help_text = upload_help_text()
        # Active monitors, and whoever is already recorded as present (even if no longer active).
        offered = Q(is_active=True)
        if meeting is not None:
            offered |= Q(meetings=meeting)
        self.monitors = list(
            Monitor.objects.filter(offered, pemda=pemda)
            .select_related("kecamatan")
            .distinct()
            .order_by("kecamatan__name", "name", "id")
        )
        self.fields["attendees"].choices = [(m.pk, m.name) for m in self.monitors]  # type: ignore[attr-defined]

    def clean_held_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["held_on"]
        if day > self.today:
            raise forms.ValidationError(_("Tanggal rapat tidak boleh sesudah hari ini."))
        if day < EARLIEST:
            raise forms.ValidationError(_("Tanggal rapat terlalu lama (sebelum 2015)."))
        return day

    def clean_attachments(self) -> list[Any]:
        files: list[Any] = self.cleaned_data.get("attachments") or []
        if len(files) > MAX_FILES_PER_POST:
            raise forms.ValidationError(
                _("Paling banyak %(n)d berkas sekali unggah."), params={"n": MAX_FILES_PER_POST}
            )
        return files

    def attendee_groups(self) -> list[dict[str, Any]]:
        """The checkbox list grouped by kecamatan, with what is ticked."""
        if self.is_bound:
            raw = self.data.getlist(self.add_prefix("attendees"))  # type: ignore[attr-defined]
        else:
            raw = self.initial.get("attendees") or []
        ticked = {str(v) for v in raw}
        return [
            {
                "kecamatan": name,
                "monitors": [
                    {
                        "id": m.pk,
                        "name": m.name,
                        "checked": str(m.pk) in ticked,
                        "inactive": not m.on_duty(self.today),
                        "coordinator": m.is_coordinator,
                    }
                    for m in group
                ],
            }
            for name, group in groupby(self.monitors, key=lambda m: m.kecamatan.name)
        ]
