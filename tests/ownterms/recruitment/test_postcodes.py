"""Postcodes (``recruitment.postcodes``) and ``manage.py import_postcodes``."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ownterms.audit.models import AuditEvent
from ownterms.recruitment import postcodes
from ownterms.recruitment.models import PostcodeCentroid
from tests.cast import Cast
from tests.ownterms.recruitment import data


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("ls62ab", "LS6 2AB"),
        ("  LS6   2ab ", "LS6 2AB"),
        ("sw1a1aa", "SW1A 1AA"),
        ("M11AE", "M1 1AE"),
        ("ec1a 1bb", "EC1A 1BB"),
    ],
)
def test_normalise(given: str, expected: str) -> None:
    assert postcodes.normalise(given) == expected


@pytest.mark.parametrize("given", ["", "LS6", "123 456", "LS6 2A", "<script>", "LS6 2ABC"])
def test_normalise_refuses_what_is_not_a_postcode(given: str) -> None:
    with pytest.raises(postcodes.InvalidPostcodeError):
        postcodes.normalise(given)
    assert postcodes.normalised_or_blank(given) == ""


def test_district_of() -> None:
    assert postcodes.district_of("ls6 2ab") == "LS6"
    assert postcodes.district_of("SW1A 1AA") == "SW1A"
    assert postcodes.district_of("ls6") == "LS6"
    assert postcodes.district_of("nonsense") == ""


def test_distance_km() -> None:
    leeds, manchester = (53.7997, -1.5492), (53.4808, -2.2426)
    assert postcodes.distance_km(*leeds, *leeds) == 0
    assert 57 < postcodes.distance_km(*leeds, *manchester) < 59


def write(tmp_path: Path, text: str, name: str = "postcodes.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(path: Path, *args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_postcodes", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


ONS = (
    "pcd,pcd2,pcds,dointr,doterm,lat,long\n"
    "LS6 2AB,LS6  2AB,LS6 2AB,199001,,53.8209,-1.5760\n"
    "LS6 3CD,LS6  3CD,ls63cd,199001,,53.8250,-1.5800\n"
    "M1  1AE,M1   1AE,M1 1AE,199001,,53.4790,-2.2400\n"
    "ZZ9 9ZZ,ZZ9  9ZZ,ZZ9 9ZZ,199001,,99.999999,0.000000\n"
)


@pytest.mark.django_db
def test_imports_an_ons_postcode_directory_file(tmp_path: Path) -> None:
    out, err = run(write(tmp_path, ONS))
    assert err == ""
    assert "4 rows read; 3 postcodes added, 0 updated; 0 bad rows skipped" in out
    assert "1 without a location skipped" in out
    row = PostcodeCentroid.objects.get(postcode="LS6 3CD")
    assert (row.district, row.latitude, row.longitude) == ("LS6", 53.825, -1.58)
    assert postcodes.centroid_of("ls62ab") == (53.8209, -1.576)
    assert postcodes.centroid_of("ZZ9 9ZZ") is None


@pytest.mark.django_db
def test_imports_a_plain_file_and_updates_what_is_there(tmp_path: Path) -> None:
    run(write(tmp_path, ONS))
    plain = "Postcode,Latitude,Longitude\r\nLS6 2AB,53.9,-1.6\r\nLS7 1AA,53.83,-1.54\r\n"
    out, _err = run(write(tmp_path, plain, "plain.csv"))
    assert "2 rows read; 1 postcodes added, 1 updated" in out
    assert postcodes.centroid_of("LS6 2AB") == (53.9, -1.6)
    assert PostcodeCentroid.objects.count() == 4


@pytest.mark.django_db
def test_bad_rows_are_listed_with_their_line_numbers(tmp_path: Path) -> None:
    text = (
        "postcode,latitude,longitude\n"
        "LS6 2AB,53.82,-1.57\n"
        "not a postcode,53.82,-1.57\n"
        "LS6 3CD,40.7,-74.0\n"
        "LS6 4EF,53.82,west\n"
        "LS6 5GH\n"
        "LS6 2AB,53.83,-1.58\n"
    )
    out, err = run(write(tmp_path, text))
    assert err.splitlines() == [
        "line 3: 'not a postcode' is not a UK postcode",
        "line 4: LS6 3CD: latitude 40.7 is outside the UK (49.0 to 61.0)",
        "line 5: LS6 4EF: longitude 'west' is not a number",
        "line 6: too few columns",
    ]
    assert "6 rows read; 1 postcodes added, 0 updated; 4 bad rows skipped" in out
    assert "1 repeated (the last row counts)" in out
    assert postcodes.centroid_of("LS6 2AB") == (53.83, -1.58)


@pytest.mark.django_db
def test_strict_refuses_the_whole_file_for_one_bad_row(tmp_path: Path) -> None:
    text = "postcode,latitude,longitude\nLS6 2AB,53.82,-1.57\nLS6 3CD,0,0\n"
    with pytest.raises(CommandError, match="nothing imported: 1 bad rows"):
        run(write(tmp_path, text), "--strict")
    assert not PostcodeCentroid.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The file is empty"),
        ("name,lat,lng\nLS6 2AB,53.8,-1.5\n", "The first line must name the columns"),
        ("<html><body>Not found</body></html>\n", "The first line must name the columns"),
        (
            "postcode,latitude,longitude\nLS6 2AB,53.82,-1.57\n" + "x" * 5000 + "\n",
            "Line 3 is longer than 1000 characters",
        ),
        (
            'postcode,latitude,longitude\nLS6 2AB,53.82,-1.57\n"LS6 3CD"x,53.8,-1.5\n',
            "Line 3 cannot be read as CSV",
        ),
    ],
)
def test_a_malformed_file_imports_nothing(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(CommandError, match=message) as raised:
        run(write(tmp_path, text))
    assert "nothing imported" in str(raised.value)
    assert not PostcodeCentroid.objects.exists()


@pytest.mark.django_db
def test_a_file_that_is_not_text_imports_nothing(tmp_path: Path) -> None:
    path = tmp_path / "postcodes.csv"
    path.write_bytes(b"postcode,latitude,longitude\nLS6 2AB,53.82,-1.57\n\xff\xfe\x00\x89PNG")
    with pytest.raises(CommandError, match="not UTF-8"):
        run(path)
    assert not PostcodeCentroid.objects.exists()


@pytest.mark.django_db
def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no such file"):
        run(tmp_path / "nowhere.csv")


@pytest.mark.django_db
def test_importing_locates_applicants_and_audits_it(cast: Cast, tmp_path: Path) -> None:
    applicant = data.an_applicant(cast)
    assert applicant.latitude is None
    out, _err = run(write(tmp_path, ONS))
    assert "1 applicants' locations filled" in out
    applicant.refresh_from_db()
    assert (applicant.latitude, applicant.longitude) == (53.8209, -1.576)
    event = AuditEvent.objects.get(action="recruitment.applicant.located")
    assert event.object_id == str(applicant.public_id)
    assert event.changes["latitude"] == {"old": None, "new": 53.8209}
    # Again: nothing changes, nothing is audited.
    out, _err = run(write(tmp_path, ONS))
    assert "0 applicants' locations filled" in out
    assert AuditEvent.objects.filter(action="recruitment.applicant.located").count() == 1


@pytest.mark.django_db
def test_locate_sets_the_coordinates_in_memory(cast: Cast, tmp_path: Path) -> None:
    run(write(tmp_path, ONS), "--no-locate")
    applicant = data.an_applicant(cast)
    applicant.home_area = ""
    assert postcodes.locate(applicant) is True
    assert (applicant.latitude, applicant.longitude, applicant.home_area) == (
        53.8209,
        -1.576,
        "LS6",
    )
    applicant.postcode = "ZZ1 1ZZ"
    assert postcodes.locate(applicant) is True
    assert applicant.latitude is None
