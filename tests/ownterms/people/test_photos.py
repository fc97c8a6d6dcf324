"""Photos (issue 2 §3): uploaded only as checked images, served only through access checks."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from ownterms.audit.models import AuditEvent
from ownterms.lib.photos import MAX_PHOTO_BYTES
from tests.cast import CAST_MEMBERS, Cast

#: Who may read the person's profile, so sees their photo (as the permission matrix).
SEES_PERSON = {
    "administrator",
    "manager",
    "on_call_manager",
    "team_worker",
    "person_user",
    "circle_with_consent",
    "partner_current",
}
SEES_STAFF = {"administrator", "manager", "other_manager", "on_call_manager", "team_worker"}


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def stored_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


def image_bytes(
    fmt: str = "JPEG",
    size: tuple[int, int] = (64, 48),
    *,
    exif: bool = False,
    mode: str = "RGB",
    orientation: int = 1,
) -> bytes:
    image = Image.new(mode, size, "teal" if mode == "RGB" else None)
    out = io.BytesIO()
    kwargs: dict[str, Any] = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "SpyCam"  # Make
        data[0x010E] = "secret-caption"  # ImageDescription
        data[0x0112] = orientation
        gps = data.get_ifd(0x8825)
        gps[1] = "N"
        gps[2] = (51.0, 30.0, 12.5)
        kwargs["exif"] = data.tobytes()
    image.save(out, format=fmt, **kwargs)
    return out.getvalue()


def noisy_jpeg() -> bytes:
    image = Image.effect_noise((400, 400), 80).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=95)
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` by ``height`` pixels (a decompression bomb)."""
    raw = image_bytes("PNG", (1, 1))
    ihdr = raw[16:29]
    patched = struct.pack(">II", width, height) + ihdr[8:]
    crc = struct.pack(">I", zlib.crc32(b"IHDR" + patched) & 0xFFFFFFFF)
    return raw[:16] + patched + crc + raw[33:]


def edit_url(cast: Cast) -> str:
    return f"/o/{cast.organisation.slug}/people/{cast.person.public_id}/edit/"


def photo_url(cast: Cast) -> str:
    return f"/o/{cast.organisation.slug}/people/{cast.person.public_id}/photo"


def staff_photo_url(cast: Cast) -> str:
    return f"/o/{cast.organisation.slug}/staff/{cast.staff['team_worker'].public_id}/photo"


def form_data(client: Client, cast: Cast, **extra: Any) -> dict[str, Any]:
    form = client.get(edit_url(cast)).context["form"]
    return {
        "version": form["version"].value(),
        "first_name": cast.person.first_name,
        "last_name": cast.person.last_name,
        "preferred_name": cast.person.preferred_name,
        "date_of_birth": form["date_of_birth"].value() or "",
        "communication_summary": cast.person.communication_summary,
        "has_communication_needs": "on" if cast.person.has_communication_needs else "",
        "home": cast.person.home,
        "status": cast.person.status,
        **extra,
    }


@pytest.fixture
def manager(cast: Cast, client: Client) -> Client:
    client.force_login(cast.manager)
    return client


@pytest.fixture
def upload(
    cast: Cast, manager: Client, django_capture_on_commit_callbacks: Any
) -> Callable[..., Any]:
    def post(content: bytes, name: str = "me.jpg", **extra: Any) -> Any:
        data = form_data(manager, cast, **extra)
        if content:
            data["photo"] = SimpleUploadedFile(name, content, content_type="image/jpeg")
        with django_capture_on_commit_callbacks(execute=True):
            return manager.post(edit_url(cast), data)

    return post


def clients(cast: Cast) -> Iterator[tuple[str, Client]]:
    for member in CAST_MEMBERS:
        client = Client()
        user = cast.user(member)
        if user is not None:
            client.force_login(user)
        yield member, client


# Upload and serving ---------------------------------------------------------------------------


def test_upload_strips_metadata_and_serves_to_the_cast(
    cast: Cast, upload: Callable[..., Any], media_root: Path
) -> None:
    done = upload(image_bytes(exif=True), name="../../etc/passwd.jpg")
    assert done.status_code == 302
    cast.person.refresh_from_db()
    [stored] = stored_files(media_root)
    # A random name below MEDIA_ROOT, whatever the upload was called.
    assert stored.parent == media_root / "people" / "photos"
    assert stored.suffix == ".jpg" and len(stored.stem) == 32 and "passwd" not in stored.name
    content = stored.read_bytes()
    assert b"SpyCam" not in content and b"secret-caption" not in content
    with Image.open(stored) as image:
        assert image.format == "JPEG" and image.size == (64, 48)
        assert not image.getexif() and "exif" not in image.info
    event = AuditEvent.objects.get(kind="change", action="person.update")
    assert event.changes == {"photo": {"changed": True}}

    for member, client in clients(cast):
        response = client.get(photo_url(cast))
        if member == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        elif member in SEES_PERSON:
            assert response.status_code == 200, member
            assert response["Content-Type"] == "image/jpeg"
            assert response["Cache-Control"] == "private, max-age=300"
            assert response["X-Content-Type-Options"] == "nosniff"
            assert response["Content-Disposition"] == "inline"
            assert b"".join(response.streaming_content) == content
        else:
            assert response.status_code == 404, member


def test_camera_rotation_is_kept_although_exif_goes(
    cast: Cast, upload: Callable[..., Any], media_root: Path
) -> None:
    upload(image_bytes("WEBP", (64, 48), exif=True, orientation=6), name="sideways.webp")
    [stored] = stored_files(media_root)
    with Image.open(stored) as image:
        assert image.format == "WEBP" and image.size == (48, 64) and not image.getexif()
    assert b"SpyCam" not in stored.read_bytes()


def test_photo_view_is_audited_as_its_own_page(cast: Cast, upload: Callable[..., Any]) -> None:
    upload(image_bytes())
    client = Client()
    client.force_login(cast.team_worker)
    assert client.get(photo_url(cast)).status_code == 200
    event = AuditEvent.objects.get(kind="access", actor=cast.team_worker)
    assert (event.page, event.basis) == ("person.photo", "team")


def test_person_page_shows_photo_with_alt_text(cast: Cast, upload: Callable[..., Any]) -> None:
    client = Client()
    client.force_login(cast.team_worker)
    page = f"/o/{cast.organisation.slug}/people/{cast.person.public_id}/"
    assert photo_url(cast) not in client.get(page).content.decode()
    upload(image_bytes("PNG"), name="me.png")
    html = client.get(page).content.decode()
    name = cast.person.preferred_name or cast.person.first_name
    assert f'src="{photo_url(cast)}" alt="{name}"' in html
    assert "/media/" not in html


def test_no_photo_is_404_like_forbidden(cast: Cast, manager: Client) -> None:
    assert manager.get(photo_url(cast)).status_code == 404
    assert not AuditEvent.objects.filter(kind="access", page="person.photo").exists()
    other = f"/o/{cast.organisation.slug}/people/00000000-0000-0000-0000-000000000000/photo"
    assert manager.get(other).status_code == 404


def test_missing_or_tampered_file_is_404(
    cast: Cast, upload: Callable[..., Any], media_root: Path, manager: Client
) -> None:
    upload(image_bytes())
    [stored] = stored_files(media_root)
    stored.write_bytes(b"<script>alert(1)</script>")
    assert manager.get(photo_url(cast)).status_code == 404
    stored.unlink()
    assert manager.get(photo_url(cast)).status_code == 404


def test_content_type_follows_the_stored_format(
    cast: Cast, upload: Callable[..., Any], manager: Client
) -> None:
    upload(image_bytes("WEBP"), name="photo.jpg")
    response = manager.get(photo_url(cast))
    assert response["Content-Type"] == "image/webp"
    upload(image_bytes("PNG", mode="RGBA"), name="photo.webp")
    assert manager.get(photo_url(cast))["Content-Type"] == "image/png"


def test_replacing_deletes_old_file_and_removing_works(
    cast: Cast, upload: Callable[..., Any], media_root: Path, manager: Client
) -> None:
    upload(image_bytes())
    [first] = stored_files(media_root)
    upload(image_bytes("PNG"), name="new.png")
    [second] = stored_files(media_root)
    assert second != first and second.suffix == ".png"
    form = manager.get(edit_url(cast)).content.decode()
    assert 'enctype="multipart/form-data"' in form and 'name="remove_photo"' in form
    done = upload(b"", remove_photo="on")
    assert done.status_code == 302
    assert stored_files(media_root) == []
    cast.person.refresh_from_db()
    assert not cast.person.photo
    assert manager.get(photo_url(cast)).status_code == 404
    assert (
        AuditEvent.objects.filter(kind="change", changes={"photo": {"changed": True}}).count() == 3
    )


def test_edit_without_photo_keeps_it(
    cast: Cast, upload: Callable[..., Any], media_root: Path
) -> None:
    upload(image_bytes())
    [kept] = stored_files(media_root)
    assert upload(b"", last_name="Fairweather-Smith").status_code == 302
    assert stored_files(media_root) == [kept]
    event = AuditEvent.objects.filter(kind="change").latest("pk")
    assert "photo" not in event.changes


# Hostile uploads ------------------------------------------------------------------------------

TOO_LARGE = "The photo must be at most 4000 by 4000 pixels."
NOT_AN_IMAGE = "The photo must be a JPG, PNG or WebP image."
DAMAGED = "The photo could not be read"

HOSTILE: list[tuple[str, Callable[[], bytes], str, str]] = [
    (
        "text named .jpg",
        lambda: b"just some words, honestly a photo\n" * 20,
        "me.jpg",
        NOT_AN_IMAGE,
    ),
    ("PHP script", lambda: b"<?php system($_GET['c']); ?>", "shell.php.jpg", NOT_AN_IMAGE),
    (
        "GIF/PHP polyglot",
        lambda: image_bytes("GIF") + b"<?php system($_GET['c']); ?>",
        "me.gif",
        NOT_AN_IMAGE,
    ),
    (
        "SVG with script",
        lambda: (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
        ),
        "me.svg",
        NOT_AN_IMAGE,
    ),
    ("truncated JPEG", lambda: noisy_jpeg()[:3000], "me.jpg", DAMAGED),
    ("decompression bomb", lambda: png_claiming(100_000, 100_000), "bomb.png", TOO_LARGE),
    ("too many pixels", lambda: image_bytes("PNG", (4001, 10)), "wide.png", TOO_LARGE),
    (
        "over 5 MB",
        lambda: b"\xff\xd8\xff" + b"\0" * MAX_PHOTO_BYTES,
        "big.jpg",
        "smaller than 5 MB",
    ),
    ("empty file", lambda: b"", "empty.jpg", "The selected file is empty."),
]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [case[1:] for case in HOSTILE],
    ids=[case[0] for case in HOSTILE],
)
def test_hostile_upload_is_refused_and_nothing_saved(
    cast: Cast,
    manager: Client,
    media_root: Path,
    content: Callable[[], bytes],
    name: str,
    message: str,
) -> None:
    data = form_data(manager, cast, last_name="Changed")
    data["photo"] = SimpleUploadedFile(name, content(), content_type="image/jpeg")
    response = manager.post(edit_url(cast), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'id="id_photo-error"' in html and 'href="#id_photo"' in html
    assert stored_files(media_root) == []
    cast.person.refresh_from_db()
    assert not cast.person.photo and cast.person.last_name != "Changed"
    assert not AuditEvent.objects.filter(kind="change").exists()


# Staff photos ---------------------------------------------------------------------------------


def test_staff_photo_served_only_to_those_who_see_the_record(cast: Cast, media_root: Path) -> None:
    member = cast.staff["team_worker"]
    member.photo.save("a.png", ContentFile(image_bytes("PNG")))
    staff_page = f"/o/{cast.organisation.slug}/staff/{member.public_id}/"
    for who, client in clients(cast):
        response = client.get(staff_photo_url(cast))
        if who == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        elif who in SEES_STAFF:
            assert response.status_code == 200, who
            assert response["Content-Type"] == "image/png"
            assert response["X-Content-Type-Options"] == "nosniff"
            assert b"".join(response.streaming_content).startswith(b"\x89PNG")
            html = client.get(staff_page).content.decode()
            assert f'src="{staff_photo_url(cast)}" alt="{member.name}"' in html
        else:
            assert response.status_code == 404, who


def test_no_media_url_route(cast: Cast, upload: Callable[..., Any], media_root: Path) -> None:
    upload(image_bytes())
    [stored] = stored_files(media_root)
    client = Client()
    client.force_login(cast.administrator)
    relative = stored.relative_to(media_root).as_posix()
    for prefix in ("/media/", "/"):
        assert client.get(prefix + relative).status_code == 404
