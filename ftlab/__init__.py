"""ftlab: the workbench behind the notebooks of "Aula 18 - Fine-Tuning".

Heavy libraries (torch, transformers, peft) are imported lazily by the modules that need them,
so `import ftlab` is instant and the quiz and data exercises start in a second.
"""

import os

# Idle OpenMP threads sleep instead of spinning: on a shared or busy CPU (a laptop with other apps,
# a training thread beside the kernel) spinning threads made training about 8x slower. Must be set
# before torch is imported, which is why it lives here.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from ftlab.environment import setup  # noqa: E402

__all__ = ["setup"]
__version__ = "0.1.0"
