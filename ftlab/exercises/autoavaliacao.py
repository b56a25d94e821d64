"""Exercises of notebooks/07_autoavaliacao: the four questions, and the discursive question.

The discursive answer gets a self-check that names the key ideas it covers: a hint, never a grade
(the teacher reads the text, which `ftlab grade` copies into the CSV).
"""

from __future__ import annotations

import re
import unicodedata

from ftlab.exercises.autoavaliacao_questoes import QUESTIONS
from ftlab.exercises.choice import check_choices
from ftlab.exercises.registry import Exercise, register
from ftlab.exercises.result import NOT_DONE, CheckResult

NOTEBOOK = "07_autoavaliacao"
PLACEHOLDER = "Escreva sua resposta aqui."
MIN_WORDS = 25

# (idea, pattern on the answer lower-cased and without accents)
KEY_IDEAS = [
    ("o que é overfitting: o modelo decora os exemplos de treino em vez de aprender o padrão",
     r"decor|memoriz|sobreajust|overfit"),
    ("a comparação entre dados de treino e dados que o modelo não viu (validação ou teste)",
     r"validac|teste|nunca vi|nao vi|dados novos|exemplos novos|novos dados"),
    ("generalização: acertar em dados novos é o que importa", r"generaliz"),
    ("o sinal nas curvas: a loss de validação para de cair e sobe enquanto a de treino cai",
     r"curva|loss|perda"),
    ("uma estratégia contra o overfitting (parar antes, menos épocas, mais dados, regularização, LoRA...)",
     r"early.?stop|parada antecipada|parar|menos epocas|regulariz|dropout|weight.?decay|mais dados|"
     r"aumento de dados|augmentation|lora|taxa de aprendizado menor|validacao cruzada"),
]


def plain_text(text: str) -> str:
    return unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()


def judge_quiz(answers, context=None) -> CheckResult:
    return check_choices("07_quiz", QUESTIONS, answers)


def judge_discursive(text, context=None) -> CheckResult:
    """Which key ideas the answer mentions; never points (max_points is 0)."""
    exercise = "07_discursiva"
    if not isinstance(text, str) or not text.strip() or text.strip() == PLACEHOLDER:
        return CheckResult(exercise=exercise, max_points=0.0, reason=NOT_DONE,
                           lines=["Escreva sua resposta em RESPOSTA_DISCURSIVA e rode a célula de novo."])
    plain = plain_text(text)
    covered = [idea for idea, pattern in KEY_IDEAS if re.search(pattern, plain)]
    missing = [idea for idea, _ in KEY_IDEAS if idea not in covered]
    lines = [f"Sua resposta toca em {len(covered)} de {len(KEY_IDEAS)} ideias-chave "
             "(é só uma pista para você revisar, não uma nota):"]
    lines += [f"  ✔ {idea}" for idea in covered] + [f"  · ainda não aparece: {idea}" for idea in missing]
    if len(plain.split()) < MIN_WORDS:
        lines.append(f"A resposta está curta ({len(plain.split())} palavras): explique com mais detalhes.")
    return CheckResult(exercise=exercise, passed=True, lines=lines, max_points=0.0)


QUIZ = register(Exercise("07_quiz", NOTEBOOK, "MINHAS_RESPOSTAS", "Questões de múltipla escolha",
                         judge_value=judge_quiz, max_points=float(len(QUESTIONS))))
DISCURSIVE = register(Exercise("07_discursiva", NOTEBOOK, "RESPOSTA_DISCURSIVA", "Questão discursiva",
                               judge_value=judge_discursive, max_points=0.0, graded=False))


def check_quiz(answers, show: bool = True) -> CheckResult:
    """Grade MINHAS_RESPOSTAS ({1: "a", ...}): one point per right answer, with the reason."""
    return QUIZ.check(answers, show)


def check_discursive(text, show: bool = True) -> CheckResult:
    """The self-check of the discursive answer: which key ideas it covers (a hint, not a grade)."""
    return DISCURSIVE.check(text, show)
