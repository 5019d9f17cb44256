"""Running wsoa in production: health and readiness, request ids and JSON logs, settings checks,
copying evidence between stores. The `wsoa check` and `wsoa copy-evidence` commands are in wsoa/cli.py."""
