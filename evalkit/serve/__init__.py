"""``evalkit serve``: the models kept warm behind a local HTTP API (FastAPI on uvicorn).

Public API:
    create_app(engine, *, token, max_request_bytes, max_concurrency, max_waiting) -> FastAPI
    listen(host, port) -> socket      bound and listening (port 0: a free one), or a one-line EvalkitError
    check_host(host, token)           refuses a non-loopback host without a token
    warm_up(engine)                   loads every model and runs the pipeline once
    serve_forever(app, sock) -> str | None   until SIGINT/SIGTERM (returns its name), then a graceful stop
    check_segments / review_documents (evalkit.serve.work): the endpoints' work, without the web framework

FastAPI and uvicorn are an optional extra (``pip install "evalkit[serve]"``): importing this
package does not import them; :func:`require_web` says what to install when they are missing.
"""

from __future__ import annotations

from evalkit.serve.server import check_host, listen, require_web, serve_forever, url_for, warm_up
from evalkit.serve.work import check_segments, review_documents


def create_app(*args, **kwargs):
    """See :func:`evalkit.serve.app.create_app` (imported on call: FastAPI is optional)."""
    from evalkit.serve.app import create_app as _create

    return _create(*args, **kwargs)


__all__ = ["create_app", "check_host", "listen", "require_web", "serve_forever", "url_for", "warm_up",
           "check_segments", "review_documents"]
