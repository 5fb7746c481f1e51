"""REST API of action plans (issue #7 point 3)."""

from ninja import Router

router = Router(tags=["Rencana aksi"])
