"""UP3 findings and their follow-up over the API (issue #5 points 4, 8)."""

from ninja import Router

router = Router(tags=["UP3: temuan"])
