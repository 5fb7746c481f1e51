"""Forms of socialisation events. They parse input for one service each; the rules (what is
required, when people may register or check in) live in `sehati.outreach.services`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sehati.org.models import Kecamatan
from sehati.org.selectors import opd_tree
from sehati.outreach.models import Event, Participant
from sehati.outreach.services import MAX_SPEAKERS, MAX_TARGET, MAX_TEXT, EventData, PersonData

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
A = Event.Audience
K = Participant.Kind


class EventForm(forms.Form):
    title = forms.CharField(
        label=_("Judul"),
        max_length=200,
        help_text=_("Misalnya: Sosialisasi pengendalian gratifikasi bagi ASN Dinas Kesehatan."),
    )
    audience = forms.ChoiceField(label=_("Sasaran"), choices=A.choices, widget=forms.RadioSelect)
    held_on = forms.DateField(label=_("Tanggal"), widget=DATE)
    starts_at = forms.TimeField(label=_("Jam mulai"), required=False, widget=TIME)
    place = forms.CharField(
        label=_("Tempat"),
        max_length=200,
        required=False,
        help_text=_("Isi tempat, tautan daring, atau keduanya."),
    )
    online_url = forms.URLField(
        label=_("Tautan daring"),
        max_length=200,
        required=False,
        assume_scheme="https",
        help_text=_("Mis. tautan Zoom atau YouTube untuk peserta daring."),
    )
    speakers = forms.CharField(
        label=_("Narasumber"),
        max_length=MAX_SPEAKERS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Satu nama per baris, boleh dengan jabatan."),
    )
    target_count = forms.IntegerField(
        label=_("Target peserta"), min_value=0, max_value=MAX_TARGET, initial=0
    )
    description = forms.CharField(
        label=_("Keterangan"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    opds = forms.TypedMultipleChoiceField(
        label=_("OPD sasaran"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    kecamatans = forms.TypedMultipleChoiceField(
        label=_("Kecamatan sasaran"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, pemda: Any, event: Event | None = None, **kwargs: Any) -> None:
        if event is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": event.title,
                "audience": event.audience,
                "held_on": event.held_on,
                "starts_at": event.starts_at,
                "place": event.place,
                "online_url": event.online_url,
                "speakers": event.speakers,
                "target_count": event.target_count,
                "description": event.description,
                "opds": list(event.opds.values_list("id", flat=True)),
                "kecamatans": list(event.kecamatans.values_list("id", flat=True)),
            }
        super().__init__(*args, **kwargs)
        self.tree = opd_tree(pemda_id=pemda.pk)
        self.kecamatan_list = list(Kecamatan.objects.filter(pemda=pemda).order_by("name"))
        self.fields["opds"].choices = [(o.pk, o.name) for o, _depth in self.tree]  # type: ignore[attr-defined]
        self.fields["kecamatans"].choices = [(k.pk, k.name) for k in self.kecamatan_list]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            not data.get("place")
            and not data.get("online_url")
            and not self.has_error("online_url")
        ):
            self.add_error("place", _("Isi tempat kegiatan atau tautan daring (salah satu wajib)."))
        return data

    def opd_rows(self) -> list[dict[str, Any]]:
        chosen = {str(v) for v in (self["opds"].value() or [])}
        return [
            {"id": o.pk, "name": o.name, "depth": depth, "checked": str(o.pk) in chosen}
            for o, depth in self.tree
        ]

    def kecamatan_rows(self) -> list[dict[str, Any]]:
        chosen = {str(v) for v in (self["kecamatans"].value() or [])}
        return [
            {"id": k.pk, "name": k.name, "checked": str(k.pk) in chosen}
            for k in self.kecamatan_list
        ]

    def to_data(self) -> EventData:
        d = self.cleaned_data
        return EventData(
            title=d["title"],
            audience=d["audience"],
            held_on=d["held_on"],
            starts_at=d.get("starts_at"),
            place=d.get("place") or "",
            online_url=d.get("online_url") or "",
            speakers=d.get("speakers") or "",
            target_count=d["target_count"],
            description=d.get("description") or "",
            opd_ids=tuple(d.get("opds") or ()),
            kecamatan_ids=tuple(d.get("kecamatans") or ()),
        )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan pembatalan"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_(
            "Saya mengerti: pendaftaran dan presensi ditutup, dan pembatalan tidak dapat "
            "dibatalkan."
        ),
        error_messages={"required": _("Centang konfirmasi untuk membatalkan kegiatan.")},
    )


class PersonForm(forms.Form):
    """Registration or check-in without an account. Which fields show (and are required)
    follows the event's audience: NIP for civil servants, kecamatan for the public, business
    name for vendors. The service checks them again."""

    nip = forms.CharField(label=_("NIP"), max_length=30, required=False)
    name = forms.CharField(label=_("Nama lengkap"), max_length=200)
    organisation = forms.CharField(label=_("Instansi/lembaga"), max_length=200, required=False)
    kecamatan = forms.TypedChoiceField(
        label=_("Kecamatan tempat tinggal"), coerce=int, required=False, empty_value=None
    )
    contact = forms.CharField(
        label=_("Nomor HP atau surel (boleh dikosongkan)"), max_length=200, required=False
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        audience = event.audience
        if audience == A.ASN:
            self.fields["nip"].required = True
            self.fields["nip"].help_text = _("18 angka, tanpa spasi.")
            for name in ("organisation", "kecamatan"):
                del self.fields[name]
        else:
            del self.fields["nip"]
        if audience == A.VENDOR:
            self.fields["organisation"].label = _("Nama usaha/perusahaan")
            self.fields["organisation"].required = True
            del self.fields["kecamatan"]
        if audience == A.PUBLIC:
            kecs = Kecamatan.objects.filter(pemda_id=event.pemda_id).order_by("name")
            choices = [(k.pk, k.name) for k in kecs]
            self.fields["kecamatan"].choices = [("", _("— pilih —")), *choices]  # type: ignore[attr-defined]
            self.fields["kecamatan"].required = bool(choices)

    def to_data(self) -> PersonData:
        d = self.cleaned_data
        return PersonData(
            name=d.get("name") or "",
            nip=d.get("nip") or "",
            organisation=d.get("organisation") or "",
            kecamatan_id=d.get("kecamatan"),
            contact=d.get("contact") or "",
        )


class AttendanceForm(forms.Form):
    participants = forms.TypedMultipleChoiceField(
        label=_("Peserta yang hadir"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Centang paling sedikit satu peserta.")},
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participants"].choices = choices  # type: ignore[attr-defined]


class AddEmployeeForm(forms.Form):
    employee = forms.IntegerField(min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)


class AddPersonForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Jenis peserta"),
        choices=[(K.PUBLIC.value, K.PUBLIC.label), (K.VENDOR.value, K.VENDOR.label)],
    )
    name = forms.CharField(label=_("Nama"), max_length=200)
    organisation = forms.CharField(label=_("Instansi/usaha"), max_length=200, required=False)
    kecamatan = forms.TypedChoiceField(
        label=_("Kecamatan"), coerce=int, required=False, empty_value=None
    )
    contact = forms.CharField(label=_("Kontak"), max_length=200, required=False)

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"kind": K.VENDOR if event.audience == A.VENDOR else K.PUBLIC})
        super().__init__(*args, **kwargs)
        kecs = Kecamatan.objects.filter(pemda_id=event.pemda_id).order_by("name")
        self.fields["kecamatan"].choices = [("", "—"), *((k.pk, k.name) for k in kecs)]  # type: ignore[attr-defined]

    def to_data(self) -> PersonData:
        d = self.cleaned_data
        return PersonData(
            name=d["name"],
            organisation=d.get("organisation") or "",
            kecamatan_id=d.get("kecamatan"),
            contact=d.get("contact") or "",
        )
