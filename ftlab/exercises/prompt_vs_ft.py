"""Exercises of notebooks/06_prompt_vs_fine_tuning: build a few-shot prompt, and when training pays off.

The prompt is judged by its structure (the instruction's wording is free), with ftlab.prompting's
plain layout as the model answer: ftlab's own build_prompt passes the same judge (see the tests).
The break-even point is ftlab.experiments.prompt_vs_finetune.break_even_requests.
Taught in notebooks/06_prompt_vs_fine_tuning.
"""

from __future__ import annotations

import re

from ftlab.data import LABELS
from ftlab.exercises.base import Case, close_to, short
from ftlab.exercises.registry import Exercise, register
from ftlab.exercises.result import CheckResult
from ftlab.experiments.prompt_vs_finetune import Contender, break_even_requests
from ftlab.prompting.build import VARIANTS, build_prompt
from ftlab.prompting.wordings import FORMATS

NOTEBOOK = "06_prompt_vs_fine_tuning"
LAYOUT = FORMATS["mensagem"]  # "Mensagem: ...\nCategoria:", the layout shown in the notebook
BLOCK_START = re.compile(r"^Mensagem:", re.MULTILINE)


def question_block(message: str, label: str | None = None) -> str:
    """One block of the prompt: the message and its cue, followed by the label in a demonstration."""
    text = LAYOUT.question.format(message=message)
    return text if label is None else f"{text} {label}"


def spec(message: str, demos: list[dict], labels: list[str]) -> dict:
    """What a case expects: its inputs and ftlab's own prompt for them (the model answer)."""
    shots = [{"mensagem": d["mensagem"], "label": d["categoria"]} for d in demos]
    return {"mensagem": message, "exemplos": demos, "rotulos": labels,
            "referencia": build_prompt(message, shots, labels, VARIANTS["direta"])}


def demo_problem(text: str, demos: list[dict], start: int) -> tuple[str | None, int]:
    """(pt-BR problem or None, position after the last demonstration), searching in order from `start`."""
    for number, demo in enumerate(demos, start=1):
        block = question_block(demo["mensagem"], demo["categoria"])
        found = text.find(block, start)
        if found >= 0:
            start = found + len(block)
            continue
        if block in text:
            return f"o exemplo {number} está fora de ordem: os exemplos vêm na ordem da lista.", start
        if question_block(demo["mensagem"]) in text:
            return (f"o exemplo {number} aparece sem a categoria certa logo depois; esperava "
                    f"{short(block)}."), start
        return f"o exemplo {number} não está no prompt; esperava o bloco {short(block)}.", start
    return None, start


def tail_problem(text: str, message: str) -> str | None:
    """The prompt must end with the new message and the bare cue, ready for the label."""
    tail = question_block(message)
    if text.endswith(tail):
        return None
    if text.rstrip().endswith(tail):
        return ("há espaço ou quebra de linha depois de 'Categoria:'; o prompt termina logo após os "
                "dois-pontos.")
    if question_block(message) not in text:
        return (f"a mensagem nova não aparece no formato do notebook; esperava o prompt terminar com "
                f"{short(tail)}.")
    return f"o prompt deveria terminar com {short(tail)}, mas termina com {short(text[-40:])}."


def same_prompt_structure(got, expected: dict) -> bool | str:
    """True when `got` is a prompt with the structure of expected["referencia"], else what is wrong."""
    if not isinstance(got, str):
        return f"esperava um texto (str), veio {short(got)}."
    demos, labels = expected["exemplos"], expected["rotulos"]
    first = BLOCK_START.search(got)
    instruction = got[: first.start()] if first else got
    missing = [label for label in labels if label not in instruction]
    if missing:
        return f"a instrução, antes dos exemplos, não cita as categorias {', '.join(map(repr, missing))}."
    problem, after_demos = demo_problem(got, demos, 0)
    problem = problem or tail_problem(got, expected["mensagem"])
    if problem:
        return problem
    if got.rfind(question_block(expected["mensagem"])) < after_demos:
        return "a mensagem nova precisa vir depois de todos os exemplos."
    blocks = len(BLOCK_START.findall(got))
    if blocks != len(demos) + 1:
        return (f"o prompt tem {blocks} blocos 'Mensagem:', esperava {len(demos) + 1} (um por exemplo e um "
                "para a mensagem nova).")
    return True


def demo(message: str, label: str) -> dict:
    return {"mensagem": message, "categoria": label}


PROMPT_HINT = ("Instrução com as categorias, uma linha em branco, cada exemplo como 'Mensagem: ...' e "
               "'Categoria: ...', e no fim a mensagem nova terminando em 'Categoria:'.")
PROMPT_INPUTS = {  # case name -> (message, demos, labels)
    "zero-shot": ("A internet caiu de novo.", [], list(LABELS)),
    "dois exemplos": ("Quero mudar para o plano de 600 mega.",
                      [demo("Meu boleto veio em dobro.", "cobrança"),
                       demo("Sem sinal desde ontem.", "conexão")],
                      list(LABELS)),
    "três exemplos, na ordem dada": (
        "O técnico não apareceu.",
        [demo("Parabéns pelo atendimento!", "elogio"), demo("Quero cancelar tudo.", "cancelamento"),
         demo("Quando instalam a fibra aqui?", "instalação")], list(LABELS)),
    "outras categorias": ("Preciso de ajuda agora, estou sem trabalhar!",
                          [demo("Quando sai a fatura?", "normal"),
                           demo("Caiu tudo, loja parada!", "urgente")],
                          ["urgente", "normal"]),
}
PROMPT_CASES = [Case(name, args, spec(*args), PROMPT_HINT) for name, args in PROMPT_INPUTS.items()]

PROMPT = register(Exercise("06_prompt", NOTEBOOK, "montar_prompt", "Montar um prompt few-shot",
                           cases=tuple(PROMPT_CASES), compare=same_prompt_structure))


def check_prompt(fn, show: bool = True) -> CheckResult:
    """Grade `montar_prompt(mensagem, exemplos, rotulos) -> str`, a few-shot prompt, by its structure."""
    return PROMPT.check(fn, show)


def break_even(train_seconds: float, prompt_seconds: float, tuned_seconds: float) -> float | None:
    """Requests after which the fine-tuned model has used less machine time in total (None: never)."""
    prompt = Contender("prompt", [], 0.0, prompt_seconds)
    tuned = Contender("fine-tuning", [], 0.0, tuned_seconds, train_seconds)
    return break_even_requests(prompt, tuned)


BREAK_EVEN_HINT = ("Custo total do prompt: pedidos x tempo por pedido. Do modelo treinado: treino + "
                   "pedidos x tempo por pedido. Ache onde os dois se igualam (sem arredondar).")
NEVER_HINT = "Se o pedido do modelo treinado não é mais rápido, o treino nunca se paga: devolva None."
BREAK_EVEN_INPUTS = {  # case name -> ((train s, prompt s/request, tuned s/request), hint)
    "treino que se paga": ((120.0, 0.05, 0.01), BREAK_EVEN_HINT),
    "resultado fracionário": ((100.0, 0.04, 0.01), BREAK_EVEN_HINT),
    "treino longo, pedido barato": ((3600.0, 0.2, 0.02), BREAK_EVEN_HINT),
    "mesmo tempo por pedido": ((50.0, 0.03, 0.03), NEVER_HINT),
    "modelo treinado mais lento": ((50.0, 0.02, 0.05), NEVER_HINT),
}
BREAK_EVEN_CASES = [Case(name, args, break_even(*args), hint)
                    for name, (args, hint) in BREAK_EVEN_INPUTS.items()]

BREAK_EVEN = register(Exercise("06_empate", NOTEBOOK, "pedidos_para_empatar", "Quando o treino se paga",
                               cases=tuple(BREAK_EVEN_CASES), compare=close_to))


def check_break_even(fn, show: bool = True) -> CheckResult:
    """Grade `pedidos_para_empatar(segundos_treino, s_por_pedido_prompt, s_por_pedido_ft) -> float | None`."""
    return BREAK_EVEN.check(fn, show)


CHECKS = {"06_prompt": check_prompt, "06_empate": check_break_even}
