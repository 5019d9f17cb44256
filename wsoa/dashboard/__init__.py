"""Where everything stands: area dashboards, readiness, owners, the multi-area overview, My actions.

The blueprint lives in views.py and is registered by the app factory (wsoa/app.py), so importing
this package or its pure modules loads no views.
"""
