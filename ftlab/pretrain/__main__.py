"""`python -m ftlab.pretrain [--test-mode] [--resume] [--run-dir DIR] [--export-dir DIR] ...`."""

import os
import sys

# Sleep instead of spinning while OpenMP threads wait: on a shared CPU (other processes busy),
# spinning made training about 8x slower here. Must be set before torch starts its thread pool.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from ftlab.pretrain.cli import main  # noqa: E402

sys.exit(main())
