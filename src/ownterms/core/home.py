"""What the organisation home shows. Apps above core add their own sections (in their
``AppConfig.ready``) so core never imports them; each section decides what the user may reach."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.http import HttpRequest


@dataclass(frozen=True)
class HomeLink:
    title: str
    url: str
    description: str = ""


@dataclass(frozen=True)
class HomeSection:
    heading: str
    links: Sequence[HomeLink] = ()
    #: Plain sentences shown under the heading (e.g. who is on call now).
    lines: Sequence[str] = field(default_factory=tuple)


SectionBuilder = Callable[[HttpRequest, str], HomeSection | None]
_builders: list[tuple[int, str, SectionBuilder]] = []


def register_home_section(key: str, builder: SectionBuilder, *, order: int = 100) -> None:
    """Adds (or replaces) the section ``key``; ``builder(request, org_slug)`` may return None."""
    _builders[:] = [entry for entry in _builders if entry[1] != key]
    _builders.append((order, key, builder))
    _builders.sort(key=lambda entry: (entry[0], entry[1]))


def home_sections(request: HttpRequest, org: str) -> list[HomeSection]:
    sections = [builder(request, org) for _, _, builder in _builders]
    return [section for section in sections if section is not None]
