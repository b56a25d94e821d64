"""Exercises of notebooks/02_preparacao_dataset: a duplicate remover, a PII anonymiser, a formatter.

Each check runs the student's function on fixed cases and prints pt-BR feedback; the reference
answers are ftlab.data's own functions. Taught in notebooks/02_preparacao_dataset.
"""

from __future__ import annotations

import json

from ftlab.data import TEMPLATES, anonymize
from ftlab.exercises.base import Case
from ftlab.exercises.registry import Exercise, register
from ftlab.exercises.result import CheckResult

NOTEBOOK = "02_preparacao_dataset"

DUPLICATE_HINT = "Compare versões normalizadas: minúsculas, sem acentos, sem pontuação e espaços extras."

DUPLICATE_CASES = [
    Case("sem duplicatas", (["Sem sinal.", "Quero a 2ª via."],), ["Sem sinal.", "Quero a 2ª via."],
         "Nada deveria sair de uma lista sem repetições."),
    Case("cópias exatas", (["Sem sinal.", "Quero a 2ª via.", "Sem sinal."],),
         ["Sem sinal.", "Quero a 2ª via."], "Mantenha a primeira ocorrência e preserve a ordem."),
    Case("maiúsculas e acentos", (["Internet sem conexão", "INTERNET SEM CONEXAO"],),
         ["Internet sem conexão"], DUPLICATE_HINT),
    Case("pontuação e espaços", (["Quero cancelar.", "  quero   cancelar!!"],), ["Quero cancelar."],
         DUPLICATE_HINT),
    Case("ordem preservada", (["b", "a", "B", "c", "A"],), ["b", "a", "c"], "A ordem original importa."),
    Case("lista vazia", ([],), [], "Uma lista vazia continua vazia."),
]


DUPLICATES = register(Exercise("02_duplicatas", NOTEBOOK, "remover_duplicatas", "Remover duplicatas",
                                cases=tuple(DUPLICATE_CASES)))


def check_remove_duplicates(fn, show: bool = True) -> CheckResult:
    """Grade `remover_duplicatas(mensagens: list[str]) -> list[str]` (keeps the first of each duplicate)."""
    return DUPLICATES.check(fn, show)


ANONYMIZE_TEXTS = {
    "CPF com pontos": "Meu CPF é 529.982.247-25, confere?",
    "CPF só números": "cpf 52998224725",
    "e-mail": "Respondam para ana.souza12@gmail.com por favor",
    "telefone com DDD": "Me liga no (21) 91234-5678 depois das 18h",
    "telefone internacional": "Whats +55 31 98888-7777",
    "nome após 'meu nome é'": "Meu nome é Carla Mendes e sou cliente.",
    "texto sem dados pessoais": "O Nuvem 600 custa R$ 119,90 e a visita ocorre em até 48 horas.",
    "vários dados juntos": "Sou a Beatriz Lima, CPF 529.982.247-25, e-mail bia@uol.com.br, tel 11987654321.",
}
ANONYMIZE_HINT = "Use os marcadores [CPF], [EMAIL], [TELEFONE] e [NOME]; o resto do texto fica igual."
ANONYMIZE_CASES = [Case(name, (text,), anonymize(text)[0], ANONYMIZE_HINT)
                   for name, text in ANONYMIZE_TEXTS.items()]


ANONYMIZE = register(Exercise("02_anonimizacao", NOTEBOOK, "anonimizar", "Anonimizar dados pessoais",
                               cases=tuple(ANONYMIZE_CASES)))


def check_anonymize(fn, show: bool = True) -> CheckResult:
    """Grade `anonimizar(texto: str) -> str` against ftlab.data.anonymize on fixed texts."""
    return ANONYMIZE.check(fn, show)


def expected_line(record: dict) -> dict:
    template = TEMPLATES["classificacao"]
    return {"prompt": template.prompt.format(**record), "completion": template.completion.format(**record)}


FORMAT_RECORDS = [
    {"mensagem": "Estou sem internet desde ontem.", "categoria": "conexão"},
    {"mensagem": "Quero a segunda via do boleto.", "categoria": "cobrança", "canal": "chat"},
    {"mensagem": 'Ele disse "urgente" duas vezes', "categoria": "elogio"},
]
FORMAT_CASES = [Case(f"registro {i + 1}", (record,), expected_line(record),
                     "Uma linha JSON só com prompt e completion, no formato de TEMPLATES['classificacao'].")
                for i, record in enumerate(FORMAT_RECORDS)]


def same_jsonl_line(got, expected: dict) -> bool:
    """True when `got` is ONE line of JSON whose object equals `expected`."""
    if not isinstance(got, str) or "\n" in got.strip():
        return False
    try:
        return json.loads(got) == expected
    except json.JSONDecodeError:
        return False


FORMAT = register(Exercise("02_formatacao", NOTEBOOK, "formatar", "O formatador prompt/completion",
                            cases=tuple(FORMAT_CASES), compare=same_jsonl_line))


def check_format(fn, show: bool = True) -> CheckResult:
    """Grade `formatar(registro: dict) -> str`: one JSONL line {"prompt", "completion"} (classification)."""
    return FORMAT.check(fn, show)


CHECKS = {"02_duplicatas": check_remove_duplicates, "02_anonimizacao": check_anonymize,
          "02_formatacao": check_format}
