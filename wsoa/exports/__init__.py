"""What leaves wsoa as a file: the tracker (XLSX, CSV) and the audit trail.

The blueprint lives in views.py and is registered by the app factory (wsoa/app.py), so importing
this package or its pure modules loads no views.
"""
