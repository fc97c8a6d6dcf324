"""The pattern and shift pages: what they show, the forms' errors, nothing lost."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ownterms.rota.models import PatternBlock, Shift, ShiftKind
from ownterms.rota.services import shifts as shift_services
from tests.cast import Cast
from tests.ownterms.rota.factories import LONDON, assign, block, monday_of, pattern, shift
from tests.ownterms.rota.patterns_data import give_package, week_pattern

pytestmark = pytest.mark.django_db


def client_as(cast: Cast, member: str = "manager") -> Client:
    client = Client()
    user = cast.user(member)
    assert user is not None
    client.force_login(user)
    return client


def url(cast: Cast, name: str, **kwargs: Any) -> str:
    return reverse(
        name, kwargs={"org": cast.organisation.slug, "person_id": cast.person.public_id, **kwargs}
    )


def shift_url(cast: Cast, name: str, row: Shift) -> str:
    return reverse(name, kwargs={"org": cast.organisation.slug, "shift_id": row.public_id})


def block_post(**extra: str) -> dict[str, str]:
    return {
        "weekday": "0",
        "start": "10:00",
        "end": "13:00",
        "kind": ShiftKind.DAY,
        "headcount": "1",
        "skill_mode": "each",
        **extra,
    }


class TestPatternPage:
    def test_shows_grid_totals_and_the_mismatch(self, cast: Cast) -> None:
        give_package(cast)
        week_pattern(cast)
        response = client_as(cast, "team_worker").get(url(cast, "rota:pattern"))
        assert response.status_code == 200
        text = response.content.decode()
        assert "ownterms-week__day" in text and "Swimming" in text
        assert "98 h + 7 sleep-ins a week; commissioned: 105 h + 7 sleep-ins a week" in text
        assert "7 h short" in text
        assert "Add a block of support" not in text  # the team reads, doesn't change

    def test_query_count_does_not_grow_with_blocks(
        self, cast: Cast, django_assert_max_num_queries: Any
    ) -> None:
        give_package(cast)
        week_pattern(cast)
        client = client_as(cast)
        client.get(url(cast, "rota:pattern"))
        with django_assert_max_num_queries(30):
            assert client.get(url(cast, "rota:pattern")).status_code == 200

    def test_empty_pattern_invites_a_first_block(self, cast: Cast) -> None:
        text = client_as(cast, "coordinator").get(url(cast, "rota:pattern")).content.decode()
        assert "There is no support pattern yet." in text and "Add a block of support" in text

    def test_two_to_one_warning_is_shown(self, cast: Cast) -> None:
        support = pattern(cast.person, anchor=cast.today)
        block(support, 0, 600, 900, headcount=2)
        text = client_as(cast).get(url(cast, "rota:pattern")).content.decode()
        assert "needs two workers, but only 1 of the current team could work it" in text


class TestBlockForms:
    def test_adds_a_night_block(self, cast: Cast) -> None:
        response = client_as(cast).post(
            url(cast, "rota:block_new"),
            block_post(start="22:00", end="08:00", next_day="on", kind=ShiftKind.SLEEP_IN),
        )
        assert response.status_code == 302
        added = PatternBlock.objects.get()
        assert (added.start_minute, added.end_minute) == (22 * 60, 32 * 60)

    def test_midnight_end_can_be_written_24_00(self, cast: Cast) -> None:
        client = client_as(cast)
        response = client.post(url(cast, "rota:block_new"), block_post(start="18:00", end="24:00"))
        assert response.status_code == 302
        added = PatternBlock.objects.get()
        assert added.end_minute == 24 * 60
        edit = client.get(url(cast, "rota:block_edit", block_id=added.public_id)).content.decode()
        assert 'value="00:00"' in edit and "checked" in edit  # 00:00, ends the next day

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            (block_post(start=""), "Enter the start time."),
            (block_post(start="25:00"), "Enter a time between 00:00 and 23:59."),
            (block_post(start="ten"), "Enter a time like 09:00 or 17:30."),
            (block_post(end="09:00"), "The end must be after the start."),
            (block_post(weekday="9"), "Choose a day from the list."),
            (block_post(kind="<script>"), "Choose the kind of support from the list."),
            (block_post(headcount="5"), "Choose 1:1 or 2:1."),
            (block_post(activity="x" * 500), "at most 120 characters"),
            (block_post(preferred_tags="x" * 70), "60 characters or fewer"),
        ],
    )
    def test_bad_input_is_shown_next_to_the_field(
        self, cast: Cast, data: dict[str, str], message: str
    ) -> None:
        response = client_as(cast).post(url(cast, "rota:block_new"), data)
        assert response.status_code == 400
        text = response.content.decode()
        assert message in text and "govuk-error-summary" in text
        assert not PatternBlock.objects.exists()

    def test_overlap_names_the_other_block_and_keeps_the_input(self, cast: Cast) -> None:
        client = client_as(cast)
        client.post(
            url(cast, "rota:block_new"),
            block_post(start="22:00", end="08:00", next_day="on", kind=ShiftKind.SLEEP_IN),
        )
        response = client.post(
            url(cast, "rota:block_new"),
            block_post(weekday="1", start="07:00", end="09:00", activity="Breakfast club"),
        )
        assert response.status_code == 400
        text = response.content.decode()
        assert "This overlaps another block: Monday 22:00" in text
        assert 'value="Breakfast club"' in text

    def test_edit_and_remove(self, cast: Cast) -> None:
        support = pattern(cast.person, anchor=cast.today)
        row = block(support, 0, 600, 700)
        client = client_as(cast)
        edit = url(cast, "rota:block_edit", block_id=row.public_id)
        assert 'value="10:00"' in client.get(edit).content.decode()
        assert client.post(edit, block_post(start="09:00")).status_code == 302
        row.refresh_from_db()
        assert row.start_minute == 540
        remove = url(cast, "rota:block_remove", block_id=row.public_id)
        assert client.get(remove).status_code == 405
        assert client.post(remove).status_code == 302
        assert not PatternBlock.objects.exists()

    def test_another_persons_block_is_not_found(self, cast: Cast) -> None:
        theirs = block(pattern(cast.other_person, anchor=cast.today), 0, 600, 700)
        pattern(cast.person, anchor=cast.today)
        client = client_as(cast, "administrator")
        edit = url(cast, "rota:block_edit", block_id=theirs.public_id)
        assert client.get(edit).status_code == 404
        remove = url(cast, "rota:block_remove", block_id=theirs.public_id)
        assert client.post(remove).status_code == 404
        assert PatternBlock.objects.filter(pk=theirs.pk).exists()

    def test_settings_make_a_fortnight(self, cast: Cast) -> None:
        monday = monday_of(cast.today)
        response = client_as(cast, "coordinator").post(
            url(cast, "rota:pattern_settings"),
            {"weeks": "2", **date_post("anchor_monday", monday), "note": "Alternate weekends"},
        )
        assert response.status_code == 302
        page = client_as(cast).get(url(cast, "rota:pattern")).content.decode()
        assert "Repeats every two weeks." in page and "Alternate weekends" in page

    def test_settings_refuse_a_tuesday(self, cast: Cast) -> None:
        tuesday = monday_of(cast.today) + dt.timedelta(days=1)
        response = client_as(cast).post(
            url(cast, "rota:pattern_settings"),
            {
                "weeks": "2",
                "anchor_monday_day": str(tuesday.day),
                "anchor_monday_month": str(tuesday.month),
                "anchor_monday_year": str(tuesday.year),
            },
        )
        assert response.status_code == 400
        assert "Choose a Monday." in response.content.decode()


def date_post(name: str, day: dt.date) -> dict[str, str]:
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


class TestShiftPages:
    def test_week_page_marks_changes_and_compares(self, cast: Cast) -> None:
        give_package(cast, day_hours=10, sleep_ins=0)
        monday = monday_of(cast.today)
        one_off = shift(cast.person, monday, 10, 3, activity="Zoo trip")
        cancelled = shift(cast.person, monday + dt.timedelta(days=1), 10, 3)
        cancelled.status = Shift.Status.CANCELLED
        cancelled.cancel_reason = "Poorly"
        cancelled.save()
        assign(one_off, cast.staff["team_worker"])
        response = client_as(cast).get(url(cast, "rota:person_shifts"))
        text = response.content.decode()
        assert "Zoo trip" in text and "One-off" in text and "Cancelled" in text
        assert "Poorly" in text  # the reason is for those who change the rota
        assert "3 h + 0 sleep-ins a week; commissioned: 10 h" in text
        assert "7 h short" in text
        team_text = client_as(cast, "team_worker").get(url(cast, "rota:person_shifts"))
        assert "Poorly" not in team_text.content.decode()

    def test_week_query(self, cast: Cast) -> None:
        client = client_as(cast)
        page = client.get(url(cast, "rota:person_shifts") + "?week=2026-06-03")
        assert "Monday 1 June to Sunday 7 June 2026" in page.content.decode()
        assert "week=2026-05-25" in page.content.decode()
        assert client.get(url(cast, "rota:person_shifts") + "?week=junk").status_code == 404
        assert client.get(url(cast, "rota:person_shifts") + "?week=9999-01-01").status_code == 404

    def test_week_query_count_is_fixed(
        self, cast: Cast, django_assert_max_num_queries: Any
    ) -> None:
        week_pattern(cast)
        monday = monday_of(cast.today)
        shift_services.generate_shifts(
            actor=cast.user("manager"),  # type: ignore[arg-type]
            person=cast.person,
            first_day=monday,
            last_day=monday + dt.timedelta(days=6),
        )
        for row in Shift.objects.all():
            assign(row, cast.staff["team_worker"])
        client = client_as(cast)
        with django_assert_max_num_queries(30):
            assert client.get(url(cast, "rota:person_shifts")).status_code == 200

    def test_generate_form(self, cast: Cast) -> None:
        week_pattern(cast)
        monday = monday_of(cast.today)
        client = client_as(cast)
        data = {**date_post("first_day", monday), **date_post("last_day", monday + dt.timedelta(6))}
        response = client.post(url(cast, "rota:generate_shifts"), data)
        assert response.status_code == 302 and Shift.objects.count() == 21
        bad = {**date_post("first_day", monday), **date_post("last_day", monday - dt.timedelta(1))}
        response = client.post(url(cast, "rota:generate_shifts"), bad)
        assert response.status_code == 400
        assert "The end date must be on or after the start date." in response.content.decode()

    def test_one_off_form(self, cast: Cast) -> None:
        client = client_as(cast, "coordinator")
        day = dt.date(2026, 6, 2)
        data = {**date_post("on", day), **block_post(activity="Hospital appointment")}
        assert client.post(url(cast, "rota:shift_new"), data).status_code == 302
        added = Shift.objects.get()
        assert added.block_id is None and added.starts_at.astimezone(LONDON).hour == 10
        again = client.post(url(cast, "rota:shift_new"), data)
        assert again.status_code == 400
        assert "This overlaps another shift" in again.content.decode()

    def test_concurrent_edit_is_refused_and_keeps_the_input(self, cast: Cast) -> None:
        row = shift(cast.person, dt.date(2026, 6, 2), 10, 3)
        seen = row.updated_at.isoformat()
        edit = shift_url(cast, "rota:shift_edit", row)
        first = client_as(cast).post(
            edit, {**date_post("on", row.on), **block_post(start="09:00"), "version": seen}
        )
        assert first.status_code == 302
        second = client_as(cast, "coordinator").post(
            edit,
            {**date_post("on", row.on), **block_post(start="11:00", notes="Late"), "version": seen},
        )
        assert second.status_code == 409
        text = second.content.decode()
        assert "Someone else changed this shift" in text and 'value="11:00"' in text
        row.refresh_from_db()
        assert row.starts_at.astimezone(LONDON).hour == 9

    def test_cancel_needs_a_reason_then_restore(self, cast: Cast) -> None:
        row = shift(cast.person, dt.date(2026, 6, 2), 10, 3)
        cancel = shift_url(cast, "rota:shift_cancel", row)
        client = client_as(cast)
        assert client.get(cancel).status_code == 405
        empty = client.post(cancel, {"reason": "  "})
        assert empty.status_code == 400
        assert "Say why the shift is cancelled." in empty.content.decode()
        assert client.post(cancel, {"reason": "On holiday"}).status_code == 302
        row.refresh_from_db()
        assert row.status == Shift.Status.CANCELLED
        page = client.get(shift_url(cast, "rota:shift_edit", row)).content.decode()
        assert "Put the shift back on" in page
        assert client.post(cancel, {"action": "restore"}).status_code == 302
        row.refresh_from_db()
        assert row.status == Shift.Status.PLANNED and row.changed_from_pattern
