"""Is this data fit for fine-tuning? A report of measured checks and a pt-BR verdict of what to fix first.

    quality_report(examples, tokenizer=tokenizer)            # before cleaning: what is wrong
    quality_report(splits, tokenizer=tokenizer)              # after the split: also train/test overlap

Checks: size against the lesson's 100-1,000 examples; exact duplicates; the same input with different
answers; near duplicates; personal data (CPF, e-mail, phone, names); lengths in the model's tokens
against its context (how many would be cut); label balance, examples per label and label spellings;
overlap between train and test. Taught in notebooks/08_seu_projeto.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from dataclasses import dataclass

from ftlab.data.dedup import dedup_key, near_duplicate_pairs, remove_near_duplicates
from ftlab.data.pii import anonymize

TYPICAL = (100, 1000)  # the lesson's "100-1K exemplos típicos"
MIN_PER_LABEL = 10  # fewer examples of a label than this: the model barely sees it
IMBALANCE = 4.0  # largest label / smallest label above this: the rare ones get drowned
NEAR = 0.92  # similarity of two inputs (difflib ratio on normalised text) that counts as a near duplicate
LEVELS = {"ok": "✅ ok", "aviso": "⚠️ aviso", "problema": "❌ problema"}


@dataclass
class Check:
    """One measured check of the data."""

    key: str  # stable name, e.g. "dados_pessoais"
    title: str  # pt-BR name shown in the table
    level: str  # "ok", "aviso" or "problema"
    finding: str  # pt-BR: what was measured, with the numbers
    fix: str = ""  # pt-BR: what to do about it (empty when ok)
    priority: int = 9  # lower is fixed first


class QualityReport(list):
    """The Checks of one data set; displays as a table plus the verdict."""

    def check(self, key: str) -> Check | None:
        return next((c for c in self if c.key == key), None)

    def at(self, level: str) -> list[Check]:
        return sorted((c for c in self if c.level == level), key=lambda c: c.priority)

    @property
    def verdict(self) -> str:
        """pt-BR: what to fix first, from the measured problems and warnings."""
        problems, warnings = self.at("problema"), self.at("aviso")
        if problems:
            text = f"Ainda não treine: corrija primeiro {problems[0].title.lower()}: {problems[0].fix}."
            rest = [c.title.lower() for c in problems[1:] + warnings]
            return text + (f" Depois, cuide de: {', '.join(rest)}." if rest else "")
        if warnings:
            return "Dá para treinar, mas vale cuidar antes de: " + "; ".join(
                f"{c.title.lower()} ({c.fix})" for c in warnings
            )
        return (
            "Os dados passaram em todas as verificações: pode seguir para o prompt de base e o fine-tuning."
        )

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "verificação": c.title,
                    "resultado": LEVELS[c.level],
                    "o que foi medido": c.finding,
                    "o que fazer": c.fix,
                }
                for c in self
            ]
        )

    def __str__(self) -> str:
        lines = [f"[{c.level}] {c.title}: {c.finding}" + (f" -> {c.fix}" if c.fix else "") for c in self]
        return "\n".join(lines + [f"Veredito: {self.verdict}"])

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(c.title)}</td><td>{LEVELS[c.level]}</td>"
            f"<td style='text-align:left'>{html.escape(c.finding)}</td>"
            f"<td style='text-align:left'>{html.escape(c.fix)}</td></tr>"
            for c in self
        )
        head = "<tr><th>verificação</th><th>resultado</th><th>o que foi medido</th><th>o que fazer</th></tr>"
        return f"<table>{head}{rows}</table><p><b>Veredito:</b> {html.escape(self.verdict)}</p>"


# --- measuring -------------------------------------------------------------------------------------


def context_length(tokenizer, default: int = 2048) -> int:
    """The model's context in tokens, as its tokenizer declares it (huge placeholder values ignored)."""
    size = getattr(tokenizer, "model_max_length", None)
    return int(size) if size and size < 1_000_000 else default


def pair_tokens(tokenizer, example: dict) -> int:
    """Tokens of prompt + completion as training encodes them (bos and eos included)."""
    from ftlab.train.collate import encode_completion, encode_prompt

    return len(encode_prompt(tokenizer, example["prompt"])) + len(
        encode_completion(tokenizer, example["completion"])
    )


def share(n: int, total: int) -> str:
    return f"{n} de {total} ({100 * n / max(1, total):.0f}%)"


def size_check(examples: list[dict]) -> Check:
    n, (low, high) = len(examples), TYPICAL
    if n < low:
        return Check(
            "tamanho",
            "Quantidade de exemplos",
            "problema",
            f"{n} exemplos; a faixa típica é {low}-{high}",
            f"junte mais exemplos (pelo menos {low}) ou comece só com prompts",
            5,
        )
    if n > high:
        return Check(
            "tamanho",
            "Quantidade de exemplos",
            "ok",
            f"{n} exemplos, acima da faixa típica ({low}-{high}): ótimo se a qualidade se mantiver",
        )
    return Check(
        "tamanho", "Quantidade de exemplos", "ok", f"{n} exemplos, dentro da faixa típica ({low}-{high})"
    )


def duplicate_check(examples: list[dict]) -> Check:
    pairs = Counter((e["prompt"], e["completion"]) for e in examples)
    extra = sum(n - 1 for n in pairs.values())
    if not extra:
        return Check("duplicatas", "Duplicatas exatas", "ok", "nenhum exemplo repetido")
    return Check(
        "duplicatas",
        "Duplicatas exatas",
        "aviso",
        f"{share(extra, len(examples))} exemplos são cópias",
        "remova as cópias (clean_examples faz isso): repetir um exemplo só pesa mais nele",
        7,
    )


def conflict_check(examples: list[dict], classification: bool) -> Check:
    answers = defaultdict(set)
    for example in examples:
        answers[dedup_key(example["prompt"])].add(example["completion"].strip())
    clashing = [key for key, values in answers.items() if len(values) > 1]
    title = "Mesma entrada, saídas diferentes"
    if not clashing:
        return Check("contraditorios", title, "ok", "nenhuma entrada aparece com saídas diferentes")
    n = sum(1 for e in examples if dedup_key(e["prompt"]) in set(clashing))
    if classification:
        return Check(
            "contraditorios",
            title,
            "problema",
            f"{len(clashing)} textos aparecem com rótulos diferentes ({n} exemplos)",
            "decida o rótulo certo de cada um: exemplos contraditórios ensinam o modelo a chutar",
            2,
        )
    return Check(
        "contraditorios",
        title,
        "aviso",
        f"{len(clashing)} entradas têm mais de uma resposta ({n} exemplos)",
        "confira se as respostas diferentes são todas boas",
        6,
    )


def near_check(examples: list[dict]) -> Check:
    """Inputs nearly equal to another one with the same output: what clean_examples would merge."""
    distinct = list({(e["prompt"], e["completion"]): e for e in examples}.values())  # exact copies: own check
    _, step = remove_near_duplicates(distinct, "prompt", same="completion", threshold=NEAR)
    if not step.removed:
        return Check("quase_duplicatas", "Quase duplicatas", "ok", "nenhum par de entradas quase igual")
    return Check(
        "quase_duplicatas",
        "Quase duplicatas",
        "aviso",
        f"{share(step.removed, len(examples))} exemplos quase iguais a outro",
        "mantenha um de cada grupo (clean_examples faz isso): variações mínimas inflam o treino e "
        "vazam para o teste",
        8,
    )


def pii_check(examples: list[dict]) -> Check:
    kinds, affected = Counter(), 0
    for example in examples:
        found = anonymize(example["prompt"])[1] + anonymize(example["completion"])[1]
        kinds += found
        affected += bool(found)
    if not affected:
        return Check(
            "dados_pessoais", "Dados pessoais", "ok", "nenhum CPF, e-mail, telefone ou nome encontrado"
        )
    found = ", ".join(f"{n} {kind}" for kind, n in kinds.most_common())
    return Check(
        "dados_pessoais",
        "Dados pessoais",
        "problema",
        f"{share(affected, len(examples))} exemplos com dados pessoais ({found})",
        "anonimize antes de treinar (clean_examples troca por [CPF], "
        "[EMAIL], [TELEFONE], [NOME]): o modelo pode decorar e repetir",
        1,
    )


def length_check(examples: list[dict], tokenizer, context: int | None) -> Check:
    title = "Tamanho em tokens"
    if tokenizer is None:
        chars = sorted(len(e["prompt"]) + len(e["completion"]) for e in examples)
        return Check(
            "comprimento",
            title,
            "aviso",
            f"medido só em caracteres (mediana {chars[len(chars) // 2]}, máximo {chars[-1]})",
            "passe tokenizer= para medir no tokenizador do modelo",
            9,
        )
    context = context or context_length(tokenizer)
    sizes = sorted(pair_tokens(tokenizer, e) for e in examples)
    over = sum(size > context for size in sizes)
    finding = (
        f"mediana {sizes[len(sizes) // 2]}, máximo {sizes[-1]} tokens; contexto do modelo {context}: "
        f"{share(over, len(sizes))} seriam cortados"
    )
    if over:
        return Check(
            "comprimento",
            title,
            "problema",
            finding,
            "encurte ou remova os longos (clean_examples com "
            "tokenizer remove os que não cabem): cortado, o exemplo perde o começo ou o fim",
            4,
        )
    return Check("comprimento", title, "ok", finding)


def balance_checks(examples: list[dict]) -> list[Check]:
    from ftlab.data.own import label_spellings

    labels = [e["label"] for e in examples if "label" in e]
    canonical = label_spellings(labels)
    counts = Counter(canonical[label] for label in labels)  # spellings of one label counted together
    if len(counts) < 2:
        return [
            Check(
                "balanceamento",
                "Equilíbrio dos rótulos",
                "problema",
                f"só {len(counts)} rótulo",
                "uma classificação precisa de pelo menos dois rótulos",
                3,
            )
        ]
    (top, n_top), (low, n_low) = counts.most_common()[0], counts.most_common()[-1]
    ratio = n_top / n_low
    finding = f"{len(counts)} rótulos; o maior ({top}: {n_top}) tem {ratio:.1f}x o menor ({low}: {n_low})"
    checks = [
        Check(
            "balanceamento",
            "Equilíbrio dos rótulos",
            "aviso" if ratio > IMBALANCE else "ok",
            finding,
            "junte mais exemplos dos raros ou olhe o F1 por rótulo, não só a acurácia"
            if ratio > IMBALANCE
            else "",
            6,
        )
    ]
    few = sorted(label for label, n in counts.items() if n < MIN_PER_LABEL)
    checks.append(
        Check(
            "poucos_por_rotulo",
            f"Exemplos por rótulo (mínimo {MIN_PER_LABEL})",
            "aviso" if few else "ok",
            f"com menos de {MIN_PER_LABEL}: {', '.join(few)}" if few else "todos os rótulos têm o mínimo",
            "junte mais exemplos desses rótulos ou junte-os a outro" if few else "",
            6,
        )
    )
    return checks


def spelling_check(examples: list[dict]) -> Check:
    from ftlab.data.own import label_spellings

    spellings = label_spellings(e["label"] for e in examples if "label" in e)
    variants = sorted(f"{s!r} -> {c!r}" for s, c in spellings.items() if s != c)
    if not variants:
        return Check("grafias_rotulo", "Grafias dos rótulos", "ok", "cada rótulo é escrito de um só jeito")
    return Check(
        "grafias_rotulo",
        "Grafias dos rótulos",
        "aviso",
        f"{len(variants)} grafias diferentes do mesmo rótulo: {', '.join(variants[:4])}",
        "unifique as grafias (clean_examples faz isso): senão viram rótulos diferentes",
        9,
    )


def overlap_check(train: list[dict], test: list[dict]) -> Check:
    """Test examples whose input is equal or nearly equal to a training input (leaks the answer)."""
    keys = [dedup_key(e["prompt"]) for e in train] + [dedup_key(e["prompt"]) for e in test]
    n = len(train)
    exact = {i - n for i in range(n, len(keys)) if keys[i] in set(keys[:n])}
    near = {j - n for i, j in near_duplicate_pairs(keys, NEAR, window=4) if i < n <= j}
    leaked = exact | near
    title = "Sobreposição treino/teste"
    if not leaked:
        return Check(
            "sobreposicao", title, "ok", f"nenhum dos {len(test)} exemplos de teste aparece no treino"
        )
    return Check(
        "sobreposicao",
        title,
        "problema",
        f"{share(len(leaked), len(test))} exemplos de teste iguais ou quase iguais a um de treino",
        "tire do teste (ou reescreva) os que repetem um exemplo de treino com outras palavras ou "
        "números: o teste mediria memória, não generalização",
        3,
    )


def quality_report(data, *, tokenizer=None, context: int | None = None) -> QualityReport:
    """The checks of a list of examples or of a Splits (then over all splits, plus train/test overlap).

    Taught in notebooks/08_seu_projeto.
    """
    splits = data if hasattr(data, "train") and hasattr(data, "test") else None
    examples = splits.train + splits.val + splits.test if splits else list(data)
    classification = any("label" in e for e in examples)
    report = QualityReport(
        [
            size_check(examples),
            duplicate_check(examples),
            conflict_check(examples, classification),
            near_check(examples),
            pii_check(examples),
            length_check(examples, tokenizer, context),
        ]
    )
    if classification:
        report += balance_checks(examples) + [spelling_check(examples)]
    if splits is not None:
        report.append(overlap_check(splits.train, splits.test))
    return report
