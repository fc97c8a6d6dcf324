"""JSON-only request parsing, so bad bodies become clear 415/422 errors, not guesses."""

from __future__ import annotations

import json
from typing import Any, cast

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.parser import Parser

from ownterms.api.errors import MalformedBodyError, UnsupportedMediaTypeError


class JsonOnlyParser(Parser):
    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        if request.content_type != "application/json":
            raise UnsupportedMediaTypeError(request.content_type)
        try:
            data = json.loads(request.body.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise MalformedBodyError(_("The body is not valid UTF-8.")) from exc
        except (ValueError, RecursionError) as exc:
            raise MalformedBodyError(_("The body is not valid JSON.")) from exc
        if not isinstance(data, dict):
            raise MalformedBodyError(_("The body must be a JSON object."))
        return cast(dict[str, Any], data)
