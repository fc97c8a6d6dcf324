"""Easy-read pages for the person themself: short lines, symbols beside words, first names,
photos with their first name as alt text, and the team only for those who may see it."""

from __future__ import annotations

import io
import re
import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from ownterms.plans.models import RoutineActivity
from tests.cast import Cast
from tests.ownterms.plans.data import plan_data


def url(cast: Cast, name: str, **kwargs: Any) -> str:
    return reverse(
        f"plans:{name}",
        kwargs={"org": cast.organisation.slug, "person_id": cast.person.public_id, **kwargs},
    )


def as_member(cast: Cast, member: str) -> Client:
    client = Client()
    client.force_login(cast.user(member))  # type: ignore[arg-type]
    return client


def jpeg() -> ContentFile:  # type: ignore[type-arg]
    out = io.BytesIO()
    Image.new("RGB", (10, 10), (0, 90, 200)).save(out, format="JPEG")
    return ContentFile(out.getvalue(), name="photo.jpg")


def test_about_me_for_the_person(cast: Cast) -> None:
    plan_data(cast)
    response = as_member(cast, "person_user").get(url(cast, "easy_about"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in html and "About me: Alex" in html
    assert "ownterms-easy-read" in html
    # One idea per line: "Seeing Mum on Sundays. My music. ..." becomes separate items.
    assert "<li>Seeing Mum on Sundays.</li>" in html and "<li>My cat, Pepper.</li>" in html
    assert "<li>I like Dancing.</li>" in html
    assert "<li>Monday at 10:00 a.m.: Dance class.</li>" in html
    # Every symbol is hidden from screen readers and has words beside it.
    symbols = re.findall(r"<svg[^>]*>", html)
    assert symbols and all('aria-hidden="true"' in tag for tag in symbols)
    assert "Fairweather" not in html.split("<main", 1)[1].split("ownterms-easy-read", 1)[1]


def test_about_me_with_a_photo_uses_the_first_name_as_alt_text(
    cast: Cast, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    cast.person.photo.save("p.jpg", jpeg())
    html = as_member(cast, "person_user").get(url(cast, "easy_about")).content.decode()
    assert re.search(r'<img class="ownterms-photo-large" src="[^"]+/photo" alt="Alex"', html)


def test_about_me_says_how_often_when_not_every_week(cast: Cast) -> None:
    data = plan_data(cast)
    RoutineActivity.objects.filter(pk=data.activity.pk).update(frequency="fortnightly")
    html = as_member(cast, "person_user").get(url(cast, "easy_about")).content.decode()
    assert "Monday at 10:00 a.m.: Dance class. Every two weeks.</li>" in html


def test_about_me_before_anything_is_written(cast: Cast) -> None:
    html = as_member(cast, "person_user").get(url(cast, "easy_about")).content.decode()
    assert html.count("We have not written this yet.") == 3


def test_my_people_shows_circle_first_names_and_the_team(cast: Cast) -> None:
    html = as_member(cast, "person_user").get(url(cast, "easy_people")).content.decode()
    assert "My people" in html
    assert "Carol. Mother." in html and "Cedric. Uncle." in html
    assert "Tariq supports me." in html
    assert "Fern" not in html  # a former team member
    assert "Teamworker" not in html  # first names only


def test_circle_member_sees_my_people_without_the_team(cast: Cast) -> None:
    html = as_member(cast, "circle_with_consent").get(url(cast, "easy_people")).content.decode()
    assert "Carol. Mother." in html
    assert "My support team" not in html and "Tariq" not in html


def test_team_photo_only_for_current_team_and_those_who_may_see_it(
    cast: Cast, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    for key in ("team_worker", "outside_worker", "former_worker"):
        cast.staff[key].photo.save(f"{key}.jpg", jpeg())
    html = as_member(cast, "person_user").get(url(cast, "easy_people")).content.decode()
    assert 'alt="Tariq"' in html
    photo = url(cast, "team_photo", staff_id=cast.staff["team_worker"].public_id)
    assert as_member(cast, "person_user").get(photo)["Content-Type"] == "image/jpeg"
    assert as_member(cast, "team_worker").get(photo).status_code == 200
    assert as_member(cast, "circle_with_consent").get(photo).status_code == 404
    assert as_member(cast, "outside_worker").get(photo).status_code == 404
    for other in ("outside_worker", "former_worker"):
        not_in_team = url(cast, "team_photo", staff_id=cast.staff[other].public_id)
        assert as_member(cast, "person_user").get(not_in_team).status_code == 404


def test_home_links_the_person_to_their_easy_read_pages(cast: Cast) -> None:
    home = reverse("core:organisation_home", kwargs={"org": cast.organisation.slug})
    html = as_member(cast, "person_user").get(home).content.decode()
    assert url(cast, "easy_about") in html and url(cast, "easy_people") in html
    manager_home = as_member(cast, "manager").get(home).content.decode()
    assert url(cast, "easy_about") not in manager_home


def test_unknown_staff_photo_is_404(cast: Cast) -> None:
    photo = url(cast, "team_photo", staff_id=uuid.uuid4())
    assert as_member(cast, "person_user").get(photo).status_code == 404
