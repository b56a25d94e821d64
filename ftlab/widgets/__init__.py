"""Interactive panels of the course (ipywidgets only, no front-end extension).

Taught in notebooks/03_treinamento (TrainingLab).
"""

from ftlab.widgets.human_eval import HumanEvalPanel
from ftlab.widgets.lab import TrainingLab

__all__ = ["HumanEvalPanel", "TrainingLab"]
