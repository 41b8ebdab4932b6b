"""Ray: the same work on a cluster, with the single-process answers (``pip install "evalkit[ray]"``).

One actor per worker slot holds an :class:`evalkit.engine.Engine` (its models load once, in the
actor) and serves two kinds of work:

* **segments** (``evalkit score --aligned --ray``, ``evalkit gate --ray``): the driver cuts a
  line-aligned corpus into shards of ``shard_size`` scored segments
  (:meth:`evalkit.score.evaluate.SegmentInput.shards`), the actors run the per-segment stage on
  them (:func:`evalkit.score.evaluate.score_segments`: vectors, MT engines, sentence metrics and
  sacreBLEU sufficient statistics, per-bead detectors), and the driver concatenates their answers
  in order and runs the document stage once, exactly as the single-process path does on its one
  "shard" (see docs/ray.md for why the answer is the same);
* **pairs** (:func:`map_pairs_on_ray`): one whole ``Engine.report`` per pair.

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
            """An Engine in a Ray worker: models load on the first task and stay for the actor's life."""

            def __init__(self, device: str, checks: str, threads: int) -> None:
                # as many model threads as the CPUs Ray gave this actor (not the machine's free cores)
                os.environ.setdefault("EVALKIT_THREADS", str(threads))
                from evalkit.engine import Engine

                self.engine = Engine(device, checks)

            def segments(self, inp):
                from evalkit.score.evaluate import score_segments

                return score_segments(inp, self.engine.embedder(), scorer=self.engine.scorer())

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
    """Actors holding Engines, one per worker slot (see :func:`pool_shape`)."""

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

    def map_segments(self, shards: list) -> list:
        """The per-segment stage on every shard, answers in shard order."""
        from ray.util import ActorPool

        from ray.exceptions import RayTaskError

        from evalkit.errors import EvalkitError

        pool = ActorPool(self.actors)
        try:
            return list(pool.map(lambda a, s: a.segments.remote(s), shards))
        except RayTaskError as exc:  # an input error found on a worker is the same one-line error
            if isinstance(exc.cause, EvalkitError):
                raise exc.cause from None
            raise

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


def ray_segment_runner(pool: EnginePool, shard_size: int = DEFAULT_SHARD_SIZE):
    """A ``run_segments`` for :func:`evalkit.score.evaluate.evaluate`: shard, map on the pool, concatenate."""
    from evalkit.score.evaluate import SegmentScores

    if shard_size < 1:
        raise InputError(f"--shard-size must be at least 1, not {shard_size}")

    def run(inp):
        from dataclasses import replace

        shards = [replace(s, batch_tools="without") for s in inp.shards(shard_size)]
        if len(shards) == 1:
            return pool.map_segments([inp])[0]
        # the Apertium steps once over every line (first, so that it runs beside the shards)
        whole, *parts = pool.map_segments([replace(inp, batch_tools="only", flag_pairs=[])] + shards)
        seg = SegmentScores.concat(parts)
        seg.engine, seg.pseudo, seg.roundtrip, seg.syntax = whole.engine, whole.pseudo, whole.roundtrip, whole.syntax
        return seg

    return run


def score_lines_on_ray(src_lines, hyp_lines, src_lang: str, tgt_lang: str, *, pool: EnginePool,
                       ref_lines=None, glossary=None, engines: str = "auto", shard_size: int = DEFAULT_SHARD_SIZE,
                       quiet: bool = True):
    """:meth:`evalkit.engine.Engine.score_lines` with the per-segment stage on the pool's actors."""
    from evalkit.score import evaluate_lines

    eng_device = "cpu" if pool.device == "auto" else pool.device
    return evaluate_lines(src_lines, hyp_lines, src_lang, tgt_lang, None, ref_lines=ref_lines, glossary=glossary,
                          engines=engines, quiet=quiet, device=eng_device,
                          run_segments=ray_segment_runner(pool, shard_size))


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
