"""Exercises of notebooks/04_avaliacao: the macro F1 by hand, and "is this difference real?".

The reference answers are ftlab.evaluate's own functions (classification_metrics for the F1,
Interval.excludes_zero for the verdict on a paired bootstrap interval). Taught in notebooks/04_avaliacao.
"""

from __future__ import annotations

from ftlab.evaluate.bootstrap import Interval
from ftlab.evaluate.classification import classification_metrics
from ftlab.exercises.base import Case, close_to
from ftlab.exercises.registry import Exercise, register
from ftlab.exercises.result import CheckResult

NOTEBOOK = "04_avaliacao"

THREE = ["conexão", "cobrança", "elogio"]
F1_HINT = "Calcule precisão, revocação e F1 de cada categoria de `rotulos` e tire a média simples."
F1_INPUTS = {  # case name -> (true labels, predictions, labels), with its own hint
    "tudo certo": ((["conexão", "cobrança", "elogio", "conexão"],
                    ["conexão", "cobrança", "elogio", "conexão"], THREE), F1_HINT),
    "alguns erros": ((["conexão", "conexão", "cobrança", "cobrança", "elogio", "elogio"],
                      ["conexão", "cobrança", "cobrança", "conexão", "elogio", "conexão"], THREE), F1_HINT),
    "desbalanceado: macro não é micro": (
        (["conexão"] * 8 + ["elogio"] * 2, ["conexão"] * 10, ["conexão", "elogio"]),
        "Macro é a média simples do F1 das categorias: 'elogio', com 2 exemplos, pesa o mesmo que "
        "'conexão', com 8 (e a precisão de 'elogio', nunca respondido, é 0/0: vale 0). Juntar todas as "
        "decisões antes de dividir é o micro."),
    "categoria nunca prevista": (
        (["conexão", "conexão", "conexão", "cobrança", "elogio"],
         ["conexão", "conexão", "cobrança", "cobrança", "conexão"], THREE),
        "Quando o modelo nunca diz uma categoria, a precisão dela é 0/0: conte como 0 (como o ftlab e o "
        "scikit-learn fazem)."),
    "resposta inválida": (
        (["conexão", "cobrança", "elogio", "conexão"], ["conexão", "não sei", "elogio", "elogio"], THREE),
        "Uma resposta que não é um dos rótulos é erro: conta contra a categoria verdadeira, mas não é "
        "previsão de categoria nenhuma."),
    "rótulo sem exemplos": (
        (["conexão", "cobrança", "conexão"], ["conexão", "cobrança", "cobrança"], THREE),
        "A média é sobre todas as categorias de `rotulos`, mesmo as que não aparecem no teste (F1 0)."),
}
F1_CASES = [Case(name, args, classification_metrics(*args)["f1_macro"], hint)
            for name, (args, hint) in F1_INPUTS.items()]

F1_MACRO = register(Exercise("04_f1_macro", NOTEBOOK, "f1_macro", "F1 macro à mão", cases=tuple(F1_CASES),
                             compare=close_to))


def check_f1_macro(fn, show: bool = True) -> CheckResult:
    """Grade `f1_macro(verdadeiros, previstos, rotulos) -> float` against classification_metrics."""
    return F1_MACRO.check(fn, show)


IMPROVED, WORSENED, UNCLEAR = "melhorou", "piorou", "inconclusivo"


def verdict_of(low: float, high: float) -> str:
    """The reference verdict on the interval of metric(B) - metric(A): the one ftlab's notebooks print."""
    interval = Interval((low + high) / 2, low, high)
    if not interval.excludes_zero():
        return UNCLEAR
    return IMPROVED if interval.low > 0 else WORSENED


VERDICT_HINT = ("A diferença é real só quando o intervalo inteiro fica de um lado do zero; responda "
                "'melhorou', 'piorou' ou 'inconclusivo'.")
VERDICT_INPUTS = {
    "intervalo todo acima de zero": ((0.02, 0.11), VERDICT_HINT),
    "intervalo atravessa o zero": ((-0.04, 0.06), VERDICT_HINT),
    "intervalo todo abaixo de zero": ((-0.15, -0.03),
                                      "B - A negativo de ponta a ponta: B piorou de verdade."),
    "começa exatamente no zero": ((0.0, 0.09), "Se o zero está dentro do intervalo (mesmo na ponta), "
                                  "'nenhuma diferença' ainda é compatível com os dados."),
    "termina exatamente no zero": ((-0.08, 0.0), "Se o zero está dentro do intervalo (mesmo na ponta), "
                                   "'nenhuma diferença' ainda é compatível com os dados."),
    "pequena mas real": ((0.004, 0.012), "Pequena não quer dizer incerta: o intervalo não inclui o zero."),
    "grande mas incerta": ((-0.01, 0.35), "Um intervalo largo que inclui o zero não prova melhora, "
                           "por maior que seja a ponta de cima."),
}
VERDICT_CASES = [Case(name, args, verdict_of(*args), hint) for name, (args, hint) in VERDICT_INPUTS.items()]

VERDICT = register(Exercise("04_veredito", NOTEBOOK, "veredito", "A diferença é real?",
                            cases=tuple(VERDICT_CASES)))


def check_verdict(fn, show: bool = True) -> CheckResult:
    """Grade `veredito(baixo, alto) -> "melhorou" | "piorou" | "inconclusivo"` on difference intervals."""
    return VERDICT.check(fn, show)


CHECKS = {"04_f1_macro": check_f1_macro, "04_veredito": check_verdict}
