"""Demo reports and cases in every state of the UPG workflow, for `sehati demo` (`make run`).

Everything goes through the services, so the demo's timelines, numbers and deadlines are what
real use produces. Dates are counted back from the pemda's today."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sehati.accounts.models import User
from sehati.cases import services as svc
from sehati.org.models import Pemda
from sehati.reports.services import report_create, report_submit

ALL_OK = dict.fromkeys(svc.CHECKLIST_KEYS, "ok")


def _report(actor: User, received_on: dt.date, submitted_on: dt.date, **data: Any) -> Any:
    values = {
        "kind": "receipt",
        "received_on": received_on,
        "category": "other",
        "giver_relation": "vendor",
        "place": "Kantor",
        "chronology": "Diantar ke kantor oleh kurir pemberi.",
        "giver_name": "CV Contoh Sejahtera (fiktif)",
        "description": "Parsel",
        "form": "food",
        "value_idr": 850_000,
        **data,
    }
    report, _new = report_create(actor=actor, data=values)
    return report_submit(report=report, actor=actor, today=submitted_on).report


def demo_cases_build(*, pemda: Pemda, today: dt.date) -> int:
    """Eight submitted reports in the states a UPG meets, one draft; returns the count."""
    users = {u.username: u for u in User.objects.filter(pemda=pemda)}
    asn, asn2, kepala = users["asn.demo"], users["asn2.demo"], users["kepala.demo"]
    upg, upgp = users["upg.demo"], users["upgp.demo"]
    pemda.upg_head = upg
    pemda.save(update_fields=["upg_head", "updated_at"])

    def day(n: int) -> dt.date:
        return today - dt.timedelta(days=n)

    _report(asn2, day(3), day(1), giver_name="PT Maju Jaya (fiktif)", value_idr=1_500_000)
    c = _report(asn, day(6), day(4), form="goods", description="Jam tangan").case
    svc.case_verification_start(case=c, actor=upgp)
    c = _report(asn, day(12), day(10), description="Voucher belanja", form="voucher").case
    svc.case_verify(
        case=c,
        actor=upgp,
        checklist={**ALL_OK, "evidence": "missing"},
        missing_note="Foto voucher dan kuitansi pembelian",
        today=day(9),
    )
    c = _report(asn2, day(15), day(13), confidential=True, value_idr=2_000_000).case
    svc.case_verify(case=c, actor=upg, checklist=ALL_OK, missing_note="", today=day(12))
    svc.case_analyse(
        case=c,
        actor=upg,
        recommendation="Pemberian dari rekanan yang sedang berurusan: wajib lapor.",
        must_report=True,
        override_reason="",
        today=day(11),
    )
    for n, (reporter, decided) in enumerate(((asn, False), (asn2, True), (asn2, True))):
        c = _report(
            reporter,
            day(40 + n),
            day(36 + n),
            form="goods",
            description="Tas kulit",
            value_idr=3_200_000,
            object_location="deposited_upg",
        ).case
        svc.case_verify(case=c, actor=upg, checklist=ALL_OK, missing_note="", today=day(35))
        svc.case_analyse(
            case=c,
            actor=upg,
            recommendation="Wajib lapor.",
            must_report=True,
            override_reason="",
            today=day(34),
        )
        item = svc.custody_receive(
            case=c,
            actor=upg,
            description="Tas kulit",
            quantity=1,
            received_from=reporter.employee.name if reporter.employee else "Pelapor",
            received_on=day(34),
            storage_location="Lemari arsip UPG, Inspektorat",
            condition="Baik, dalam kotak",
            today=day(34),
        )
        svc.case_forward_to_kpk(
            case=c,
            actor=upg,
            sent_on=day(33),
            channel="gol",
            gol_reference=f"GOL-DEMO-{n + 1:03d}",
            today=day(33),
        )
        if decided:
            svc.case_record_decision(
                case=c,
                actor=upg,
                decision="state",
                sk_number=f"SK-{n + 1}/GTF.00/2026 (demo)",
                sk_date=day(10),
                signatory_level="direktur",
                appraised_value_idr=3_000_000,
                today=day(9),
            )
        if decided and n == 2:
            svc.custody_release(
                item=item,
                actor=upg,
                released_to_kind="djkn",
                released_to="KPKNL Banjarmasin (demo)",
                released_on=day(5),
                today=day(5),
            )
            svc.case_record_followup(
                case=c,
                actor=upg,
                followup="handover",
                done_on=day(5),
                today=day(5),
                bast_number="BAST-01/KPKNL/2026 (demo)",
                handed_to="KPKNL Banjarmasin (demo)",
            )
    c = _report(
        kepala,
        day(20),
        day(19),
        category="ceremony",
        form="money",
        value_idr=1_000_000,
        giver_relation="other",
        description="Amplop resepsi pernikahan anak",
    ).case
    svc.case_verify(case=c, actor=upg, checklist=ALL_OK, missing_note="", today=day(18))
    svc.case_analyse(
        case=c,
        actor=upg,
        recommendation="Hadiah pernikahan dalam batas huruf l: tidak wajib lapor.",
        must_report=False,
        override_reason="",
        today=day(18),
    )
    report_create(
        actor=asn,
        data={
            "kind": "refusal",
            "received_on": day(1),
            "category": "other",
            "form": "money",
            "value_idr": 500_000,
            "giver_name": "Pemohon izin (fiktif)",
            "giver_relation": "service_user",
            "description": "Uang terima kasih yang ditolak",
            "place": "Loket pelayanan",
            "chronology": "Pemohon menyelipkan amplop; saya menolaknya.",
        },
    )
    return 8
