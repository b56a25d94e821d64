"""The lesson's "Comparação Direta" rebuilt from one run's numbers, and the measured decision (pt-BR).

Every sentence that states a result is assembled here from the measurements, so the notebook's text
holds whatever the run found: with the tiny model prompting may lose, with a real instruction-tuned
model it may win. Taught in notebooks/06_prompt_vs_fine_tuning.
"""

from __future__ import annotations

from dataclasses import dataclass

# The lesson's words, one row per characteristic: (characteristic, prompt engineering, fine-tuning).
LESSON_ROWS = (
    ("Adaptação", "Guia o modelo com instruções textuais", "Modifica os pesos internos do modelo"),
    ("Custo computacional", "Baixo (apenas inferência)", "Alto (treinamento exige GPUs)"),
    ("Dados necessários", "Nenhum dado de treinamento adicional (apenas prompt)",
     "Dataset específico e de alta qualidade"),
    ("Flexibilidade", "Rápida e fácil para prototipagem", "Mais demorada, mas oferece maior controle"),
    ("Precisão/Consistência", "Pode ser inconsistente, depende do prompt",
     "Alta precisão e consistência no domínio"),
    ("Conhecimento", "Usa conhecimento pré-existente do LLM",
     "Incorpora novos conhecimentos e nuances de domínio"),
)


@dataclass
class Findings:
    """The numbers the table and the decision are built from (all measured in the notebook's run)."""

    prompt_name: str  # the best prompting method
    prompt_accuracy: float  # its mean accuracy over wordings and draws
    prompt_worst: float  # its worst run
    prompt_best: float  # its best run
    prompt_agreement: float  # its agreement across wordings
    prompt_tokens: float  # its tokens per request
    prompt_seconds: float  # its seconds per request
    prompt_k: int  # its demonstrations per request
    tuned_accuracy: float  # the full fine-tune's accuracy on the same messages
    tuned_low: float  # lower end of its interval
    tuned_high: float  # upper end of its interval
    tuned_agreement: float  # its agreement across reworded instructions
    tuned_tokens: float
    tuned_seconds: float
    train_seconds: float  # one-off training time of the full fine-tune
    n_train: int  # training examples it used
    comparison: object  # ftlab.evaluate.PairedComparison: fine-tune (B) minus best prompt (A)
    break_even_size: int | None  # fewest training examples whose fine-tune matched the best prompt
    break_even_requests: float | None  # requests after which the fine-tune cost less machine time
    bag_of_words_accuracy: float
    facts_prompt: float  # company facts stated with the facts pasted into the prompt
    facts_tuned: float  # company facts stated by the model fine-tuned on the company's answers
    facts_tokens: int  # tokens to paste every company fact
    context: int  # the model's context in tokens


def pct(value: float) -> str:
    return f"{100 * value:.0f}%"


def measured_rows(f: Findings) -> list[tuple[str, str]]:
    """(prompt engineering, fine-tuning) as measured, one pair per row of LESSON_ROWS."""
    requests = ("nunca, neste teste" if f.break_even_requests is None
                else f"a partir de ~{f.break_even_requests:,.0f} pedidos".replace(",", "."))
    size = ("nenhum tamanho testado igualou o melhor prompt" if f.break_even_size is None
            else f"{f.break_even_size} exemplos já igualaram o melhor prompt")
    return [
        (f"{f.prompt_name}: {f.prompt_tokens:.0f} tokens por pedido, nenhum peso muda",
         f"todos os pesos ajustados com {f.n_train} exemplos"),
        (f"0 s de treino; {1000 * f.prompt_seconds:.0f} ms de máquina por pedido",
         f"{f.train_seconds:.0f} s de treino + {1000 * f.tuned_seconds:.0f} ms por pedido; "
         f"compensa {requests}"),
        (f"{f.prompt_k} exemplos rotulados dentro de cada pedido",
         f"{size}; o modelo final usou {f.n_train}"),
        (f"trocar o prompt custa 0 s; prompt de no máximo {f.context} tokens",
         f"cada mudança pede um novo treino ({f.train_seconds:.0f} s)"),
        (f"acurácia {f.prompt_accuracy:.2f} (de {f.prompt_worst:.2f} a {f.prompt_best:.2f} entre formulações "
         f"e sorteios); mesma resposta ao reformular: {pct(f.prompt_agreement)}",
         f"acurácia {f.tuned_accuracy:.2f} (IC 95% {f.tuned_low:.2f}–{f.tuned_high:.2f}); mesma resposta ao "
         f"reformular: {pct(f.tuned_agreement)}"),
        (f"fatos da empresa citados com os fatos colados no prompt: {pct(f.facts_prompt)} "
         f"(colar todos levaria {f.facts_tokens} tokens)",
         f"fatos da empresa citados após o fine-tuning: {pct(f.facts_tuned)}"),
    ]


def lesson_table(f: Findings):
    """The lesson's comparison table beside this run's measurements. Taught in notebooks/06."""
    import pandas as pd

    rows = []
    pairs = zip(LESSON_ROWS, measured_rows(f), strict=True)
    for (name, lesson_prompt, lesson_tuned), (prompt, tuned) in pairs:
        rows.append({"característica": name, "aula: engenharia de prompts": lesson_prompt,
                     "medido: engenharia de prompts": prompt, "aula: fine-tuning": lesson_tuned,
                     "medido: fine-tuning": tuned})
    return pd.DataFrame(rows).set_index("característica")


def accuracy_sentence(f: Findings) -> str:
    """Who answered better, and whether the difference is beyond the noise of the test sample."""
    d = f.comparison.difference
    head = (f"Nas mesmas mensagens de teste, o melhor prompt ({f.prompt_name}) acertou "
            f"{pct(f.prompt_accuracy)} e o fine-tuning completo {pct(f.tuned_accuracy)}")
    if not f.comparison.is_real:
        return (head + f": a diferença ({d.estimate:+.2f}, IC 95% {d.low:+.2f} a {d.high:+.2f}) inclui zero, "
                "então este teste não separa os dois.")
    winner = "o fine-tuning" if d.estimate > 0 else "o prompt"
    return head + (f": {winner} é melhor de verdade (diferença {d.estimate:+.2f}, IC 95% {d.low:+.2f} a "
                   f"{d.high:+.2f}).")


def decision(f: Findings) -> str:
    """The lesson's closing advice made concrete: the measured decision for this task (pt-BR)."""
    parts = [accuracy_sentence(f)]
    parts.append(f"Um classificador simples de saco de palavras, sem modelo de linguagem, fez "
                 f"{pct(f.bag_of_words_accuracy)}.")
    tuned_wins = f.comparison.is_real and f.comparison.difference.estimate > 0
    if tuned_wins:
        parts.append("Seguindo o conselho da aula (começar pelo prompt e passar ao fine-tuning quando ele "
                     "não basta), a decisão medida aqui é: o prompt não bastou, vale treinar.")
        if f.break_even_requests is not None:
            requests = f"{f.break_even_requests:,.0f}".replace(",", ".")
            parts.append(f"O treino se paga em tempo de máquina depois de ~{requests} pedidos.")
    elif f.comparison.is_real:
        parts.append("O prompt venceu: aqui o conselho da aula para em seu primeiro passo, e o fine-tuning "
                     "não se justifica para esta tarefa com este modelo.")
    else:
        parts.append("Sem diferença clara de acerto, o custo decide: o prompt não exige dados nem treino; o "
                     "fine-tuning só compensaria por consistência, tamanho do prompt ou volume de pedidos.")
    return " ".join(parts)


# ---------------------------------------------------------------- one sentence per section


def prompt_sentence(table, n_test: int) -> str:
    """What the prompting grid showed: the best method, the spread over wordings, what did not fit."""
    fitting = table[table["cabe no contexto"] == 1]
    best = fitting["acurácia média"].idxmax()
    row = table.loc[best]
    widest = table["diferença entre formulações"].idxmax()
    text = (f"Em {n_test} mensagens de teste, o melhor prompt foi {best}: acurácia média "
            f"{row['acurácia média']:.2f}, mas uma execução fez {row['pior execução']:.2f} e outra "
            f"{row['melhor execução']:.2f}. Só trocar a formulação mudou a acurácia em até "
            f"{table.loc[widest, 'diferença entre formulações']:.2f} ({widest}).")
    partial = table[table["cabe no contexto"] < 1]
    if len(partial):
        names = ", ".join(f"{name} ({pct(rate)})" for name, rate in partial["cabe no contexto"].items())
        text += (f" Nem todo prompt coube no contexto do modelo; cabem: {names}. O que não cabe conta "
                 "como erro.")
    return text


def consistency_sentence(table) -> str:
    """Which methods keep their answers when the instruction is reworded."""
    column = table["concordância entre formulações"].dropna()
    steady, shaky = column.idxmax(), column.idxmin()
    return (f"A resposta mais estável ao reformular a instrução foi a de {steady} ({pct(column[steady])} das "
            f"mensagens com a mesma resposta, em média, entre duas formulações); a menos estável, {shaky} "
            f"({pct(column[shaky])}).")


def cost_sentence(prompt, tuned, break_even: float | None) -> str:
    """Per-request time of the best prompt vs the fine-tuned model, and when training pays off."""
    text = (f"{prompt.name} usa {prompt.tokens_per_request:.0f} tokens e "
            f"{1000 * prompt.seconds_per_request:.0f} ms por pedido; o modelo com fine-tuning, "
            f"{tuned.tokens_per_request:.0f} tokens e "
            f"{1000 * tuned.seconds_per_request:.0f} ms, depois de {tuned.train_seconds:.0f} s de treino. ")
    if break_even is None:
        return text + ("Como o pedido do modelo treinado não sai mais barato, o treino não se paga em tempo "
                       "de máquina.")
    crossing = f"{break_even:,.0f}".replace(",", ".")
    return text + (f"As linhas se cruzam em ~{crossing} pedidos: depois disso o fine-tuning gastou menos "
                   "máquina no total.")


def data_sentence(curve, prompt_name: str, prompt_accuracy: float, break_even: int | None) -> str:
    """How many training examples fine-tuning needed to match the best prompt."""
    first, last = curve.iloc[0], curve.iloc[-1]
    text = (f"Com {curve.index[0]} exemplos o fine-tuning acertou {first['acurácia']:.2f}; com "
            f"{curve.index[-1]}, {last['acurácia']:.2f}. O melhor prompt ({prompt_name}) fica em "
            f"{prompt_accuracy:.2f}. ")
    if break_even is None:
        return text + "Nenhum tamanho de treino testado chegou lá."
    return text + f"O fine-tuning empata ou passa o prompt a partir de {break_even} exemplos rotulados."
