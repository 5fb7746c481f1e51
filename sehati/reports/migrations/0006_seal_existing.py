"""Seal the reporter of every confidential report already stored (issue #9 point 1,
docs/adr/0003-sealed-confidential-reporter.md), and remove the other links between a
confidential report and its reporter: earlier versions, the reporter's messages and files, the
account on the reporter's timeline events (the hashed actor id of an event written before this
migration stays: the audit chain is append-only), reminder logs and notices, the declarations and
sanction cases that refer to the report, and the draft a declared gift started. Finding
references, which name a finding about the employee, are encrypted on every report."""

from django.db import migrations
from django.db.models import Q

from sehati.core.crypto import blind_index

REPORTER_INDEX = "reports.giftreport.reporter"
GENERIC_TITLE = "Ada pembaruan pada laporan rahasia Anda"
GENERIC_BODY = "Buka daftar laporan Anda di SEHATI untuk melihatnya."


def seal(apps, schema_editor):
    GiftReport = apps.get_model("reports", "GiftReport")
    History = apps.get_model("reports", "HistoricalGiftReport")
    User = apps.get_model("accounts", "User")
    ContentType = apps.get_model("contenttypes", "ContentType")
    TimelineEvent = apps.get_model("core", "TimelineEvent")
    StoredFile = apps.get_model("core", "StoredFile")
    Case = apps.get_model("cases", "Case")
    CaseMessage = apps.get_model("cases", "CaseMessage")
    ReminderLog = apps.get_model("notifications", "ReminderLog")
    Notice = apps.get_model("notifications", "Notice")
    Declaration = apps.get_model("declarations", "Declaration")
    DeclaredGift = apps.get_model("declarations", "DeclaredGift")
    SanctionGift = apps.get_model("sanctions", "SanctionGift")
    CaseMessage.objects.filter(from_reporter=True).update(author=None)
    for model in (GiftReport, History):
        pk = model._meta.pk.attname
        for row in model.objects.exclude(finding_reference="").values(pk, "finding_reference"):
            # The field encrypts on write and reads plain text through.
            model.objects.filter(**{pk: row[pk]}).update(finding_reference=row["finding_reference"])
    report_type = ContentType.objects.filter(app_label="reports", model="giftreport").first()
    case_type = ContentType.objects.filter(app_label="cases", model="case").first()
    rows = GiftReport.objects.filter(confidential=True, reporter__isnull=False)
    for report in list(rows):
        users = list(User.objects.filter(employee_id=report.reporter_id).values_list("pk", flat=True))
        creator = report.created_by_id if report.created_by_id in users else None
        GiftReport.objects.filter(pk=report.pk).update(
            reporter_sealed=f"{report.reporter_id}:{creator or ''}",
            reporter_ref=blind_index(str(report.reporter_id), purpose=REPORTER_INDEX),
            reporter=None,
            created_by=None if creator else report.created_by_id,
        )
        versions = History.objects.filter(id=report.pk)
        versions.update(reporter=None)
        versions.filter(created_by_id__in=users).update(created_by=None)
        versions.filter(history_user_id__in=users).update(history_user=None)
        case_ids = list(Case.objects.filter(report_id=report.pk).values_list("pk", flat=True))
        subjects = Q(pk__in=[])
        if report_type is not None:
            subjects |= Q(subject_type=report_type, subject_id=report.pk)
        if case_type is not None:
            subjects |= Q(subject_type=case_type, subject_id__in=case_ids)
        TimelineEvent.objects.filter(subjects, actor_id__in=users).update(actor=None)
        StoredFile.objects.filter(subjects, uploaded_by_id__in=users).update(uploaded_by=None)
        keys = [f"case:{pk}" for pk in case_ids]
        for log in ReminderLog.objects.filter(subject_key__in=keys, user_id__in=users):
            if ReminderLog.objects.filter(
                subject_key=log.subject_key,
                deadline=log.deadline,
                due_on=log.due_on,
                step=log.step,
                user=None,
            ).exists():
                log.delete()
            else:
                ReminderLog.objects.filter(pk=log.pk).update(user=None)
        Notice.objects.filter(user_id__in=users, url=f"/laporan/{report.pk}/").update(
            title=GENERIC_TITLE, body=GENERIC_BODY, url="/laporan/"
        )
        DeclaredGift.objects.filter(report_id=report.pk).update(report=None)
        for declaration in Declaration.objects.filter(reports=report.pk):
            sealed = {int(i) for i in (declaration.reports_sealed or "").split(",") if i}
            sealed.add(report.pk)
            declaration.reports.remove(report.pk)
            Declaration.objects.filter(pk=declaration.pk).update(
                reports_sealed=",".join(str(i) for i in sorted(sealed))
            )
        SanctionGift.objects.filter(report_id=report.pk).update(
            report=None, report_sealed=str(report.pk)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0005_sealed_reporter"),
        ("cases", "0002_casemessage_author_optional"),
        ("notifications", "0003_reminderlog_user_optional"),
        ("declarations", "0002_declaration_reports_sealed"),
        ("sanctions", "0003_sanctiongift_report_sealed"),
        ("core", "0003_audit_chain"),
        ("accounts", "0003_alter_rolegrant_role"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seal, migrations.RunPython.noop)]
