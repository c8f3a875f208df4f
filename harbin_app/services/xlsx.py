"""Excel workbooks written row by row (openpyxl's write-only mode: rows go to disk as they are
added, so a 10,000-row list never sits in memory as a workbook): Chinese headers in bold, the
header row frozen, amounts as numbers shown with two decimals, dates and times as Excel dates."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from harbin_app import clock

TEXT, INT, AMOUNT, PERCENT, DECIMAL1, DATE, DATETIME = "text", "int", "amount", "percent", "decimal1", "date", "datetime"
FORMATS = {AMOUNT: "0.00", PERCENT: "0.0", DECIMAL1: "0.0", DATE: "yyyy-mm-dd", DATETIME: "yyyy-mm-dd hh:mm", INT: "0"}
WIDTHS = {TEXT: 24, INT: 10, AMOUNT: 14, PERCENT: 10, DECIMAL1: 12, DATE: 12, DATETIME: 17}


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = TEXT
    width: float | None = None


class Book:
    """One workbook; `sheet(...)` per table, then `save(path)`."""

    def __init__(self) -> None:
        self.wb = Workbook(write_only=True)

    def sheet(self, title: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]]) -> int:
        """A sheet of `rows` (values in the columns' order); returns how many rows were written."""
        ws = self.wb.create_sheet(title=title[:31])
        for n, c in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(n)].width = c.width or WIDTHS[c.kind]
        ws.freeze_panes = "A2"
        bold = Font(bold=True)
        header = []
        for c in columns:
            cell = WriteOnlyCell(ws, value=c.header)
            cell.font = bold
            cell.alignment = Alignment(horizontal="center")
            header.append(cell)
        ws.append(header)
        count = 0
        for row in rows:
            ws.append([self._cell(ws, c, v) for c, v in zip(columns, row, strict=True)])
            count += 1
        return count

    @staticmethod
    def _cell(ws, column: Column, value: Any) -> Any:  # noqa: ANN001
        if value is None or value == "":
            return None
        if column.kind in (AMOUNT, PERCENT, DECIMAL1):
            value = float(Decimal(str(value)))  # Excel keeps numbers as doubles; two decimals shown
        elif column.kind == INT:
            value = int(value)
        elif column.kind == DATETIME and isinstance(value, datetime):
            value = value.astimezone(clock.CHINA).replace(tzinfo=None)  # Excel has no time zones: China time
        elif column.kind == DATE and isinstance(value, datetime):
            value = value.astimezone(clock.CHINA).date()
        elif column.kind == DATE and isinstance(value, str):
            value = date.fromisoformat(value)
        else:
            return value
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = FORMATS[column.kind]
        return cell

    def save(self, path: Path) -> None:
        self.wb.save(path)
