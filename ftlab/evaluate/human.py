"""Human evaluation, blind A/B: the ratings file (append-only CSV) and what the ratings say.

Each rating row records which system was shown on which side, what the rater chose (the left answer,
the right one, a tie, or both bad), how long it took, and whether the item was a repeat (shown
again to measure the rater's consistency). The summary: win rate of system B (ties as half) with a
Wilson interval and a sign test, how often the left answer wins (position bias), the correlation
between preference and answer length, agreement between raters (Cohen's kappa for two, Fleiss'
kappa for more) and each rater's flip rate on repeated items.

The panel that collects the ratings is ftlab.widgets.HumanEvalPanel. Taught in notebooks/04_avaliacao.
"""

from __future__ import annotations

import csv
import math
import random
from collections import Counter, defaultdict
from pathlib import Path

from ftlab.evaluate.bootstrap import EvaluationError

COLUMNS = ("quando", "avaliador", "sessao", "item", "repeticao", "esquerda", "direita", "escolha",
           "palavras_esquerda", "palavras_direita", "segundos", "comentario", "semente")
CHOICES = ("esquerda", "direita", "empate", "ambas ruins")
TIE, BOTH_BAD = "empate", "ambas ruins"


def plan_items(n_items: int, seed: int, repeats: int = 2) -> list[tuple[int, bool, bool]]:
    """The order a rater sees: (item, is_repeat, system A on the left), seeded.

    Every item once in a shuffled order, then `repeats` of them again, sides drawn afresh.
    """
    rng = random.Random(seed)
    order = list(range(n_items))
    rng.shuffle(order)
    plan = [(i, False, rng.random() < 0.5) for i in order]
    again = rng.sample(order, min(repeats, n_items))
    return plan + [(i, True, rng.random() < 0.5) for i in again]


def append_rating(path, row: dict) -> None:
    """Add one rating to the CSV at `path` (created with its header when new; never rewritten)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    new = not path.exists() or path.stat().st_size == 0
    with path.open("a", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        if new:
            writer.writeheader()
        writer.writerow({column: row.get(column, "") for column in COLUMNS})


def csv_files(sources) -> list[Path]:
    """The CSV files named by `sources`: files, or folders (every *.csv inside)."""
    if isinstance(sources, (str, Path)):
        sources = [sources]
    files = []
    for source in map(Path, sources):
        files += sorted(source.glob("*.csv")) if source.is_dir() else [source] if source.exists() else []
    return files


def load_ratings(sources) -> list[dict]:
    """Every rating in the given CSV files or folders, merged (several raters' files together)."""
    rows = []
    for path in csv_files(sources):
        with path.open(newline="", encoding="utf-8") as handle:
            rows += list(csv.DictReader(handle))
    for row in rows:
        row["repeticao"] = str(row["repeticao"]).strip().lower() in ("1", "true", "sim")
        for key in ("palavras_esquerda", "palavras_direita"):
            row[key] = int(row[key] or 0)
        row["segundos"] = float(row["segundos"] or 0)
    return rows


def outcome(row: dict) -> str:
    """The system that won (its name), TIE or BOTH_BAD: what a choice means, sides removed."""
    if row["escolha"] == "esquerda":
        return row["esquerda"]
    if row["escolha"] == "direita":
        return row["direita"]
    return row["escolha"]


def wilson(successes: float, n: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval of a proportion (works with half successes: ties count 0.5)."""
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    centre, spread = p + z * z / (2 * n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - spread) / (1 + z * z / n), (centre + spread) / (1 + z * z / n)


def sign_test(wins: int, losses: int) -> float:
    """Two-sided exact binomial p-value of `wins` vs `losses` under a fair coin (ties left out)."""
    n = wins + losses
    if n == 0:
        return 1.0
    extreme = min(wins, losses)
    tail = sum(math.comb(n, k) for k in range(extreme + 1)) / 2**n
    return min(1.0, 2 * tail)


def pearson(xs: list[float], ys: list[float]) -> float | None:
    """Pearson correlation, None when fewer than 3 points or no variation."""
    if len(xs) < 3:
        return None
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx, syy = sum((x - mx) ** 2 for x in xs), sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy) if sxx and syy else None


def cohen_kappa(first: list[str], second: list[str]) -> float | None:
    """Cohen's kappa of two raters' outcomes on the same items (None when undefined)."""
    n = len(first)
    if n == 0:
        return None
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    ca, cb = Counter(first), Counter(second)
    expected = sum(ca[k] * cb[k] for k in ca) / (n * n)
    return (observed - expected) / (1 - expected) if expected < 1 else None


def fleiss_kappa(table: list[list[int]]) -> float | None:
    """Fleiss' kappa from a table of counts: one row per item, one column per category, equal row sums."""
    if not table:
        return None
    raters, n_items = sum(table[0]), len(table)
    if raters < 2 or any(sum(row) != raters or len(row) != len(table[0]) for row in table):
        return None
    agreement = [(sum(c * c for c in row) - raters) / (raters * (raters - 1)) for row in table]
    shares = [sum(row[j] for row in table) / (n_items * raters) for j in range(len(table[0]))]
    expected = sum(p * p for p in shares)
    return (sum(agreement) / n_items - expected) / (1 - expected) if expected < 1 else None


def first_ratings(ratings: list[dict]) -> list[dict]:
    """Each rater's first rating of each item (repeats left out)."""
    return [row for row in ratings if not row["repeticao"]]


def agreement(ratings: list[dict]) -> tuple[str, float | None, int]:
    """(method, kappa, items) over the items every rater judged: Cohen for two raters, Fleiss for more."""
    by_item = defaultdict(dict)
    for row in first_ratings(ratings):
        by_item[row["item"]][row["avaliador"]] = outcome(row)
    raters = sorted({row["avaliador"] for row in ratings})
    shared = [votes for votes in by_item.values() if len(votes) == len(raters)]
    if len(raters) < 2:
        return "um avaliador só: sem concordância", None, 0
    if len(raters) == 2:
        first, second = [v[raters[0]] for v in shared], [v[raters[1]] for v in shared]
        return "kappa de Cohen", cohen_kappa(first, second), len(shared)
    categories = sorted({o for votes in shared for o in votes.values()})
    table = [[Counter(votes.values())[c] for c in categories] for votes in shared]
    return "kappa de Fleiss", fleiss_kappa(table), len(shared)


def flip_rates(ratings: list[dict]) -> dict[str, float | None]:
    """Per rater: share of repeated items whose outcome differs from the first time."""
    first = {(r["avaliador"], r["item"]): outcome(r) for r in first_ratings(ratings)}
    flips = defaultdict(list)
    for row in ratings:
        key = (row["avaliador"], row["item"])
        if row["repeticao"] and key in first:
            flips[row["avaliador"]].append(outcome(row) != first[key])
    raters = sorted({row["avaliador"] for row in ratings})
    return {r: (sum(flips[r]) / len(flips[r]) if flips[r] else None) for r in raters}


def summarize(ratings: list[dict], system_a: str, system_b: str) -> dict:
    """Every number of the human evaluation, from first ratings (repeats only feed the flip rates).

    Win rate is system B's: (wins of B + half the ties and both-bad) / decisions.
    """
    rows = first_ratings(ratings)
    if not rows:
        raise EvaluationError("nenhuma avaliação ainda: escolha algumas respostas no painel primeiro")
    outcomes = Counter(outcome(row) for row in rows)
    wins_b, wins_a = outcomes[system_b], outcomes[system_a]
    ties = outcomes[TIE] + outcomes[BOTH_BAD]
    n = wins_a + wins_b + ties
    low, high = wilson(wins_b + ties / 2, n)
    decisive = [row for row in rows if row["escolha"] in ("esquerda", "direita")]
    right = [1.0 if row["escolha"] == "direita" else -1.0 for row in decisive]
    longer_right = [row["palavras_direita"] - row["palavras_esquerda"] for row in decisive]
    method, kappa, shared = agreement(ratings)
    return {"avaliações": n, f"vitórias de {system_b}": wins_b, f"vitórias de {system_a}": wins_a,
            "empates": outcomes[TIE], "ambas ruins": outcomes[BOTH_BAD],
            f"taxa de vitória de {system_b}": (wins_b + ties / 2) / n if n else 0.0,
            "IC 95% (Wilson)": (low, high), "teste do sinal (p)": sign_test(wins_b, wins_a),
            "esquerda vence (viés de posição)": (sum(r < 0 for r in right) / len(right)) if right else None,
            "correlação preferência x comprimento": pearson(longer_right, right),
            "concordância": method, "kappa": kappa, "itens em comum": shared,
            "troca de opinião por avaliador": flip_rates(ratings),
            "segundos por escolha (mediana)": median([row["segundos"] for row in rows])}


def median(values: list[float]) -> float | None:
    values = sorted(values)
    if not values:
        return None
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def shown(value):
    """A summary value for a notebook: 3 decimals (tiny p-values in scientific form), "—" for None."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1e}" if 0 < abs(value) < 0.001 else round(value, 3)
    if isinstance(value, tuple):
        return f"[{value[0]:.3f}, {value[1]:.3f}]"
    return value


def summary_table(summary: dict):
    """summarize()'s dict as a one-column pandas table (one row per rater for the flip rates)."""
    import pandas as pd

    rows = {}
    for key, value in summary.items():
        if isinstance(value, dict):
            rows.update({f"{key}: {rater}": shown(rate) for rater, rate in value.items()})
        else:
            rows[key] = shown(value)
    return pd.DataFrame({"valor": rows})
