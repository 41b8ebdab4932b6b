"""Running the service: the listening socket, the host rule, warming the models, uvicorn, signals."""

from __future__ import annotations

import ipaddress
import logging
import signal
import socket

from evalkit.engine import Engine
from evalkit.errors import EvalkitError

log = logging.getLogger(__name__)

INSTALL_HINT = 'evalkit serve needs FastAPI and uvicorn: pip install "evalkit[serve]"'


def require_web() -> None:
    """A one-line :class:`EvalkitError` naming the extra to install when FastAPI or uvicorn is missing."""
    try:
        import fastapi  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        raise EvalkitError(INSTALL_HINT) from None


def is_loopback(host: str) -> bool:
    """``localhost`` or a loopback address (127.0.0.0/8, ::1); any other name or address is not."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_host(host: str, token: str | None) -> None:
    """Refuse to listen beyond this machine without a token: anyone who can reach the port could
    otherwise make it work (and read what it reads)."""
    if token is not None and not token.strip():
        raise EvalkitError("--token is empty")
    if not is_loopback(host) and not token:
        raise EvalkitError(f"--host {host} is not a loopback address: give --token too (clients then send "
                           "'Authorization: Bearer <token>'), or keep the default --host 127.0.0.1")


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` and listening (``port`` 0: a free port, see :func:`url_for`)."""
    if not 0 <= port <= 65535:
        raise EvalkitError(f"--port must be between 0 and 65535, not {port}")
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise EvalkitError(f"--host {host}: cannot resolve it ({exc.strerror})") from None
    family, _, _, _, addr = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(addr)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise EvalkitError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None
    sock.set_inheritable(True)
    return sock


def url_for(sock: socket.socket) -> str:
    """The base URL a client uses for the listening socket."""
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


WARM_UP = ("La bibliothèque municipale restera fermée pendant tout le mois d'août.",
           "The municipal library will remain closed for the whole month of August.")


def warm_up(engine: Engine) -> None:
    """Load every model the endpoints use, and run the pipeline once on one fr→en segment pair, so
    the first request does not pay for lazy loads (word lists, MT engines, flaggers' data)."""
    from evalkit.serve.work import check_segments

    engine.models()
    check_segments(engine, "fr", "en", [{"src": WARM_UP[0], "tgt": WARM_UP[1]}])


def serve_forever(app, sock: socket.socket, *, log_level: str = "warning", grace_s: float = 30.0) -> str | None:
    """Serve ``app`` on ``sock`` until SIGINT or SIGTERM, then stop gracefully: no new connections,
    requests in flight finish (up to ``grace_s``). Returns the signal's name (None: stopped otherwise).

    uvicorn re-raises the signal it caught once it has stopped (so that a default handler kills
    the process); a handler installed here receives it instead, so the caller exits normally.
    """
    import uvicorn

    caught: list[int] = []
    handled = (signal.SIGINT, signal.SIGTERM)
    previous = {sig: signal.signal(sig, lambda signum, frame: caught.append(signum)) for sig in handled}
    config = uvicorn.Config(app, log_level=log_level, access_log=False, lifespan="off",
                            timeout_graceful_shutdown=grace_s)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        sock.close()
    name = signal.Signals(caught[0]).name if caught else None
    log.info("stopped%s", f" on {name}" if name else "")
    return name
