"""The public progress page for families: a manager chooses, previews and publishes; anyone reads what was
published, and nothing else.

The known plan (tests/dashboard_factories.py): weaknesses 1 to 3 tracked; actions 1.1 (Olu, amber, overdue),
1.2 (Priya, red, complete, answers weaknesses 1 and 2), 2.1 (Priya, not started), 2.2 (retired, "Spare") and
3.1 (Olu, green, signed off); the manager is Morgan Hale.
"""

from __future__ import annotations

import re

import pytest

from tests.dashboard_factories import build_known_plan
from tests.factories import make_user
from tests.pages import assert_page, hidden_fields, post_form, redirect_target, sign_in
from tests.public_factories import (
    add_accepted_file,
    checkboxes,
    choose,
    choose_and_publish,
    events,
    manage_path,
    publish_previewed,
    stored_page,
    ticked,
    visible_text,
)
from wsoa.actions.services import (
    ActionDetails,
    UpdateDetails,
    add_comment,
    create_action,
    post_update,
    retire_action,
)
from wsoa.extensions import db
from wsoa.models import Action, Finding, Inspection, User

PEOPLE = ("Olu Adebayo", "Priya Shah", "Morgan Hale", "Val Pierce")
PUBLIC = "/public/westmarsh"


@pytest.fixture
def plan(app, client, known, frozen):
    """The known plan on 15 January 2026, its manager signed in."""
    sign_in(client, known.manager)
    return known


def weaknesses(known) -> list[int]:
    return [known.weaknesses[number] for number in (1, 2, 3)]


def open_actions(known) -> list[int]:
    return [known.actions[ref] for ref in ("1.1", "1.2", "2.1", "3.1")]


def publish_the_plan(client, known, **extra) -> None:
    choose_and_publish(client, known.area_id, findings=weaknesses(known), actions=open_actions(known), **extra)


def read_public(app, path: str = PUBLIC):
    """The page as a family reads it: a browser that has never signed in."""
    return app.test_client().get(path)


def findings_of_kind(app, known, kind: str) -> list[int]:
    with app.app_context():
        return [f.id for f in db.session.get(Inspection, known.inspection_id).findings if f.kind == kind]


def post_as(app, email: str, reference: str, known, change) -> None:
    with app.app_context():
        action = db.session.get(Action, known.actions[reference])
        user = db.session.scalar(db.select(User).filter_by(email=email))
        change(user, action)


# -- Off by default ------------------------------------------------------------------------------------------


def test_an_area_has_no_public_page_until_a_manager_publishes_one(app, plan):
    assert read_public(app).status_code == 404
    assert stored_page(app, plan.area_id) is None


def test_the_choices_start_with_every_weakness_and_their_actions_and_nothing_else(app, client, plan):
    every_weakness = findings_of_kind(app, plan, "significant_weakness")
    assert len(every_weakness) == 4  # one of them not tracked by the plan
    assert ticked(client.get(manage_path(plan.area_id))) == {("findings", str(i)) for i in every_weakness} | {
        ("actions", str(i)) for i in open_actions(plan)
    }
    assert ("actions", str(plan.actions["2.2"])) not in checkboxes(client.get(manage_path(plan.area_id)))


# -- Publishing ---------------------------------------------------------------------------------------------


def test_a_published_page_is_read_without_signing_in_at_a_readable_address(app, client, plan):
    choose_and_publish(client, plan.area_id, findings=weaknesses(plan), actions=open_actions(plan))

    response = read_public(app)
    text = assert_page(response, "Westmarsh: progress since the SEND inspection")
    words = visible_text(response)
    assert "Last updated: 15 January 2026" in words
    for label in ("Weakness 1", "Weakness 2", "Weakness 3"):
        assert label in words
    for reference in ("1.1", "1.2", "2.1", "3.1"):
        assert f"Action {reference}:" in words
    assert "Amber: at risk" in words and "Red: off track" in words and "Green: on track" in words
    assert "Sign out" not in text and "csrf_token" not in text


def test_the_key_dates_are_shown_with_their_working(app, client, plan):
    publish_the_plan(client, plan)
    words = visible_text(read_public(app))
    assert "Written statement of action due 20 June 2025 Set by a manager." in words
    assert "Revisit expected 1 June 2026" in words


def test_a_plain_english_summary_replaces_the_letters_words(app, client, plan):
    with app.app_context():
        letter_words = db.session.get(Finding, plan.weaknesses[2]).text
    publish_the_plan(client, plan, summaries={plan.weaknesses[2]: "Plans for children take too long to write."})
    words = visible_text(read_public(app))
    assert "Plans for children take too long to write." in words
    assert " ".join(letter_words.split()) not in words
    with app.app_context():
        first_words = " ".join(db.session.get(Finding, plan.weaknesses[1]).text.split())
    assert first_words[:1].islower()  # letters list weaknesses as fragments
    assert first_words[:1].upper() + first_words[1:] in words  # left alone: the letter's own words, capitalised


def test_areas_for_development_have_their_own_section_and_are_never_counted_as_weaknesses(app, client, plan):
    development = findings_of_kind(app, plan, "area_for_development")[0]
    choose_and_publish(client, plan.area_id, findings=[*weaknesses(plan), development], actions=open_actions(plan))
    words = visible_text(read_public(app))
    assert "Areas of significant weakness 3 significant weaknesses are shown here" in words
    assert "Areas for development 1 area for development is shown here, with no actions yet." in words
    assert words.index("Areas of significant weakness") < words.index("Areas for development")


def test_the_rating_is_told_in_words_as_well_as_colour(app, client, plan):
    publish_the_plan(client, plan)
    page = read_public(app).get_data(as_text=True)
    assert re.search(r'govuk-tag--orange">\s*Amber: at risk\s*<', page)
    assert re.search(r'govuk-tag--grey">\s*Not rated yet\s*<', page)  # 2.1 has never been rated


def test_publishing_and_unpublishing_are_audited_with_what_changed(app, client, plan):
    publish_the_plan(client, plan)
    post_form(client, f"{manage_path(plan.area_id)}/unpublish", {})
    saved, published, unpublished = events(app)
    assert (saved.event, published.event, unpublished.event) == (
        "public_page.choices_saved",
        "public_page.published",
        "public_page.unpublished",
    )
    assert published.actor_id == unpublished.actor_id == plan.manager.id
    assert published.local_area_id == plan.area_id
    assert "Weakness 1 added: ‘" in published.changes["differences"][2]


# -- Bad input ----------------------------------------------------------------------------------------------


def test_publishing_with_nothing_chosen_explains_stores_nothing_and_keeps_what_was_typed(app, client, plan):
    response = choose(
        client, plan.area_id, actions=[plan.actions["1.1"]], shown=["names"], summaries={plan.weaknesses[1]: "Kept"}
    )

    page = assert_page(response, "Westmarsh: progress page for families")
    assert 'class="govuk-error-summary' in page
    assert '<a href="#findings">Choose at least one weakness or area for development to publish</a>' in page
    assert ">Kept</textarea>" in page
    assert ticked(response) == {("actions", str(plan.actions["1.1"])), ("shown", "names")}
    assert stored_page(app, plan.area_id) is None
    assert events(app) == []
    assert read_public(app).status_code == 404


def test_a_summary_too_long_is_refused_and_nothing_is_stored(app, client, plan):
    response = choose(client, plan.area_id, findings=weaknesses(plan), summaries={plan.weaknesses[1]: "x" * 2001})
    assert "Keep the summary to 2,000 characters or fewer" in assert_page(
        response, "Westmarsh: progress page for families"
    )
    assert stored_page(app, plan.area_id) is None


def test_a_preview_made_stale_by_a_change_to_the_plan_publishes_nothing(app, client, plan):
    choose(client, plan.area_id, findings=weaknesses(plan), actions=open_actions(plan))
    fields = hidden_fields(client, f"{manage_path(plan.area_id)}/preview")
    post_as(app, plan.olu.email, "1.1", plan, lambda user, action: post_update(
        user, action, UpdateDetails("red", "Caseworkers left", "Advertised again"), action.version))

    response = client.post(f"{manage_path(plan.area_id)}/publish", data=fields)

    assert redirect_target(response) == f"{manage_path(plan.area_id)}/preview"
    assert stored_page(app, plan.area_id).snapshot is None
    assert read_public(app).status_code == 404
    preview = client.get(f"{manage_path(plan.area_id)}/preview").get_data(as_text=True)
    assert "The plan or the choices changed after you opened this preview" in preview


def test_a_publish_without_the_previews_fingerprint_publishes_nothing(app, client, plan):
    choose(client, plan.area_id, findings=weaknesses(plan), actions=open_actions(plan))
    fields = hidden_fields(client, f"{manage_path(plan.area_id)}/preview")
    client.post(f"{manage_path(plan.area_id)}/publish", data={**fields, "previewed": ""})
    assert read_public(app).status_code == 404


# -- Only what was published -------------------------------------------------------------------------------


def test_the_page_shows_what_was_published_not_what_changed_since(app, client, plan):
    publish_the_plan(client, plan)
    post_as(app, plan.olu.email, "1.1", plan, lambda user, action: post_update(
        user, action, UpdateDetails("red", "Caseworkers left", "Advertised again"), action.version))

    words = visible_text(read_public(app))
    action_1_1 = words[words.index("Action 1.1:"):words.index("Action 1.2:")]
    assert "Amber: at risk" in action_1_1 and "Red: off track" not in action_1_1


def test_the_preview_shows_the_page_to_be_and_lists_what_would_change(app, client, plan):
    publish_the_plan(client, plan)
    post_as(app, plan.olu.email, "1.1", plan, lambda user, action: post_update(
        user, action, UpdateDetails("red", "Caseworkers left", "Advertised again", percent_complete=40),
        action.version))
    choose(client, plan.area_id, findings=weaknesses(plan)[:2], actions=open_actions(plan))

    response = client.get(f"{manage_path(plan.area_id)}/preview")

    assert response.headers["Cache-Control"] == "no-store"
    page = assert_page(response, "Preview the progress page for Westmarsh")
    changes = re.search(r'aria-labelledby="changes">(.*?)</ul>', page, re.S).group(1)
    listed = [" ".join(item.split()) for item in re.findall(r"<li>(.*?)</li>", changes, re.S)]
    assert len(listed) == 4 and listed[0] == "Weakness 3 removed"
    assert listed[1].startswith("Action 1.1 ‘The timeliness")
    assert listed[1].endswith("’: rating changed from Amber: at risk to Red: off track")
    assert listed[2].startswith("Action 1.1 ‘")
    assert listed[2].endswith("’: per cent complete changed from not given to 40%")
    assert listed[3].startswith("Action 3.1 ‘") and listed[3].endswith("’ removed")
    assert "40% complete" in visible_text(response)


def test_an_action_added_after_publishing_stays_off_the_page_until_chosen_and_published(app, client, plan):
    publish_the_plan(client, plan)
    with app.app_context():
        new = create_action(
            db.session.get(User, plan.manager.id),
            db.session.get(Inspection, plan.inspection_id),
            ActionDetails(title="Draft: a new panel for tribunals", finding_ids=[plan.weaknesses[1]]),
        )
        new_id = new.id
    assert "Draft: a new panel for tribunals" not in visible_text(read_public(app))
    form = client.get(manage_path(plan.area_id))
    assert checkboxes(form)[("actions", str(new_id))] is False  # offered, not ticked
    assert "not on the published page" in form.get_data(as_text=True)

    publish_the_plan(client, plan)  # republishing the same choices still leaves it out
    assert "Draft: a new panel for tribunals" not in visible_text(read_public(app))


def test_a_retired_action_posted_as_chosen_is_not_kept_or_published(app, client, plan):
    choose_and_publish(
        client, plan.area_id, findings=weaknesses(plan), actions=[*open_actions(plan), plan.actions["2.2"]]
    )
    assert plan.actions["2.2"] not in stored_page(app, plan.area_id).choices["actions"]
    words = visible_text(read_public(app))
    assert "Action 2.2" not in words and "Spare" not in words


def test_an_action_retired_after_publishing_leaves_the_page_when_it_is_next_published(app, client, plan):
    publish_the_plan(client, plan)
    post_as(app, plan.manager.email, "2.1", plan, lambda user, action: retire_action(
        user, action, "Merged into 1.1", action.version))
    assert "Action 2.1:" in visible_text(read_public(app))  # still as published

    assert redirect_target(publish_previewed(client, plan.area_id)) == manage_path(plan.area_id)

    assert "Action 2.1:" not in visible_text(read_public(app))


# -- What never leaks ---------------------------------------------------------------------------------------


def test_no_name_appears_unless_the_manager_chooses_to_show_names(app, client, plan):
    publish_the_plan(client, plan, shown=["progress_notes", "comments"])
    page = read_public(app).get_data(as_text=True)
    for name in PEOPLE:
        assert name not in page

    publish_the_plan(client, plan, shown=["names"])
    words = visible_text(read_public(app))
    assert "Led by Olu Adebayo" in words and "Led by Priya Shah" in words


def test_progress_notes_are_hidden_unless_chosen(app, client, plan):
    publish_the_plan(client, plan)
    assert "Recruitment slow" not in visible_text(read_public(app))
    publish_the_plan(client, plan, shown=["progress_notes"])
    words = visible_text(read_public(app))
    assert "Why this rating Recruitment slow" in words and "Two caseworkers recruited" in words


def test_comments_are_hidden_unless_chosen_and_their_authors_unless_names_are(app, client, plan):
    post_as(app, plan.olu.email, "1.1", plan, lambda user, action: add_comment(user, action, "Met the forum today"))
    publish_the_plan(client, plan)
    assert "Met the forum today" not in visible_text(read_public(app))

    publish_the_plan(client, plan, shown=["comments"])
    words = visible_text(read_public(app))
    assert "Met the forum today 15 January 2026" in words and "Olu Adebayo" not in words

    publish_the_plan(client, plan, shown=["comments", "names"])
    assert "Met the forum today Olu Adebayo, 15 January 2026" in visible_text(read_public(app))


def test_evidence_and_its_file_are_public_only_when_chosen(app, client, plan):
    chosen = add_accepted_file(app, plan, "1.1", "Caseload counts", "caseloads.csv")
    other = add_accepted_file(app, plan, "2.1", "Panel minutes", "minutes.csv")
    publish_the_plan(client, plan)
    assert "Caseload counts" not in visible_text(read_public(app))
    assert read_public(app, f"{PUBLIC}/evidence/{chosen}").status_code == 404

    publish_the_plan(client, plan, evidence=[chosen])

    words = visible_text(read_public(app))
    assert "Caseload counts (download caseloads.csv)" in words and "Panel minutes" not in words
    with read_public(app, f"{PUBLIC}/evidence/{chosen}") as download:
        assert download.status_code == 200 and download.data == b"term,count\nA,1\n"
    assert read_public(app, f"{PUBLIC}/evidence/{other}").status_code == 404
    assert events(app, "public_page.evidence_downloaded")[0].action_id == plan.actions["1.1"]


def test_evidence_not_accepted_is_never_shown_even_if_posted_as_chosen(app, client, plan):
    with app.app_context():
        awaiting = db.session.scalar(
            db.select(Action).filter_by(id=plan.actions["1.2"])
        ).evidence[0]
        awaiting.review_status = "returned"
        db.session.commit()
        returned_id = awaiting.id
    publish_the_plan(client, plan, evidence=[returned_id])
    assert "Specification" not in visible_text(read_public(app))


def test_another_areas_page_and_data_never_appear(app, client, plan):
    eastfen = build_known_plan(app, "Eastfen")
    publish_the_plan(client, plan)
    assert read_public(app, "/public/eastfen").status_code == 404
    assert "Eastfen" not in read_public(app).get_data(as_text=True)
    eastfen_evidence = add_accepted_file(app, eastfen, "1.1", "Eastfen counts", "eastfen.csv")
    assert read_public(app, f"{PUBLIC}/evidence/{eastfen_evidence}").status_code == 404


def test_another_areas_findings_and_actions_cannot_be_slipped_into_the_choices(app, client, plan):
    eastfen = build_known_plan(app, "Eastfen")
    choose_and_publish(
        client,
        plan.area_id,
        findings=[*weaknesses(plan), eastfen.weaknesses[1]],
        actions=[*open_actions(plan), eastfen.actions["1.1"]],
    )
    kept = stored_page(app, plan.area_id).choices
    assert kept["findings"] == sorted(weaknesses(plan)) and kept["actions"] == sorted(open_actions(plan))
    assert "Eastfen" not in read_public(app).get_data(as_text=True)


def test_a_manager_of_another_area_cannot_see_or_change_this_areas_page(app, plan):
    stranger = make_user(app, role="manager", area=build_known_plan(app, "Eastfen").area)
    client = app.test_client()
    sign_in(client, stranger)
    assert client.get(manage_path(plan.area_id)).status_code == 404
    assert client.get(f"{manage_path(plan.area_id)}/preview").status_code == 404


# -- Taking it down -----------------------------------------------------------------------------------------


def test_taking_the_page_down_leaves_nothing_to_read_or_download(app, client, plan):
    chosen = add_accepted_file(app, plan, "1.1", "Caseload counts", "caseloads.csv")
    publish_the_plan(client, plan, evidence=[chosen])
    confirm = client.get(f"{manage_path(plan.area_id)}/unpublish")
    assert_page(confirm, "Take down the progress page for Westmarsh")

    assert redirect_target(post_form(client, f"{manage_path(plan.area_id)}/unpublish", {})) == manage_path(
        plan.area_id
    )

    gone, never = read_public(app), read_public(app, "/public/no-such-area")
    assert gone.status_code == never.status_code == 404
    assert _without_nonce(gone) == _without_nonce(never)
    assert read_public(app, f"{PUBLIC}/evidence/{chosen}").status_code == 404
    assert stored_page(app, plan.area_id).snapshot is None


def test_republishing_after_taking_down_keeps_the_address_and_the_choices(app, client, plan):
    publish_the_plan(client, plan, summaries={plan.weaknesses[1]: "Decisions take too long."})
    post_form(client, f"{manage_path(plan.area_id)}/unpublish", {})
    assert "Decisions take too long.</textarea>" in client.get(manage_path(plan.area_id)).get_data(as_text=True)
    assert redirect_target(publish_previewed(client, plan.area_id)) == manage_path(plan.area_id)
    assert "Decisions take too long." in visible_text(read_public(app))


def _without_nonce(response) -> str:
    return re.sub(r'nonce="[^"]+"', "", response.get_data(as_text=True))


# -- Caching ------------------------------------------------------------------------------------------------


def test_the_public_page_may_be_cached_briefly_and_sets_no_cookie(app, client, plan):
    publish_the_plan(client, plan)
    response = read_public(app)
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert "Set-Cookie" not in response.headers


def test_the_public_page_is_kept_out_of_shared_caches_for_a_visitor_with_a_cookie(app, client, plan):
    publish_the_plan(client, plan)
    assert client.get(PUBLIC).headers["Cache-Control"] == "private, max-age=60"


def test_a_page_that_is_not_published_is_never_cached(app, plan):
    assert read_public(app).headers["Cache-Control"] == "no-store"


def test_a_signed_in_manager_sees_the_same_public_page_as_everyone(app, client, plan):
    publish_the_plan(client, plan)
    assert _without_nonce(client.get(PUBLIC)) == _without_nonce(read_public(app))
