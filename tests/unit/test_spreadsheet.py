"""The XLSX writer, read back as a spreadsheet program would (openpyxl)."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest

from wsoa.exports.spreadsheet import CellStyle, Sheet, column_letter, workbook

PLAIN = CellStyle()
DATE = CellStyle(wrapped=True, number_format="d mmmm yyyy")


def _read(*sheets: Sheet):
    return openpyxl.load_workbook(io.BytesIO(workbook(list(sheets))))


def _one_row(*values):
    return _read(Sheet("Only", [([PLAIN] * len(values), values)])).active


def test_sheets_keep_their_order_and_names_and_the_first_is_open():
    book = _read(Sheet("Plan & actions", []), Sheet("About", []))
    assert book.sheetnames == ["Plan & actions", "About"]
    assert book.active.title == "Plan & actions"


def test_text_is_stored_as_text_even_when_it_looks_like_a_formula_or_markup():
    sheet = _one_row("=SUM(A1:A2)", "<b>Tom & Jerry</b>", "+44 1234")
    assert [(cell.value, cell.data_type) for cell in sheet[1]] == [
        ("=SUM(A1:A2)", "s"), ("<b>Tom & Jerry</b>", "s"), ("+44 1234", "s"),
    ]


def test_text_keeps_its_line_breaks_and_outer_spaces_and_loses_control_characters():
    sheet = _one_row("  Met the panel\nNext: audit\x01\x0b ")
    assert sheet["A1"].value == "  Met the panel\nNext: audit "


def test_numbers_and_dates_are_stored_as_numbers_and_dates():
    values = [3, 2.5, Decimal("0.25"), date(2026, 3, 31)]
    sheet = _read(Sheet("Only", [([PLAIN, PLAIN, PLAIN, DATE], values)])).active
    assert [cell.value for cell in sheet[1]] == [3, 2.5, 0.25, datetime(2026, 3, 31)]
    assert sheet["D1"].number_format == "d mmmm yyyy"


def test_a_value_of_none_leaves_its_cell_out_and_keeps_the_rest_in_their_columns():
    sheet = _one_row("first", None, "third")
    assert [cell.value for cell in sheet[1]] == ["first", None, "third"]
    assert sheet["C1"].column_letter == "C"


def test_a_time_is_refused_rather_than_cut_to_its_date():
    with pytest.raises(TypeError):
        workbook([Sheet("Only", [([PLAIN], [datetime(2026, 3, 31, 9, 30)])])])


def test_cells_carry_their_styles():
    heading, title = CellStyle(bold=True, wrapped=True), CellStyle(bold=True, size=14)
    sheet = _read(Sheet("Only", [([heading, title, PLAIN], ["Reference", "Tracker", "plain"])])).active
    assert (sheet["A1"].font.b, sheet["A1"].alignment.wrap_text, sheet["A1"].alignment.vertical) == (True, True, "top")
    assert (sheet["B1"].font.b, sheet["B1"].font.sz, sheet["B1"].alignment.wrap_text) == (True, 14, None)
    assert (sheet["C1"].font.b, sheet["C1"].font.sz) == (False, 11)


def test_columns_have_their_widths():
    sheet = _read(Sheet("Only", [([PLAIN], ["x"])], column_widths=(10, 60))).active
    assert (sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width) == (10, 60)


@pytest.mark.parametrize(("rows", "columns", "first_scrolling_cell"), [(1, 1, "B2"), (2, 0, "A3"), (0, 3, "D1")])
def test_frozen_rows_and_columns_stay_in_view(rows, columns, first_scrolling_cell):
    sheet = _read(Sheet("Only", [([PLAIN], ["x"])], frozen_rows=rows, frozen_columns=columns)).active
    assert sheet.freeze_panes == first_scrolling_cell


def test_nothing_frozen_freezes_nothing():
    assert _read(Sheet("Only", [([PLAIN], ["x"])])).active.freeze_panes is None


@pytest.mark.parametrize(("number", "letters"), [(1, "A"), (26, "Z"), (27, "AA"), (52, "AZ"), (703, "AAA")])
def test_column_letters_count_as_a_spreadsheet_does(number, letters):
    assert column_letter(number) == letters
