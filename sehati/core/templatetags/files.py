"""Template helpers for stored files: the upload rule in words and for `accept`."""

from __future__ import annotations

from django import template

from sehati.core.files import UPLOAD_ACCEPT, upload_help_text

register = template.Library()


@register.simple_tag
def upload_accept() -> str:
    return UPLOAD_ACCEPT


@register.simple_tag
def upload_help() -> str:
    return upload_help_text()
