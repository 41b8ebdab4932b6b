"""Pick the torch device, dtype, batch size and CPU threads for an embedder.

auto = CUDA when torch sees a GPU, else CPU. On GPU the model runs in fp16 with
large batches; on CPU in fp32 with as many threads as there are cores really
free (affinity minus the current load), because on a shared machine extra
threads only fight for the same cores and run slower.
"""

from __future__ import annotations

import os
from pathlib import Path
import re
from dataclasses import dataclass

from evalkit.errors import EvalkitError

_DEVICE_RE = re.compile(r"^(auto|cpu|cuda(?::(\d+))?)$")
CPU_BATCH = 8  # bench: batch 8 >= 16 ~ 32 > 128 (2x) at one thread on CPU
GPU_BATCH = 256


@dataclass(frozen=True)
class DeviceChoice:
    device: str  # "cpu" or "cuda:N"
    reason: str
    dtype: str  # "float32" | "float16"
    batch_size: int
    threads: int | None  # CPU threads for torch; None on GPU


def free_cpu_cores() -> tuple[int, str]:
    """Cores this process may use minus the load already on them (at least 1)."""
    try:
        allowed = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        allowed = os.cpu_count() or 1
    try:
        load = os.getloadavg()[0]
    except OSError:
        load = 0.0
    free = max(1, min(allowed, int(allowed - load + 0.5)))
    return free, f"{allowed} cores allowed, load {load:.1f}"


def cpu_threads() -> tuple[int, str]:
    env = os.environ.get("EVALKIT_THREADS")
    if env:
        try:
            n = int(env)
        except ValueError:
            raise EvalkitError(f"EVALKIT_THREADS must be a whole number, not {env!r}") from None
        if n < 1:
            raise EvalkitError(f"EVALKIT_THREADS must be at least 1, not {n}")
        return n, "EVALKIT_THREADS"
    n, why = free_cpu_cores()
    return n, why


def _gpu_build() -> bool:
    """Whether the installed torch was built for a GPU (CUDA or ROCm), read from its ``version.py``
    without importing torch (2–4 s): a CPU-only build can never see a GPU, so ``auto`` is the CPU.
    When the file cannot be read, assume a GPU build and let torch decide."""
    import importlib.util
    import re

    try:
        spec = importlib.util.find_spec("torch")
        text = (Path(spec.origin).parent / "version.py").read_text(encoding="utf-8")
    except (AttributeError, TypeError, OSError, ValueError):
        return True
    built = {m.group(1): m.group(2).strip() for m in re.finditer(r"^(cuda|hip)\b[^=\n]*=\s*(.+)$", text, re.M)}
    if set(built) != {"cuda", "hip"}:
        return True
    return any(v != "None" for v in built.values())


def choose_device(spec: str = "auto") -> DeviceChoice:
    """Validate ``spec`` and decide; raises EvalkitError with the accepted forms."""
    spec = (spec or "auto").strip().lower()
    m = _DEVICE_RE.match(spec)
    if not m:
        raise EvalkitError(f"invalid device {spec!r}: use auto, cpu, cuda or cuda:N")
    if spec == "cpu" or (spec == "auto" and not _gpu_build()):  # no torch import: seconds saved on a cached run
        threads, why = cpu_threads()
        reason = "requested" if spec == "cpu" else "auto: torch is a CPU-only build, no CUDA"
        return DeviceChoice("cpu", f"{reason}; {threads} thread(s) ({why})", "float32", CPU_BATCH, threads)
    import torch

    has_cuda = torch.cuda.is_available()
    if spec == "auto" and not has_cuda:
        threads, why = cpu_threads()
        return DeviceChoice("cpu", f"auto: torch sees no CUDA GPU; {threads} thread(s) ({why})", "float32", CPU_BATCH,
                            threads)
    if not has_cuda:
        raise EvalkitError(f"device {spec!r} requested but torch sees no CUDA GPU (use --device cpu or auto)")
    count = torch.cuda.device_count()
    index = int(m.group(2)) if m.group(2) is not None else 0
    if index >= count:
        raise EvalkitError(f"device {spec!r} requested but torch sees only {count} CUDA GPU(s) (cuda:0..cuda:{count - 1})")
    name = torch.cuda.get_device_name(index)
    reason = "requested" if spec != "auto" else "auto: torch sees a CUDA GPU"
    return DeviceChoice(f"cuda:{index}", f"{reason} ({name})", "float16", GPU_BATCH, None)
