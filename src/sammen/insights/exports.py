"""The status report as CSV (semicolon-separated with a byte-order mark, as Danish Excel opens it) and as an
XLSX workbook with one sheet per table (openpyxl). Hidden figures read "under 5" in both."""

import csv
import io
import re

from openpyxl import Workbook
from openpyxl.styles import Font

from sammen.insights.tables import Table, cell_text, cell_value

SHEET_NAME_LENGTH = 31
# A cell that starts with one of these is a formula to Excel; labels can be typed by citizens (search terms).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(label) -> str:
    """A label as text that a spreadsheet shows as it is and never runs as a formula."""
    text = str(label)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def as_csv(heading: str, tables: list[Table]) -> str:
    output = io.StringIO()
    output.write("\ufeff")
    writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
    writer.writerow([heading])
    for table in tables:
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.columns)
        for row in table.rows:
            writer.writerow([_text(row[0]), *(cell_text(cell) for cell in row[1:])])
    return output.getvalue()


def _sheet_name(title: str, taken: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", " ", title)[:SHEET_NAME_LENGTH].strip() or "Ark"
    candidate, number = name, 2
    while candidate in taken:
        suffix = f" {number}"
        candidate = name[: SHEET_NAME_LENGTH - len(suffix)] + suffix
        number += 1
    taken.add(candidate)
    return candidate


def as_xlsx(heading: str, tables: list[Table]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    bold = Font(bold=True)
    for table in tables:
        sheet = workbook.create_sheet(_sheet_name(table.title, taken))
        sheet.append([heading])
        sheet.append([table.title])
        sheet.append(table.columns)
        for cell in sheet[3]:
            cell.font = bold
        for row in table.rows:
            sheet.append([_text(row[0]), *(cell_value(cell) for cell in row[1:])])
        sheet.column_dimensions["A"].width = 60
        for column in "BCDE":
            sheet.column_dimensions[column].width = 26
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
