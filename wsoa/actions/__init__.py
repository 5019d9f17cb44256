"""Actions: seeding from findings, the workflow from draft to sign-off, milestones, updates and evidence.

The blueprint lives in views.py and is registered by the app factory (wsoa/app.py), so importing
this package or its pure modules loads no views.
"""
