"""UP3 visits over the API (issue #5 points 3, 8)."""

from ninja import Router

router = Router(tags=["UP3: kunjungan"])
