"""How far a test-set number can be trusted: bootstrap confidence intervals and paired comparisons.

A metric computed on ~100 test examples would come out different on another ~100 examples of the
same kind. The bootstrap estimates that spread from the test set itself: draw n examples with
replacement, recompute the metric, repeat; the middle 95% of those values is the interval. To
compare two models, draw the *same* examples for both (paired bootstrap) and look at the interval of
the difference: a difference is called real only when that interval excludes zero.

Stable API (also used by ftlab.prompting):

    bootstrap_ci(metric, *columns, n_resamples=1000, level=0.95, seed=0) -> Interval
    paired_bootstrap(metric, references, predictions_a, predictions_b, ...) -> PairedComparison

`metric` receives the resampled columns (Python lists, in the order given) and returns a float.
Taught in notebooks/04_avaliacao.
"""

from __future__ import annotations

from dataclasses import dataclass

MIN_EXAMPLES = 10  # below this a bootstrap interval says nothing useful
DEFAULT_RESAMPLES = 1000


class EvaluationError(ValueError):
    """Inputs an evaluation cannot use; the message (pt-BR) says what to fix."""


@dataclass(frozen=True)
class Interval:
    """A metric's value on the whole test set and its bootstrap confidence interval."""

    estimate: float  # the metric on the test set as it is
    low: float  # lower end of the interval
    high: float  # upper end of the interval
    level: float = 0.95  # confidence level of [low, high]
    n: int = 0  # examples the metric was computed on

    @property
    def width(self) -> float:
        return self.high - self.low

    def excludes_zero(self) -> bool:
        """True when the whole interval lies on one side of zero."""
        return self.low > 0 or self.high < 0

    def __str__(self) -> str:
        return f"{self.estimate:.3f} [{self.low:.3f}, {self.high:.3f}]"


@dataclass(frozen=True)
class PairedComparison:
    """Model B minus model A on the same examples, with the paired bootstrap interval of the difference."""

    a: Interval  # model A alone
    b: Interval  # model B alone
    difference: Interval  # metric(B) - metric(A)
    p_value: float  # two-sided share of resamples where the difference has the other sign (or is zero)

    @property
    def is_real(self) -> bool:
        """The difference's interval excludes zero: not explained by which examples the test set holds."""
        return self.difference.excludes_zero()

    def verdict(self) -> str:
        """One pt-BR sentence for a notebook."""
        d = self.difference
        if not self.is_real:
            return (f"diferença {d.estimate:+.3f}, intervalo de {d.level:.0%} [{d.low:+.3f}, {d.high:+.3f}] "
                    "inclui zero: dentro do ruído, não dá para dizer que um modelo é melhor")
        side = "B melhor que A" if d.estimate > 0 else "A melhor que B"
        return (f"diferença {d.estimate:+.3f}, intervalo de {d.level:.0%} [{d.low:+.3f}, {d.high:+.3f}] "
                f"não inclui zero: {side}")


def check_columns(columns, min_size: int = MIN_EXAMPLES) -> int:
    """The common length of `columns`; pt-BR errors for empty, unequal or too small inputs."""
    if not columns:
        raise EvaluationError("nenhuma coluna de dados para o bootstrap: passe as previsões e as referências")
    sizes = [len(column) for column in columns]
    if len(set(sizes)) > 1:
        raise EvaluationError(f"as listas têm tamanhos diferentes ({', '.join(map(str, sizes))}): cada "
                              "previsão precisa da sua referência, na mesma ordem")
    if sizes[0] == 0:
        raise EvaluationError("lista vazia: não há exemplos para avaliar")
    if sizes[0] < min_size:
        raise EvaluationError(f"só {sizes[0]} exemplos: o bootstrap precisa de pelo menos {min_size} "
                              "para um intervalo de confiança; use um conjunto de teste maior")
    return sizes[0]


def resample_indices(n: int, n_resamples: int, seed: int):
    """An (n_resamples, n) array of indices drawn with replacement (numpy, seeded)."""
    import numpy as np

    return np.random.default_rng(seed).integers(0, n, size=(n_resamples, n))


def percentile_interval(estimate: float, values, level: float, n: int) -> Interval:
    """The percentile interval of the bootstrap `values` around `estimate`."""
    import numpy as np

    tail = (1 - level) / 2 * 100
    low, high = np.percentile(np.asarray(values, dtype=float), [tail, 100 - tail])
    return Interval(float(estimate), float(low), float(high), level, n)


def pick(column, rows) -> list:
    """The elements of `column` at positions `rows`."""
    return [column[i] for i in rows]


def bootstrap_values(metric, columns, indices) -> list[float]:
    """`metric` on each resample of `columns` (one resample per row of `indices`)."""
    return [float(metric(*(pick(column, rows) for column in columns))) for rows in indices]


def bootstrap_ci(metric, *columns, n_resamples: int = DEFAULT_RESAMPLES, level: float = 0.95,
                 seed: int = 0, min_size: int = MIN_EXAMPLES) -> Interval:
    """The 95% (by default) percentile bootstrap interval of `metric(*columns)`.

    Example: `bootstrap_ci(accuracy, y_true, y_pred)` or, for per-example scores,
    `bootstrap_ci(mean, scores)`. Same seed, same interval. Taught in notebooks/04_avaliacao.
    """
    columns = [list(column) for column in columns]
    n = check_columns(columns, min_size)
    values = bootstrap_values(metric, columns, resample_indices(n, n_resamples, seed))
    return percentile_interval(metric(*columns), values, level, n)


def paired_bootstrap(metric, references, predictions_a, predictions_b, *,
                     n_resamples: int = DEFAULT_RESAMPLES, level: float = 0.95,
                     seed: int = 0, min_size: int = MIN_EXAMPLES) -> PairedComparison:
    """Compare two models' predictions on the same examples: metric(B) - metric(A) with its interval.

    `metric(references, predictions) -> float`. Each resample draws the same examples for both
    models, so what the test set happens to contain cancels out. Taught in notebooks/04_avaliacao.
    """
    import numpy as np

    columns = [list(references), list(predictions_a), list(predictions_b)]
    n = check_columns(columns, min_size)
    refs, a, b = columns
    indices = resample_indices(n, n_resamples, seed)
    values_a = np.array(bootstrap_values(metric, [refs, a], indices))
    values_b = np.array(bootstrap_values(metric, [refs, b], indices))
    estimate_a, estimate_b = metric(refs, a), metric(refs, b)
    difference = percentile_interval(estimate_b - estimate_a, values_b - values_a, level, n)
    return PairedComparison(percentile_interval(estimate_a, values_a, level, n),
                            percentile_interval(estimate_b, values_b, level, n),
                            difference, two_sided_p(values_b - values_a))


def two_sided_p(differences) -> float:
    """Twice the smaller share of resampled differences on either side of zero (capped at 1)."""
    import numpy as np

    differences = np.asarray(differences, dtype=float)
    below, above = np.mean(differences <= 0), np.mean(differences >= 0)
    return float(min(1.0, 2 * min(below, above)))


def mean(values) -> float:
    """Arithmetic mean (0 for an empty list): the metric for per-example scores."""
    values = list(values)
    return sum(values) / len(values) if values else 0.0
