"""`evalkit serve`, driven as a client drives it: the real server in a subprocess (real models) on a
free port, real HTTP requests (the standard library's client), answers compared with the real CLI.

One server is started for the module (with a token and a small body limit); the shutdown test
starts its own, since it stops it.
"""

from __future__ import annotations

import http.client
import json
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid

import pytest

from inputs_support import ENV as _ENV
from inputs_support import ROOT, assert_one_line_error, evalkit, evalkit_before_models

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

DATA = ROOT / "tests" / "data" / "score"
TOKEN = "test-token-3f9c2a"
LIMIT = 200_000  # --max-request-bytes of the module's server
AUTH = {"Authorization": f"Bearer {TOKEN}"}
# one torch thread in the server and in the CLI runs compared with it: evalkit otherwise sizes its thread
# pool by the cores free when each process starts (load from other jobs), and another thread count may
# sum floats in another order
ENV = {**_ENV, "EVALKIT_THREADS": "1"}


class Server:
    """A running ``evalkit serve`` subprocess and its URL."""

    def __init__(self, *args: str, start_timeout: float = 300) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "evalkit", "serve", "--port", "0", *args], cwd=ROOT,
                                     env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.stderr: list[str] = []
        threading.Thread(target=self._drain, daemon=True).start()
        line = [None]
        reader = threading.Thread(target=lambda: line.__setitem__(0, self.proc.stdout.readline()), daemon=True)
        reader.start()
        reader.join(start_timeout)
        if not line[0]:
            self.proc.kill()
            raise AssertionError(f"no URL on stdout within {start_timeout} s: {''.join(self.stderr)}")
        self.url = line[0].strip()
        parsed = urllib.parse.urlsplit(self.url)
        self.host, self.port = parsed.hostname, parsed.port

    def _drain(self) -> None:
        for line in self.proc.stderr:
            self.stderr.append(line)

    def request(self, method: str, path: str, body=None, headers: dict | None = None, *, chunked: bool = False,
                timeout: float = 300) -> tuple[int, dict, bytes]:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            data = json.dumps(body).encode() if isinstance(body, (dict, list)) else body
            hdrs = {"Content-Type": "application/json", **(headers or {})}
            if chunked:
                conn.request(method, path, body=iter([data[i:i + 8192] for i in range(0, len(data), 8192)]),
                             headers=hdrs, encode_chunked=True)
            else:
                conn.request(method, path, body=data, headers=hdrs)
            r = conn.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
        finally:
            conn.close()

    def post(self, path: str, body, headers: dict | None = None, **kw) -> tuple[int, dict, bytes]:
        return self.request("POST", path, body, {**AUTH, **(headers or {})}, **kw)

    def stop(self, timeout: float = 30) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout)


@pytest.fixture(scope="module")
def server():
    s = Server("--token", TOKEN, "--max-request-bytes", str(LIMIT), "--max-concurrency", "1", "--max-queue", "1")
    yield s
    s.stop()


def _lines(name: str, n: int) -> list[str]:
    return (DATA / name).read_text(encoding="utf-8").splitlines()[:n]


def _error(status: int, body: bytes) -> str:
    """The one-line error of a refusal."""
    data = json.loads(body)
    assert set(data) == {"error"}, data
    line = data["error"]
    assert isinstance(line, str) and line and "\n" not in line and "Traceback" not in line, line
    return line


def test_help_lists_serve():
    r = evalkit("--help")
    assert r.returncode == 0 and "serve" in r.stdout
    r = evalkit("serve", "--help")
    assert r.returncode == 0 and "--max-request-bytes" in r.stdout and r.stderr == ""


def test_health(server):
    status, headers, body = server.request("GET", "/health")  # open: no token needed
    assert status == 200 and headers["content-type"] == "application/json"
    data = json.loads(body)
    from evalkit import __version__

    assert data["status"] == "ok" and data["version"] == __version__ and data["models_loaded"] is True
    assert data["models"]["embedder"] and data["models"]["aligner"] and data["models"]["scorer"] is None
    assert data["checks"] == "fast" and data["max_concurrency"] == 1


def test_check_equals_score_aligned(server, tmp_path):
    """/v1/check is `evalkit score --aligned` on the same lines: the same JSON, key for key, number for
    number, apart from src/tgt, which name the inputs (file paths on the command line)."""
    src, hyp, ref = _lines("src.fr.txt", 4), _lines("hyp.en.txt", 4), _lines("ref.en.txt", 4)
    hyp[1] = "Readers will be able to return their books in the box installed near the exit."  # a flag to compare
    for name, lines in (("s.txt", src), ("h.txt", hyp), ("r.txt", ref)):
        (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    cli = evalkit("score", tmp_path / "s.txt", tmp_path / "h.txt", "--ref", tmp_path / "r.txt", "--aligned",
                  "--src-lang", "fr", "--tgt-lang", "en", "--format", "json", "--quiet", env=ENV)
    assert cli.returncode == 0, cli.stderr
    expected = json.loads(cli.stdout)

    status, headers, body = server.post("/v1/check", {"src_lang": "fr", "tgt_lang": "en", "segments": [
        {"src": s, "tgt": h, "ref": r} for s, h, r in zip(src, hyp, ref)]})
    assert status == 200, body
    got = json.loads(body)
    assert (got.pop("src"), got.pop("tgt")) == ("<source>", "<translation>")
    expected.pop("src"), expected.pop("tgt")
    assert len(got["beads"]) == 4 and any(k.endswith(":ref") for k in got["beads"][0]["scores"])
    diff = {k: (got["doc_scores"].get(k), v) for k, v in expected["doc_scores"].items() if got["doc_scores"].get(k) != v}
    assert got == expected, diff


def test_check_many_requests_one_segment_each(server):
    """A warm server answers one-segment requests without reloading anything, same answer each time."""
    body = {"segments": [{"src": "Le chat dort sur le canapé.", "tgt": "The dog sleeps on the sofa."}]}
    answers = [server.post("/v1/check", body) for _ in range(3)]
    assert all(status == 200 for status, _, _ in answers)
    assert len({a[2] for a in answers}) == 1
    assert json.loads(answers[0][2])["beads"][0]["tgt_text"] == "The dog sleeps on the sofa."


def test_review_equals_cli_report(server, tmp_path):
    """/v1/review is `evalkit review source.fr.txt translation.en.txt` run in the documents' folder:
    the same report, down to its report_id (a digest of its content); only `created` differs."""
    src = (DATA / "src.fr.txt").read_text(encoding="utf-8")
    tgt = (DATA / "hyp.en.txt").read_text(encoding="utf-8")
    (tmp_path / "source.fr.txt").write_text(src, encoding="utf-8")
    (tmp_path / "translation.en.txt").write_text(tgt, encoding="utf-8")
    cli = evalkit("review", "source.fr.txt", "translation.en.txt", "--src-lang", "fr", "--tgt-lang", "en",
                  "--out-dir", "out", "--quiet", cwd=tmp_path, env=ENV)
    assert cli.returncode == 0, cli.stderr
    expected = json.loads((tmp_path / "out" / "translation.json").read_text(encoding="utf-8"))

    status, headers, body = server.post("/v1/review", {"source": {"text": src, "lang": "fr"},
                                                       "translation": {"text": tgt, "lang": "en"}})
    assert status == 200, body
    assert headers["content-type"] == "application/json"
    got = json.loads(body)
    assert got["mode"] == "bilingual" and got["documents"]["source"]["path"] == "source.fr.txt"
    got.pop("created"), expected.pop("created")
    assert got == expected


def test_review_html_on_request(server):
    doc = {"source": {"text": "\n".join(_lines("src.fr.txt", 3)), "lang": "fr", "name": "a.fr.txt"},
           "translation": {"text": "\n".join(_lines("hyp.en.txt", 3)), "lang": "en", "name": "a.en.txt"},
           "name": "my report"}
    for path, headers in (("/v1/review?format=html", {}), ("/v1/review", {"Accept": "text/html"})):
        status, hdrs, body = server.post(path, doc, headers)
        assert status == 200 and hdrs["content-type"].startswith("text/html"), body[:300]
        assert body.lstrip().lower().startswith(b"<!doctype html>") and b"a.en.txt" in body
    status, hdrs, body = server.post("/v1/review?format=json", doc, {"Accept": "text/html"})
    assert status == 200 and json.loads(body)["name"] == "my-report"


def test_review_translation_alone(server):
    status, _, body = server.post("/v1/review", {"source": None, "translation": {
        "text": "\n".join(_lines("hyp.en.txt", 3)), "lang": "en"}})
    assert status == 200, body
    assert json.loads(body)["mode"] == "translation-only"


@pytest.mark.parametrize("chunked", [False, True])
def test_oversized_body_is_413(server, chunked):
    big = {"segments": [{"src": "mot " * 60_000, "tgt": "word"}]}  # 240 kB > LIMIT
    status, _, body = server.post("/v1/check", big, chunked=chunked)
    assert status == 413
    assert "--max-request-bytes" in _error(status, body)
    assert server.proc.poll() is None


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong-token"}, {"Authorization": f"Basic {TOKEN}"},
                                     {"Authorization": f"Bearer {TOKEN}x"}])
def test_token_required(server, headers):
    status, hdrs, body = server.request("POST", "/v1/check", {"segments": [{"src": "a", "tgt": "b"}]}, headers)
    assert status == 401 and hdrs.get("www-authenticate") == "Bearer"
    assert "bearer token" in _error(status, body)


def test_unknown_language_is_the_cli_message(server, tmp_path):
    (tmp_path / "s.txt").write_text("Bonjour.\n", encoding="utf-8")
    (tmp_path / "h.txt").write_text("Hello.\n", encoding="utf-8")
    line = assert_one_line_error(evalkit("score", tmp_path / "s.txt", tmp_path / "h.txt", "--aligned",
                                         "--src-lang", "zz"))
    status, _, body = server.post("/v1/check", {"src_lang": "zz", "tgt_lang": "en",
                                                "segments": [{"src": "Bonjour.", "tgt": "Hello."}]})
    assert status == 400
    assert _error(status, body) == line.removeprefix("evalkit: error: ").replace("--src-lang", "src_lang")


@pytest.mark.parametrize("body, status, fragment", [
    ({"src_lang": "fr", "segments": [{"src": "Bonjour."}]}, 422, "segments[0].tgt: Field required"),
    ({"segmnets": [{"src": "a", "tgt": "b"}]}, 422, "segmnets: unknown field"),
    ({"segments": []}, 422, "segments: List should have at least 1 item"),
    (b"{\"segments\": [", 422, "not valid JSON"),
    (b"", 422, "needs a JSON body"),
    ({"segments": [{"src": "Bonjour.\nAu revoir.", "tgt": "Hello."}]}, 400, "segments[0].src: a segment is one line"),
    ({"segments": [{"src": "Bonjour.", "tgt": "Hello.", "ref": "Hi."}, {"src": "Oui.", "tgt": "Yes."}]}, 400,
     "segments[1].ref: give a reference for every segment or for none"),
    ({"segments": [{"src": "Bonjour.", "tgt": "Hello."}], "engines": "marian:/etc"}, 422, "engines"),
])
def test_bad_check_input_is_4xx_one_line(server, body, status, fragment):
    got, _, answer = server.post("/v1/check", body)
    assert got == status, answer
    assert fragment in _error(got, answer)


def test_bad_review_input_is_4xx_one_line(server):
    fr = "\n".join(_lines("src.fr.txt", 4))
    en = "\n".join(_lines("hyp.en.txt", 4))
    cases = [
        ({"source": {"text": fr, "lang": "en"}, "translation": {"text": en, "lang": "en"}}, 400,
         "source.en.txt: looks like French"),
        ({"source": {"text": fr, "lang": "fr", "name": "../x.txt"}, "translation": {"text": en, "lang": "en"}}, 400,
         "source.name: '../x.txt' is not a plain file name"),
        ({"source": {"text": "   \n", "lang": "fr"}, "translation": {"text": en, "lang": "en"}}, 400,
         "source.fr.txt: empty file (source)"),
        ({"source": {"text": fr, "lang": "fr"}}, 422, "translation: Field required"),
        ({"source": {"text": fr, "lang": "fr", "layout": "pdf"}, "translation": {"text": en, "lang": "en"}}, 422,
         "source.layout"),
    ]
    for body, status, fragment in cases:
        got, _, answer = server.post("/v1/review", body)
        assert got == status, (body, answer)
        line = _error(got, answer)
        assert fragment in line, line
        assert "evalkit-serve-" not in line  # the temporary folder is never named


def test_busy_server_answers_503(server):
    """--max-concurrency 1 --max-queue 1: with one request at work and one waiting, a third is refused."""
    # text no cache holds (a fresh nonce each run), so the first request computes its vectors: cached
    # text is answered faster than the requests below are sent
    nonce = uuid.uuid4().hex
    slow = {"segments": [{"src": f"{s} ({nonce}{i})", "tgt": f"{h} ({nonce}{i})"}
                         for i, (s, h) in enumerate(zip(_lines("src.fr.txt", 8) * 4, _lines("hyp.en.txt", 8) * 4))],
            "engines": "auto"}
    results: list[int] = []

    def send():
        results.append(server.post("/v1/check", slow)[0])

    first = threading.Thread(target=send)
    first.start()
    time.sleep(0.3)
    second = threading.Thread(target=send)
    second.start()
    time.sleep(0.3)
    status, headers, body = server.post("/v1/check", slow)
    first.join(), second.join()
    assert status == 503 and headers.get("retry-after") == "1"
    assert "busy" in _error(status, body)
    assert sorted(results) == [200, 200]


def test_openapi_documents_the_api(server):
    status, _, body = server.request("GET", "/openapi.json")
    assert status == 200
    spec = json.loads(body)
    assert {"/v1/check", "/v1/review", "/health"} <= set(spec["paths"])
    schemas = spec["components"]["schemas"]
    assert schemas["Segment"]["properties"]["src"]["description"]
    assert "CheckResponse" in schemas and "ReviewRequest" in schemas
    check = spec["paths"]["/v1/check"]["post"]
    assert {"200", "401", "413", "422", "503"} <= set(check["responses"])
    status, headers, _ = server.request("GET", "/docs")
    assert status == 200 and headers["content-type"].startswith("text/html")


def test_non_loopback_host_needs_a_token():
    r = evalkit_before_models("serve", "--host", "0.0.0.0", "--port", "0")
    assert_one_line_error(r, "--host 0.0.0.0 is not a loopback address", "--token")
    r = evalkit_before_models("serve", "--host", "192.0.2.1", "--token", " ")
    assert_one_line_error(r, "--token is empty")


def test_port_in_use_is_one_line(server):
    r = evalkit("serve", "--port", str(server.port), timeout=120)
    assert_one_line_error(r, f"cannot listen on 127.0.0.1:{server.port}")


def test_without_fastapi_says_what_to_install():
    code = ("import sys; sys.modules['fastapi'] = None; sys.argv = ['evalkit', 'serve']; "
            "from evalkit.cli import main; main()")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=ENV, timeout=60)
    assert_one_line_error(r, 'pip install "evalkit[serve]"')


def test_sigterm_finishes_the_request_in_flight_then_exits_0():
    s = Server("--quiet")
    try:
        results: list[tuple[int, dict, bytes]] = []
        body = {"segments": [{"src": a, "tgt": b} for a, b in zip(_lines("src.fr.txt", 8), _lines("hyp.en.txt", 8))]}
        t = threading.Thread(target=lambda: results.append(s.request("POST", "/v1/check", body)))
        t.start()
        time.sleep(0.5)  # the request is at work
        t0 = time.monotonic()
        s.proc.send_signal(signal.SIGTERM)
        t.join(120)
        code = s.proc.wait(60)
        assert code == 0, "".join(s.stderr)
        assert time.monotonic() - t0 < 60
        assert results and results[0][0] == 200 and len(json.loads(results[0][2])["beads"]) == 8
        assert "Traceback" not in "".join(s.stderr)
        with pytest.raises(OSError):  # nothing listens any more
            s.request("GET", "/health", timeout=5)
    finally:
        if s.proc.poll() is None:
            s.proc.kill()


def test_concurrent_requests_get_the_answers_they_get_alone():
    """--max-concurrency 3: requests handled at the same time by threads sharing one Engine get
    byte-for-byte the answer each gets alone."""
    s = Server("--max-concurrency", "3", "--max-queue", "3")
    try:
        src, hyp = _lines("src.fr.txt", 8), _lines("hyp.en.txt", 8)
        bodies = [{"segments": [{"src": a, "tgt": b} for a, b in zip(src[k:] + src[:k], hyp[k:] + hyp[:k])],
                   "engines": "auto"} for k in range(3)]
        alone = [s.request("POST", "/v1/check", b) for b in bodies]
        assert all(status == 200 for status, _, _ in alone)
        together: dict[int, tuple] = {}
        threads = [threading.Thread(target=lambda k=k: together.__setitem__(k, s.request("POST", "/v1/check", bodies[k])))
                   for k in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for k in range(3):
            assert together[k][0] == 200
            assert json.loads(together[k][2]) == json.loads(alone[k][2])
    finally:
        assert s.stop() == 0
