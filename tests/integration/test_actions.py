"""Managing actions: seeding, editing (with optimistic locking), splitting, retiring, updates, sign-off rules."""

import re

import pytest
from sqlalchemy import update

from tests.factories import make_actions, make_inspection, make_user
from tests.pages import assert_page, post_form, sign_in
from wsoa.actions.services import ActionDetails, EditConflict, edit_action
from wsoa.extensions import db
from wsoa.models import Action, AuditEvent, Evidence, Inspection, LocalArea, Membership, ProgressUpdate, User


def add_extra_actions(app, inspection_id: int, count: int) -> None:
    with app.app_context():
        area_id = db.session.get(Inspection, inspection_id).local_area_id
        for number in range(1, count + 1):
            db.session.add(
                Action(
                    local_area_id=area_id,
                    inspection_id=inspection_id,
                    reference=f"99.{number}",
                    title=f"Extra {number}",
                )
            )
        db.session.commit()


def area_id_of(app, name: str) -> int:
    with app.app_context():
        return db.session.query(LocalArea).filter_by(name=name).one().id


def actions_in(app):
    with app.app_context():
        return {a.reference: (a.title, a.status) for a in db.session.query(Action)}


def test_seeding_makes_one_draft_per_chosen_finding_titled_from_its_first_sentence(app, client, westmarsh):
    inspection, manager, _ = westmarsh
    sign_in(client, manager)
    page = client.get(f"/inspections/{inspection.id}/seed").get_data(as_text=True)
    first_weakness = re.search(r'name="findings" type="checkbox" value="(\d+)"', page).group(1)
    post_form(client, f"/inspections/{inspection.id}/seed", {"findings": [first_weakness]})
    assert actions_in(app) == {
        "1.1": (
            "The timeliness, quality and review of EHC plans, including the contributions made by health and "
            "social care",
            "not_started",
        )
    }


def test_the_seed_page_ticks_the_significant_weaknesses_by_default(app, client, westmarsh):
    inspection, manager, _ = westmarsh
    sign_in(client, manager)
    page = assert_page(client.get(f"/inspections/{inspection.id}/seed"), "Choose the findings to track")
    assert len(re.findall(r'type="checkbox" value="\d+" checked', page)) == 4
    assert len(re.findall(r'type="checkbox" value="\d+"', page)) == 13
    assert "Short breaks are well regarded" not in page  # strengths are not tracked


def test_the_seed_page_groups_findings_by_kind_each_with_its_question(app, client, westmarsh):
    inspection, manager, _ = westmarsh
    sign_in(client, manager)
    page = client.get(f"/inspections/{inspection.id}/seed").get_data(as_text=True)
    legends = re.findall(r'<legend[^>]*>\s*(.*?)\s*</legend>', page, re.S)
    assert legends == ["Areas of significant weakness", "Areas for development"]
    assert "Weakness 1: " in page and "Area for development 5: " in page


def test_the_areas_for_development_are_one_click_away(app, client, westmarsh):
    inspection, manager, _ = westmarsh
    sign_in(client, manager)
    page = client.get(f"/inspections/{inspection.id}/seed").get_data(as_text=True)
    link = re.search(r'href="([^"]*with=all[^"]*)"', page).group(1).replace("&amp;", "&")
    assert len(re.findall(r'type="checkbox" value="\d+" checked', client.get(link).get_data(as_text=True))) == 13


def test_findings_already_answered_are_not_ticked_again(app, client, westmarsh):
    inspection, manager, _ = westmarsh
    make_actions(app, inspection, manager)
    sign_in(client, manager)
    page = client.get(f"/inspections/{inspection.id}/seed?with=all").get_data(as_text=True)
    assert not re.findall(r'type="checkbox" value="\d+" checked', page)
    assert page.count("Already has an action") == 13


def test_seeding_twice_creates_nothing_new(app, client, westmarsh):
    inspection, manager, _ = westmarsh
    make_actions(app, inspection, manager)
    before = actions_in(app)
    sign_in(client, manager)
    page = client.get(f"/inspections/{inspection.id}/seed").get_data(as_text=True)
    ids = re.findall(r'name="findings" type="checkbox" value="(\d+)"', page)
    response = post_form(client, f"/inspections/{inspection.id}/seed", {"findings": ids}, follow_redirects=True)
    assert "nothing new was created" in response.get_data(as_text=True)
    assert actions_in(app) == before


def test_a_seeded_title_is_the_first_sentence_of_a_longer_finding(app, westmarsh):
    inspection, manager, _ = westmarsh
    actions = make_actions(app, inspection, manager)
    with app.app_context():
        titles = {a.reference: a.title for a in db.session.query(Action)}
    assert titles[actions[4].reference] == (
        "Too few requests for an EHC needs assessment are decided within six weeks."
    )


def edit_form(client, action_id):
    page = client.get(f"/actions/{action_id}/edit").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    finding = re.search(r'name="findings" type="checkbox" value="(\d+)" checked', page).group(1)
    return {
        "version": version,
        "title": "New title",
        "findings": [finding],
        "lead": "",
        "start_date": ["", "", ""],
        "due_date": ["", "", ""],
    }


def test_a_second_editor_is_told_of_the_first_editors_change_and_keeps_what_they_typed(app, client, westmarsh):
    inspection, manager, _ = westmarsh
    action = make_actions(app, inspection, manager)[0]
    sign_in(client, manager)
    first = edit_form(client, action.id)
    second = edit_form(client, action.id)
    assert (
        post_form(client, f"/actions/{action.id}/edit", {**first, "title": "First editor's title"}).status_code == 302
    )
    response = post_form(client, f"/actions/{action.id}/edit", {**second, "title": "Second editor's title"})
    page = assert_page(response, f"Edit action {action.reference}")
    assert "Someone else changed this action while you were editing it" in page
    assert "First editor&#39;s title" in page  # what is saved now
    assert 'value="Second editor&#39;s title"' in page  # what they typed
    assert actions_in(app)[action.reference][0] == "First editor's title"


def test_after_seeing_the_conflict_the_second_editor_can_save_deliberately(app, client, westmarsh):
    inspection, manager, _ = westmarsh
    action = make_actions(app, inspection, manager)[0]
    sign_in(client, manager)
    stale = edit_form(client, action.id)
    post_form(client, f"/actions/{action.id}/edit", {**edit_form(client, action.id), "title": "First"})
    conflict_page = post_form(client, f"/actions/{action.id}/edit", {**stale, "title": "Second"}).get_data(as_text=True)
    fresh_version = re.search(r'name="version" type="hidden" value="(\d+)"', conflict_page).group(1)
    post_form(client, f"/actions/{action.id}/edit", {**stale, "version": fresh_version, "title": "Second"})
    assert actions_in(app)[action.reference][0] == "Second"


def test_editing_records_old_and_new_values_in_the_audit_trail(app, client, westmarsh):
    inspection, manager, _ = westmarsh
    action = make_actions(app, inspection, manager)[0]
    sign_in(client, manager)
    post_form(client, f"/actions/{action.id}/edit", {**edit_form(client, action.id), "title": "Clearer title"})
    with app.app_context():
        event = db.session.query(AuditEvent).filter_by(event="action.edited").one()
        assert event.changes["title"][1] == "Clearer title"
        assert event.changes["title"][0].startswith("The timeliness")


def test_the_action_page_shows_its_history_with_old_and_new_values(app, client, westmarsh):
    inspection, manager, _ = westmarsh
    action = make_actions(app, inspection, manager)[0]
    sign_in(client, manager)
    post_form(client, f"/actions/{action.id}/edit", {**edit_form(client, action.id), "title": "Clearer title"})
    page = client.get(f"/actions/{action.id}").get_data(as_text=True)
    history = page[page.index('id="history"') :]
    assert history.index("Action 1.1 edited") < history.index("Draft action 1.1 seeded from the letter")
    assert "Title: The timeliness" in history and "→ Clearer title" in history


def test_a_due_date_before_the_start_date_is_refused_and_the_form_keeps_its_values(app, client, westmarsh):
    inspection, manager, _ = westmarsh
    action = make_actions(app, inspection, manager)[0]
    sign_in(client, manager)
    data = {
        **edit_form(client, action.id),
        "title": "Kept title",
        "start_date": ["1", "5", "2026"],
        "due_date": ["1", "4", "2026"],
    }
    page = post_form(client, f"/actions/{action.id}/edit", data).get_data(as_text=True)
    assert "The due date must be the same as or after the start date" in page
    assert 'value="Kept title"' in page
    assert actions_in(app)[action.reference][0] != "Kept title"


def test_splitting_makes_a_new_action_with_the_next_reference_and_the_same_findings(app, client, westmarsh):
    inspection, manager, _ = westmarsh
    action = make_actions(app, inspection, manager)[0]
    sign_in(client, manager)
    version = re.search(
        r'name="version" type="hidden" value="(\d+)"', client.get(f"/actions/{action.id}/split").get_data(as_text=True)
    ).group(1)
    post_form(client, f"/actions/{action.id}/split", {"version": version, "title": "Health advice on time"})
    with app.app_context():
        part = db.session.query(Action).filter_by(reference="1.2").one()
        original = db.session.get(Action, action.id)
        assert part.title == "Health advice on time"
        assert part.split_from_id == original.id
        assert [f.id for f in part.findings] == [f.id for f in original.findings]


def test_retiring_needs_a_reason_and_deletes_nothing(app, client, westmarsh):
    inspection, manager, _ = westmarsh
    action = make_actions(app, inspection, manager)[0]
    sign_in(client, manager)
    page = client.get(f"/actions/{action.id}/retire").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    refused = post_form(client, f"/actions/{action.id}/retire", {"version": version, "reason": " "})
    assert "Enter why the action is being retired" in refused.get_data(as_text=True)
    post_form(client, f"/actions/{action.id}/retire", {"version": version, "reason": "Merged into 2.1"})
    assert actions_in(app)[action.reference][1] == "retired"


def test_an_officer_who_does_not_lead_or_partner_cannot_post_an_update(app, client, westmarsh):
    inspection, manager, officer = westmarsh
    action = make_actions(app, inspection, manager)[0]
    sign_in(client, officer)
    response = post_form(client, f"/actions/{action.id}/update", {"rag": "green", "rag_reason": "x", "done": "y"})
    assert response.status_code == 403
    with app.app_context():
        assert db.session.query(ProgressUpdate).count() == 0


def test_a_partner_may_post_an_update_and_it_sets_the_actions_rag(app, client, westmarsh):
    inspection, manager, officer = westmarsh
    action = make_actions(app, inspection, manager, partner=officer)[0]
    sign_in(client, officer)
    post_form(client, f"/actions/{action.id}/update", {"rag": "red", "rag_reason": "No staff", "done": "Advertised"})
    with app.app_context():
        saved = db.session.get(Action, action.id)
        assert (saved.rag, saved.rag_reason, saved.status) == ("red", "No staff", "in_progress")


def test_an_update_with_missing_answers_keeps_what_was_typed(app, client, westmarsh):
    inspection, manager, _ = westmarsh
    action = make_actions(app, inspection, manager)[0]
    sign_in(client, manager)
    page = post_form(
        client,
        f"/actions/{action.id}/update",
        {"rag": "amber", "rag_reason": "", "done": "Typed text", "percent_complete": "abc"},
    ).get_data(as_text=True)
    assert "Enter the reason for the RAG rating" in page
    assert "Percentage complete must be a whole number" in page
    assert "Typed text</textarea>" in page
    assert 'value="amber" checked' in page


def test_updates_cannot_be_edited_there_is_no_route_to_change_one(app):
    rules = [rule.rule for rule in app.url_map.iter_rules()]
    # Posting a new update is allowed (one action's page, or a lead's board update of several); nothing names
    # an existing update, so nothing can change or delete one.
    assert not [rule for rule in rules if "update_id" in rule or "/updates/" in rule]
    editing = {"PUT", "PATCH", "DELETE"}
    assert not [rule for rule in app.url_map.iter_rules() if "update" in rule.rule and rule.methods & editing]


def complete_with_evidence(app, client, action_id, kind="activity", review="accept"):
    """Another manager of the area adds evidence and marks the action complete; the signed-in manager reviews it."""
    colleague = app.test_client()
    sign_in(colleague, make_user(app, role="manager", area="Westmarsh"))
    post_form(
        colleague,
        f"/actions/{action_id}/evidence/new",
        {"kind": kind, "description": "Minutes", "as_at": ["1", "2", "2026"], "link_url": "https://example.org/m"},
    )
    with app.app_context():
        evidence_id = db.session.query(Evidence).filter_by(action_id=action_id).one().id
    post_form(client, f"/evidence/{evidence_id}/review", {"decision": review, "comment": "See notes"})
    post_form(colleague, f"/actions/{action_id}/complete", {})


def test_sign_off_needs_accepted_evidence(app, client, westmarsh):
    inspection, manager, _ = westmarsh
    action = make_actions(app, inspection, manager)[0]
    sign_in(client, manager)
    complete_with_evidence(app, client, action.id, review="return")
    page = post_form(client, f"/actions/{action.id}/sign-off", {"decision": "sign_off"}).get_data(as_text=True)
    assert "Sign-off needs at least one piece of accepted evidence" in page
    assert actions_in(app)[action.reference][1] == "complete"


def test_an_area_can_require_impact_evidence_for_sign_off(app, client, westmarsh):
    inspection, manager, _ = westmarsh
    action = make_actions(app, inspection, manager)[0]
    sign_in(client, manager)
    post_form(
        client,
        f"/areas/{area_id_of(app, 'Westmarsh')}/settings",
        {"stale_after_days": "30", "due_soon_days": "14", "require_impact_evidence": "y"},
    )
    complete_with_evidence(app, client, action.id, kind="activity")
    page = post_form(client, f"/actions/{action.id}/sign-off", {"decision": "sign_off"}).get_data(as_text=True)
    assert "This area requires accepted evidence of impact before sign-off" in page


def test_a_manager_can_return_a_completed_action_with_a_reason(app, client, westmarsh):
    inspection, manager, _ = westmarsh
    action = make_actions(app, inspection, manager)[0]
    sign_in(client, manager)
    complete_with_evidence(app, client, action.id)
    refused = post_form(client, f"/actions/{action.id}/sign-off", {"decision": "return", "reason": ""})
    assert "Enter why the action is being returned" in refused.get_data(as_text=True)
    post_form(client, f"/actions/{action.id}/sign-off", {"decision": "return", "reason": "No impact shown"})
    assert actions_in(app)[action.reference][1] == "in_progress"
    assert "Returned by a manager: No impact shown" in client.get(f"/actions/{action.id}").get_data(as_text=True)


def test_my_actions_lists_what_i_lead_or_partner_on_overdue_first(app, client, westmarsh):
    inspection, manager, officer = westmarsh
    actions = make_actions(app, inspection, manager, lead=officer)
    with app.app_context():
        late = db.session.get(Action, actions[3].id)
        late.due_date = late.created_at.date().replace(year=2020)
        db.session.commit()
    sign_in(client, officer)
    page = assert_page(client.get("/my-actions"), "My actions")
    rows = re.findall(r'href="/actions/(\d+)"', page)
    assert rows[0] == str(actions[3].id)
    assert len(rows) == len(actions)
    assert "Overdue by" in page


def test_a_manager_sets_how_many_days_before_key_dates_managers_are_reminded(app, client, westmarsh):
    _, manager, _ = westmarsh
    sign_in(client, manager)
    settings = f"/areas/{area_id_of(app, 'Westmarsh')}/settings"
    assert 'value="90,60,30,14,7"' in assert_page(client.get(settings), "Settings for Westmarsh")
    post_form(
        client, settings, {"stale_after_days": "21", "due_soon_days": "10", "key_date_reminder_days": "30, 7, 60"}
    )
    with app.app_context():
        saved = db.session.query(LocalArea).filter_by(name="Westmarsh").one()
        assert (saved.stale_after_days, saved.due_soon_days, saved.key_date_reminder_days) == (21, 10, "60,30,7")


def test_reminder_days_that_are_not_numbers_are_refused_and_kept_in_the_form(app, client, westmarsh):
    _, manager, _ = westmarsh
    sign_in(client, manager)
    page = post_form(
        client,
        f"/areas/{area_id_of(app, 'Westmarsh')}/settings",
        {"stale_after_days": "30", "due_soon_days": "14", "key_date_reminder_days": "soon"},
    )
    assert "Enter whole numbers of days" in page.get_data(as_text=True)
    assert 'value="soon"' in page.get_data(as_text=True)


def test_a_long_plan_is_shown_in_pages_of_25(app, client, westmarsh):
    inspection, manager, _ = westmarsh
    make_actions(app, inspection, manager)
    add_extra_actions(app, inspection.id, 20)
    sign_in(client, manager)
    first = client.get(f"/inspections/{inspection.id}/actions").get_data(as_text=True)
    second = client.get(f"/inspections/{inspection.id}/actions?page=2").get_data(as_text=True)
    assert "33 actions: 1 to 25 shown" in first
    assert first.count('href="/actions/') == 25 and second.count('href="/actions/') == 8
    assert f"/inspections/{inspection.id}/actions?page=2" in first


def test_changing_only_the_partners_still_tells_a_second_editor(app, client, westmarsh):
    inspection, manager, officer = westmarsh
    action = make_actions(app, inspection, manager)[0]
    sign_in(client, manager)
    first, second = edit_form(client, action.id), edit_form(client, action.id)
    title = actions_in(app)[action.reference][0]
    post_form(client, f"/actions/{action.id}/edit", {**first, "title": title, "partners": [str(officer.id)]})
    page = post_form(client, f"/actions/{action.id}/edit", {**second, "title": title}).get_data(as_text=True)
    assert "Someone else changed this action while you were editing it" in page
    with app.app_context():
        assert [u.id for u in db.session.get(Action, action.id).partner_users] == [officer.id]


def test_a_save_that_loses_a_race_at_the_database_is_a_conflict_not_an_error(app, westmarsh):
    inspection, manager, _ = westmarsh
    action_data = make_actions(app, inspection, manager)[0]
    with app.app_context():
        action = db.session.get(Action, action_data.id)
        details = ActionDetails(title="Mine", finding_ids=[f.id for f in action.findings])
        version = action.version
        with db.engine.begin() as other_worker:  # another worker saves between our read and our write
            other_worker.execute(
                update(Action).where(Action.id == action.id).values(version=version + 1, title="Theirs")
            )
        with pytest.raises(EditConflict) as conflict:
            edit_action(db.session.get(User, manager.id), action, details, expected_version=version)
        assert conflict.value.action.title == "Theirs"


def test_a_query_parameter_named_like_a_page_argument_does_not_break_the_page_links(app, client, westmarsh):
    inspection, manager, _ = westmarsh
    make_actions(app, inspection, manager)
    add_extra_actions(app, inspection.id, 20)
    sign_in(client, manager)
    response = client.get(f"/inspections/{inspection.id}/actions?inspection_id=999&_external=1&page=1")
    assert response.status_code == 200
    assert f"/inspections/{inspection.id}/actions?page=2" in response.get_data(as_text=True)


def test_a_milestone_met_once_cannot_be_met_again_and_keeps_its_date(app, client, westmarsh):
    inspection, manager, _ = westmarsh
    action = make_actions(app, inspection, manager)[0]
    sign_in(client, manager)
    post_form(client, f"/actions/{action.id}/milestones/new", {"title": "Panel agreed", "due_date": ["1", "3", "2026"]})
    with app.app_context():
        milestone_id = db.session.get(Action, action.id).milestones[0].id
    post_form(client, f"/milestones/{milestone_id}/done", {}, page=f"/actions/{action.id}")
    page = post_form(
        client, f"/milestones/{milestone_id}/done", {}, page=f"/actions/{action.id}", follow_redirects=True
    ).get_data(as_text=True)
    assert "This milestone was already met on" in page
    with app.app_context():
        assert db.session.query(AuditEvent).filter_by(event="milestone.done").count() == 1


def test_a_signed_off_action_takes_no_more_milestones_or_evidence_reviews(app, client, westmarsh):
    inspection, manager, _ = westmarsh
    action = make_actions(app, inspection, manager)[0]
    sign_in(client, manager)
    complete_with_evidence(app, client, action.id)
    post_form(client, f"/actions/{action.id}/sign-off", {"decision": "sign_off"})
    page = post_form(client, f"/actions/{action.id}/milestones/new", {"title": "Late", "due_date": ["1", "3", "2026"]})
    assert "A retired or signed-off action takes no more milestones" in page.get_data(as_text=True)
    with app.app_context():
        evidence_id = db.session.query(Evidence).filter_by(action_id=action.id).one().id
    page = post_form(client, f"/evidence/{evidence_id}/review", {"decision": "return", "comment": "Second thoughts"})
    assert "can no longer be reviewed" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Evidence, evidence_id).review_status == "accepted"


def test_my_actions_can_be_filtered_to_the_overdue_ones(app, client, westmarsh):
    inspection, manager, officer = westmarsh
    actions = make_actions(app, inspection, manager, lead=officer)
    with app.app_context():
        late = db.session.get(Action, actions[2].id)
        late.due_date = late.created_at.date().replace(year=2020)
        db.session.commit()
    sign_in(client, officer)
    page = assert_page(client.get("/my-actions?show=overdue"), "My actions")
    assert re.findall(r'href="/actions/(\d+)"', page) == [str(actions[2].id)]
    assert f"1 action matching the filters ({len(actions)} in all)" in page
    assert '<option value="overdue" selected>' in page


def test_my_actions_across_areas_can_be_narrowed_to_one_area(app, client, westmarsh):
    inspection, manager, officer = westmarsh
    make_actions(app, inspection, manager, lead=officer)
    other = make_inspection(app, "Eastfield")
    make_user(app, role="officer", area="Eastfield")
    with app.app_context():
        eastfield = db.session.query(LocalArea).filter_by(name="Eastfield").one()
        db.session.add(Membership(user_id=officer.id, local_area_id=eastfield.id, role="officer"))
        db.session.commit()
        eastfield_id = eastfield.id
    make_actions(app, other, make_user(app, role="manager", area="Eastfield"), lead=officer)
    sign_in(client, officer)
    everything = client.get("/my-actions").get_data(as_text=True)
    assert "Westmarsh" in everything and "Eastfield" in everything
    only_eastfield = client.get(f"/my-actions?area={eastfield_id}").get_data(as_text=True)
    table = only_eastfield[only_eastfield.index("<table") :]
    assert "Eastfield" in table and "Westmarsh" not in table


def test_when_no_action_matches_the_filters_my_actions_says_so(app, client, westmarsh):
    inspection, manager, officer = westmarsh
    make_actions(app, inspection, manager, lead=officer)
    sign_in(client, officer)
    page = client.get("/my-actions?show=awaiting_sign_off").get_data(as_text=True)
    assert "None of your actions match the filters" in page


def test_the_plan_shows_actions_answering_weaknesses_apart_from_areas_for_development(app, client, westmarsh):
    inspection, manager, _ = westmarsh
    make_actions(app, inspection, manager)
    sign_in(client, manager)
    page = client.get(f"/inspections/{inspection.id}/actions").get_data(as_text=True)
    captions = re.findall(r'<caption[^>]*>\s*(.*?)\s*</caption>', page, re.S)
    assert captions == ["Answering significant weaknesses", "Answering areas for development"]
    weaknesses, development = page.split("Answering areas for development</caption>")
    assert "Weakness 4" in weaknesses and "Area for development" not in weaknesses
    assert "Area for development 5" in development and "Weakness" not in development
