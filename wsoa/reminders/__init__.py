"""Scheduled reminders and emailed digests: preferences, one-click unsubscribe, the delivery ledger.

The blueprint lives in views.py and is registered by the app factory (wsoa/app.py), so importing
this package or its pure modules loads no views.
"""
