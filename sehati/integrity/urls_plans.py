"""Pages of action plans (issue #7 point 3), in the `integrity` namespace (included by
`urls.py`)."""

from django.urls import URLPattern, path

from sehati.integrity import plans_views as v

urlpatterns: list[URLPattern] = [
    path("integritas/rencana-aksi/", v.plan_list, name="plan_list"),
    path("integritas/rencana-aksi/baru/", v.plan_create, name="plan_create"),
    path("integritas/rencana-aksi/kemajuan/", v.plan_progress, name="plan_progress"),
    path("integritas/rencana-aksi/xlsx/", v.plan_xlsx, name="plan_xlsx"),
    path("integritas/rencana-aksi/<int:plan_id>/", v.plan_detail, name="plan_detail"),
    path("integritas/rencana-aksi/<int:plan_id>/ubah/", v.plan_edit, name="plan_edit"),
    path("integritas/rencana-aksi/<int:plan_id>/batalkan/", v.plan_cancel, name="plan_cancel"),
    path("integritas/rencana-aksi/<int:plan_id>/laporan/", v.plan_update, name="plan_update"),
    path("integritas/rencana-aksi/<int:plan_id>/tautan/", v.plan_link_add, name="plan_link_add"),
    path(
        "integritas/rencana-aksi/tautan/<int:link_id>/hapus/",
        v.plan_link_remove,
        name="plan_link_remove",
    ),
]
