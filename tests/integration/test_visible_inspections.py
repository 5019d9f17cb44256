"""Which inspections a person's lists are built from: their own areas', or every one for an administrator."""

from __future__ import annotations

from tests.factories import make_inspection, make_user
from wsoa.extensions import db
from wsoa.models import User
from wsoa.permissions import visible_inspections


def test_a_member_sees_only_their_own_areas_inspections_and_an_administrator_sees_all(app):
    westmarsh = make_inspection(app, "Westmarsh")
    eastbury = make_inspection(app, "Eastbury")
    member = make_user(app, role="viewer", area="Eastbury")
    admin = make_user(app, role="admin")
    with app.app_context():
        def ids(user_id: int) -> set[int]:
            return {i.id for i in db.session.scalars(visible_inspections(db.session.get(User, user_id)))}

        assert ids(member.id) == {eastbury.id}
        assert ids(admin.id) == {westmarsh.id, eastbury.id}
