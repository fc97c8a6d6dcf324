"""One error envelope for every failure under /api/: ``{"error": {code, message, fields}}``."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

logger = logging.getLogger("ownterms.api")

API_PREFIX = "/api/"


def _codes() -> dict[int, tuple[str, str]]:
    return {
        400: ("bad_request", _("The request could not be understood.")),
        401: ("not_authenticated", _("A valid API token is required.")),
        403: ("forbidden", _("You may read this but not change it.")),
        404: ("not_found", _("Not found.")),
        405: ("method_not_allowed", _("This method is not allowed here.")),
        409: ("conflict", _("Someone else changed this since you read it; read it again.")),
        406: ("not_acceptable", _("This API only answers in JSON.")),
        413: ("too_large", _("The request body is too large.")),
        415: ("unsupported_media_type", _("Send the request body as application/json.")),
        422: ("invalid", _("The request has errors.")),
        429: ("throttled", _("Too many requests; try again later.")),
        500: ("server_error", _("Something went wrong on our side; nothing was changed.")),
    }


class MalformedBodyError(Exception):
    """The body is not JSON (raised by our parser; ninja wraps it in a 400 HttpError)."""


class UnsupportedMediaTypeError(Exception):
    """A body was sent with a content type other than JSON."""


class DjangoFieldErrors(Exception):  # noqa: N818 - it is a 422 answer, not a crash
    """Field errors found after schema validation (e.g. a model's full_clean): a 422."""

    def __init__(self, fields: dict[str, list[str]]) -> None:
        super().__init__(fields)
        self.fields = {
            f"body.{name}": [str(m) for m in messages] for name, messages in fields.items()
        }


def envelope(
    status: int,
    *,
    code: str | None = None,
    message: str | None = None,
    fields: Mapping[str, list[str]] | None = None,
) -> JsonResponse:
    default_code, default_message = _codes().get(
        status, ("server_error" if status >= 500 else "bad_request", _("The request failed."))
    )
    response = JsonResponse(
        {
            "error": {
                "code": code or default_code,
                "message": message or default_message,
                "fields": dict(fields or {}),
            }
        },
        status=status,
    )
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def fields_from_errors(errors: Iterable[Mapping[str, Any]]) -> dict[str, list[str]]:
    """Turn ninja/pydantic error dicts into ``{"body.name": ["message", ...]}``."""
    fields: dict[str, list[str]] = {}
    for error in errors:
        location = [str(part) for part in error.get("loc", ())]
        # ninja nests a single body schema under its argument name: body.payload.name
        if len(location) >= 2 and location[0] == "body" and location[1] == "payload":
            del location[1]
        key = ".".join(location) or "body"
        fields.setdefault(key, []).append(_field_message(error))
    return fields


def _field_message(error: Mapping[str, Any]) -> str:
    kind = str(error.get("type", ""))
    if kind == "extra_forbidden":
        return _("This field is not allowed.")
    if kind == "missing":
        return _("This field is required.")
    if kind == "uuid_parsing" or kind == "uuid_type":
        return _("Enter a valid identifier (a UUID).")
    return str(error.get("msg", _("This value is not valid.")))


def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = fields_from_errors(exc.errors)
    if any(key.startswith("path.") for key in fields):
        # A malformed id in the path is just a missing object.
        return envelope(404)
    return envelope(422, fields=fields)


def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    cause = exc.__cause__
    if isinstance(cause, UnsupportedMediaTypeError):
        return envelope(415)
    if isinstance(cause, RequestDataTooBig):
        return envelope(413)
    if isinstance(cause, MalformedBodyError):
        return envelope(422, code="invalid_json", message=str(cause), fields={"body": [str(cause)]})
    if isinstance(exc, AuthenticationError):
        return envelope(401)
    if 400 <= exc.status_code < 600:
        return envelope(exc.status_code)
    return envelope(400)


def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return envelope(404)


def on_permission_denied(request: HttpRequest, exc: Exception) -> HttpResponse:
    return envelope(403)


def on_field_errors(request: HttpRequest, exc: DjangoFieldErrors) -> HttpResponse:
    return envelope(422, fields=exc.fields)


def on_exception(request: HttpRequest, exc: Exception) -> HttpResponse:
    if isinstance(exc, RequestDataTooBig):
        return envelope(413)
    if isinstance(exc, SuspiciousOperation):
        logger.warning("Suspicious API request to %s: %s", request.path, exc)
        return envelope(400)
    logger.error("Unhandled error in API view %s", request.path, exc_info=exc)
    return envelope(500)


def install_handlers(api: NinjaAPI) -> None:
    handlers: list[tuple[type[Exception], Callable[[HttpRequest, Any], HttpResponse]]] = [
        (ValidationError, on_validation_error),
        (AuthenticationError, on_http_error),
        (HttpError, on_http_error),
        (Http404, on_not_found),
        (PermissionDenied, on_permission_denied),
        (DjangoFieldErrors, on_field_errors),
        (Exception, on_exception),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, handler)


def is_api_request(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


class ApiErrorEnvelopeMiddleware:
    """Safety net: any non-JSON error from under /api/ becomes the envelope.

    ninja's handlers cover failures inside API views; this covers the rest (unknown
    methods, CSRF or host rejections, errors in other middleware, Django's 500 page),
    so nothing under /api/ ever answers with HTML or a traceback.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not is_api_request(request) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json") and _is_envelope(
            response
        ):
            return response
        replacement = envelope(response.status_code)
        if response.status_code == 405 and response.has_header("Allow"):
            replacement["Allow"] = response["Allow"]
        return replacement


def _is_envelope(response: HttpResponse) -> bool:
    if getattr(response, "streaming", False):
        return False
    try:
        data = json.loads(response.content)
    except ValueError:
        return False
    return isinstance(data, dict) and isinstance(data.get("error"), dict)
