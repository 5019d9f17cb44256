"""Board meetings: snapshots of the plan when a board meets, and the board report comparing each with the last."""
