"""The public progress page for families: a manager chooses what to publish per area; anyone can read it."""
