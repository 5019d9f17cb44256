"""Who signs the statement, read from the STATEMENT_SIGNATORIES setting."""

import pytest

from wsoa.documents.signatories import SignatoriesError, Signatory, parse_signatories, signatories_for

SETTING = (
    "Alex Morgan | Director of Children's Services | Shared Council;"
    " Westmarsh = Jo Bloggs | Director of Children's Services | Westmarsh Council;"
    " Westmarsh = Priya Shah | Accountable Officer | NHS Westmarsh ICB"
)


def test_each_entry_is_a_name_role_and_organisation_for_one_area_or_every_area():
    assert parse_signatories(SETTING) == (
        Signatory("Alex Morgan", "Director of Children's Services", "Shared Council"),
        Signatory("Jo Bloggs", "Director of Children's Services", "Westmarsh Council", area="Westmarsh"),
        Signatory("Priya Shah", "Accountable Officer", "NHS Westmarsh ICB", area="Westmarsh"),
    )


def test_an_area_with_its_own_signatories_gets_only_those_in_the_order_given():
    names = [s.name for s in signatories_for(parse_signatories(SETTING), "westmarsh")]
    assert names == ["Jo Bloggs", "Priya Shah"]


def test_an_area_without_its_own_gets_those_who_sign_for_every_area():
    assert [s.name for s in signatories_for(parse_signatories(SETTING), "Eastshire")] == ["Alex Morgan"]


def test_blank_means_no_one_and_empty_entries_are_skipped():
    assert parse_signatories("") == ()
    assert parse_signatories(" ; ;") == ()
    assert [s.name for s in parse_signatories("A | B | C; ; D | E | F")] == ["A", "D"]


@pytest.mark.parametrize("entry", ["Jo Bloggs | DCS", "Jo Bloggs | | Westmarsh Council", "Westmarsh = "])
def test_an_entry_without_all_three_parts_is_refused_with_its_number(entry):
    with pytest.raises(SignatoriesError, match=r"entry 2 .* must be 'name \| role \| organisation'"):
        parse_signatories(f"A | B | C; {entry}")
