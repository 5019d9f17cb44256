"""Members of a local area: a manager invites people, changes their roles and removes them.

The blueprint lives in views.py and is registered by the app factory (wsoa/app.py), so importing
this package or its pure modules loads no views.
"""
