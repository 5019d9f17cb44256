"""Form fields shared across the product, shaped to the GOV.UK Design System's patterns."""

from __future__ import annotations

import math
from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovDateInput, GovSelect, GovTextInput
from wtforms import DateField, IntegerField, SelectField
from wtforms.fields.choices import SelectChoice

from .formatting import number_text


class GovukDateField(DateField):
    """A date entered as day, month and year, with the Design System's error messages.

    The widget posts three values under one name. A missing or partial post (an old
    page, a hand-made request) is read as empty parts, never as a crash.
    """

    widget = GovDateInput()

    def __init__(self, label: str, *, what: str, required: bool = True, **kwargs):
        super().__init__(label, format="%d %m %Y", **kwargs)
        self.what = what
        self.required = required

    def process_formdata(self, valuelist):
        parts = [str(part).strip() for part in list(valuelist)[:3]]
        parts += [""] * (3 - len(parts))
        self.raw_data = parts
        day, month, year = parts
        self.data = None
        if not any(parts):
            if self.required:
                raise ValueError(f"Enter {self.what}")
            return
        missing = [name for name, part in zip(("day", "month", "year"), parts, strict=True) if not part]
        if missing:
            raise ValueError(f"{self.what[0].upper()}{self.what[1:]} must include a {' and '.join(missing)}")
        try:
            if len(year) != 4:
                raise ValueError
            self.data = date(int(year), int(month), int(day))
        except (ValueError, OverflowError):  # a day or month like 10**20 overflows rather than being invalid
            raise ValueError(f"{self.what[0].upper()}{self.what[1:]} must be a real date") from None

    def pre_validate(self, form):
        """process_formdata has checked everything; DateField's own check would repeat its errors."""


class WholeNumberField(IntegerField):
    """A whole number typed into a text box, with a plain-English message when it is not one."""

    widget = GovTextInput()

    def __init__(self, label: str, *, what: str, **kwargs):
        super().__init__(label, **kwargs)
        self.what = what

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip().rstrip("%")
        self.raw_data = [text] if valuelist else []
        self.data = None
        if not text:
            return
        try:
            self.data = int(text)
        except ValueError:
            raise ValueError(f"{self.what} must be a whole number, like 30") from None

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.data)


class NumberField(WholeNumberField):
    """A number typed into a text box, whole or not ("62.5", "1,234", "45%"), with a plain-English message
    when it is not one. "nan" and "inf" are words, not numbers."""

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip()
        self.raw_data = [text] if valuelist else []
        self.data = None
        if not text:
            return
        try:
            number = float(text.rstrip("%").replace(",", "").strip())
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            raise ValueError(f"{self.what} must be a number, like 62.5")
        self.data = number

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else number_text(self.data).replace(",", "")


# Ids are INTEGER columns: 32-bit signed on PostgreSQL, so anything larger never names a row (and would be a
# database error, not "not found", if it reached a query).
BIGGEST_ID = 2**31 - 1


def query_id(text: str) -> int:
    """An id from a query string, for `request.args.get(name, type=query_id)`: anything that is not an id the
    database could hold raises ValueError, so the argument is treated as absent rather than reaching the database."""
    if not text.isascii() or not text.isdigit() or int(text) > BIGGEST_ID:
        raise ValueError(text)
    return int(text)


ANY = SelectChoice("", "Any")


class GetForm(FlaskForm):
    """A filter form: sent with GET, so its values live in the address and can be bookmarked or shared.
    It changes nothing, so it carries no CSRF token."""

    class Meta:
        csrf = False


def filter_select(label: str, choices: list | None = None) -> SelectField:
    """A select whose choices are filled in per request; an unknown value simply matches nothing."""
    return SelectField(label, choices=choices or [], widget=GovSelect(), validate_choice=False, default="")
