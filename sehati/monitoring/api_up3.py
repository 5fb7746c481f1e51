"""UP3 coordination meetings, the overview and the monthly report figures over the API
(issue #5 points 6-8)."""

from ninja import Router

router = Router(tags=["UP3: rapat dan laporan"])
