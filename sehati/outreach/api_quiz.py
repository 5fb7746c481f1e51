"""REST API of the question bank and the pre/post tests (issue #7 point 1)."""

from ninja import Router

router = Router(tags=["Sosialisasi: bank soal dan tes"])
