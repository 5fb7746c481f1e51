"""Several objects in one report are assessed as one gift: the total value, and a cash-like form
when any object is cash-like (DECISIONS.md #9, the safe side)."""

import pytest

from sehati.rules.assess import gift_form_of_items, gift_value_of_items
from sehati.rules.rulesets import Form

CASES = [
    # (items as (form, value), expected form, expected total)
    ([(Form.GOODS, 300_000)], Form.GOODS, 300_000),
    ([(Form.GOODS, 300_000), (Form.FOOD, 500_000)], Form.FOOD, 800_000),
    ([(Form.GOODS, 900_000), (Form.MONEY, 1)], Form.MONEY, 900_001),
    ([(Form.VOUCHER, 100_000), (Form.GOODS, 900_000)], Form.VOUCHER, 1_000_000),
    ([(Form.VOUCHER, 100_000), (Form.MONEY, 50_000)], Form.MONEY, 150_000),
    # equal values: the first listed wins (stable, explainable)
    ([(Form.TICKET, 200_000), (Form.LODGING, 200_000)], Form.TICKET, 400_000),
    ([(Form.GOODS, 0)], Form.GOODS, 0),
]


@pytest.mark.parametrize(("items", "form", "total"), CASES)
def test_gift_of_items(items: list[tuple[Form, int]], form: Form, total: int) -> None:
    assert gift_form_of_items(items) == form
    assert gift_value_of_items(items) == total


def test_no_items_is_an_error() -> None:
    with pytest.raises(ValueError, match="objek"):
        gift_form_of_items([])
