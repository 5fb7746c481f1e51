"""UP3 monitors, gratification-prone service points and the visit checklist over the API
(issue #5 points 1-3, 8)."""

from ninja import Router

router = Router(tags=["UP3: pemantau dan titik rawan"])
