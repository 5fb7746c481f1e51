"""REST API of pengukuran integritas (issue #7)."""

from ninja import Router

router = Router(tags=["Pengukuran integritas"])
