"""Reads of the organisation."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sehati.org.models import Opd


def opd_descendant_ids(*, pemda_id: int | None, roots: Iterable[int]) -> set[int]:
    """The given OPD ids with all their descendants (the OPD tree is small: one query)."""
    if pemda_id is None:
        return set()
    children: dict[int | None, list[int]] = defaultdict(list)
    for opd_id, parent_id in Opd.objects.filter(pemda_id=pemda_id).values_list("id", "parent_id"):
        children[parent_id].append(opd_id)
    result: set[int] = set()
    stack = list(roots)
    while stack:
        node = stack.pop()
        if node in result:
            continue
        result.add(node)
        stack.extend(children.get(node, ()))
    return result


def opd_tree(*, pemda_id: int) -> list[tuple[Opd, int]]:
    """All OPD of a pemda in tree order, each with its depth (for indented lists)."""
    nodes = list(Opd.objects.filter(pemda_id=pemda_id).order_by("name"))
    by_parent: dict[int | None, list[Opd]] = defaultdict(list)
    for node in nodes:
        by_parent[node.parent_id].append(node)
    ordered: list[tuple[Opd, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for child in by_parent.get(parent_id, []):
            ordered.append((child, depth))
            walk(child.id, depth + 1)

    walk(None, 0)
    return ordered
