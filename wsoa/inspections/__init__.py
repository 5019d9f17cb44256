"""Inspections: importing a letter or report, its findings and its key dates.

The blueprint lives in views.py and is registered by the app factory (wsoa/app.py), so importing
this package or its pure modules loads no views.
"""
