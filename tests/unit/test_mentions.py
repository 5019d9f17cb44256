from wsoa.actions.mentions import mentioned

MEMBERS = [(1, "Olu Adebayo"), (2, "Sam"), (3, "Sam Reid"), (4, "Priya Shah")]


def test_a_name_after_an_at_sign_is_a_mention():
    assert mentioned("@Olu Adebayo can you check the figures?", MEMBERS) == {1}


def test_case_does_not_matter():
    assert mentioned("thanks @priya shah", MEMBERS) == {4}


def test_the_longer_of_two_matching_names_wins():
    assert mentioned("@Sam Reid please", MEMBERS) == {3}
    assert mentioned("@Sam please", MEMBERS) == {2}


def test_a_name_must_end_where_a_word_ends():
    assert mentioned("@Samantha is away", MEMBERS) == set()


def test_several_mentions_in_one_comment():
    assert mentioned("@Sam and @Olu Adebayo: see minutes", MEMBERS) == {1, 2}


def test_an_email_address_is_not_a_mention():
    assert mentioned("write to olu@example.gov.uk", MEMBERS) == set()
