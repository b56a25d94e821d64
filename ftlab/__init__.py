"""ftlab: the workbench behind the notebooks of "Aula 18 - Fine-Tuning".

Heavy libraries (torch, transformers, peft) are imported lazily by the modules that need them,
so `import ftlab` is instant and the quiz and data exercises start in a second.
"""

from ftlab.environment import setup

__all__ = ["setup"]
__version__ = "0.1.0"
