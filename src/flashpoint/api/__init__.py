"""The HTTP API (FastAPI): ``create_app(store, token)``; ``flashpoint serve`` runs it. See docs/api.md."""

from flashpoint.api.app import create_app

__all__ = ["create_app"]
