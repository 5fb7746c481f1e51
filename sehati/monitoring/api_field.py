"""UP3 visits and findings over the API (issue #5 points 3-4, 8)."""

from ninja import Router

router = Router(tags=["UP3: kunjungan dan temuan"])
