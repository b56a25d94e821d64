"""Text normalisation and spelling fixes: the same words should always be written the same way.

Taught in notebooks/02_preparacao_dataset (Limpeza e Formatação).
"""

from __future__ import annotations

import re
import unicodedata

from ftlab.data.report import Step

INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff\u2060"), None)
LOOKALIKES = str.maketrans({"\u00a0": " ", "\t": " ", "\u201c": '"', "\u201d": '"', "\u2018": "'",
                            "\u2019": "'", "\u2013": "-", "\u2014": "-"})
SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.!?;:])")
SPACES = re.compile(r"\s+")

# Misspelling -> correct form. Only words that are never correct Portuguese as written.
SPELLING = {
    "vc": "você", "voce": "você", "nao": "não", "pq": "porque", "internete": "internet",
    "intenet": "internet", "conexao": "conexão", "coneção": "conexão", "tambem": "também",
    "velocidadi": "velocidade", "fatrua": "fatura", "roteadr": "roteador", "rotiador": "roteador",
    "instalacao": "instalação", "istalação": "instalação", "hj": "hoje", "tecnico": "técnico",
    "ja": "já", "cobranca": "cobrança", "pagamendo": "pagamento", "mes": "mês", "obrigadu": "obrigado",
    "qdo": "quando", "semena": "semana", "boletu": "boleto", "cancelá": "cancelar", "ate": "até",
}
# A whole word that is not part of a hyphenated form: "cancelá-lo" (a verb with its pronoun) and
# "guarda-chuva" are correct as written and never "fixed".
WORD = re.compile(r"(?<![\w-])\w+(?![\w-])", re.UNICODE)


def normalize_text(text: str) -> str:
    """NFC Unicode, no invisible characters, plain quotes and spaces, no curly wrapping quotes."""
    text = unicodedata.normalize("NFC", text).translate(INVISIBLE).translate(LOOKALIKES)
    text = SPACES.sub(" ", SPACE_BEFORE_PUNCT.sub(r"\1", text)).strip()
    if len(text) > 1 and text[0] == text[-1] == '"' and text.count('"') == 2:
        text = text[1:-1].strip()
    return text


def fix_spelling(text: str, fixes: dict[str, str] = SPELLING) -> tuple[str, int]:
    """Replace whole words found in `fixes` (case kept for a capital first letter); returns (text, count)."""
    count = 0

    def replace(match: re.Match) -> str:
        nonlocal count
        word = match.group(0)
        right = fixes.get(word.lower())
        if right is None:
            return word
        count += 1
        return right[0].upper() + right[1:] if word[0].isupper() else right

    return WORD.sub(replace, text), count


def map_fields(records: list[dict], fields: tuple[str, ...], fn) -> tuple[list[dict], int, list]:
    """Apply fn(text) -> (text, n) to string fields; returns new records, total n, a few examples."""
    out, total, examples = [], 0, []
    for record in records:
        new = dict(record)
        for name in fields:
            if isinstance(new.get(name), str):
                fixed, n = fn(new[name])
                if n and len(examples) < 3:
                    examples.append((new[name], fixed))
                new[name], total = fixed, total + n
        out.append(new)
    return out, total, examples


def normalize_fields(records: list[dict], fields: tuple[str, ...]) -> tuple[list[dict], Step]:
    """Step: normalise whitespace and Unicode in `fields`."""
    def normalize(text: str) -> tuple[str, int]:
        clean = normalize_text(text)
        return clean, int(clean != text)

    out, changed, examples = map_fields(records, fields, normalize)
    name = "espaços e Unicode padronizados"
    return out, Step(name, len(records), len(out), changed, "textos alterados", examples)


def fix_spelling_fields(records: list[dict], fields: tuple[str, ...]) -> tuple[list[dict], Step]:
    """Step: fix the dictionary's misspellings in `fields`."""
    out, fixed, examples = map_fields(records, fields, fix_spelling)
    name = "ortografia corrigida (dicionário)"
    return out, Step(name, len(records), len(out), fixed, "palavras corrigidas", examples)
