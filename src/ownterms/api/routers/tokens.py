"""/api/v1/tokens: your own tokens (list, rename, revoke); creating one needs the web page."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest
from ninja import Query, Router
from ninja.errors import ValidationError

from ownterms.api import selectors, services
from ownterms.api.auth import actor
from ownterms.api.models import ApiToken
from ownterms.api.routers.paging import Paging, paginate
from ownterms.api.schemas import ErrorOut, Page, TokenOut, TokenRename

router = Router(tags=["tokens"])
ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _own(request: HttpRequest, public_id: uuid.UUID) -> ApiToken:
    token = selectors.own_token(actor(request), public_id)
    if token is None:
        raise Http404
    return token


@router.get("", response={200: Page[TokenOut], **ERRORS}, summary="List your API tokens")
def list_tokens(request: HttpRequest, paging: Query[Paging]) -> dict[str, object]:
    return paginate(selectors.tokens_of(actor(request)), paging)


@router.get("/{uuid:public_id}", response={200: TokenOut, **ERRORS}, summary="One of your tokens")
def get_token(request: HttpRequest, public_id: uuid.UUID) -> ApiToken:
    return _own(request, public_id)


@router.patch("/{uuid:public_id}", response={200: TokenOut, **ERRORS}, summary="Rename a token")
def rename_token(request: HttpRequest, public_id: uuid.UUID, payload: TokenRename) -> ApiToken:
    token = _own(request, public_id)
    try:
        return services.rename_token(actor=actor(request), token=token, name=payload.name)
    except services.TokenError as exc:
        raise ValidationError([{"loc": ("body", "name"), "msg": str(exc)}]) from exc


@router.delete("/{uuid:public_id}", response={200: TokenOut, **ERRORS}, summary="Revoke a token")
def revoke_token(request: HttpRequest, public_id: uuid.UUID) -> ApiToken:
    return services.revoke_token(actor=actor(request), token=_own(request, public_id))
