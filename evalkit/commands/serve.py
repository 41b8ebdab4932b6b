"""`evalkit serve`: a local HTTP API with the models warm (the work is in :mod:`evalkit.serve`)."""

from __future__ import annotations

import sys
from typing import Optional

import typer

from evalkit.commands.options import Checks, Device, Quiet
from evalkit.errors import EvalkitError


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on. Anything but a loopback "
                             "address needs --token."),
    port: int = typer.Option(8000, "--port", help="Port to listen on (0: any free port; the URL printed says which)."),
    token: Optional[str] = typer.Option(None, "--token", envvar="EVALKIT_SERVE_TOKEN", show_envvar=True,
                                        help="Require 'Authorization: Bearer TOKEN' on /v1/* (the environment "
                                             "variable keeps it out of the process list)."),
    device: str = Device,
    checks: str = Checks("fast"),
    max_request_bytes: int = typer.Option(8_000_000, "--max-request-bytes", help="Larger request bodies get 413."),
    max_concurrency: int = typer.Option(1, "--max-concurrency", help="Requests worked on at once; more wait (see --max-queue)."),
    max_queue: int = typer.Option(16, "--max-queue", help="Requests that may wait for a worker; more get 503."),
    quiet: bool = Quiet,
) -> None:
    """Serve evalkit over HTTP with the models loaded once: POST /v1/check, POST /v1/review, GET /health
    (docs at /docs). Prints the URL on stdout once ready; SIGINT/SIGTERM stop it gracefully."""
    from evalkit.pipeline import check_checks
    from evalkit.serve.server import check_host, listen, require_web, serve_forever, url_for, warm_up

    from evalkit.models.device import choose_device

    check_checks(checks)
    check_host(host, token)
    if max_request_bytes < 1 or max_concurrency < 1 or max_queue < 0:
        raise EvalkitError("--max-request-bytes and --max-concurrency must be at least 1, --max-queue at least 0")
    require_web()
    choose_device(device)  # imports torch: after the checks that need nothing
    sock = listen(host, port)  # a port in use fails now, not after the models have loaded
    from evalkit.commands.progress import Progress
    from evalkit.engine import Engine
    from evalkit.serve.app import create_app

    engine = Engine(device, checks)
    try:
        with Progress("serve", quiet=quiet) as progress:
            with progress.step("Loading the models" if checks == "full" else "Loading the embedding models"):
                engine.models()
            with progress.step("Warming up the pipeline"):
                warm_up(engine)
        app = create_app(engine, token=token, max_request_bytes=max_request_bytes,
                         max_concurrency=max_concurrency, max_waiting=max_queue)
    except BaseException:
        sock.close()
        raise
    url = url_for(sock)
    if not quiet:
        print(f"evalkit serve: listening on {url} (API docs: {url}/docs; Ctrl+C stops)", file=sys.stderr, flush=True)
    print(url, flush=True)
    serve_forever(app, sock, log_level="warning" if not quiet else "error")
