"""Template helpers available everywhere (registered as builtins in settings)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def rupiah(value: object) -> str:
    """Integer rupiah at the edge: 1250000 -> 'Rp1.250.000' (STYLE.md rule 6)."""
    if value is None or value == "":
        return "—"
    try:
        amount = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return str(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(amount):,}".replace(",", ".")


@register.simple_tag(takes_context=True)
def query_replace(context: template.Context, **kwargs: object) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        params[key] = value
    return str(params.urlencode())


@register.filter
def minutes(value: object) -> int:
    """A timedelta in whole minutes (rounded up), for messages like the lockout page."""
    seconds = getattr(value, "total_seconds", None)
    if seconds is None:
        return 0
    return int(-(-seconds() // 60))


@register.filter
def event_label(event: object) -> str:
    """A timeline event in words: its label, and for role grants which role was given."""
    from sehati.core.audit import event_label as label

    text = label(str(getattr(event, "type", event)))
    data = getattr(event, "data", None) or {}
    if getattr(event, "type", "") == "role_granted" and data.get("role"):
        from sehati.accounts.models import Role

        try:
            text = f"{text}: {Role(data['role']).label}"
        except ValueError:
            text = f"{text}: {data['role']}"
        if data.get("username"):
            text = f"{text} ({data['username']})"
    if getattr(event, "type", "") == "file_attached" and data.get("name"):
        text = f"{text}: {data['name']}"
    return text
