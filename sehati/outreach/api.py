"""REST API of sosialisasi (issue #7)."""

from ninja import Router

router = Router(tags=["Sosialisasi"])
