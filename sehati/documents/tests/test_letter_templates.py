"""Letter templates: only known placeholders, filled by a plain replacer, changes on the timeline."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from conftest import World
from sehati.core.audit import timeline_for
from sehati.core.errors import ApplicationError
from sehati.documents.errors import DocumentError
from sehati.documents.letters import PLACEHOLDERS, letter_fill, placeholders_in
from sehati.documents.models import LetterTemplate
from sehati.documents.selectors import letter_template_for
from sehati.documents.services import letter_template_create, letter_template_update


def test_fill_replaces_known_names_once_and_leaves_everything_else() -> None:
    values = dict.fromkeys(PLACEHOLDERS, "")
    values.update(nomor_surat="{tanggal}", tanggal="7 Oktober 2026")
    text = "No {nomor_surat}, {tanggal}; {{ request.user }} {% load x %} {lain}"
    # A value is inserted as written: "{tanggal}" inside it is not filled again.
    assert (
        letter_fill(text, values)
        == "No {tanggal}, 7 Oktober 2026; {{ request.user }} {% load x %} {lain}"
    )
    assert placeholders_in(text) == ["nomor_surat", "tanggal", "lain"]


def test_unknown_placeholder_is_a_validation_error(world: World) -> None:
    template = LetterTemplate(
        pemda=world.pemda,
        code="x",
        name="X",
        subject="Perihal {perihal}",
        body="{nama_pemda} {rahasia}",
    )
    with pytest.raises(ValidationError) as caught:
        template.full_clean()
    assert "{perihal}" in str(caught.value.message_dict["subject"])
    assert "{rahasia}" in str(caught.value.message_dict["body"])


def test_template_engine_syntax_with_spaces_is_plain_text(world: World) -> None:
    template = LetterTemplate(
        pemda=world.pemda, code="x", name="X", subject="S", body="{{ request }} {% debug %}"
    )
    template.full_clean()  # nothing in braces is a placeholder name: allowed, printed as written


def test_default_is_used_until_the_pemda_writes_its_own(world: World) -> None:
    default = letter_template_for(pemda=world.pemda)
    assert default.pk is None and "{jumlah_laporan}" in default.body
    default.full_clean()  # the shipped wording passes its own validation
    own = LetterTemplate.objects.create(
        pemda=world.other_pemda, code="pengantar-kpk", name="Milik lain", subject="S", body="B"
    )
    assert letter_template_for(pemda=world.pemda).pk is None  # another pemda's does not count
    assert letter_template_for(pemda=world.other_pemda) == own


def test_create_and_update_are_on_the_timeline(world: World) -> None:
    siti = world.users["upg"]
    template = letter_template_create(
        pemda=world.pemda,
        actor=siti,
        data={"code": "pengantar-kpk", "name": "Pengantar", "subject": "S", "body": "{tanggal}"},
    )
    updated = letter_template_update(
        template=template, actor=siti, data={"body": "Tanggal {tanggal}", "name": "Pengantar"}
    )
    assert updated.body == "Tanggal {tanggal}"
    events = list(timeline_for(template))
    assert [e.type for e in events] == ["letter_template_updated", "letter_template_created"]
    assert events[0].data == {"fields": ["body"]}
    assert events[0].actor == siti

    letter_template_update(template=template, actor=siti, data={"body": "Tanggal {tanggal}"})
    assert timeline_for(template).count() == 2  # nothing changed, nothing written

    with pytest.raises(ApplicationError) as caught:
        letter_template_update(template=template, actor=siti, data={"body": "{kode_rahasia}"})
    assert caught.value.code == DocumentError.UNKNOWN_PLACEHOLDER
    with pytest.raises(ApplicationError) as caught:
        letter_template_create(
            pemda=world.pemda,
            actor=siti,
            data={"code": "pengantar-kpk", "name": "Dua", "subject": "S", "body": "B"},
        )
    assert caught.value.code == DocumentError.TEMPLATE_CODE_TAKEN
