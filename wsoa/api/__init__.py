"""The JSON API (issue 17): personal access tokens, read endpoints, a few writes, and its OpenAPI document.

The blueprint is defined in `views.py` and registered by the app factory; importing this package loads nothing.
"""
