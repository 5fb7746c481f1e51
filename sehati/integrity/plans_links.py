"""What an action plan may link to, and how a link is shown (issue #7 point 3).

A link is a (kind, target id) pair. Each kind names a model of another module, loaded lazily
(`django.apps.apps.get_model`) so that a kind whose module is not installed is simply not
offered. For each kind the registry knows how to check that a target exists in the plan's pemda,
how to name it, where its page is, and which of a list of targets a user may open.

Kinds: a socialisation event, an internal integrity survey, a UP3 finding, a declaration period.
Left out on purpose: sanction cases and gift reports. They are about one civil servant, and a
plan is read by the owner OPD's staff; naming a person's case or report on a plan would tell
them what the protected channels keep to the UPG and the Inspektorat (GRATIFICATION_LAW.md §2.9).

What a viewer sees of a link they may not open: the target's title when the target is
pemda-level data (an event, a survey, a declaration period are announced to the whole pemda);
only the kind for a finding (it is about one OPD's service and may name people).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import F
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from sehati.core.errors import ApplicationError
from sehati.integrity.models import ActionPlanLink
from sehati.integrity.plans_errors import PlanError

K = ActionPlanLink.Kind
CHOICES_LIMIT = 200


def _date(value: Any) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.strftime("%d-%m-%Y") if isinstance(value, dt.date) else ""


def _event_title(obj: Any) -> str:
    day = _date(getattr(obj, "held_on", None))
    return f"{obj.title} ({day})" if day else str(obj.title)


def _survey_title(obj: Any) -> str:
    return str(obj.title)


def _finding_title(obj: Any) -> str:
    return f"{obj.number} — {obj.get_category_display()} ({obj.opd})"


def _period_title(obj: Any) -> str:
    return f"{obj.title} ({_date(obj.starts_on)} s.d. {_date(obj.due_on)})"


def _visible_if(action_name: str) -> Callable[[Any, set[int]], set[int]]:
    """Every target of the user's pemda when the user has the action (pemda-wide data)."""

    def visible(user: Any, ids: set[int]) -> set[int]:
        from sehati.accounts.policies import Action, can

        return set(ids) if can(user, Action[action_name]) else set()

    return visible


def _visible_findings(user: Any, ids: set[int]) -> set[int]:
    from sehati.accounts.policies import finding_scope_for

    return set(finding_scope_for(user).filter(pk__in=ids).values_list("pk", flat=True))


def _visible_periods(user: Any, ids: set[int]) -> set[int]:
    from sehati.accounts.policies import declaration_period_scope_for

    return set(declaration_period_scope_for(user).filter(pk__in=ids).values_list("pk", flat=True))


@dataclass(frozen=True)
class LinkKind:
    code: str
    app_label: str
    model_name: str
    pemda_level: bool  # its title may be shown to a viewer who may not open it
    order_fields: tuple[str, ...]  # the newest first, for the choice list (first that exists)
    url_name: str
    title: Callable[[Any], str]
    visible: Callable[[Any, set[int]], set[int]]  # which of these ids the user may open
    related: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return str(K(self.code).label)

    def model(self) -> type[models.Model] | None:
        """The target model, or None when its module is not installed (yet)."""
        try:
            return apps.get_model(self.app_label, self.model_name)
        except LookupError:
            return None

    def objects(self, pemda_id: int) -> models.QuerySet[Any]:
        model = self.model()
        if model is None:  # pragma: no cover - callers check `available`
            raise LookupError(self.code)
        rows = model._default_manager.filter(pemda_id=pemda_id)
        if self.related:
            rows = rows.select_related(*self.related)
        return rows

    def ordering(self) -> list[Any]:
        model = self.model()
        names = {f.name for f in model._meta.get_fields()} if model is not None else set()
        for name in self.order_fields:
            if name in names:
                return [F(name).desc(nulls_last=True), F("pk").desc()]
        return [F("pk").desc()]

    def url(self, target_id: int) -> str:
        try:
            return reverse(self.url_name, args=[target_id])
        except NoReverseMatch:  # the module's pages are not mounted
            return ""


REGISTRY: dict[str, LinkKind] = {
    K.EVENT: LinkKind(
        code=K.EVENT,
        app_label="outreach",
        model_name="Event",
        pemda_level=True,
        order_fields=("held_on",),
        url_name="outreach:event_detail",
        title=_event_title,
        visible=_visible_if("OUTREACH_VIEW"),
    ),
    K.SURVEY: LinkKind(
        code=K.SURVEY,
        app_label="surveys",
        model_name="Survey",
        pemda_level=True,
        order_fields=("opens_on", "starts_on", "open_from", "created_at"),
        url_name="surveys:survey_detail",
        title=_survey_title,
        visible=_visible_if("SURVEY_VIEW"),
    ),
    K.FINDING: LinkKind(
        code=K.FINDING,
        app_label="monitoring",
        model_name="Finding",
        pemda_level=False,
        order_fields=("observed_on",),
        url_name="monitoring:finding_detail",
        title=_finding_title,
        visible=_visible_findings,
        related=("opd",),
    ),
    K.DECLARATION_PERIOD: LinkKind(
        code=K.DECLARATION_PERIOD,
        app_label="declarations",
        model_name="DeclarationPeriod",
        pemda_level=True,
        order_fields=("starts_on",),
        url_name="declarations:period_detail",
        title=_period_title,
        visible=_visible_periods,
    ),
}


def link_kinds_available() -> list[LinkKind]:
    """The kinds whose module is installed, in the order of `ActionPlanLink.Kind`."""
    return [REGISTRY[k] for k in K.values if REGISTRY[k].model() is not None]


def link_kind_get(kind: str) -> LinkKind:
    found = REGISTRY.get(kind)
    if found is None or found.model() is None:
        raise ApplicationError(
            _("Jenis tautan tidak dikenal. Pilih: %(kinds)s.")
            % {"kinds": ", ".join(k.code for k in link_kinds_available())},
            code=PlanError.LINK_KIND_UNKNOWN,
        )
    return found


def link_target_get(*, kind: str, pemda_id: int, target_id: int) -> Any:
    """The target of a new link: it must exist in the plan's pemda. Missing and another pemda's
    are the same refusal (no way to probe other tenants' ids)."""
    link_kind = link_kind_get(kind)
    target = None
    if 1 <= int(target_id) <= 2**63 - 1:
        target = link_kind.objects(pemda_id).filter(pk=target_id).first()
    if target is None:
        raise ApplicationError(
            _("%(kind)s dengan id %(id)s tidak ditemukan di pemda ini.")
            % {"kind": link_kind.label, "id": target_id},
            code=PlanError.LINK_TARGET_MISSING,
        )
    return target


def link_target_choices(
    *, kind: str, pemda_id: int, limit: int = CHOICES_LIMIT
) -> list[tuple[int, str]]:
    """The pemda's objects of a kind to choose from: the newest `limit` (by date)."""
    link_kind = link_kind_get(kind)
    rows = link_kind.objects(pemda_id).order_by(*link_kind.ordering())[:limit]
    return [(row.pk, link_kind.title(row)) for row in rows]


@dataclass(frozen=True)
class LinkView:
    """A link as one viewer sees it: `title` empty when the viewer may see only the kind,
    `url` empty when they may not open the target (or its pages are not mounted), `missing`
    when the target is gone."""

    link: ActionPlanLink
    kind_label: str
    title: str
    url: str
    missing: bool = False

    @property
    def id(self) -> int:
        return self.link.pk


def links_resolve(*, links: Sequence[ActionPlanLink], user: Any) -> list[LinkView]:
    """Every link with its target's title and page as `user` may see them: one query per kind
    for the targets and at most one per kind for what the user may open."""
    by_kind: dict[str, set[int]] = defaultdict(set)
    for link in links:
        by_kind[link.kind].add(link.target_id)
    targets: dict[str, dict[int, Any]] = {}
    openable: dict[str, set[int]] = {}
    for kind, ids in by_kind.items():
        link_kind = REGISTRY.get(kind)
        if link_kind is None or link_kind.model() is None:
            targets[kind], openable[kind] = {}, set()
            continue
        pemda_id = next(link.pemda_id for link in links if link.kind == kind)
        targets[kind] = link_kind.objects(pemda_id).in_bulk(list(ids))
        openable[kind] = link_kind.visible(user, set(targets[kind])) if targets[kind] else set()
    out = []
    for link in links:
        link_kind = REGISTRY.get(link.kind)
        label = link_kind.label if link_kind else link.kind
        target = targets.get(link.kind, {}).get(link.target_id)
        if link_kind is None or target is None:
            out.append(LinkView(link, label, "", "", missing=True))
            continue
        may_open = link.target_id in openable[link.kind]
        title = link_kind.title(target) if may_open or link_kind.pemda_level else ""
        url = link_kind.url(link.target_id) if may_open else ""
        out.append(LinkView(link, label, title, url))
    return out
