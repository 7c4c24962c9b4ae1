"""The Flask web app: ``create_app(config=None)``; nothing happens at import time."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(SECRET_KEY="dev-only-change-me", MAX_CONTENT_LENGTH=8 * 1024 * 1024)
    app.config.from_prefixed_env("STUDIO")
    if config:
        app.config.update(config)

    from webforms.pages import bp

    app.register_blueprint(bp)
    return app
