"""Pages of sanction cases (issue #6 points 2, 4, 5), in the "sanctions" namespace."""

from django.urls import URLPattern, path

from sehati.sanctions import views_cases as v

urlpatterns: list[URLPattern] = [
    path("sanksi/kasus/", v.case_list, name="case_list"),
    path("sanksi/kasus/buka/", v.case_open, name="case_open"),
    path("sanksi/kasus/templat-surat/", v.letter_templates, name="letter_templates"),
    path("sanksi/kasus/<int:case_id>/", v.case_detail, name="case_detail"),
    path("sanksi/kasus/<int:case_id>/pemberian/", v.case_gift_add, name="case_gift_add"),
    path("sanksi/kasus/<int:case_id>/langkah/", v.case_step_add, name="case_step_add"),
    path("sanksi/kasus/<int:case_id>/bukti/", v.case_evidence, name="case_evidence"),
    path("sanksi/kasus/<int:case_id>/putusan/", v.case_decide, name="case_decide"),
    path("sanksi/kasus/<int:case_id>/keberatan/", v.case_appeal, name="case_appeal"),
    path(
        "sanksi/kasus/<int:case_id>/keberatan/catat/",
        v.case_appeal_record,
        name="case_appeal_record",
    ),
    path(
        "sanksi/kasus/<int:case_id>/keberatan/hasil/",
        v.case_appeal_outcome,
        name="case_appeal_outcome",
    ),
    path("sanksi/kasus/<int:case_id>/disiplin/", v.case_discipline, name="case_discipline"),
    path(
        "sanksi/kasus/<int:case_id>/surat-panggilan.pdf",
        v.case_summons_pdf,
        name="case_summons_pdf",
    ),
    path(
        "sanksi/kasus/<int:case_id>/surat-putusan.pdf",
        v.case_decision_pdf,
        name="case_decision_pdf",
    ),
]
