"""Anonymise personal data with typed placeholders: [CPF], [EMAIL], [TELEFONE], [NOME].

Taught in notebooks/02_preparacao_dataset (Limpeza: sensitive data never reaches the model).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ftlab.data.report import Step

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
CPF_FORMATTED = re.compile(r"(?<![\w.])\d{3}\.\d{3}\.\d{3}-\d{2}(?![\w])")
PHONE = re.compile(r"(?<![\w+])(?:\+55\s?)?(?:\(\d{2}\)\s?|\d{2}\s?)?9?\d{4}[-\s]?\d{4}(?!\w)")
ELEVEN_DIGITS = re.compile(r"(?<![\w.])\d{11}(?!\w)")
NAME_WORD = r"[A-ZÀ-Ý][a-zà-ÿ]+(?![\w])"
FULL_NAME = rf"{NAME_WORD}(?:\s+(?:d[aeo]s?\s+)?{NAME_WORD}){{0,3}}"
NAME_AFTER_CUE = re.compile(
    rf"(?i:meu nome é|me chamo|aqui é [oa]|quem fala é [oa]|sou [oa]|att,?|atenciosamente,?|titular:)"
    rf"\s+({FULL_NAME})")
# Frequent Brazilian first names that are not also common words (a small gazetteer).
FIRST_NAMES = frozenset("""Ana Maria Carla Mariana Juliana Fernanda Patrícia Beatriz Camila Luana Renata
Aline Bruna Larissa Letícia Amanda Gabriela Jéssica Vanessa Cláudia Sandra Raimunda Cleide Francisca
Antônia Adriana Daniela Tatiane Simone João Pedro Lucas Rafael Marcos Bruno Thiago Gustavo Felipe
Ricardo Sebastião Edson José Carlos Paulo Luiz Francisco Antônio Daniel Marcelo Rodrigo Eduardo Fábio
André Leonardo Mateus Gabriel Diego Vinícius Alexandre Roberto Sérgio Jorge Márcio""".split())
# Place names that start like a saint's name ("São Paulo", "Santa Maria") are not people.
NOT_AFTER = r"(?<!São )(?<!Sao )(?<!Santo )(?<!Santa )(?<!S\. )"
GAZETTEER = re.compile(rf"{NOT_AFTER}(?<![\w-])(?:{'|'.join(sorted(FIRST_NAMES, key=len, reverse=True))})"
                       rf"(?![\w-])(?:\s+(?:d[aeo]s?\s+)?{NAME_WORD}){{0,3}}")


def valid_cpf(digits: str) -> bool:
    """True when the 11 digits carry correct CPF check digits (tells a CPF from a phone number)."""
    numbers = [int(d) for d in digits]
    if len(set(numbers)) == 1:
        return False
    for size in (9, 10):
        total = sum(d * w for d, w in zip(numbers[:size], range(size + 1, 1, -1), strict=True))
        if (total * 10 % 11) % 10 != numbers[size]:
            return False
    return True


@lru_cache(maxsize=4096)
def literal_pattern(name: str) -> re.Pattern:
    """A case-insensitive pattern matching `name` as whole words (compiled once per name)."""
    return re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])", re.IGNORECASE)


def replace_names(text: str, known_names: tuple[str, ...], counts: Counter) -> str:
    """[NOME] for names the record knows (e.g. its customer field), names after cues, gazetteer names."""
    for name in sorted(filter(None, known_names), key=len, reverse=True):
        text, n = literal_pattern(name).subn("[NOME]", text)
        counts["NOME"] += n
    text, n = NAME_AFTER_CUE.subn(lambda m: m.group(0).replace(m.group(1), "[NOME]"), text)
    counts["NOME"] += n
    text, n = GAZETTEER.subn("[NOME]", text)
    counts["NOME"] += n
    return text


def anonymize(text: str, known_names: tuple[str, ...] = ()) -> tuple[str, Counter]:
    """Replace e-mails, CPFs, phone numbers and names with placeholders; returns (text, counts per type)."""
    counts = Counter()

    def sub(pattern: re.Pattern, label: str, value: str) -> str:
        value, n = pattern.subn(f"[{label}]", value)
        counts[label] += n
        return value

    text = sub(CPF_FORMATTED, "CPF", sub(EMAIL, "EMAIL", text))
    text = ELEVEN_DIGITS.sub(lambda m: tagged(m.group(0), counts), text)
    text = sub(PHONE, "TELEFONE", text)
    return replace_names(text, known_names, counts), +counts  # + drops zero counts


def tagged(digits: str, counts: Counter) -> str:
    label = "CPF" if valid_cpf(digits) else "TELEFONE"
    counts[label] += 1
    return f"[{label}]"


def anonymize_fields(records: list[dict], fields: tuple[str, ...], name_field: str | None = "cliente"):
    """Step: anonymise `fields` of every record; the record's own `name_field` is a known name."""
    out, totals, examples = [], Counter(), []
    for record in records:
        new = dict(record)
        known = (str(record.get(name_field) or ""),) if name_field else ()
        for name in fields:
            if isinstance(new.get(name), str):
                text, counts = anonymize(new[name], known)
                if counts and len(examples) < 3:
                    examples.append((new[name], text))
                new[name], totals = text, totals + counts
        out.append(new)
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(totals.items())) or "nenhum dado pessoal"
    step = Step(f"dados pessoais anonimizados ({kinds})", len(records), len(out), sum(totals.values()),
                "trechos substituídos", examples)
    return out, step
