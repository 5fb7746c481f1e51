"""`sehati demo` shows the UPG a queue with a case in each state (built through the services)."""

import pytest

from sehati.cases.models import Case
from sehati.org.demo import demo_build


@pytest.mark.django_db
def test_demo_has_cases_in_every_state(settings, tmp_path) -> None:
    settings.VAR_DIR = tmp_path
    result = demo_build(employees=60, password="uji-demo-Sehati-1")
    states = set(Case.objects.filter(pemda=result.pemda).values_list("status", flat=True))
    assert states == {
        "received",
        "verification",
        "incomplete",
        "analysed",
        "forwarded",
        "decided",
        "closed",
    }
    assert result.pemda.upg_head.username == "upg.demo"
