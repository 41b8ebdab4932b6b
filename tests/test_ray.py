"""Ray on a local cluster (``ray.init(num_cpus=2)``), real models, no mocks: ``score --aligned --ray``
and ``gate --ray`` give the single-process JSON, shard by shard; ``map_pairs_on_ray`` gives
``Engine.report``; ``--ray`` without Ray installed is a one-line error.

One cluster for the module: the CLI runs join it through ``RAY_ADDRESS`` (``--ray auto``), so
each pays for its actors' model loading but not for a cluster start.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # real models, a Ray cluster, subprocesses

ROOT = Path(__file__).resolve().parent.parent
DEMETR = ROOT / "tests" / "data" / "gate" / "demetr"
SCORE = ROOT / "tests" / "data" / "score"

ray = pytest.importorskip("ray")


def _without_timestamps(obj):
    if isinstance(obj, dict):
        return {k: _without_timestamps(v) for k, v in obj.items() if k != "created"}
    if isinstance(obj, list):
        return [_without_timestamps(v) for v in obj]
    return obj


@pytest.fixture(scope="module")
def cluster():
    from evalkit.distributed import connect

    if ray.is_initialized():
        ray.shutdown()
    connect("auto", num_cpus=2)
    yield ray.get_runtime_context().gcs_address
    ray.shutdown()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """33 real lines with a reference: DEMETR-fr with planted errors (25) and the score test set (8)."""
    d = tmp_path_factory.mktemp("corpus")
    for name, parts in {"src.fr.txt": [DEMETR / "src.fr.txt", SCORE / "src.fr.txt"],
                        "hyp.en.txt": [DEMETR / "damaged.en.txt", SCORE / "hyp.en.txt"],
                        "base.en.txt": [DEMETR / "clean.en.txt", SCORE / "ref.en.txt"],
                        "ref.en.txt": [DEMETR / "ref.en.txt", SCORE / "ref.en.txt"]}.items():
        lines = [ln for p in parts for ln in p.read_text(encoding="utf-8").splitlines()]
        (d / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return d


def evalkit(*args, address=None, env_extra=None):
    env = {**os.environ, "OMP_NUM_THREADS": "1", **(env_extra or {})}
    env.pop("RAY_ADDRESS", None)
    if address:
        env["RAY_ADDRESS"] = address
    return subprocess.run([sys.executable, "-m", "evalkit", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=600)


def _ray_data_workers(seen: set) -> list[str]:
    """The class names of the Ray Data map workers created on the cluster since ``seen`` (actor ids)
    was taken: Ray Data names each actor of a ``map_batches`` pool ``MapWorker(MapBatches(<callable>))``."""
    from ray._private.state import actors

    return sorted(a["ActorClassName"] for aid, a in actors().items()
                  if aid not in seen and a["ActorClassName"].startswith("MapWorker(MapBatches("))


def _actor_ids() -> set:
    from ray._private.state import actors

    return set(actors())


def test_score_aligned_ray_gives_the_single_process_json(cluster, corpus, tmp_path):
    common = ["score", corpus / "src.fr.txt", corpus / "hyp.en.txt", "--aligned", "--src-lang", "fr",
              "--tgt-lang", "en", "--ref", corpus / "ref.en.txt", "-q"]
    local = evalkit(*common, "-o", tmp_path / "local.json")
    assert local.returncode == 0, local.stderr
    before = _actor_ids()
    r = evalkit(*[a for a in common if a != "-q"], "-o", tmp_path / "ray.json", "--ray", "auto", "--shard-size", "10",
                "--workers", "2", address=cluster)
    assert r.returncode == 0, r.stderr
    # the shards went through a Ray Data map_batches over an actor pool of two callables, each of
    # which loaded the models once for the 4 shards and the Apertium task (not one actor per shard)
    assert _ray_data_workers(before) == ["MapWorker(MapBatches(SegmentScorer))"] * 2
    a, b = (tmp_path / "local.json").read_text(), (tmp_path / "ray.json").read_text()
    data = json.loads(a)
    # the case is not trivial: 4 shards of the 33 lines, flags (drift is document-level), corpus metrics
    assert len(data["beads"]) == 33 and data["doc_scores"]["bleu:ref"] > 0 and len(data["flags"]) >= 5
    if "bleu:pseudo" in data["doc_scores"]:  # Apertium installed: its texts were made once, over every
        # line, and the sentence metrics against them in the 4 shards (a second Ray Data stage)
        assert "Ray Data: 4 tasks of pseudo-reference metrics" in r.stderr, r.stderr
        assert data["doc_scores"]["ter:pseudo"] > 0 and "ter:pseudo" in data["beads"][32]["scores"]
    assert b == a  # the same bytes: score --aligned writes no timestamp


def test_gate_ray_gives_the_single_process_result(cluster, corpus, tmp_path):
    """Two systems scored (hypothesis and baseline) in one Ray Data run: the first 16 lines keep the
    test short (4 shards of 5 and 1 for each system)."""
    for name in ("src.fr.txt", "hyp.en.txt", "ref.en.txt", "base.en.txt"):
        lines = (corpus / name).read_text(encoding="utf-8").splitlines()[:16]
        (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    common = ["gate", tmp_path / "src.fr.txt", tmp_path / "hyp.en.txt", "--ref",
              tmp_path / "ref.en.txt", "--baseline", tmp_path / "base.en.txt", "--src-lang", "fr", "--tgt-lang", "en",
              "-q"]
    local = evalkit(*common, "--json", tmp_path / "local.json")
    before = _actor_ids()
    r = evalkit(*common, "--json", tmp_path / "ray.json", "--ray", "--shard-size", "5", "--workers", "1",
                address=cluster)
    assert (r.returncode, r.stdout) == (local.returncode, local.stdout), r.stderr
    # both systems' shards went through one Ray Data run: one actor (--workers 1) set up its models
    # once for the hypothesis and the baseline (one Dataset per system made two)
    assert _ray_data_workers(before) == ["MapWorker(MapBatches(SegmentScorer))"], "not one set-up"
    a, b = (json.loads((tmp_path / n).read_text()) for n in ("local.json", "ray.json"))
    assert a["metrics"]["bleu"]["ci_low"] is not None and a["baseline"] is not None
    assert _without_timestamps(b) == _without_timestamps(a)


def _small_pair(folder: Path, n: int = 8) -> Path:
    """A pair folder named like ``folder`` with n DEMETR-fr sentences in two paragraphs."""
    folder.mkdir(parents=True, exist_ok=True)
    src = (DEMETR / "src.fr.txt").read_text(encoding="utf-8").splitlines()[:n]
    tgt = (DEMETR / "damaged.en.txt").read_text(encoding="utf-8").splitlines()[:n]
    (folder / "source.fr.txt").write_text(" ".join(src[: n // 2]) + "\n\n" + " ".join(src[n // 2:]) + "\n")
    (folder / "translation.en.txt").write_text(" ".join(tgt[: n // 2]) + "\n\n" + " ".join(tgt[n // 2:]) + "\n")
    (folder / "pair.toml").write_text(f'name = "{folder.name}"\n[source]\nfile = "source.fr.txt"\nlang = "fr"\n'
                                      '[translation]\nfile = "translation.en.txt"\nlang = "en"\n')
    return folder


def test_map_pairs_on_ray_gives_engine_report(cluster, tmp_path):
    from evalkit.distributed import EnginePool, map_pairs_on_ray
    from evalkit.engine import Engine
    from evalkit.pairfile import read_pair

    spec = read_pair(_small_pair(tmp_path / "small"))
    broken = read_pair(_small_pair(tmp_path / "broken"))
    (tmp_path / "broken" / "translation.en.txt").write_bytes(b"")  # an empty file: a one-line input error
    expected = Engine("cpu", "fast").report(spec)
    with EnginePool(device="cpu", checks="fast", workers=1) as pool:
        got = list(map_pairs_on_ray([spec, (broken, {"name": "broken"})], pool=pool))
    assert len(got) == 2
    by_name = {(job[0] if isinstance(job, tuple) else job).name: (report, error) for job, report, error in got}
    report, error = by_name["small"]
    assert error is None and report["summary"]["aligned"] >= 2
    assert _without_timestamps(report) == _without_timestamps(expected)
    report, error = by_name["broken"]
    assert report is None and error and "\n" not in error and "empty" in error


def test_segment_shards_concatenate_to_the_whole():
    """The shards' flag pairs partition the run at the scored pairs' beads (a null bead stays with
    the scored pair before it), whatever the shard size."""
    from evalkit.flag.runner import flag_pairs
    from evalkit.records import ScoredBead
    from evalkit.score.evaluate import SegmentInput

    beads = [ScoredBead(i, None, s, t) for i, (s, t) in enumerate([("a", "b"), ("c", ""), ("d", "e"), ("", "f"),
                                                                      ("g", "h"), ("i", "j")])]
    pairs = [b for b in beads if b.src_text and b.tgt_text]
    inp = SegmentInput("fr", "en", [b.src_text for b in pairs], [b.tgt_text for b in pairs], None,
                       flag_pairs(beads, "fr", "en"), [b.index for b in pairs])
    for size in (1, 2, 3, 4):
        shards = inp.shards(size)
        assert [x for s in shards for x in s.src] == inp.src
        assert [p.index for s in shards for p in s.flag_pairs] == list(range(6))
        assert all(s.flag_pairs[0].index <= s.bead_ids[0] for s in shards)
    assert [[p.index for p in s.flag_pairs] for s in inp.shards(2)] == [[0, 1, 2, 3], [4, 5]]


def test_ray_option_without_ray_installed_is_a_one_line_error(tmp_path):
    fake = tmp_path / "no-ray" / "ray"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('No module named ray')\n")
    env = {"PYTHONPATH": os.pathsep.join([str(fake.parent), str(ROOT), os.environ.get("PYTHONPATH", "")])}
    for args in (["score", SCORE / "src.fr.txt", SCORE / "hyp.en.txt", "--aligned", "--ray", "auto"],
                 ["gate", SCORE / "src.fr.txt", SCORE / "hyp.en.txt", "--ray"]):
        r = evalkit(*args, env_extra=env)
        assert r.returncode == 2, r.stderr
        assert len(r.stderr.strip().splitlines()) == 1 and 'pip install "evalkit[ray]"' in r.stderr
        assert r.stdout == ""


def test_ray_refuses_whole_documents_before_any_work():
    for args, message in ((["score", SCORE / "src.fr.txt", SCORE / "hyp.en.txt", "--ray", "auto"], "--ray needs --aligned"),
                          (["gate", SCORE / "src.fr.txt", SCORE / "hyp.en.txt", "--align", "--ray"],
                           "--ray needs line-aligned files")):
        r = evalkit(*args)
        assert r.returncode == 2 and message in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr


def test_pool_shape_gpu_actors_when_the_cluster_has_gpus():
    """The shape logic alone (no GPU cluster here): what each actor asks Ray for."""
    from evalkit.distributed import PoolShape, pool_shape

    class Resources:
        def __init__(self, **res):
            self.res = res

        def cluster_resources(self):
            return self.res

    gpus = Resources(CPU=16.0, GPU=2.0)
    assert pool_shape(gpus) == PoolShape(2, 1.0, 1)  # one actor per GPU
    assert pool_shape(gpus, actors_per_gpu=2) == PoolShape(4, 0.5, 1)
    assert pool_shape(gpus, device="cpu") == PoolShape(16, 0, 1)  # --device cpu: CPU actors
    cpus = Resources(CPU=2.0)
    assert pool_shape(cpus) == PoolShape(2, 0, 1)
    assert pool_shape(cpus, workers=4) == PoolShape(4, 0, 0.5)  # they share the CPUs rather than wait


def test_review_batch_on_ray_gives_the_local_batch(cluster, tmp_path):
    """`evalkit review DIR --ray auto`: the same index rows and per-pair reports as the local batch."""
    from test_batch import small_pair, without_created

    pairs = tmp_path / "pairs"
    small_pair(pairs / "a", "lemonde-amazon", 12, 12, name="a")
    small_pair(pairs / "b", "lemonde-amazon", 8, 8, name="b")
    (pairs / "broken").mkdir()
    (pairs / "broken" / "pair.toml").write_text('name = "broken"\nrelation = "translation"\n[source]\nfile = "nope.fr.txt"\n'
                                                 'lang = "fr"\n[translation]\nfile = "nope.en.txt"\nlang = "en"\n')
    local = evalkit("review", pairs, "--out-dir", tmp_path / "local", "-q")
    on_ray = evalkit("review", pairs, "--out-dir", tmp_path / "ray", "-q", "--ray", "auto", address=cluster)
    assert local.returncode == 1 and on_ray.returncode == 1, (local.stderr, on_ray.stderr)
    rows = {}
    for where in ("local", "ray"):
        index = json.loads((tmp_path / where / "index.json").read_text(encoding="utf-8"))
        rows[where] = sorted((p["name"], p["status"], p["error"], p["flags"], p["mqm"]) for p in index["pairs"])
    assert rows["local"] == rows["ray"]
    assert [r[1] for r in rows["ray"]] == ["ok", "ok", "error"]
    for name in ("a", "b"):
        assert without_created(tmp_path / "ray" / f"{name}.json") == without_created(tmp_path / "local" / f"{name}.json")
