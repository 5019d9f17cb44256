"""gunicorn's settings (gunicorn.conf.py), read as gunicorn reads them."""

from __future__ import annotations

import gc
import runpy
from pathlib import Path

SETTINGS = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def test_a_worker_freezes_what_it_loaded_so_a_full_garbage_collection_skips_it():
    post_worker_init = runpy.run_path(str(SETTINGS))["post_worker_init"]
    gc.unfreeze()
    try:
        post_worker_init(worker=None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
