from wsoa.exports.csv_safety import csv_text, safe_cell


def test_a_cell_that_would_run_as_a_spreadsheet_formula_is_defused():
    assert safe_cell('=HYPERLINK("http://evil.example")') == "'" + '=HYPERLINK("http://evil.example")'
    assert safe_cell("+44 20 7946 0000") == "'+44 20 7946 0000"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"


def test_ordinary_text_and_empty_values_are_left_alone():
    assert safe_cell("Recovery plan agreed") == "Recovery plan agreed"
    assert safe_cell(None) == ""


def test_csv_text_writes_the_header_then_defused_rows():
    assert csv_text(["A", "B"], [["=1+1", "ok"]]) == "A,B\r\n'=1+1,ok\r\n"


def test_a_cell_starting_with_minus_tab_or_carriage_return_is_defused():
    assert safe_cell("-2+3+cmd|' /C calc'!A0") == "'-2+3+cmd|' /C calc'!A0"
    assert safe_cell("\t=1+1") == "'\t=1+1"
    assert safe_cell("\r=1+1") == "'\r=1+1"


def test_a_formula_character_later_in_the_text_is_left_alone():
    assert safe_cell("Budget = £40k - agreed") == "Budget = £40k - agreed"


def test_numbers_are_written_as_their_text():
    assert safe_cell(42) == "42"
    assert safe_cell(-3) == "'-3"
