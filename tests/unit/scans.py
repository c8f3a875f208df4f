"""Generated scans for the seal check (tests and the documents bench): A4 pages with black text, with
or without a red company seal (a ring, the company's name along it, a star), as a scanner or a phone
makes them; and the bad ones: unrenderable, 300 pages, 99 MB."""

from __future__ import annotations

import io
import math
import os
import random
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

SEAL_RED = (214, 38, 48)
FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
TEXT = "本单位郑重承诺：本申报表所填内容及所附佐证材料均真实、准确、完整，如有虚假，本单位愿承担一切责任。"
SEAL_NAME = "哈尔滨锅炉示范有限公司"


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in FONT_FILES:
        if os.path.exists(path):
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def mm(value: float, dpi: int) -> int:
    return round(value / 25.4 * dpi)


def blank_page(dpi: int = 300, paper=(255, 255, 255)) -> Image.Image:
    return Image.new("RGB", (mm(210, dpi), mm(297, dpi)), paper)


def write_lines(page: Image.Image, dpi: int, *, colour=(20, 20, 20), lines: int = 30, top_mm: float = 30,
                size_mm: float = 4.0) -> None:
    draw = ImageDraw.Draw(page)
    face = font(mm(size_mm, dpi))
    for n in range(lines):
        y = mm(top_mm + n * size_mm * 1.8, dpi)
        if y > page.height - mm(25, dpi):
            break
        draw.text((mm(25, dpi), y), TEXT[n % 7:][:34], fill=colour, font=face)


def seal(diameter_mm: float = 42, dpi: int = 300, *, faded: float = 0.0, seed: int = 1) -> Image.Image:
    """A company seal as an 'L' image of its ink (255 = full ink); ``faded``: the share of it that
    took only a little ink."""
    size = mm(diameter_mm, dpi)
    ink = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(ink)
    ring = max(2, mm(1.2, dpi))
    draw.ellipse((ring // 2, ring // 2, size - ring // 2 - 1, size - ring // 2 - 1), outline=255, width=ring)
    centre = size / 2
    star_r = size * 0.16
    points = []
    for k in range(10):
        radius = star_r if k % 2 == 0 else star_r * 0.38
        angle = -math.pi / 2 + k * math.pi / 5
        points.append((centre + radius * math.cos(angle), centre + radius * math.sin(angle)))
    draw.polygon(points, fill=255)
    face = font(max(8, round(size * 0.12)))
    name = SEAL_NAME
    span = math.radians(250)
    for i, char in enumerate(name):  # the name along the ring, upright towards the centre
        angle = math.radians(215) - span * i / (len(name) - 1) if len(name) > 1 else math.pi / 2
        angle = -angle
        glyph = Image.new("L", (round(size * 0.16), round(size * 0.16)), 0)
        middle = (glyph.width / 2, glyph.height / 2)
        ImageDraw.Draw(glyph).text(middle, char, fill=255, font=face, anchor="mm")
        glyph = glyph.rotate(-math.degrees(angle) - 90, resample=Image.BICUBIC)
        radius = size * 0.36
        x = centre + radius * math.cos(angle) - glyph.width / 2
        y = centre + radius * math.sin(angle) - glyph.height / 2
        ink.paste(255, (round(x), round(y)), glyph)
    small = font(max(6, round(size * 0.08)))
    draw.text((centre, size * 0.74), "合同专用章", fill=255, font=small, anchor="mm")
    if faded:
        rng = random.Random(seed)
        noise = Image.frombytes("L", ink.size, bytes(rng.randrange(256) for _ in range(size * size)))
        dropout = noise.point(lambda p: 255 if p > faded * 255 else 90)
        ink = Image.composite(ink, Image.new("L", ink.size, 0), dropout)
    return ink


def stamp(page: Image.Image, ink: Image.Image, centre: tuple[int, int], colour=SEAL_RED) -> None:
    """Ink the seal onto the page as ink does: darker, never lighter (black text stays black)."""
    left, top = centre[0] - ink.width // 2, centre[1] - ink.height // 2
    region = page.crop((left, top, left + ink.width, top + ink.height))
    red = Image.new("RGB", ink.size, colour)
    inked = Image.composite(red, region, ink)
    page.paste(ImageChops.darker(region, inked), (left, top))


def page_with_seal(dpi: int = 300, **seal_options) -> Image.Image:
    page = blank_page(dpi)
    write_lines(page, dpi)
    ink = seal(dpi=dpi, **seal_options)
    stamp(page, ink, (mm(145, dpi), mm(235, dpi)))  # over the 单位（盖章） line, partly over text
    return page


def page_without_seal(dpi: int = 300) -> Image.Image:
    page = blank_page(dpi)
    write_lines(page, dpi)
    return page


def page_with_red_text(dpi: int = 300) -> Image.Image:
    """A 红头 page: a red title, a red rule, a block of red text, a small solid red logo, a red
    square frame; no seal."""
    page = blank_page(dpi)
    draw = ImageDraw.Draw(page)
    draw.text((mm(20, dpi), mm(15, dpi)), "哈尔滨市工业和信息化局文件", fill=SEAL_RED, font=font(mm(11, dpi)))
    draw.rectangle((mm(20, dpi), mm(32, dpi), mm(190, dpi), mm(33, dpi)), fill=SEAL_RED)
    write_lines(page, dpi, top_mm=40, lines=12)
    write_lines(page, dpi, colour=SEAL_RED, top_mm=150, lines=6, size_mm=5)  # a red paragraph
    draw.ellipse((mm(170, dpi), mm(270, dpi), mm(182, dpi), mm(282, dpi)), fill=SEAL_RED)  # a 12 mm logo
    draw.rectangle((mm(30, dpi), mm(215, dpi), mm(60, dpi), mm(245, dpi)), outline=SEAL_RED, width=mm(1, dpi))
    return page


def phone_photo(page: Image.Image, seed: int = 7) -> Image.Image:
    """The page photographed: on a grey desk, tinted, unevenly lit, noisy, soft, 12 MP-ish then JPEG."""
    rng = random.Random(seed)
    photo = Image.new("RGB", (round(page.width * 1.25), round(page.height * 1.12)), (96, 92, 88))
    tint = Image.new("RGB", page.size, (238, 228, 206))
    photo.paste(ImageChops.multiply(page, tint), (round(page.width * 0.1), round(page.height * 0.05)))
    light = Image.linear_gradient("L").resize(photo.size).point(lambda p: 200 + p // 5)
    photo = ImageChops.multiply(photo, Image.merge("RGB", (light, light, light)))
    noise = Image.effect_noise(photo.size, 12).convert("RGB")
    photo = ImageChops.add(photo, noise, scale=1.0, offset=-128 + rng.randrange(-2, 3))
    photo = photo.filter(ImageFilter.GaussianBlur(1.2))
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=70)
    return Image.open(io.BytesIO(out.getvalue())).convert("RGB")


def save_pdf(path: Path, pages: list[Image.Image], dpi: int = 300) -> Path:
    """Pages as a scanner's PDF: one JPEG image per page."""
    first, *rest = pages
    first.save(path, "PDF", resolution=dpi, save_all=True, append_images=rest, quality=80)
    return path


# ------------------------------------------------------------------ bad scans


def many_pages_pdf(path: Path, pages: int = 300) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def _write_pdf(path: Path, objects: list[bytes], *, stream_object: int | None = None,
               stream_bytes: int = 0, chunk=os.urandom) -> Path:
    """A PDF written by hand, object by object; the object numbered ``stream_object`` gets
    ``stream_bytes`` of data from ``chunk`` streamed to disk 1 MB at a time (cheap and bounded)."""
    offsets = []
    with path.open("wb") as fh:
        fh.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        for number, body in enumerate(objects, 1):
            offsets.append(fh.tell())
            fh.write(b"%d 0 obj\n" % number + body)
            if number == stream_object:
                fh.write(b"\nstream\n")
                left = stream_bytes
                while left:
                    piece = min(left, 1 << 20)
                    fh.write(chunk(piece))
                    left -= piece
                fh.write(b"\nendstream")
            fh.write(b"\nendobj\n")
        xref = fh.tell()
        fh.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
        for offset in offsets:
            fh.write(b"%010d 00000 n \n" % offset)
        fh.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return path


def huge_scan_pdf(path: Path, megabytes: float = 99) -> Path:
    """One A4 page showing one image of random (incompressible) RGB bytes, ``megabytes`` large."""
    side = int(math.sqrt(megabytes * 1024 * 1024 / 3))
    content = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
    return _write_pdf(path, [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 5 0 R >> >>"
        b" /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8"
        b" /Length %d >>" % (side, side, side * side * 3),
    ], stream_object=5, stream_bytes=side * side * 3)


def unrenderable_pdf(path: Path) -> Path:
    """Two pages that the upload check accepts (pypdf counts them) but no reader can draw: one of no
    size, one whose only content is an image of broken JPEG data. PDFium draws both blank."""
    content = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
    return _write_pdf(path, [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 0 0] >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 6 0 R >> >>"
        b" /Contents 5 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width 2480 /Height 3508 /ColorSpace /DeviceRGB"
        b" /BitsPerComponent 8 /Filter /DCTDecode /Length 100000 >>",
    ], stream_object=6, stream_bytes=100000)
