"""Every route's permission rule, gathered from one module per part of the product.

A new module here with a ROUTES dict is picked up on its own, so parts of the product
can add routes without editing a shared table.
"""

import importlib
import pkgutil

ROUTES: dict = {}
for _module in pkgutil.iter_modules(__path__):
    ROUTES.update(importlib.import_module(f"{__name__}.{_module.name}").ROUTES)
