"""Every environment variable the code reads is documented in docs/environment.md."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READ = re.compile(r"""(?:os\.environ\.get|os\.getenv|os\.environ\[)\(?\s*["']([A-Z][A-Z0-9_]+)["']""")
NAMED = re.compile(r"""["']([A-Z][A-Z0-9_]*_[A-Z0-9_]+)["']""")


def read_variables() -> set[str]:
    """Names passed to os.environ/os.getenv, and names listed in a tuple looped over for os.environ."""
    found = set()
    for path in (ROOT / "evalkit").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found |= set(READ.findall(text))
        for line in text.splitlines():
            if "os.environ.get(var" in line or "environ.get(name" in line:
                found |= set(NAMED.findall(line))
    return found


def test_every_environment_variable_is_documented():
    names = read_variables()
    assert {"EVALKIT_CACHE", "EVALKIT_HOME", "EVALKIT_THREADS", "HF_HUB_OFFLINE"} <= names  # the scan works
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", (ROOT / "docs" / "environment.md").read_text(encoding="utf-8")))
    assert names - documented == set(), f"undocumented: {sorted(names - documented)}"


def test_readme_points_at_the_environment_page():
    assert "docs/environment.md" in (ROOT / "README.md").read_text(encoding="utf-8")
