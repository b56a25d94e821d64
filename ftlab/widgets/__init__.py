"""Interactive panels of the course (ipywidgets only, no front-end extension).

Taught in notebooks/03_treinamento (TrainingLab).
"""

from ftlab.widgets.human_eval import HumanEvalPanel
from ftlab.widgets.lab import TrainingLab
from ftlab.widgets.quiz import Quiz
from ftlab.widgets.replay_panel import ReplayPanel

__all__ = ["HumanEvalPanel", "Quiz", "ReplayPanel", "TrainingLab"]
