"""Seizure pages: recording with rescue medication (trained or flagged), bad times, amending."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.urls import reverse

from ownterms.daily.models import DoseRecord, Seizure
from ownterms.daily.selectors.medicines import local_zone
from tests.cast import Cast
from tests.ownterms.daily.medicines_data import a_seizure, rescue, train


def client_for(cast: Cast, member: str) -> Client:
    client = Client()
    client.force_login(cast.user(member))
    return client


def url(cast: Cast, name: str, **kwargs: Any) -> str:
    return reverse(
        f"daily:{name}",
        kwargs={"org": cast.organisation.slug, "person_id": cast.person.public_id, **kwargs},
    )


def form(cast: Cast, **extra: Any) -> dict[str, Any]:
    # Yesterday afternoon: never in the future, whatever the clock says.
    day = cast.today - dt.timedelta(days=1)
    return {
        "on_day": day.day,
        "on_month": day.month,
        "on_year": day.year,
        "starts_time": "14:00",
        "ends_time": "14:06",
        "seizure_type": "tonic_clonic",
        "description": "Fell and shook <b>hard</b> 😟",
        "recovery": "Slept an hour",
        **extra,
    }


def test_a_rescue_by_an_untrained_worker_is_saved_and_flagged(cast: Cast) -> None:
    medication = rescue(cast)
    client = client_for(cast, "team_worker")
    page = client.get(url(cast, "seizure_new")).content.decode()
    assert medication.prn_protocol in page
    response = client.post(
        url(cast, "seizure_new"),
        form(
            cast,
            rescue_medication=str(medication.public_id),
            rescue_time="14:05",
            rescue_given_by=str(cast.staff["team_worker"].public_id),
        ),
        follow=True,
    )
    text = response.content.decode()
    assert "without valid training" in text
    assert "&lt;b&gt;hard&lt;/b&gt; 😟" in text
    seizure = Seizure.objects.get()
    assert seizure.rescue_by_trained_worker is False
    assert DoseRecord.objects.get().seizure == seizure
    listing = client.get(url(cast, "seizures")).content.decode()
    assert "Given without valid training" in listing


def test_a_rescue_by_a_trained_worker_is_not_flagged(cast: Cast) -> None:
    medication = rescue(cast)
    train(cast, "team_worker", completed=cast.today - dt.timedelta(days=100), expires=None)
    client_for(cast, "team_worker").post(
        url(cast, "seizure_new"),
        form(
            cast,
            rescue_medication=str(medication.public_id),
            rescue_time="14:05",
            rescue_given_by=str(cast.staff["team_worker"].public_id),
        ),
    )
    assert Seizure.objects.get().rescue_by_trained_worker is True


def test_an_outside_worker_can_not_be_chosen_as_the_giver(cast: Cast) -> None:
    medication = rescue(cast)
    response = client_for(cast, "team_worker").post(
        url(cast, "seizure_new"),
        form(
            cast,
            rescue_medication=str(medication.public_id),
            rescue_time="14:05",
            rescue_given_by=str(cast.staff["outside_worker"].public_id),
        ),
    )
    assert response.status_code == 400
    assert "member of the person" in response.content.decode()
    assert not Seizure.objects.exists()


def test_a_rescue_outside_the_seizure_is_refused_and_nothing_lost(cast: Cast) -> None:
    medication = rescue(cast)
    response = client_for(cast, "team_worker").post(
        url(cast, "seizure_new"),
        form(
            cast,
            rescue_medication=str(medication.public_id),
            rescue_time="16:00",
            rescue_given_by=str(cast.staff["team_worker"].public_id),
        ),
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "up to an hour after" in text
    assert "Slept an hour" in text


def test_a_hundred_kilobytes_of_description_is_refused(cast: Cast) -> None:
    response = client_for(cast, "team_worker").post(
        url(cast, "seizure_new"), form(cast, description="y" * 100_000)
    )
    assert response.status_code == 400
    assert "too long" in response.content.decode()


def test_amending_keeps_the_version_and_refuses_an_end_before_the_start(cast: Cast) -> None:
    seizure = a_seizure(cast)
    local = seizure.starts_at.astimezone(local_zone())
    client = client_for(cast, "team_worker")
    data = {
        "on_day": local.day,
        "on_month": local.month,
        "on_year": local.year,
        "starts_time": f"{local:%H:%M}",
        "ends_time": f"{local:%H:%M}",
        "seizure_type": "absence",
        "description": seizure.description,
        "recovery": "",
        "amend_reason": "It was an absence",
    }
    assert (
        client.post(url(cast, "seizure_amend", seizure_id=seizure.public_id), data).status_code
        == 302
    )
    page = client.get(url(cast, "seizure_detail", seizure_id=seizure.public_id)).content.decode()
    assert "It was an absence" in page
    assert Seizure.objects.get().version == 2


def test_the_seizure_list_has_a_query_ceiling(
    cast: Cast, django_assert_max_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.queries import warm_up

    client = client_for(cast, "manager")
    counts = []
    for batch in (1, 8):
        for _ in range(batch):
            a_seizure(cast)
        warm_up(client, url(cast, "seizures"))
        with django_assert_max_num_queries(30), CaptureQueriesContext(connection) as queries:
            assert client.get(url(cast, "seizures")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], "the number of queries grows with the data"
