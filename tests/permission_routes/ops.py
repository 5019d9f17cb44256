"""The permission matrix's routes for operations: health and readiness answer anyone."""

from wsoa.permissions import PUBLIC

ROUTES = {
    "ops.healthz": ("GET", lambda p: "/healthz", PUBLIC),
    "ops.readyz": ("GET", lambda p: "/readyz", PUBLIC),
}
