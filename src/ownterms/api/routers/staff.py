"""/api/v1/staff — filled in once the access functions land (see docs/api.md)."""

from ninja import Router

router = Router(tags=["staff"])
