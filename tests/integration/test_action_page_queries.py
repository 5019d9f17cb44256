"""The action page loads its authors together: the same number of SQL statements whether one person or
many have written updates and comments on it, and whether or not the audit trail names them (updates
carried over from an earlier tracker, like the national benchmark's, have no audit events)."""

from __future__ import annotations

from tests.dashboard_factories import build_known_plan
from tests.factories import make_user
from tests.pages import sign_in, statements_for
from wsoa.extensions import db


def carried_over(app, action_id: int, writers) -> None:
    """An update and a comment from each writer, written straight to the tables, with no audit events."""
    with app.app_context():
        from wsoa.models import ActionComment, ProgressUpdate

        for writer in writers:
            db.session.add(
                ProgressUpdate(action_id=action_id, author_id=writer.id, rag="amber", rag_reason="", done="Met them")
            )
            db.session.add(ActionComment(action_id=action_id, author_id=writer.id, body="Noted."))
        db.session.commit()


def test_the_action_page_runs_the_same_statements_however_many_people_wrote_on_it(app, client, frozen):
    known = build_known_plan(app)
    action_id = next(iter(known.actions.values()))
    sign_in(client, known.manager)
    url = f"/actions/{action_id}"
    client.get(url)  # warm: anything loaded once per process is loaded now

    carried_over(app, action_id, [make_user(app, role="manager", area=known.area)])
    one_author = statements_for(app, client, url)
    carried_over(app, action_id, [make_user(app, role="officer", area=known.area) for _ in range(6)])
    assert statements_for(app, client, url) == one_author
