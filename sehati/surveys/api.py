"""REST API of survei integritas internal (issue #7)."""

from ninja import Router

router = Router(tags=["Survei integritas internal"])
