"""Photos are known by their first bytes; the caps give one message per problem."""

from __future__ import annotations

import pytest

from taizhang.appeals.photos import MAX_PHOTO_BYTES, MAX_PHOTOS, Photo, image_type, photo_problems
from tests.web.images import tiny_png


@pytest.mark.parametrize(
    ("content", "media_type"),
    [
        (tiny_png(), "image/png"),
        (b"\xff\xd8\xff\xdb" + b"0" * 10, "image/jpeg"),
        (b"GIF89a" + b"0" * 10, "image/gif"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00", "image/heic"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\x00JUNK", None),
        (b"%PDF-1.7", None),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", None),
        (b"", None),
    ],
)
def test_it_reads_the_type_from_the_content(content: bytes, media_type: str | None) -> None:
    assert image_type(content) == media_type


def test_it_accepts_photos_within_the_caps() -> None:
    photos = [Photo(f"{n}.png", tiny_png()) for n in range(MAX_PHOTOS)]
    assert photo_problems(photos) == []


def test_it_names_each_bad_photo() -> None:
    photos = [Photo("a.pdf", b"%PDF-1.7"), Photo("b.jpg", b"\xff\xd8\xff" * MAX_PHOTO_BYTES)]
    problems = photo_problems(photos)
    assert [p.split("“")[1].split("”")[0] for p in problems] == ["a.pdf", "b.jpg"]


def test_it_caps_the_photos_together() -> None:
    photo = b"\xff\xd8\xff" + b"0" * (4 * 1024 * 1024)
    problems = photo_problems([Photo(f"{n}.jpg", photo) for n in range(3)])
    assert problems and problems[0].startswith("照片合计 12 MB，超过 10 MB")
