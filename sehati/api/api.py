"""The NinjaAPI instance at /api/v1: mounts each domain's router and maps errors."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.datastructures import MultiValueDict
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser

from sehati.api.base import AUTH
from sehati.core.errors import ApplicationError


class StrictParser(Parser):
    """A parameter that is not a list but arrives more than once (`?opd_id=x&opd_id=5`) is passed
    on as the list it is, so that validation refuses it (422) instead of silently taking the last
    value and ignoring an invalid earlier one."""

    def parse_querydict(
        self, data: MultiValueDict[str, object], list_fields: list[str], request: HttpRequest
    ) -> dict[str, object]:
        result = super().parse_querydict(data, list_fields, request)
        for key in data:
            if key not in list_fields and len(data.getlist(key)) > 1:
                result[key] = data.getlist(key)
        return result


api = NinjaAPI(
    title="SEHATI API",
    version="1",
    description=(
        "API SEHATI — Sinergitas Pencegahan Gratifikasi. Autentikasi: sesi peramban, atau "
        "`Authorization: Bearer <token>` (buat dengan `sehati token create <username>`)."
    ),
    auth=AUTH,
    urls_namespace="api",
    parser=StrictParser(),
)


def _error(
    request: HttpRequest, status: int, code: str, message: str, detail: object = None
) -> HttpResponse:
    return api.create_response(
        request, {"code": code, "message": message, "detail": detail}, status=status
    )


@api.exception_handler(ApplicationError)
def on_application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return _error(request, exc.status_code, exc.code, exc.message, exc.extra or None)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", "Data tidak ditemukan.")


@api.exception_handler(PermissionDenied)
def on_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, "forbidden", "Anda tidak berwenang melakukan ini.")


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthenticated", "Perlu login atau token API yang sah.")


@api.exception_handler(ValidationError)
def on_invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    detail = [
        {"loc": [str(p) for p in err.get("loc", [])], "msg": str(err.get("msg", ""))}
        for err in exc.errors
    ]
    return _error(request, 422, "validation_error", "Masukan tidak valid.", detail)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, "http_error", str(exc))


from sehati.accounts.api import router as accounts_router  # noqa: E402
from sehati.cases.api import router as cases_router  # noqa: E402
from sehati.dashboards.api import router as dashboards_router  # noqa: E402
from sehati.dashboards.api_public import router as transparency_router  # noqa: E402
from sehati.dashboards.api_recap import router as recap_router  # noqa: E402
from sehati.declarations.api import router as declarations_router  # noqa: E402
from sehati.integrity.api import router as integrity_router  # noqa: E402
from sehati.integrity.api_plans import router as plans_router  # noqa: E402
from sehati.monitoring.api import router as tips_router  # noqa: E402
from sehati.monitoring.api_field import router as up3_field_router  # noqa: E402
from sehati.monitoring.api_findings import router as up3_findings_router  # noqa: E402
from sehati.monitoring.api_registry import router as up3_registry_router  # noqa: E402
from sehati.monitoring.api_up3 import router as up3_report_router  # noqa: E402
from sehati.notifications.api import router as notices_router  # noqa: E402
from sehati.org.api import router as org_router  # noqa: E402
from sehati.org.roster_api import router as roster_router  # noqa: E402
from sehati.outreach.api import router as outreach_router  # noqa: E402
from sehati.outreach.api_quiz import router as quiz_router  # noqa: E402
from sehati.privacy.api import router as privacy_router  # noqa: E402
from sehati.reports.api import router as rules_router  # noqa: E402
from sehati.sanctions.api_cases import router as sanction_cases_router  # noqa: E402
from sehati.sanctions.api_tpp import router as payroll_router  # noqa: E402
from sehati.surveys.api import router as surveys_router  # noqa: E402

api.add_router("", accounts_router)
api.add_router("", org_router)
api.add_router("", roster_router)
api.add_router("", rules_router)
api.add_router("", cases_router)
api.add_router("", tips_router)
api.add_router("", up3_registry_router)
api.add_router("", up3_field_router)
api.add_router("", up3_findings_router)
api.add_router("", up3_report_router)
api.add_router("", notices_router)
api.add_router("", declarations_router)
api.add_router("", sanction_cases_router)
api.add_router("", payroll_router)
api.add_router("", outreach_router)
api.add_router("", quiz_router)
api.add_router("", integrity_router)
api.add_router("", plans_router)
api.add_router("", surveys_router)
api.add_router("", dashboards_router)
api.add_router("", recap_router)
api.add_router("", privacy_router)
api.add_router("", transparency_router)
