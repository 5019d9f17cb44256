"""An evidence file as a download, for the action page's link and the API alike.

Callers check permission first (`actions.evidence.evidence_for_download`, which also audits the download);
the file is then streamed from the store in chunks (a local file or a bucket object), never through a
public link.
"""

from __future__ import annotations

from flask import Response, current_app, send_file

from .models import Evidence
from .storage import storage_for


def evidence_download(evidence: Evidence) -> Response:
    response = send_file(
        storage_for(current_app).open(evidence.storage_key),
        mimetype=evidence.content_type,
        as_attachment=True,
        download_name=evidence.original_filename,
        max_age=0,
    )
    response.content_length = evidence.size_bytes
    return response
