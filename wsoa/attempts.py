"""How a view tries a change a service may refuse: the refusal becomes the form's error, the page shows again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .actions.services import EditConflict
from .refusal import Refusal


@dataclass
class Attempt:
    succeeded: bool
    result: object = None
    conflict: EditConflict | None = None


def attempt(change: Callable[[], object], error_field, form=None) -> Attempt:
    """Run a service call: a refusal becomes the field's error message; an edit conflict is handed back, with the
    form's version moved on so that saving again is deliberate."""
    try:
        return Attempt(True, change())
    except EditConflict as conflict:
        if form is None:
            raise
        form.version.data = conflict.action.version
        return Attempt(False, conflict=conflict)
    except Refusal as refusal:
        error_field.errors.append(str(refusal))
        return Attempt(False)
