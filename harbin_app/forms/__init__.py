"""The long-form toolkit's pure core (no reflex, no database): a form is declared once as sections,
fields and repeatable rows at any depth; paths name every value by stable row ids; row operations,
storage as flat values, change lists and value checks all read that one declaration.

Paths: a section field is ``basic.main_products`` (``company_name`` in a section without key); a
row list is ``demands`` or ``projects.<id>.indicators``; a row field ``demands.<id>.description``.
"""

from harbin_app.forms.schema import (
    AREA,
    DATE,
    FILE,
    RADIO,
    SELECT,
    TEXT,
    Field,
    FormSchema,
    Located,
    Rows,
    Section,
    new_id,
)

__all__ = [
    "AREA", "DATE", "FILE", "RADIO", "SELECT", "TEXT",
    "Field", "FormSchema", "Located", "Rows", "Section", "new_id",
]
