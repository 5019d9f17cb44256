from tests.factories import make_actions, make_area, make_inspection, make_user
from tests.pages import assert_page, sign_in


def test_the_list_shows_inspections_of_the_users_own_areas_only(app, client):
    mine = make_inspection(app, "Northfold")
    make_inspection(app, "Southmere")
    sign_in(client, make_user(app, role="viewer", area=mine.local_area))
    page = assert_page(client.get("/"), "Inspections")
    assert "Northfold" in page
    assert "Southmere" not in page


def test_a_site_administrator_sees_every_area(app, client):
    make_inspection(app, "Northfold")
    make_inspection(app, "Southmere")
    sign_in(client, make_user(app, role="admin"))
    page = client.get("/").get_data(as_text=True)
    assert "Northfold" in page and "Southmere" in page


def test_a_user_with_no_inspections_is_told_so(app, client):
    sign_in(client, make_user(app, role="viewer", area=make_area(app)))
    page = assert_page(client.get("/"), "Inspections")
    assert "There are no inspections for your local areas yet" in page


def test_an_inspection_of_another_area_is_not_found(app, client):
    theirs = make_inspection(app, "Southmere")
    sign_in(client, make_user(app, role="manager", area=make_area(app, "Northfold")))
    response = client.get(f"/inspections/{theirs.id}")
    assert_page(response, "Page not found", status=404)
    assert "Southmere" not in response.get_data(as_text=True)


def test_the_inspection_page_shows_its_facts(app, client):
    inspection = make_inspection(app, "Northfold")
    sign_in(client, make_user(app, role="viewer", area="Northfold"))
    page = assert_page(client.get(f"/inspections/{inspection.id}"), "Northfold: inspection findings")
    assert "3 to 7 February 2025" in page
    assert "Written statement of action required" in page
    assert "14 March 2025" in page


def test_key_dates_show_the_date_and_how_it_was_worked_out(app, client):
    inspection = make_inspection(app, "Northfold")
    sign_in(client, make_user(app, role="viewer", area="Northfold"))
    page = client.get(f"/inspections/{inspection.id}").get_data(as_text=True)
    assert '<p class="govuk-body govuk-!-margin-bottom-1">26 June 2025</p>' in page
    assert "70 working days after the letter of 14 March 2025" in page
    assert "&lt;p" not in page


def test_the_inspection_page_groups_findings_by_kind_then_section(app, client):
    inspection = make_inspection(app, "Northfold")
    sign_in(client, make_user(app, role="viewer", area="Northfold"))
    page = client.get(f"/inspections/{inspection.id}").get_data(as_text=True)
    headings = [
        "Areas of significant weakness",
        "Areas for development",
        "Identifying needs",
        "Meeting needs",
        "Improving outcomes",
        "Main findings",
        "Strengths",
    ]
    positions = [page.index(f">{heading}</h") for heading in headings]
    assert positions == sorted(positions)


def test_each_finding_can_be_shown_in_the_letter_it_came_from(app, client):
    inspection = make_inspection(app, "Northfold")
    sign_in(client, make_user(app, role="viewer", area="Northfold"))
    page = client.get(f"/inspections/{inspection.id}").get_data(as_text=True)
    assert page.count("Show where this is in the letter") == inspection.finding_count
    assert "<mark>Short breaks are well regarded by families." in page


def test_an_unseeded_inspection_leads_its_manager_to_choose_findings_and_a_seeded_one_to_the_plan(app, client):
    inspection = make_inspection(app, "Westmarsh")
    manager = make_user(app, role="manager", area="Westmarsh")
    sign_in(client, manager)
    assert "Choose the findings to track</a>" in client.get(f"/inspections/{inspection.id}").get_data(as_text=True)
    make_actions(app, inspection, manager)
    page = client.get(f"/inspections/{inspection.id}").get_data(as_text=True)
    assert "Choose the findings to track</a>" not in page and "See the action plan" in page
