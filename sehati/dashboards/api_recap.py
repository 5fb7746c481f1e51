"""REST API of issue #8 (api_recap); mounted by sehati/api/api.py."""

from ninja import Router

router = Router(tags=["Rekap periodik"])
