"""REST API of issue #8 (api); mounted by sehati/api/api.py."""

from ninja import Router

router = Router(tags=["Dasbor"])
