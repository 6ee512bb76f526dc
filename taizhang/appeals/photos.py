"""Photos sent with a public request: images only, known by their first bytes (never by the
name or the type the browser claims), a few per request, each and together under a cap.

Every problem is a "中文 (english)" message naming the photo, so the form can show them all
next to its photo field."""

from __future__ import annotations

from dataclasses import dataclass

from taizhang.appeals.attachments import MAX_ATTACHMENT_BYTES

MAX_PHOTOS = 4
MAX_PHOTO_BYTES = MAX_ATTACHMENT_BYTES  # 5 MB: a phone photo fits
MAX_PHOTOS_BYTES = 10 * 1024 * 1024  # together, inside the web's body limit (11 MB)
PHOTO_KINDS = "JPG、PNG、GIF、WEBP 或 HEIC"

_SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)
_PNG = b"\x89PNG\r\n\x1a\n"
_HEIF_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1"})


@dataclass(frozen=True)
class Photo:
    """One photo as it arrived: the name the phone gave it and its bytes."""

    file_name: str
    content: bytes


def image_type(content: bytes) -> str | None:
    """The image's media type read from its first bytes, or None when it is not an image we
    take (JPEG, PNG, GIF, WebP, HEIC/HEIF)."""
    for signature, media_type in _SIGNATURES:
        if content.startswith(signature):
            return media_type
    if content.startswith(_PNG) and content[12:16] == b"IHDR":
        return "image/png"
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    if content[4:8] == b"ftyp" and content[8:12] in _HEIF_BRANDS:
        return "image/heic"
    return None


def photo_problems(photos: list[Photo]) -> list[str]:
    """What is wrong with the photos, each problem once; empty when they may be kept."""
    if len(photos) > MAX_PHOTOS:
        return [
            f"最多上传 {MAX_PHOTOS} 张照片，您选了 {len(photos)} 张 "
            f"(at most {MAX_PHOTOS} photos, {len(photos)} chosen)"
        ]
    problems = [problem for photo in photos if (problem := _problem(photo))]
    total = sum(len(photo.content) for photo in photos)
    if not problems and total > MAX_PHOTOS_BYTES:
        problems.append(
            f"照片合计 {_mb(total)} MB，超过 {_mb(MAX_PHOTOS_BYTES)} MB，请少选几张 "
            "(the photos are too large together)"
        )
    return problems


def _problem(photo: Photo) -> str | None:
    name = photo.file_name or "未命名"
    if not photo.content:
        return f"照片“{name}”是空文件 (photo {name} is empty)"
    if len(photo.content) > MAX_PHOTO_BYTES:
        return (
            f"照片“{name}”超过 {_mb(MAX_PHOTO_BYTES)} MB，请换一张或压缩后再传 "
            f"(photo {name} is larger than {_mb(MAX_PHOTO_BYTES)} MB)"
        )
    if image_type(photo.content) is None:
        return (
            f"“{name}”不是图片，请上传 {PHOTO_KINDS} 格式的照片 "
            f"({name} is not a JPG, PNG, GIF, WEBP or HEIC photo)"
        )
    return None


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".removesuffix(".0")
