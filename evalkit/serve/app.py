"""The FastAPI application of ``evalkit serve``: routes, auth, request limits, one-line errors.

Everything a client can get wrong is answered with a 4xx status and ``{"error": "<one line>"}``,
the message the command line prints after ``evalkit: error:``; a bug is a 500 with a one-line
error, its traceback going to the server's log only.

Limits: a body over ``max_request_bytes`` is refused with 413 before it is read (by its
Content-Length) or as soon as it passes the limit (chunked bodies). At most ``max_concurrency``
requests are worked on at once; up to ``max_waiting`` more wait their turn in arrival order, and
past that a request is refused at once with 503 and ``Retry-After`` (a queue that grows without
bound only turns overload into timeouts).
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import time
from contextlib import asynccontextmanager
from typing import Literal, Optional

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from evalkit import __version__
from evalkit.engine import Engine
from evalkit.errors import EvalkitError
from evalkit.serve import schemas
from evalkit.serve.work import check_segments, review_documents

log = logging.getLogger(__name__)

DESCRIPTION = """\
evalkit's models kept warm behind a local HTTP API.

* `POST /v1/check`: segment pairs → the JSON of `evalkit score --aligned` on the same lines.
* `POST /v1/review`: two documents → the report of `evalkit review SRC TGT` (JSON, or HTML with
  `?format=html` or `Accept: text/html`).
* `GET /health`: status, models, version, load.

Errors are `{"error": "<one line>"}`: 400 input refused (the command line's message), 401 bad or
missing bearer token (when the server runs with `--token`), 413 body too large, 422 body not
matching the schema below, 503 busy (retry after `Retry-After` seconds). See docs/service.md.
"""

_ERRORS = {400: {"model": schemas.Error, "description": "Input refused (one line, as the command line says it)."},
           401: {"model": schemas.Error, "description": "Missing or wrong bearer token."},
           413: {"model": schemas.Error, "description": "Request body over --max-request-bytes."},
           422: {"model": schemas.Error, "description": "Body does not match the schema."},
           503: {"model": schemas.Error, "description": "Busy: every worker and waiting place taken."}}


class _TooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body larger than {limit} bytes (--max-request-bytes)")


class _Guard:
    """ASGI middleware: refuses bodies over the limit and logs one line per request."""

    def __init__(self, app, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        t0, status = time.perf_counter(), [0]
        length = dict(scope.get("headers") or ()).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            msg = (f"request body larger than {self.max_bytes} bytes (--max-request-bytes)" if length.isdigit()
                   else "bad Content-Length header")
            response = JSONResponse({"error": msg}, status_code=413 if length.isdigit() else 400,
                                    headers={"Connection": "close"})
            await response(scope, receive, send)
            log.info("%s %s %d (%s bytes)", scope["method"], scope["path"], response.status_code, length.decode())
            return
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _TooLarge(self.max_bytes)
            return message

        async def sent(message):
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, counted, sent)
        finally:
            log.info("%s %s %d in %.2f s", scope["method"], scope["path"], status[0], time.perf_counter() - t0)


class _Gate:
    """At most ``running`` requests at work, ``waiting`` more queued (FIFO), the rest refused (503)."""

    def __init__(self, running: int, waiting: int) -> None:
        self.max_running, self.max_waiting = running, waiting
        self.running = self.waiting = 0
        self._sem = asyncio.Semaphore(running)

    @asynccontextmanager
    async def slot(self):
        if self._sem.locked() and self.waiting >= self.max_waiting:
            raise HTTPException(503, f"busy: {self.running} request(s) at work and {self.waiting} waiting "
                                "(--max-concurrency, --max-queue); retry later", headers={"Retry-After": "1"})
        self.waiting += 1
        try:
            await self._sem.acquire()
        finally:
            self.waiting -= 1
        self.running += 1
        try:
            yield
        finally:
            self.running -= 1
            self._sem.release()


def _where(loc) -> str:
    """A pydantic error location as the request's field path: ``segments[0].tgt``."""
    out = ""
    for part in loc:
        if part == "body" and not out:
            continue
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def validation_line(exc: RequestValidationError) -> str:
    """The first schema error as one line (with how many more there are)."""
    # a misspelt key first: its "missing" twin is a consequence
    errors = sorted(exc.errors(), key=lambda e: e.get("type") != "extra_forbidden")
    if not errors:
        return "invalid request"
    first = errors[0]
    where, msg = _where(first.get("loc", ())), first.get("msg", "invalid value")
    if first.get("type") == "json_invalid":
        detail = (first.get("ctx") or {}).get("error", "")
        line = f"request body is not valid JSON{f' ({detail})' if detail else ''}"
    elif first.get("type") == "missing" and not where:
        line = "the request needs a JSON body"
    elif first.get("type") == "extra_forbidden":
        line = f"{where}: unknown field"
    else:
        line = f"{where}: {msg}" if where else msg
    if len(errors) > 1:
        line += f" (and {len(errors) - 1} more error{'s' if len(errors) > 2 else ''})"
    return " ".join(line.split())


def _wants_html(fmt: Optional[str], accept: str) -> bool:
    if fmt is not None:
        return fmt == "html"
    accept = accept.lower()
    return "text/html" in accept and "application/json" not in accept


def create_app(engine: Engine, *, token: str | None = None, max_request_bytes: int = 8_000_000,
               max_concurrency: int = 1, max_waiting: int = 16) -> FastAPI:
    """The service over ``engine`` (its models should be loaded already: see :func:`evalkit.serve.warm_up`)."""
    if max_concurrency < 1 or max_waiting < 0 or max_request_bytes < 1:
        raise EvalkitError("max_concurrency and max_request_bytes must be at least 1, max_waiting at least 0")
    app = FastAPI(title="evalkit", version=__version__, description=DESCRIPTION,
                  openapi_tags=[{"name": "evaluate", "description": "Score, flag and review translations."},
                                {"name": "service", "description": "The service itself."}])
    gate = _Gate(max_concurrency, max_waiting)
    bearer = HTTPBearer(auto_error=False, description="The --token the server was started with.")
    secret = token.encode() if token else None

    def authorised(creds: Optional[HTTPAuthorizationCredentials] = Depends(bearer)) -> None:
        given = creds.credentials.encode() if creds is not None else b""
        # compare_digest: the time taken does not tell how much of a guess was right
        if creds is None or not hmac.compare_digest(given, secret):
            raise HTTPException(401, "missing or wrong bearer token (send 'Authorization: Bearer <token>')",
                                headers={"WWW-Authenticate": "Bearer"})

    guarded = [Depends(authorised)] if secret else []

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException):
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _schema_error(request: Request, exc: RequestValidationError):
        return JSONResponse({"error": validation_line(exc)}, status_code=422)

    @app.exception_handler(EvalkitError)
    async def _input_error(request: Request, exc: EvalkitError):
        return JSONResponse({"error": " ".join(str(exc).split())}, status_code=400)

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception):
        log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        return JSONResponse({"error": f"internal error ({type(exc).__name__}); the server log has the details"},
                            status_code=500)

    @app.get("/health", response_model=schemas.Health, tags=["service"], summary="Status, models and load")
    async def health() -> schemas.Health:
        """Always open (no token needed): for probes and for a client to wait until the models are loaded."""
        loaded = engine.loaded()
        return schemas.Health(status="ok", version=__version__, models_loaded=loaded["embedder"] is not None,
                              models=loaded, device=engine.device, checks=engine.checks, running=gate.running,
                              waiting=gate.waiting, max_concurrency=gate.max_running, max_waiting=gate.max_waiting)

    @app.post("/v1/check", dependencies=guarded, tags=["evaluate"], summary="Score and flag segment pairs",
              responses={200: {"model": schemas.CheckResponse}, **_ERRORS})
    async def check(body: schemas.CheckRequest) -> JSONResponse:
        """Score and flag each segment pair: the JSON `evalkit score --aligned --format json` prints for
        the same lines (`src`/`tgt` are `<source>`/`<translation>` instead of file paths)."""
        segments = [s.model_dump() for s in body.segments]
        async with gate.slot():
            result = await run_in_threadpool(check_segments, engine, body.src_lang, body.tgt_lang, segments,
                                             engines=body.engines)
        return JSONResponse(result)

    @app.post("/v1/review", dependencies=guarded, tags=["evaluate"], summary="Review a translated document",
              responses={200: {"model": schemas.ReviewResponse,
                               "content": {"text/html": {"schema": {"type": "string"}}}}, **_ERRORS})
    async def review(body: schemas.ReviewRequest, request: Request,
                     format: Optional[Literal["json", "html"]] = Query(  # noqa: A002 - the query parameter's name
                         None, description="json (default) or html; without it, `Accept: text/html` asks for HTML.")):
        """Align, score and flag a translation against its source: the report `evalkit review SRC TGT`
        writes, with the documents named by their `name` (default source.<lang>.txt, translation.<lang>.txt)."""
        source = body.source.model_dump() if body.source is not None else None
        async with gate.slot():
            report = await run_in_threadpool(review_documents, engine, body.translation.model_dump(), source,
                                             reference=body.reference, name=body.name, title=body.title,
                                             check_language=body.check_language)
        if _wants_html(format, request.headers.get("accept", "")):
            from evalkit.report import render

            return HTMLResponse(await run_in_threadpool(render, report, "html"))
        return JSONResponse(report)

    app.add_middleware(_Guard, max_bytes=max_request_bytes)
    return app
