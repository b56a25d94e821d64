"""Run every bench/bench_*.py in its own process and print their figures (`make bench`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def main() -> int:
    failures = 0
    folder = Path(__file__).resolve().parent
    for script in sorted(folder.glob("bench_*.py")):
        print(f"== {script.name}", flush=True)
        command = [sys.executable, "-m", f"bench.{script.stem}"]  # bench.profile_run is shared
        failures += subprocess.run(command, cwd=folder.parent, check=False).returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
