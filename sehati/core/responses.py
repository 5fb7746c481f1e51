"""File downloads shared by pages and API operations: one place that sets the attachment name
and the caching rule (private files are never stored by a browser or a proxy), and the OpenAPI
description of a binary answer."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse


def file_response(
    data: bytes, *, filename: str, content_type: str, public_max_age: int | None = None
) -> HttpResponse:
    """`data` as a download named `filename`: `private, no-store`, or publicly cacheable for
    `public_max_age` seconds (open data)."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = (
        "private, no-store" if public_max_age is None else f"public, max-age={public_max_age}"
    )
    return response


def binary_openapi(content_type: str, what: str) -> dict[str, Any]:
    """`openapi_extra` for an operation that answers a file instead of JSON."""
    return {
        "responses": {
            200: {
                "description": what,
                "content": {content_type: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }
