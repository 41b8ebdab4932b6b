"""Run every benchmark in bench/ in turn (``make bench``).

Each benchmark is a script that prints its own figures next to a baseline measured in
the same run; shared helpers (``*_common.py``) are not benchmarks. A failing benchmark
is reported and the others still run; the exit code says whether any failed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def main() -> int:
    here = Path(__file__).resolve().parent
    scripts = sorted(p for p in here.glob("*.py") if p.name != "run_all.py" and not p.stem.endswith("_common"))
    only = set(sys.argv[1:])
    failed = []
    for script in scripts:
        if only and script.stem not in only:
            continue
        print(f"\n===== {script.name} =====", flush=True)
        rc = subprocess.call([sys.executable, str(script)], cwd=here.parent)
        if rc != 0:
            failed.append(script.name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
