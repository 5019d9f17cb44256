"""Signing in and out, setting a password from an invitation link.

The blueprint lives in views.py and is registered by the app factory (wsoa/app.py), so importing
this package or its pure modules loads no views.
"""
