"""Links from a staff record to pages other apps keep about the same worker (availability,
leave), registered in their ``AppConfig.ready()`` so staff depends on none of them. The
linked pages allow exactly who may see the staff record: the worker, managers, administrators.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class StaffLink:
    label: str | Promise
    #: A URL name taking ``org`` and ``staff_id``.
    url_name: str
    order: int


_LINKS: dict[str, StaffLink] = {}


def register_staff_link(link: StaffLink) -> None:
    _LINKS[link.url_name] = link


def staff_links(org: str, staff_id: uuid.UUID) -> list[dict[str, object]]:
    return [
        {
            "label": link.label,
            "url": reverse(link.url_name, kwargs={"org": org, "staff_id": staff_id}),
        }
        for link in sorted(_LINKS.values(), key=lambda link: (link.order, link.url_name))
    ]
