"""The sections of one person's record (about me, plans, routine, health...), registered by the
apps that own them, so each page about a person shows the same header and links.

An app registers its section in ``AppConfig.ready()``; ``record_header`` gives a view what the
``people/_record_header.html`` include needs: the sections this actor may read (one query,
however many sections), and the person's communication needs, shown on every page about them (the
Accessible Information Standard).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise

from ownterms.accounts.models import User
from ownterms.people.access import PersonAccess
from ownterms.people.selectors import readable_categories


@dataclass(frozen=True)
class RecordTab:
    key: str
    label: str | Promise
    #: A URL name taking ``org`` and ``person_id``.
    url_name: str
    #: The consent category the section shows; it is listed only to those who may read it.
    category: str
    order: int
    #: Other categories that also list it (a section showing several, e.g. outcomes).
    also: tuple[str, ...] = ()

    def categories(self) -> set[str]:
        return {self.category, *self.also}


_TABS: dict[str, RecordTab] = {}


def register_record_tab(tab: RecordTab) -> None:
    _TABS[tab.key] = tab


def record_header(actor: User, access: PersonAccess, org: str, current: str) -> dict[str, Any]:
    """Template context for ``people/_record_header.html`` on the section ``current``."""
    person = access.person
    tabs = sorted(_TABS.values(), key=lambda tab: (tab.order, tab.key))
    wanted: set[str] = set().union(*(tab.categories() for tab in tabs))
    readable = {access.category} | readable_categories(
        actor, person.public_id, wanted - {access.category}
    )
    return {
        "person": person,
        "org": org,
        "tabs": [
            {
                "label": tab.label,
                "url": reverse(tab.url_name, kwargs={"org": org, "person_id": person.public_id}),
                "current": tab.key == current,
            }
            for tab in tabs
            if tab.categories() & readable
        ],
    }
