"""The offline dashboard ``flashpoint serve`` opens at ``/``: map, timeline, filters, evidence, escalation.

Its JavaScript, CSS and boundaries are vendored under ``static/vendor`` (built by ``scripts/build_dashboard``
from npm; licences in ``static/vendor/LICENSES.md``), so it needs no network and no Node. See docs/dashboard.md.
"""

from flashpoint.dashboard.web import mount

__all__ = ["mount"]
