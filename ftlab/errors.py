"""The one error type for settings a student can get wrong (a run's hyperparameters, a data size).

Its message is pt-BR and meant for the student; notebooks and widgets show it instead of a traceback.
"""


class SettingsError(ValueError):
    """Settings that cannot make a run; the message is pt-BR and says what to change."""
