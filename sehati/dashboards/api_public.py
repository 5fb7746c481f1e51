"""REST API of issue #8 (api_public); mounted by sehati/api/api.py."""

from ninja import Router

router = Router(tags=["Transparansi publik"])
