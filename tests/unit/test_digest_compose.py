"""The pure digest composer: plain data and a date in, an Email (text and HTML) or None out."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from html.parser import HTMLParser

from wsoa.reminders.digest import (
    ActionFacts,
    AreaFacts,
    Countdown,
    EvidenceFacts,
    FindingProgress,
    KeyDateFacts,
    Links,
    Membership,
    NoticeItem,
    Preferences,
    Recipient,
    area_digest,
    compose,
    compose_invitation,
    compose_notice,
    previous_working_day,
)
from wsoa.reminders.message import KIND_DIGEST, KIND_KEY_DATES
from wsoa.vocabulary import Thresholds

TODAY = date(2026, 11, 24)  # a Tuesday
LINKS = Links("https://wsoa.example.gov.uk/", "https://wsoa.example.gov.uk/email/unsubscribe/tok")
ME = Recipient(7, "Lee Lead", "lee@example.gov.uk", Preferences())


def action(id_, due, lead=7, status="in_progress", partners=(), updated=None):
    return ActionFacts(
        id_, f"1.{id_}", f"Action {id_} <b>bold</b>", status, due, updated, datetime(2026, 11, 1), lead,
        frozenset(partners),
    )


def area(**kwargs):
    base = {"id": 1, "name": "Westmarsh", "thresholds": Thresholds(30, 7), "reminder_days": (90, 30, 7)}
    return AreaFacts(**{**base, **kwargs})


def test_nothing_to_say_means_no_email():
    quiet = area(actions=(action(1, date(2027, 3, 1)), action(2, date(2026, 11, 20), lead=99)))
    assert compose(ME, [Membership(quiet, False)], TODAY, LINKS, period="2026-11-24") is None


def test_overdue_due_soon_and_stale_across_two_areas_in_one_email():
    westmarsh = area(actions=(action(1, date(2026, 11, 20)), action(2, date(2026, 11, 30), lead=3, partners=(7,))))
    eastfield = area(id=2, name="Eastfield", actions=(action(3, None, updated=datetime(2026, 10, 1)),))
    email = compose(ME, [Membership(westmarsh, False), Membership(eastfield, False)], TODAY, LINKS, period="2026-11-24")
    assert email.subject == "Your SEND actions: 1 overdue, 1 due soon, 1 needing an update – Tuesday 24 November 2026"
    assert email.reference == "digest/7/2026-11-24"
    assert email.text.index("EASTFIELD") < email.text.index("WESTMARSH")
    assert "- 1.1 Action 1 <b>bold</b>\n  You lead this. Due 20 November 2026: 4 days overdue." in email.text
    assert "You are a partner on this. Due in 6 days, 30 November 2026." in email.text
    assert "No progress update for 54 days." in email.text
    assert "https://wsoa.example.gov.uk/actions/1" in email.text
    assert "Unsubscribe: https://wsoa.example.gov.uk/email/unsubscribe/tok" in email.text
    assert "Change how often you get emails: https://wsoa.example.gov.uk/email-preferences" in email.text


class _Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.lang = [], None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "html":
            self.lang = dict(attrs).get("lang")


def test_the_html_is_accessible_and_escaped():
    email = compose(ME, [Membership(area(actions=(action(1, date(2026, 11, 20)),)), False)], TODAY, LINKS,
                    period="2026-11-24")
    outline = _Outline()
    outline.feed(email.html)
    assert outline.lang == "en" and outline.tags.count("h1") == 1
    assert "img" not in outline.tags and "style" not in outline.tags and "link" not in outline.tags
    assert "Action 1 &lt;b&gt;bold&lt;/b&gt;" in email.html
    assert 'href="https://wsoa.example.gov.uk/email/unsubscribe/tok"' in email.html


def test_managers_hear_about_reviews_sign_offs_and_the_countdown():
    facts = area(
        evidence_awaiting_review=(EvidenceFacts(5, "1.2", "Panel minutes", date(2026, 11, 20)),),
        awaiting_sign_off=(action(4, date(2026, 12, 1), status="complete", lead=3),),
        key_dates=(KeyDateFacts("revisit", "Revisit expected", date(2026, 12, 24), 9),),
        findings={9: (
            FindingProgress(1, "EHC plans are late", 2, 3, "significant_weakness"),
            FindingProgress(5, "Short breaks are hard to find", 1, 1, "area_for_development"),
        )},
    )
    email = compose(ME, [Membership(facts, True)], TODAY, LINKS, period="2026-11-24")
    assert email.subject == "Your SEND actions: 1 evidence review, 1 to sign off – Tuesday 24 November 2026"
    assert "https://wsoa.example.gov.uk/evidence/5/review" in email.text
    assert "https://wsoa.example.gov.uk/actions/4/sign-off" in email.text
    assert "30 days to go: revisit expected, 24 December 2026" in email.text
    assert "Weakness 1: 2 of 3 actions open." in email.text
    assert "Area for development 5: 1 of 1 actions open." in email.text
    # The same facts for an officer: none of it is theirs to act on.
    assert compose(ME, [Membership(facts, False)], TODAY, LINKS, period="2026-11-24") is None


def test_a_countdown_alone_sends_nothing_but_a_reminder_on_its_day_does():
    facts = area(key_dates=(KeyDateFacts("revisit", "Revisit expected", date(2026, 12, 31), 9),))
    assert compose(ME, [Membership(facts, True)], TODAY, LINKS, period="2026-11-24") is None
    due = area(key_dates=(KeyDateFacts("revisit", "Revisit expected", date(2026, 12, 24), 9),))
    email = compose(ME, [Membership(due, True)], TODAY, LINKS, period="2026-11-24", kind=KIND_KEY_DATES)
    assert email.subject == "Revisit expected: 30 days to go – Tuesday 24 November 2026"
    assert email.kind == KIND_KEY_DATES


def test_the_digest_lists_your_returned_evidence_until_you_replace_or_withdraw_it():
    returned = EvidenceFacts(8, "1.1", "Survey", date(2026, 11, 20), added_by_id=7, review_comment="Too old.",
                             action_id=3)
    someone_elses = EvidenceFacts(9, "1.2", "Minutes", date(2026, 11, 20), added_by_id=99, review_comment="No.",
                                  action_id=4)
    email = compose(ME, [Membership(area(evidence_returned=(returned, someone_elses)), False)], TODAY, LINKS,
                    period="2026-11-24")
    assert email.subject == "Your SEND actions: 1 evidence returned – Tuesday 24 November 2026"
    assert "1.1: Survey" in email.text and "Returned: Too old." in email.text
    assert "1.2: Minutes" not in email.text


def invitation(role: str = "officer"):
    return compose_invitation(
        to="new.person@example.gov.uk",
        name="Nia New",
        area_name="Westmarsh",
        role=role,
        link="https://wsoa.example.gov.uk/invitations/tok",
        expires_at=datetime(2026, 12, 8, 9, 30),
        invited_by="Mo Manager",
        reference="invitation-12",
    )


def test_an_invitation_is_addressed_to_the_new_person_and_names_the_area_in_its_subject():
    email = invitation()
    assert (email.to, email.kind, email.reference) == ("new.person@example.gov.uk", "invitation", "invitation-12")
    assert email.subject == "You have been invited to Track your SEND inspection response for Westmarsh"
    assert email.personalisation == {
        "subject": email.subject, "body": email.text, "name": "Nia New",
        "link": "https://wsoa.example.gov.uk/invitations/tok",
    }


def test_an_invitation_says_who_invited_them_as_what_and_until_when_the_link_works():
    email = invitation()
    assert email.text.startswith("Hello Nia New,\n")
    assert (
        "Mo Manager has invited you to track Westmarsh's response to its SEND inspection, as an officer." in email.text
    )
    assert "https://wsoa.example.gov.uk/invitations/tok" in email.text
    assert "The link works once, until 8 December 2026." in email.text
    assert 'href="https://wsoa.example.gov.uk/invitations/tok"' in email.html
    assert "You have been invited to Westmarsh" in email.html


def test_an_invitation_to_a_role_starting_with_a_consonant_says_a():
    assert ", as a manager." in invitation(role="manager").text


MADE_LEAD = NoticeItem("Morgan Hale made you the lead of 1.2 Joint commissioning.", "https://wsoa.example.gov.uk/actions/2")
RETURNED = NoticeItem("Morgan Hale returned your evidence on 1.1.", "https://wsoa.example.gov.uk/actions/1",
                      detail="Please add the survey results")


def notice(*items):
    return compose_notice(ME, list(items), LINKS, reference="notice-5", service_name="Track your SEND inspection")


def test_a_notice_about_one_thing_takes_that_thing_as_its_subject():
    email = notice(MADE_LEAD)
    assert email.subject == "Morgan Hale made you the lead of 1.2 Joint commissioning."
    assert (email.to, email.kind, email.reference) == ("lee@example.gov.uk", "notice", "notice-5")
    assert email.unsubscribe_url == LINKS.unsubscribe_url
    assert email.personalisation == {"subject": email.subject, "body": email.text}


def test_a_notice_about_several_things_counts_them_and_lists_each_with_its_link_and_words():
    email = notice(MADE_LEAD, RETURNED)
    assert email.subject == "2 things for you to know about"
    assert email.text.startswith("Hello Lee Lead,")
    assert '"Please add the survey results"' in email.text
    assert email.text.index("/actions/2") < email.text.index("/actions/1")  # in the order they happened
    assert "Change how often you get emails: https://wsoa.example.gov.uk/email-preferences" in email.text
    assert "Please add the survey results" in email.html


def test_nothing_to_tell_is_no_notice():
    assert notice() is None


def test_the_previous_working_day_skips_weekends_and_bank_holidays():
    assert previous_working_day(date(2026, 11, 24)) == date(2026, 11, 23)  # Tuesday -> Monday
    assert previous_working_day(date(2026, 11, 23)) == date(2026, 11, 20)  # Monday -> Friday
    assert previous_working_day(date(2026, 12, 29)) == date(2026, 12, 24)  # over Christmas and Boxing Day's Monday
    assert previous_working_day(date(2026, 5, 26)) == date(2026, 5, 22)  # over the spring bank holiday weekend


def test_each_action_links_to_its_own_page():
    email = compose(ME, [Membership(area(actions=(action(1, date(2026, 11, 20)),)), False)], TODAY, LINKS,
                    period="2026-11-24")
    assert "https://wsoa.example.gov.uk/actions/1\n" in email.text


def test_the_subject_adds_up_each_kind_across_areas_including_those_past_the_section_limit():
    many_late = area(actions=tuple(action(n, date(2026, 11, 20)) for n in range(1, 28)))
    one_late = area(id=2, name="Eastfield", actions=(action(40, date(2026, 11, 2)),))
    email = compose(ME, [Membership(many_late, False), Membership(one_late, False)], TODAY, LINKS,
                    period="2026-11-24")
    assert email.subject == "Your SEND actions: 28 overdue – Tuesday 24 November 2026"


def test_a_key_date_email_is_named_after_the_nearest_date_whichever_area_it_is_in():
    later = area(key_dates=(KeyDateFacts("revisit", "Revisit expected", date(2027, 2, 22), 9),))
    nearer = area(id=2, name="Zennor",  # listed after Westmarsh
                  key_dates=(KeyDateFacts("wsoa_deadline", "Written statement of action due", date(2026, 12, 1), 8),))
    email = compose(ME, [Membership(later, True), Membership(nearer, True)], TODAY, LINKS, period="2026-11-24",
                    kind=KIND_KEY_DATES)
    assert email.subject == "Written statement of action due: 7 days to go – Tuesday 24 November 2026"


# One manager's area with something in every section, the actions given out of order.
BUSY = area(
    actions=(
        action(7, None, updated=datetime(2026, 9, 1)),  # no update for 84 days
        action(2, date(2026, 11, 23), lead=3, partners=(7,)),  # overdue by a day, as a partner
        action(5, date(2026, 12, 1)),  # due in 7 days: the last day of "due soon"
        action(1, date(2026, 11, 20)),  # overdue by 4 days
        action(4, date(2026, 11, 25), lead=3, partners=(7,)),  # due tomorrow, as a partner
        action(3, date(2026, 11, 24)),  # due today
        action(6, None, updated=datetime(2026, 10, 1)),  # no update for 54 days
        action(8, date(2026, 11, 1), lead=3),  # someone else's
    ),
    evidence_returned=(
        EvidenceFacts(8, "1.1", "Survey", date(2026, 11, 20), added_by_id=7, review_comment="Too old.", action_id=1),
    ),
    evidence_awaiting_review=(EvidenceFacts(5, "1.2", "Panel minutes", date(2026, 11, 20)),),
    awaiting_sign_off=(action(9, date(2026, 12, 1), status="complete", lead=3),),
    key_dates=(
        KeyDateFacts("monitoring_inspection", "Monitoring inspection expected", date(2027, 6, 1), 9),
        KeyDateFacts("revisit", "Revisit expected", date(2027, 2, 22), 9),
        KeyDateFacts("wsoa_deadline", "Written statement of action due", date(2026, 11, 2), 9),  # passed
    ),
    findings={9: (FindingProgress(1, "EHC plans are late", 2, 3, "significant_weakness"),)},
)
SITE = "https://wsoa.example.gov.uk"


def outline(digest):
    return [(s.heading, [(i.text.split(" ")[0], i.detail, i.url.removeprefix(SITE)) for i in s.items], s.more_url)
            for s in digest.sections]


def test_a_manager_s_area_digest_sorts_each_section_and_says_why_each_item_is_there():
    digest = area_digest(ME, Membership(BUSY, True), TODAY, LINKS)
    mine = f"{SITE}/my-actions"
    assert outline(digest) == [
        ("Overdue", [
            ("1.1", "You lead this. Due 20 November 2026: 4 days overdue.", "/actions/1"),
            ("1.2", "You are a partner on this. Due 23 November 2026: 1 day overdue.", "/actions/2"),
        ], mine),
        ("Due in the next 7 days", [
            ("1.3", "You lead this. Due today, 24 November 2026.", "/actions/3"),
            ("1.4", "You are a partner on this. Due tomorrow, 25 November 2026.", "/actions/4"),
            ("1.5", "You lead this. Due in 7 days, 1 December 2026.", "/actions/5"),
        ], mine),
        ("No recent progress update", [
            ("1.7", "You lead this. No progress update for 84 days.", "/actions/7"),
            ("1.6", "You lead this. No progress update for 54 days.", "/actions/6"),
        ], mine),
        ("Your evidence returned to you", [
            ("1.1:", "Returned: Too old. Replace it or withdraw it.", "/actions/1#evidence"),
        ], ""),
        ("Evidence waiting for your review", [("1.2:", "Added 20 November 2026.", "/evidence/5/review")], ""),
        ("Actions waiting for sign-off", [("1.9", "Marked complete by its lead.", "/actions/9/sign-off")], ""),
    ]


def test_a_manager_s_countdown_is_to_the_nearest_date_still_to_come_with_its_findings():
    digest = area_digest(ME, Membership(BUSY, True), TODAY, LINKS)
    assert digest.countdown == Countdown(
        "Revisit expected", date(2027, 2, 22), 90, f"{SITE}/inspections/9/actions", BUSY.findings[9]
    )
    assert [(r.name, r.days_before) for r in digest.reminders] == [("Revisit expected", 90)]


def test_without_news_a_manager_s_area_digest_has_only_the_key_dates():
    digest = area_digest(ME, Membership(BUSY, True), TODAY, LINKS, include_news=False)
    assert (digest.sections, len(digest.reminders), digest.countdown.name) == ((), 1, "Revisit expected")


def test_an_officer_s_area_digest_has_no_reviews_sign_offs_or_key_dates():
    digest = area_digest(ME, Membership(BUSY, False), TODAY, LINKS)
    assert [s.heading for s in digest.sections] == [
        "Overdue", "Due in the next 7 days", "No recent progress update", "Your evidence returned to you"
    ]
    assert (digest.reminders, digest.countdown) == ((), None)


def test_a_long_section_shows_its_first_25_and_counts_the_rest():
    many = area(actions=tuple(action(n, date(2026, 11, 1) + timedelta(days=n % 20)) for n in range(1, 31)))
    (overdue,) = area_digest(ME, Membership(many, False), TODAY, LINKS).sections
    assert (len(overdue.items), overdue.more) == (25, 5)


def test_an_invitation_s_html_is_titled_with_its_subject_under_the_service_s_name():
    email = invitation()
    assert f"<title>{email.subject}</title>" in email.html
    assert ">Track your SEND inspection response</div>" in email.html


def test_a_notice_s_html_is_titled_with_its_subject_under_the_service_s_name():
    email = notice(MADE_LEAD, RETURNED)
    assert "<title>2 things for you to know about</title>" in email.html
    assert ">Track your SEND inspection</div>" in email.html


def test_a_digest_with_only_reminders_is_named_after_the_nearest_in_its_subject():
    later = area(key_dates=(KeyDateFacts("revisit", "Revisit expected", date(2027, 2, 22), 9),))
    nearer = area(id=2, name="Zennor",  # listed after Westmarsh
                  key_dates=(KeyDateFacts("wsoa_deadline", "Written statement of action due", date(2026, 12, 1), 8),))
    email = compose(ME, [Membership(later, True), Membership(nearer, True)], TODAY, LINKS, period="2026-11-24")
    assert email.subject == "Your SEND actions: written statement of action due in 7 days – Tuesday 24 November 2026"


def test_someone_else_s_action_early_in_the_list_does_not_hide_yours_after_it():
    others_first = area(actions=(action(8, date(2026, 11, 1), lead=3), action(1, date(2026, 11, 20))))
    digest = area_digest(ME, Membership(others_first, False), TODAY, LINKS)
    assert [item.text.split(" ")[0] for section in digest.sections for item in section.items] == ["1.1"]


def test_due_soon_and_stale_items_are_sorted_by_date_and_those_on_the_same_date_keep_their_order():
    facts = area(actions=(action(1, date(2026, 11, 26)), action(9, date(2026, 11, 25)), action(3, date(2026, 11, 25)),
                          action(2, None, updated=datetime(2026, 9, 1)), action(8, None, updated=datetime(2026, 10, 1)),
                          action(4, None, updated=datetime(2026, 10, 1))))
    digest = area_digest(ME, Membership(facts, False), TODAY, LINKS)
    assert [[item.text.split(" ")[0] for item in section.items] for section in digest.sections] == [
        ["1.9", "1.3", "1.1"], ["1.2", "1.8", "1.4"]
    ]


def late_digest(recipient=ME, kind=KIND_DIGEST):
    facts = area(actions=(action(1, date(2026, 11, 20)),),
                 key_dates=(KeyDateFacts("revisit", "Revisit expected", date(2026, 12, 24), 9),))
    return compose(recipient, [Membership(facts, True)], TODAY, LINKS, period="2026-11-24", kind=kind)


def test_a_digest_is_addressed_to_its_person_with_their_links_for_the_mail_service():
    email = late_digest()
    assert (email.to, email.unsubscribe_url) == ("lee@example.gov.uk", LINKS.unsubscribe_url)
    assert email.personalisation == {
        "subject": email.subject, "body": email.text, "name": "Lee Lead",
        "preferences_url": "https://wsoa.example.gov.uk/email-preferences",
        "unsubscribe_url": LINKS.unsubscribe_url,
    }


def test_a_digest_greets_its_person_on_its_day_and_says_how_often_they_get_it():
    text = late_digest().text
    assert text.startswith("YOUR SEND ACTIONS\n")
    assert "Hello Lee Lead, this is what needs your attention on Tuesday 24 November 2026." in text
    assert "You get this email every working day when there is something to tell you." in text
    weekly = Recipient(7, "Lee Lead", "lee@example.gov.uk", Preferences(frequency="weekly", weekly_day=2))
    assert "You get this email every week on Wednesday when" in late_digest(weekly).text


def test_a_digest_s_html_is_titled_with_its_subject_under_the_service_s_name():
    email = late_digest()
    assert f"<title>{email.subject}</title>" in email.html
    assert ">Track your SEND inspection response</div>" in email.html


def test_a_key_dates_email_has_only_the_key_dates_not_the_actions():
    email = late_digest(kind=KIND_KEY_DATES)
    assert email.text.startswith("KEY DATES COMING UP\n")
    assert "Revisit expected: 30 days to go" in email.text
    assert "overdue" not in email.text


def test_links_join_the_base_address_and_a_path_with_one_slash():
    assert Links("https://tracker.example/SENDX/", "").to("/actions/1") == "https://tracker.example/SENDX/actions/1"
    assert Links("https://tracker.example", "").preferences == "https://tracker.example/email-preferences"
