"""Every API schema class has its own name: the OpenAPI components are keyed by class name, so
two `CaseOut` classes in two modules would make the documentation of one operation show the
other's fields."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from ninja import Schema

import sehati


def _api_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(sehati.__path__, "sehati."):
        last = info.name.rsplit(".", 1)[-1]
        if "api" in last or info.name.startswith("sehati.api."):
            names.append(info.name)
    return names


def test_schema_class_names_are_unique_across_the_api() -> None:
    where: dict[str, list[str]] = {}
    modules = _api_modules()
    assert "sehati.sanctions.api_cases" in modules and "sehati.cases.api" in modules
    for name in modules:
        module = importlib.import_module(name)
        for obj in vars(module).values():
            if inspect.isclass(obj) and issubclass(obj, Schema) and obj.__module__ == name:
                where.setdefault(obj.__name__, []).append(name)
    clashes = {cls: mods for cls, mods in where.items() if len(mods) > 1}
    assert not clashes, f"schema names used in more than one module: {clashes}"
