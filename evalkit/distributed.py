"""Ray: the same work on a cluster, with the single-process answers (``pip install "evalkit[ray]"``).

Two kinds of work, each holding :class:`evalkit.engine.Engine` models that load once per actor:

* **segments** (``evalkit score --aligned --ray``, ``evalkit gate --ray``), on **Ray Data**: the
  driver cuts a line-aligned corpus into shards of ``shard_size`` scored segments
  (:meth:`evalkit.score.evaluate.SegmentInput.shards`), makes them a dataset of one row per shard
  (``ray.data.from_items``, one block per row) and maps it with ``map_batches(SegmentScorer,
  batch_size=1)`` over a fixed pool of actors: :class:`SegmentScorer`'s constructor loads the
  models, its ``__call__`` runs the per-segment stage on a shard
  (:func:`evalkit.score.evaluate.score_segments`: vectors, MT engines, sentence metrics and
  sacreBLEU sufficient statistics, per-bead detectors). One more row, the Apertium task, makes
  the MT engine's texts and the tagger's cues over every line (their batch output is not always
  batch-independent); a second stage of tasks then scores each shard's slice of those texts
  (sentence metrics against the pseudo-reference, per segment). The driver puts the answers back
  in shard order, concatenates them and runs the document stage once, exactly as the
  single-process path does on its one "shard" (see docs/ray.md for why the answer is the same);
* **pairs** (:func:`map_pairs_on_ray`, ``evalkit review DIR --ray``): one whole ``Engine.report``
  (or batch item) per pair on an :class:`EnginePool` of actors (``ray.util.ActorPool``). A pair's
  answer is a report dict or the reports a batch item wrote, yielded as each pair finishes, and
  the same actors serve every pair of a batch; that is a task queue over live actors, not a
  dataset transformation, so it stays an actor pool.

GPU actors (``num_gpus``) are used when the cluster has GPUs: one actor per GPU by default
(``actors_per_gpu`` packs more on each). Without GPUs, one actor per CPU of the cluster.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from evalkit.errors import InputError

INSTALL_HINT = 'Ray is not installed: pip install "evalkit[ray]"'
DEFAULT_SHARD_SIZE = 500


def require_ray():
    """The ``ray`` module, or the one-line error that says how to install it (exit 2)."""
    try:
        import ray
    except ImportError:
        raise InputError(f"--ray: {INSTALL_HINT}") from None
    return ray


def _runtime_env() -> dict:
    """Workers import evalkit from where the driver did (a source checkout or an install), and
    see the same cache settings."""
    import evalkit

    root = Path(evalkit.__file__).resolve().parents[1]
    # a source checkout (or a PYTHONPATH entry) goes to the workers; an installed evalkit is
    # found by the workers' own Python, and a site-packages path must not shadow theirs
    own = "" if root.name in ("site-packages", "dist-packages") else str(root)
    env = {}
    path = os.pathsep.join(p for p in (own, os.environ.get("PYTHONPATH", "")) if p)
    if path:
        env["PYTHONPATH"] = path
    for k, v in os.environ.items():
        if k.startswith("EVALKIT_") or k in ("HF_HUB_OFFLINE", "OMP_NUM_THREADS"):
            env[k] = v
    return {"env_vars": env}


def connect(address: str | None = "auto", *, num_cpus: int | None = None):
    """Join the cluster at ``address`` ("auto": the one ``RAY_ADDRESS`` or ``ray start`` names on this
    machine, else a new local one); a driver already connected stays connected."""
    ray = require_ray()
    if ray.is_initialized():
        return ray
    import logging

    kw = {"runtime_env": _runtime_env(), "log_to_driver": False, "logging_level": logging.ERROR}
    target = address if address and address != "auto" else os.environ.get("RAY_ADDRESS") or None
    if target:
        kw["address"] = target
    else:  # a new local cluster (or the one `ray start` left on this machine)
        kw["include_dashboard"] = False
        if num_cpus is not None:
            kw["num_cpus"] = num_cpus
    try:
        try:
            ray.init(**kw)
        except ValueError:  # joined a running cluster: local-only arguments are refused
            kw.pop("include_dashboard", None)
            kw.pop("num_cpus", None)
            ray.init(**kw)
    except (ConnectionError, ValueError, RuntimeError) as exc:
        raise InputError(f"--ray {address}: cannot reach a Ray cluster ({str(exc).splitlines()[0]})") from None
    return ray


@dataclass
class PoolShape:
    actors: int
    num_gpus: float
    num_cpus: float


def pool_shape(ray, workers: int | None = None, actors_per_gpu: int = 1, device: str = "auto") -> PoolShape:
    """How many actors, and what each asks for: GPUs when the cluster has some (and ``device`` is
    not cpu), else one CPU each."""
    res = ray.cluster_resources()
    gpus = 0 if device == "cpu" else int(res.get("GPU", 0))
    if gpus:
        n = workers or gpus * actors_per_gpu
        return PoolShape(n, 1.0 / actors_per_gpu, 1)
    cpus = max(1, int(res.get("CPU", 1)))
    n = workers or cpus
    # more actors than CPUs share them (else the extra actors would wait for a CPU forever)
    return PoolShape(n, 0, 1 if n <= cpus else cpus / n)


_ACTOR = None


def _actor_class(ray):
    global _ACTOR
    if _ACTOR is None:

        class EngineActor:
            """An Engine in a Ray worker (whole pairs): models load once and stay for the actor's life."""

            def __init__(self, device: str, checks: str, threads: int) -> None:
                # as many model threads as the CPUs Ray gave this actor (not the machine's free cores)
                os.environ.setdefault("EVALKIT_THREADS", str(threads))
                from evalkit.engine import Engine

                self.engine = Engine(device, checks)

            def report(self, i: int, spec, kwargs: dict):
                from evalkit.errors import EvalkitError

                try:
                    return i, self.engine.report(spec, **kwargs), None
                except EvalkitError as exc:
                    return i, None, str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                except Exception as exc:  # a bad pair must not stop the others
                    return i, None, f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}".rstrip(": ")

            def review_item(self, i: int, item, out_dir, formats: tuple, check_language: bool):
                """One batch pair, reviewed and written here exactly as a local batch worker does
                (:func:`evalkit.batch.review_item`), so its index row and reports are the same."""
                from evalkit.batch import review_item

                return i, review_item(self.engine, item, out_dir, formats, check_language=check_language)

            def warm(self) -> str:
                """Load the models now (the per-segment stage's embedder, and the scorer with full checks)."""
                self.engine.embedder()
                self.engine.scorer()
                return self.engine.device

        _ACTOR = ray.remote(EngineActor)
    return _ACTOR


class EnginePool:
    """Actors holding Engines, one per worker slot (see :func:`pool_shape`), for whole pairs
    (:func:`map_pairs_on_ray`, ``evalkit review DIR --ray``). Line-aligned segments go through Ray
    Data instead (:class:`RaySegments`)."""

    def __init__(self, *, device: str = "auto", checks: str = "fast", address: str | None = "auto",
                 workers: int | None = None, actors_per_gpu: int = 1, num_cpus: int | None = None,
                 warm: bool = True) -> None:
        from evalkit.pipeline import check_checks

        check_checks(checks)
        self.device = device
        self.ray = connect(address, num_cpus=num_cpus)
        self.shape = pool_shape(self.ray, workers, actors_per_gpu, device)
        cls = _actor_class(self.ray).options(num_gpus=self.shape.num_gpus, num_cpus=self.shape.num_cpus)
        # on a GPU actor, "auto" finds the GPU Ray gave it (CUDA_VISIBLE_DEVICES)
        self.actors = [cls.remote(device, checks, max(1, int(self.shape.num_cpus))) for _ in range(self.shape.actors)]
        if warm:  # models load in every actor at once, before the first shard
            self.ray.get([a.warm.remote() for a in self.actors])

    def map_reports(self, jobs: list[tuple]) -> Iterator[tuple[int, dict | None, str | None]]:
        from ray.util import ActorPool

        pool = ActorPool(self.actors)
        yield from pool.map_unordered(lambda a, j: a.report.remote(*j), jobs)

    def map_review_items(self, jobs: list[tuple]) -> Iterator[tuple[int, object]]:
        """(i, PairResult) for every ``(i, item, out_dir, formats, check_language)``, as each finishes."""
        from ray.util import ActorPool

        pool = ActorPool(self.actors)
        yield from pool.map_unordered(lambda a, j: a.review_item.remote(*j), jobs)

    def close(self) -> None:
        for a in self.actors:
            self.ray.kill(a)
        self.actors = []

    def __enter__(self) -> "EnginePool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class SegmentScorer:
    """The Ray Data callable class of the per-segment stage: one instance per actor of the
    ``map_batches`` pool. The constructor loads the models (e5, and the language-model scorer with
    full checks) once for the actor's life; each call scores the shards of its batch (one with
    ``batch_size=1``). A row is ``{"index", "shard"}``, the shard a pickled
    :class:`~evalkit.score.evaluate.SegmentInput`; the answer row is ``{"index", "result", "actor",
    "load_s"}``, the result a pickled ``("ok", SegmentScores)`` or ``("error", EvalkitError)`` (an input
    error found on a worker is the driver's one-line error)."""

    def __init__(self, device: str, checks: str, threads: int) -> None:
        import time

        # as many model threads as the CPUs Ray gave this actor (not the machine's free cores)
        os.environ.setdefault("EVALKIT_THREADS", str(threads))
        from evalkit.engine import Engine

        t0 = time.perf_counter()
        self.engine = Engine(device, checks)
        self.embedder, self.scorer = self.engine.embedder(), self.engine.scorer()
        self.load_s = time.perf_counter() - t0
        self.actor = f"{os.getpid()}@{os.uname().nodename}"

    def __call__(self, batch: dict) -> dict:
        import numpy as np
        from ray import cloudpickle

        from evalkit.errors import EvalkitError
        from evalkit.score.evaluate import score_segments

        out = []
        for blob in batch["shard"]:
            try:
                res = ("ok", score_segments(cloudpickle.loads(blob), self.embedder, scorer=self.scorer))
            except EvalkitError as exc:
                res = ("error", exc)
            out.append(cloudpickle.dumps(res))
        n = len(out)
        return {"index": np.asarray(batch["index"]), "result": np.array(out, dtype=object),
                "actor": np.array([self.actor] * n, dtype=object), "load_s": np.full(n, self.load_s)}


class RaySegments:
    """A ``run_segments`` for :func:`evalkit.score.evaluate.evaluate` (and ``gate_lines``): shard the
    input, map the shards on Ray Data (:class:`SegmentScorer`), concatenate the answers in shard
    order. Connects to the cluster when made; each call is one Dataset, so its actors (and their
    models) last for that call: ``gate --ray`` with a baseline scores both systems in one call
    (:meth:`run_many`)."""

    def __init__(self, *, device: str = "auto", checks: str = "fast", address: str | None = "auto",
                 workers: int | None = None, actors_per_gpu: int = 1, shard_size: int = DEFAULT_SHARD_SIZE,
                 num_cpus: int | None = None, notify=None) -> None:
        from evalkit.pipeline import check_checks

        check_checks(checks)
        if shard_size < 1:
            raise InputError(f"--shard-size must be at least 1, not {shard_size}")
        self.device, self.checks, self.shard_size, self.notify = device, checks, shard_size, notify
        self.ray = connect(address, num_cpus=num_cpus)
        self.shape = pool_shape(self.ray, workers, actors_per_gpu, device)
        self.runs: list[dict] = []  # per call: tasks, actors and their model-loading times

    def __call__(self, inp):
        return self.run_many([inp])[0]

    def run_many(self, inputs: list) -> list:
        """The per-segment stage on several inputs (the gate's hypothesis and baseline) in one Ray
        Data run, so one set of actors sets up its models for all: each input's Apertium task and
        shards are rows of the same Dataset, then the sentence metrics against the engine's texts
        of every input are one stage of tasks. Answers in the inputs' order, each the one
        :meth:`__call__` gives for that input alone."""
        from dataclasses import replace

        from evalkit.score.evaluate import SegmentScores
        from evalkit.score.reference import RefSegments

        items, plan = [], []  # plan: per input, (position of its Apertium task or -1, its shards, their positions)
        for inp in inputs:
            shards = [replace(s, batch_tools="without") for s in inp.shards(self.shard_size)]
            if len(shards) == 1:  # one shard: the whole stage on one actor, as in one process
                plan.append((-1, [inp], [len(items)]))
                items.append(inp)
                continue
            # the Apertium steps once over every line (first, so that it runs beside the shards): the
            # MT engine's texts and the tagger, whose output for a line may depend on its batch
            plan.append((len(items), shards, list(range(len(items) + 1, len(items) + 1 + len(shards)))))
            items += [replace(inp, batch_tools="only", flag_pairs=[])] + shards
        answers = self.map(items)
        out, jobs, owners = [], [], []
        for k, (whole_at, shards, at) in enumerate(plan):
            if whole_at < 0:
                out.append(answers[at[0]])
                continue
            seg = SegmentScores.concat([answers[i] for i in at])
            whole = answers[whole_at]
            seg.engine, seg.syntax = whole.engine, whole.syntax
            texts = whole.engine_texts
            if texts is not None:  # the sentence metrics against those texts: per segment, so sharded too
                lo = 0
                for s in shards:
                    hi = lo + len(s.src)
                    jobs.append((texts.slice(lo, hi), s.src, s.tgt, s.src_lang, s.tgt_lang))
                    owners.append(k)
                    lo = hi
            out.append(seg)
        if jobs:
            scored = self.map_engine_scores(jobs)
            for k, seg in enumerate(out):
                mine = [a for a, o in zip(scored, owners) if o == k]
                if mine:
                    seg.pseudo = RefSegments.concat([a[0] for a in mine])
                    seg.roundtrip = None if mine[0][1] is None else [x for a in mine for x in a[1]]
        return out

    def map(self, items: list) -> list:
        """The per-segment stage on every item (a SegmentInput), answers in the items' order."""
        import warnings

        import ray.data
        from ray import cloudpickle

        _quiet_ray_data(ray.data)
        actors = min(self.shape.actors, len(items))
        ds = ray.data.from_items([{"index": i, "shard": cloudpickle.dumps(x)} for i, x in enumerate(items)],
                                 override_num_blocks=len(items))  # one block per shard: one task each
        with warnings.catch_warnings():
            # max_restarts: Ray's remote argument, passed through map_batches (deprecated there from
            # Ray 2.60 on); 0 as with the actor pool before (a lost actor fails the command), which
            # also spares stderr Ray's warning about restarting actors whose arguments are in the
            # object store (ray-project/ray#53727)
            warnings.filterwarnings("ignore", message=".*ray_remote_args.*deprecated")
            ds = ds.map_batches(
                SegmentScorer, batch_size=1, batch_format="numpy",
                # a fixed pool; one shard in flight per actor, so a free actor takes the next shard
                compute=ray.data.ActorPoolStrategy(size=actors, max_tasks_in_flight_per_actor=1),
                fn_constructor_kwargs={"device": self.device, "checks": self.checks,
                                       "threads": max(1, int(self.shape.num_cpus))},
                num_cpus=self.shape.num_cpus, num_gpus=self.shape.num_gpus or None, max_restarts=0)
        results, loads = {}, {}
        for row in ds.iter_rows():
            status, value = cloudpickle.loads(row["result"])
            if status == "error":
                raise value
            results[int(row["index"])] = value
            loads[row["actor"]] = float(row["load_s"])
            if self.notify:
                self.notify(f"Ray Data: {len(results)}/{len(items)} shards scored…")
        self.runs.append({"stage": "segments", "tasks": len(items), "actors": len(loads),
                          "load_s": sorted(loads.values())})
        if self.notify:
            self.notify(f"Ray Data: {len(items)} tasks on {len(loads)} actor(s), one Engine (models) per actor, set up "
                        f"in {', '.join(f'{t:.1f}' for t in sorted(loads.values()))} s")
        return [results[i] for i in range(len(items))]


    def map_engine_scores(self, jobs: list[tuple]) -> list:
        """:func:`evalkit.score.evaluate.engine_scores` on every job (a shard's slice of the MT
        engine's texts, its sources and translations, the languages), answers in the jobs' order.
        A second Ray Data stage, of tasks: it needs no models, so no actor set-up, and its
        tasks take every CPU Ray has free (each asks for one CPU, or the actors' share)."""
        import time

        import ray.data
        from ray import cloudpickle

        t0 = time.perf_counter()
        _quiet_ray_data(ray.data)
        ds = ray.data.from_items([{"index": i, "job": cloudpickle.dumps(j)} for i, j in enumerate(jobs)],
                                 override_num_blocks=len(jobs))
        ds = ds.map_batches(_engine_scores_batch, batch_size=1, batch_format="numpy", num_cpus=self.shape.num_cpus)
        results = {}
        for row in ds.iter_rows():
            results[int(row["index"])] = cloudpickle.loads(row["result"])
            if self.notify:
                self.notify(f"Ray Data: {len(results)}/{len(jobs)} shards' pseudo-reference metrics…")
        self.runs.append({"stage": "engine_scores", "tasks": len(jobs), "actors": 0, "load_s": []})
        if self.notify:
            self.notify(f"Ray Data: {len(jobs)} tasks of pseudo-reference metrics (sentence BLEU/chrF/TER, "
                        f"round-trip chrF) against the engine's whole-corpus output, in {time.perf_counter() - t0:.1f} s")
        return [results[i] for i in range(len(jobs))]


def _engine_scores_batch(batch: dict) -> dict:
    """Ray Data function of :meth:`RaySegments.map_engine_scores`: a row's job is pickled
    arguments of :func:`evalkit.score.evaluate.engine_scores`, its result the pickled answer."""
    import numpy as np
    from ray import cloudpickle

    from evalkit.score.evaluate import engine_scores

    out = [cloudpickle.dumps(engine_scores(*cloudpickle.loads(blob))) for blob in batch["job"]]
    return {"index": np.asarray(batch["index"]), "result": np.array(out, dtype=object)}


def _quiet_ray_data(data) -> None:
    """evalkit's own progress lines on stderr, as without Ray: no Ray Data progress bars, and its
    console log only for errors (its log file, ray-data.log in the session folder, keeps the rest)."""
    import logging

    ctx = data.DataContext.get_current()
    ctx.enable_progress_bars = False
    ctx.print_on_execution_start = False
    for h in logging.getLogger("ray.data").handlers:
        if type(h).__name__ != "SessionFileHandler":
            h.setLevel(logging.ERROR)


def score_lines_on_ray(src_lines, hyp_lines, src_lang: str, tgt_lang: str, *, runner: RaySegments,
                       ref_lines=None, glossary=None, engines: str = "auto", quiet: bool = True):
    """:meth:`evalkit.engine.Engine.score_lines` with the per-segment stage on Ray Data (``runner``)."""
    from evalkit.score import evaluate_lines

    eng_device = "cpu" if runner.device == "auto" else runner.device
    return evaluate_lines(src_lines, hyp_lines, src_lang, tgt_lang, None, ref_lines=ref_lines, glossary=glossary,
                          engines=engines, quiet=quiet, device=eng_device, run_segments=runner)


def map_pairs_on_ray(jobs: Iterable, *, device: str = "auto", checks: str = "fast", address: str | None = "auto",
                     workers: int | None = None, pool: EnginePool | None = None
                     ) -> Iterator[tuple[object, dict | None, str | None]]:
    """``Engine.report`` for every job on an actor pool, yielded as each finishes: (job, report, None)
    or (job, None, one-line error). A job is a :class:`~evalkit.pairfile.PairSpec` or a
    ``(PairSpec, kwargs)`` tuple, the kwargs those of ``Engine.report`` (``name``, ``ref``, ...).
    The pair's files must be readable by the workers (one machine, or a shared file system)."""
    jobs = list(jobs)
    own = pool is None
    if own:
        pool = EnginePool(device=device, checks=checks, address=address, workers=workers)
    try:
        items = [(i, *(j if isinstance(j, tuple) else (j, {}))) for i, j in enumerate(jobs)]
        for i, report, error in pool.map_reports(items):
            yield jobs[i], report, error
    finally:
        if own:
            pool.close()
