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
