"""Key dates a manager can set: the WSoA deadline and next full inspection (revisit_date exists).

Reviewed: two nullable date columns; empty means "derive from the letter".

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 05:54:02.676829

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.add_column(sa.Column('wsoa_deadline', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('next_full_inspection_date', sa.Date(), nullable=True))



def downgrade():
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.drop_column('next_full_inspection_date')
        batch_op.drop_column('wsoa_deadline')

