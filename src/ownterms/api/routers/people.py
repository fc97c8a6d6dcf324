"""/api/v1/people — filled in once the access functions land (see docs/api.md)."""

from ninja import Router

router = Router(tags=["people"])
