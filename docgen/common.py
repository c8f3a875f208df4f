"""What every generated .docx shares: the option marks, the Chinese font, and a byte-stable save.

Option marks are plain characters every Chinese font has: （√） chosen, （ ） not. The mark's run
names 宋体 for every script and carries w:hint="eastAsia", so Word, WPS and LibreOffice all draw the
√ with the same font as the brackets around it (without the hint, √ is a "neutral" character that
each program may give to a different, Latin font: one way a tick goes missing on another computer).
"""

from __future__ import annotations

import io
import zipfile

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

CHOSEN = "（√）"
NOT_CHOSEN = "（ ）"
FONT = "宋体"

# A .docx is a zip whose entries carry the time of saving: fixed here, so that the same content
# always gives the same bytes (the print-ready PDF is cached by the SHA-256 of these bytes).
ZIP_TIME = (2024, 1, 1, 0, 0, 0)


def east_asian_font(style, name: str = FONT) -> None:
    """Chinese text in ``name``: w:eastAsia set, and no theme font left to override it."""
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.attrib.pop(qn("w:eastAsiaTheme"), None)
    fonts.set(qn("w:eastAsia"), name)


def chinese_language(doc) -> None:
    """East Asian text is Simplified Chinese (zh-CN), not the template's en-US: the PDF then uses the
    Chinese forms of the CJK font's glyphs whatever the server's locale (令, 骨 differ in Japanese)."""
    styles = doc.styles.element
    rpr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr is None:  # not in python-docx's template, which has them: a document without defaults
        defaults = styles.find(qn("w:docDefaults"))
        if defaults is None:
            defaults = OxmlElement("w:docDefaults")
            styles.insert(0, defaults)
        default = defaults.find(qn("w:rPrDefault"))
        if default is None:
            default = OxmlElement("w:rPrDefault")
            defaults.insert(0, default)
        rpr = OxmlElement("w:rPr")
        default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), "en-US")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def has_marks(text: str) -> bool:
    return CHOSEN in text or NOT_CHOSEN in text


def mark_font(run, name: str = FONT) -> None:
    """The run's every script in ``name``, East Asian by hint (see the module note)."""
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    fonts.set(qn("w:hint"), "eastAsia")


def mark_fonts_in(cell) -> None:
    """mark_font on every run of a table cell that holds an option mark."""
    for paragraph in cell.paragraphs:
        for run in paragraph.runs:
            if has_marks(run.text):
                mark_font(run)


def save(doc) -> bytes:
    """The document as .docx bytes, identical for identical content."""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
