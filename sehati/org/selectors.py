"""Reads of the organisation."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import QuerySet

from sehati.org.models import Employee, Opd, RosterImport, ServiceUnit
from sehati.org.roster import EmployeeRef, OpdRef, RosterReference, UnitRef


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


def roster_import_list(*, pemda_id: int) -> QuerySet[RosterImport]:
    """A pemda's roster imports, newest first, without the large JSON columns."""
    return (
        RosterImport.objects.filter(pemda_id=pemda_id)
        .select_related("uploaded_by__employee")
        .defer("errors", "summary")
        .order_by("-created_at", "-id")
    )


def roster_reference(*, pemda_id: int) -> RosterReference:
    """Everything a roster is checked against, loaded once: OPD (with the root of each OPD's
    tree), service units, and the pemda's employees keyed by NIP."""
    reference = RosterReference()
    rows = list(
        Opd.objects.filter(pemda_id=pemda_id).values_list(
            "id", "code", "name", "is_active", "parent_id"
        )
    )
    parent = {opd_id: parent_id for opd_id, _, _, _, parent_id in rows}

    def root(opd_id: int) -> int:
        seen = {opd_id}
        while (up := parent.get(opd_id)) is not None and up not in seen:
            seen.add(up)
            opd_id = up
        return opd_id

    roots = {opd_id: root(opd_id) for opd_id in parent}
    for opd_id, code, name, is_active, _parent_id in rows:
        reference.add_opd(OpdRef(opd_id, code, name, is_active, roots[opd_id]))
    for unit_id, code, name, opd_id in ServiceUnit.objects.filter(pemda_id=pemda_id).values_list(
        "id", "code", "name", "opd_id"
    ):
        reference.add_unit(UnitRef(unit_id, code, name, opd_id, roots.get(opd_id, opd_id)))
    fields = ("nip", *EmployeeRef._fields)
    for values in (
        Employee.objects.filter(pemda_id=pemda_id).values_list(*fields).iterator(chunk_size=5000)
    ):
        reference.employees[values[0]] = EmployeeRef(*values[1:])
    return reference
