"""Bring-your-own-data: every input format, column mapping, lenient mode and the rejects file.

Taught in notebooks/08_seu_projeto.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from ftlab.data.errors import DataError
from ftlab.data.examples import load_examples
from ftlab.data.own import spaced

ROOT = Path(__file__).resolve().parents[1]


def write(tmp_path: Path, name: str, content) -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def jsonl(*items) -> str:
    return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)


CLASSIFY = "Texto: {}\nCategoria:"
# name -> (file name, content, expected kind, expected (prompt, completion) of the first example)
FORMATS = {
    "jsonl_prompt_completion": (
        "a.jsonl",
        jsonl({"prompt": "Qual é a capital da França?", "completion": "Paris."}),
        "resposta",
        ("Qual é a capital da França?", " Paris."),
    ),
    "json_array_alpaca": (
        "a.json",
        json.dumps(
            [{"instruction": "Resuma", "input": "Um texto longo.", "output": "Curto."}],
            ensure_ascii=False,
            indent=2,
        ),
        "resposta",
        ("Instrução: Resuma\nEntrada: Um texto longo.\nResposta:", " Curto."),
    ),
    "alpaca_without_input": (
        "a.jsonl",
        jsonl({"instruction": "Diga oi", "input": "", "output": "Oi!"}),
        "resposta",
        ("Instrução: Diga oi\nResposta:", " Oi!"),
    ),
    "json_wrapped_list": (
        "a.json",
        json.dumps({"versao": 2, "dados": [{"pergunta": "Horário?", "resposta": "Das 8h às 18h."}]}),
        "resposta",
        ("Pergunta: Horário?\nResposta:", " Das 8h às 18h."),
    ),
    "csv_comma_input_label": (
        "a.csv",
        'input,label\n"Adorei, recomendo",positivo\n',
        "classificacao",
        (CLASSIFY.format("Adorei, recomendo"), " positivo"),
    ),
    "csv_semicolon_bom_extra_columns": (
        "a.csv",
        "\ufeffid;Comentário;Sentimento;data\n1;Péssimo;negativo;2025\n",
        "classificacao",
        (CLASSIFY.format("Péssimo"), " negativo"),
    ),
    "tsv": (
        "a.tsv",
        "texto\tclasse\nOlá\tsaudação\n",
        "classificacao",
        (CLASSIFY.format("Olá"), " saudação"),
    ),
    "openai_chat": (
        "a.jsonl",
        jsonl(
            {
                "messages": [
                    {"role": "system", "content": "Seja breve."},
                    {"role": "user", "content": "Oi"},
                    {"role": "assistant", "content": "Olá!"},
                ]
            }
        ),
        "resposta",
        ("Sistema: Seja breve.\nUsuário: Oi\nAssistente:", " Olá!"),
    ),
    "sharegpt_chat": (
        "a.json",
        json.dumps([{"conversations": [{"from": "human", "value": "Oi"}, {"from": "gpt", "value": "Olá!"}]}]),
        "resposta",
        ("Usuário: Oi\nAssistente:", " Olá!"),
    ),
    "nested_json": (
        "a.jsonl",
        jsonl({"dados": {"texto": "Chegou quebrado"}, "meta": {"rotulo": "reclamação"}}),
        "classificacao",
        (CLASSIFY.format("Chegou quebrado"), " reclamação"),
    ),
    "column_names_with_more_words": (
        "a.csv",
        "id_pedido,Texto da Reclamação,categoria_final\n7,Sem luz,energia\n",
        "classificacao",
        (CLASSIFY.format("Sem luz"), " energia"),
    ),
    "openai_content_parts": (
        "a.jsonl",
        jsonl(
            {
                "messages": [
                    {"role": "user", "content": [{"type": "text", "text": "Oi"}]},
                    {"role": "assistant", "content": "Olá!"},
                ]
            }
        ),
        "resposta",
        ("Usuário: Oi\nAssistente:", " Olá!"),
    ),
    "dolly_instruction_context_response": (
        "a.jsonl",
        jsonl({"instruction": "Explique", "context": "IPTU", "response": "Um imposto.", "category": "qa"}),
        "resposta",
        ("Instrução: Explique\nEntrada: IPTU\nResposta:", " Um imposto."),
    ),
    "prompt_response": (
        "a.jsonl",
        jsonl({"prompt": "Resuma: o gato subiu.", "response": "Gato subiu."}),
        "resposta",
        ("Resuma: o gato subiu.", " Gato subiu."),
    ),
    "form_question_as_column_name": (
        "a.csv",
        'Carimbo;Mensagem do cliente;Qual o setor?\n1;"Sem luz;\nna rua";iluminação\n',
        "classificacao",
        (CLASSIFY.format("Sem luz;\nna rua"), " iluminação"),
    ),
    "excel_sep_hint_line": (
        "a.csv",
        "sep=;\ntexto;classe\nOi, tudo bem?;saudação\n",
        "classificacao",
        (CLASSIFY.format("Oi, tudo bem?"), " saudação"),
    ),
    "numeric_labels": (
        "a.csv",
        "text,label\nbom,1\nruim,0\n",
        "classificacao",
        (CLASSIFY.format("bom"), " 1"),
    ),
    "blank_lines": (
        "a.jsonl",
        "\n\n" + jsonl({"prompt": "A:", "completion": "b"}) + "\n  \n",
        "resposta",
        ("A:", " b"),
    ),
}


@pytest.mark.parametrize("case", sorted(FORMATS))
def test_every_input_format_becomes_prompt_completion(tmp_path, case):
    name, content, kind, (prompt, completion) = FORMATS[case]
    examples = load_examples(write(tmp_path, name, content))
    assert examples.kind == kind
    assert (examples[0]["prompt"], examples[0]["completion"]) == (prompt, completion)
    if kind == "classificacao":
        assert examples[0]["label"] == completion.strip()
    assert examples[0]["_source"] == f"{name}:{examples[0]['_source'].split(':')[1]}"


def test_latin1_csv_is_read_and_noted(tmp_path):
    path = write(tmp_path, "a.csv", "texto;categoria\nIluminação apagada;iluminação\n".encode("cp1252"))
    examples = load_examples(path)
    assert examples[0]["label"] == "iluminação" and "Iluminação" in examples[0]["prompt"]
    assert any("Latin-1" in note for note in examples.notes)


def test_mixed_encoding_names_the_latin1_lines(tmp_path):
    content = "texto,classe\nação,a\n".encode() + "opção,b\n".encode("cp1252")
    examples = load_examples(write(tmp_path, "a.csv", content))
    assert [e["label"] for e in examples] == ["a", "b"] and "opção" in examples[1]["prompt"]
    assert any("linhas 3" in note for note in examples.notes)


def test_in_memory_tables():
    import pandas as pd
    from datasets import Dataset

    rows = [{"text": "ótimo", "label": "pos"}, {"text": "horrível", "label": "neg"}]
    for table in (Dataset.from_list(rows), pd.DataFrame(rows), rows):
        examples = load_examples(table)
        assert examples.kind == "classificacao" and [e["label"] for e in examples] == ["pos", "neg"]


class TemplateTokenizer:
    """Stands in for a chat model's tokenizer: only what render_chat uses."""

    chat_template = "{% for m in messages %}...{% endfor %}"

    def apply_chat_template(self, messages, tokenize=False, add_generation_prompt=False):
        text = "".join(f"<|{m['role']}|>\n{m['content']}\n" for m in messages)
        return text + ("<|assistant|>\n" if add_generation_prompt else "")


def test_chat_uses_the_models_chat_template(tmp_path):
    path = write(
        tmp_path,
        "a.jsonl",
        jsonl({"messages": [{"role": "user", "content": "Oi"}, {"role": "assistant", "content": " Olá! "}]}),
    )
    example = load_examples(path, tokenizer=TemplateTokenizer())[0]
    assert example["prompt"] == "<|user|>\nOi\n<|assistant|>\n" and example["completion"] == "Olá!"


@pytest.mark.parametrize(
    ("prompt", "completion", "expected"),
    [
        ("Categoria:", "iluminação", ("Categoria:", " iluminação")),
        ("Categoria: ", "iluminação", ("Categoria:", " iluminação")),
        ("Categoria:", " iluminação", ("Categoria:", " iluminação")),
        ("Categoria: ", "  iluminação", ("Categoria:", " iluminação")),
        ("<|assistant|>\n", " Olá", ("<|assistant|>\n", "Olá")),
        ("Pergunta: x\n", "Resposta", ("Pergunta: x\n", "Resposta")),
    ],
)
def test_leading_space_convention(prompt, completion, expected):
    assert spaced(prompt, completion) == expected


def test_labels_in_disguise_become_classification(tmp_path):
    rows = [{"prompt": f"Frase {i}:", "completion": ["sim", "não"][i % 2]} for i in range(12)]
    examples = load_examples(write(tmp_path, "a.jsonl", jsonl(*rows)))
    assert examples.kind == "classificacao" and set(examples.labels) == {"sim", "não"}
    assert load_examples(write(tmp_path, "b.jsonl", jsonl(*rows[:4]))).kind == "resposta"


# --- column mapping --------------------------------------------------------------------------------

MAPPING_ERRORS = {
    "two_text_columns": ("texto,mensagem,categoria\na,b,c\n", ["'texto'", "'mensagem'", "fields="]),
    "two_tasks": ("pergunta,resposta,categoria\na,b,c\n", ["classificação", "geração", "kind="]),
    "unknown_columns": ("coluna_a,coluna_b\na,b\n", ["não reconheci", "'coluna_a'", "fields="]),
}


@pytest.mark.parametrize("case", sorted(MAPPING_ERRORS))
def test_ambiguous_or_unknown_columns_explain_in_portuguese(tmp_path, case):
    content, words = MAPPING_ERRORS[case]
    with pytest.raises(DataError) as err:
        load_examples(write(tmp_path, "a.csv", content))
    for word in words:
        assert word in str(err.value)


def test_fields_and_kind_resolve_the_ambiguity(tmp_path):
    path = write(tmp_path, "a.csv", "pergunta,resposta,categoria\nHorário?,Das 8h.,info\n")
    assert load_examples(path, kind="classificacao")[0]["label"] == "info"
    assert load_examples(path, kind="resposta")[0]["completion"] == " Das 8h."
    custom = load_examples(path, fields={"text": "pergunta", "label": "categoria"}, prompt="P: {text}\nTipo:")
    assert (custom[0]["prompt"], custom[0]["completion"]) == ("P: Horário?\nTipo:", " info")
    with pytest.raises(DataError, match="coluna não encontrada"):
        load_examples(path, fields={"text": "nada", "label": "categoria"})


# --- strict and lenient ----------------------------------------------------------------------------

GOOD = '{"prompt": "Oi", "completion": "olá"}'
# (line content, expected field, words of the reason) -- None for a good line
MIXED = [
    (GOOD, None, None),
    ('{"prompt": "Oi", "completion": "x"', None, "JSON malformado"),
    (GOOD, None, None),
    ('{"prompt": "Oi"}', "completion", "ausente"),
    ('{"prompt": "  ", "completion": "x"}', "prompt", "vazio"),
    ("", None, None),
    ('{"prompt": "Oi", "completion": ["a"]}', "completion", "tipo errado"),
    ('["Oi", "x"]', None, "objeto"),
    (GOOD.replace("Oi", "Tchau"), None, None),
]


def mixed_file(tmp_path: Path) -> Path:
    return write(tmp_path, "meus.jsonl", "\n".join(line for line, _, _ in MIXED) + "\n")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_strict_stops_at_the_first_bad_line_and_suggests_lenient(tmp_path):
    path = mixed_file(tmp_path)
    with pytest.raises(DataError) as err:
        load_examples(path)
    assert err.value.line == 2 and "JSON malformado" in str(err.value) and "lenient=True" in str(err.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["meus.jsonl"]


def test_lenient_reports_every_bad_line_keeps_good_ones_and_writes_rejects(tmp_path):
    path = mixed_file(tmp_path)
    before = digest(path)
    examples = load_examples(path, lenient=True)
    bad = [(n, field, why) for n, (_, field, why) in enumerate(MIXED, start=1) if why]
    assert [(r.line, r.field) for r in examples.rejected] == [(n, field) for n, field, _ in bad]
    for rejected, (_, _, why) in zip(examples.rejected, bad, strict=True):
        assert why in rejected.why and "meus.jsonl" in str(rejected)
    assert [e["_source"] for e in examples] == ["meus.jsonl:1", "meus.jsonl:3", "meus.jsonl:9"]
    rejects = Path(examples.rejects_path)
    assert rejects.parent == path.parent and rejects.name == "meus.rejeitados.jsonl"
    assert rejects.read_text(encoding="utf-8").splitlines() == [MIXED[n - 1][0] for n, _, _ in bad]
    assert digest(path) == before
    again = load_examples(path, lenient=True)
    assert Path(again.rejects_path).name == "meus.rejeitados-2.jsonl" and digest(rejects) == digest(
        Path(again.rejects_path)
    )
    assert digest(path) == before
    assert "linhas rejeitadas" in examples.summary()


def test_lenient_csv_rejects_keep_the_header(tmp_path):
    content = "texto;rótulo\nbom;pos\nsem rótulo\nruim;neg;extra\n;neg\nótimo;pos\n"
    path = write(tmp_path, "notas.csv", content)
    before = digest(path)
    examples = load_examples(path, lenient=True)
    assert [e["label"] for e in examples] == ["pos", "pos"]
    assert [(r.line, r.field) for r in examples.rejected] == [(3, "rótulo"), (4, None), (5, "texto")]
    lines = Path(examples.rejects_path).read_text(encoding="utf-8").splitlines()
    assert lines == ["texto;rótulo", "sem rótulo", "ruim;neg;extra", ";neg"]
    assert digest(path) == before


def test_lenient_json_array_skips_a_broken_item(tmp_path):
    content = (
        '[\n  {"prompt": "A:", "completion": "a"},\n  {"prompt": "B:" "completion": "b"},\n'
        '  {"prompt": "C:", "completion": "c"}\n]\n'
    )
    path = write(tmp_path, "lista.json", content)
    examples = load_examples(path, lenient=True)
    assert [e["completion"] for e in examples] == [" a", " c"]
    assert [r.line for r in examples.rejected] == [3]
    assert '"B:"' in Path(examples.rejects_path).read_text(encoding="utf-8")


def test_missing_and_unsupported_files(tmp_path):
    with pytest.raises(DataError, match="não encontrado"):
        load_examples(tmp_path / "nada.csv")
    with pytest.raises(DataError, match="não suportado"):
        load_examples(write(tmp_path, "a.xlsx", b"PK"))
    with pytest.raises(DataError, match="vazio"):
        load_examples(write(tmp_path, "a.csv", b"\xef\xbb\xbf  \n"))


def test_shipped_example_loads_as_is():
    examples = load_examples(ROOT / "data" / "exemplos" / "ouvidoria_prefeitura.csv")
    assert examples.kind == "classificacao" and 100 <= len(examples) <= 1000
    assert examples.mapping.columns == {"text": "descricao", "label": "setor"} and not examples.rejected


def review_rows(extra_column: str | None = None) -> str:
    header = "Comentário;Avaliação" + (f";{extra_column}" if extra_column else "")
    rows = [
        f"Comentário número {i} sobre a compra;{['Positivo', 'negativo', 'Neutro'][i % 3]}"
        + (f";Loja {i % 2}" if extra_column else "")
        for i in range(12)
    ]
    return "\n".join([header, *rows]) + "\n"


def test_values_choose_the_columns_when_names_do_not(tmp_path):
    examples = load_examples(write(tmp_path, "a.csv", review_rows()))
    assert (
        examples.mapping.columns == {"text": "Comentário", "label": "Avaliação"} and examples.mapping.guessed
    )
    assert "escolhidas pelos valores" in examples.summary()
    mixed = load_examples(write(tmp_path, "b.csv", review_rows("Loja")))  # a known name wins over "Loja"
    assert mixed.mapping.columns["label"] == "Avaliação"
    unnamed = review_rows("Loja").replace(
        ";Avaliação;", ";Marca;", 1
    )  # two label-like columns, no known name
    with pytest.raises(DataError, match="'Marca' ou 'Loja'"):
        load_examples(write(tmp_path, "c.csv", unnamed))


def test_messages_keep_the_case_of_paths_and_fields(tmp_path):
    path = write(tmp_path, "Notas.csv", "Texto;Categoria\nsem rótulo\n")
    with pytest.raises(DataError) as err:
        load_examples(path)
    assert "Notas.csv" in str(err.value) and 'campo "Categoria"' in str(err.value)
