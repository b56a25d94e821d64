"""ftlab.data: loading with validation, cleaning steps, formats, splits, load_task and statistics."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ftlab import data
from ftlab.data import DataError, load_records
from ftlab.data.dedup import remove_exact_duplicates, remove_near_duplicates
from ftlab.data.steps import drop_long, drop_truncated, normalize_labels

ROOT = Path(__file__).resolve().parents[1]
GOOD = b'{"prompt": "Oi", "completion": " ol\xc3\xa1"}\n'


def write(tmp_path: Path, content: bytes, name: str = "exemplos.jsonl") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


# (file content, expected line, expected field, words the pt-BR message must contain)
BAD_INPUTS = {
    "malformed_json": (GOOD + b'{"prompt": "Oi", "completion": " x"\n', 2, "completion", "JSON malformado"),
    "missing_field": (GOOD + b'{"prompt": "Oi"}\n', 2, "completion", "ausente"),
    "wrong_type": (GOOD + GOOD + b'{"prompt": "Oi", "completion": 3}\n', 3, "completion", "tipo errado"),
    "empty_completion": (b'{"prompt": "Oi", "completion": "  "}\n', 1, "completion", "vazio"),
    "null_prompt": (b'{"prompt": null, "completion": " x"}\n', 1, "prompt", "vazio"),
    "non_utf8": (GOOD + b'{"prompt": "Oi", "completion": " ol\xe1"}\n', 2, "completion", "UTF-8"),
    "not_an_object": (b'["Oi", " x"]\n', 1, None, "objeto"),
    "empty_file": (b"", None, None, "vazio"),
    "only_blank_lines": (b"\n  \n\n", None, None, "vazio"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_names_file_line_and_field(tmp_path, case):
    content, line, field, words = BAD_INPUTS[case]
    path = write(tmp_path, content)
    with pytest.raises(DataError) as err:
        load_records(path)
    message = str(err.value)
    assert (err.value.line, err.value.field) == (line, field)
    assert "exemplos.jsonl" in message and words in message
    if line is not None:
        assert f"linha {line}" in message
    if field is not None:
        assert f'campo "{field}"' in message


def test_bom_is_removed_and_reported(tmp_path):
    records = load_records(write(tmp_path, b"\xef\xbb\xbf" + GOOD))
    assert records == [{"prompt": "Oi", "completion": " olá"}]
    assert any("BOM" in note for note in records.notes)


def test_csv_loading_and_errors(tmp_path):
    good = write(tmp_path, "\ufeffprompt,completion\nOi,\" olá, tudo\"\n".encode(), "a.csv")
    assert load_records(good) == [{"prompt": "Oi", "completion": " olá, tudo"}]
    with pytest.raises(DataError) as err:
        load_records(write(tmp_path, b"prompt,resposta\nOi,x\n", "b.csv"))
    assert (err.value.line, err.value.field) == (2, "completion")
    with pytest.raises(DataError, match="linha 3"):
        load_records(write(tmp_path, b"prompt,completion\nOi,x\nOi\n", "c.csv"))


def test_unknown_extension_and_missing_file(tmp_path):
    with pytest.raises(DataError, match="formato"):
        load_records(write(tmp_path, GOOD, "a.txt"))
    with pytest.raises(DataError, match="não encontrado"):
        load_records(tmp_path / "nada.jsonl")


def test_loading_never_writes(tmp_path):
    path = write(tmp_path, b"\xef\xbb\xbf" + GOOD)
    before = path.read_bytes()
    load_records(path, keep_source=True)
    assert path.read_bytes() == before


def test_overlong_record_is_dropped_and_counted():
    records = [{"mensagem": "curta", "_source": "a.jsonl:1"},
               {"mensagem": "x" * 5000, "_source": "a.jsonl:2"}]
    kept, step = drop_long(records, ("mensagem",), max_length=700)
    assert kept == records[:1] and step.removed == 1
    assert step.examples[0][0] == "a.jsonl:2" and "5000" in step.examples[0][1]
    kept, _ = drop_long(records, ("mensagem",), max_length=10, measure=lambda t: len(t) // 4)
    assert len(kept) == 1


@pytest.mark.parametrize("raw, clean", [
    ("  Oi,\u00a0tudo\tbem ?  ", "Oi, tudo bem?"),
    ("conexa\u0303o", "conexão"),
    ("\u201cSem sinal\u201d\u200b", "Sem sinal"),
])
def test_normalize_text(raw, clean):
    assert data.normalize_text(raw) == clean


def test_fix_spelling_keeps_capitals_and_counts():
    assert data.fix_spelling("Vc ja pagou? nao") == ("Você já pagou? não", 3)
    assert data.fix_spelling("internet ok") == ("internet ok", 0)


@pytest.mark.parametrize("text, expected, kinds", [
    ("Meu CPF é 529.982.247-25.", "Meu CPF é [CPF].", {"CPF": 1}),
    ("cpf 52998224725", "cpf [CPF]", {"CPF": 1}),
    ("Me liga no 11987654321", "Me liga no [TELEFONE]", {"TELEFONE": 1}),
    ("Tel (21) 91234-5678 ou +55 31 98888-7777", "Tel [TELEFONE] ou [TELEFONE]", {"TELEFONE": 2}),
    ("Escreva para ana.souza12@gmail.com", "Escreva para [EMAIL]", {"EMAIL": 1}),
    ("Meu nome é Carla Mendes e moro no Centro", "Meu nome é [NOME] e moro no Centro", {"NOME": 1}),
    ("Att, José da Silva", "Att, [NOME]", {"NOME": 1}),
    ("Plano Nuvem 600 por R$ 119,90 em até 48 horas.", "Plano Nuvem 600 por R$ 119,90 em até 48 horas.", {}),
])
def test_anonymize(text, expected, kinds):
    anonymous, counts = data.anonymize(text)
    assert anonymous == expected and dict(counts) == kinds


@pytest.mark.parametrize("text", [
    "Analisei a fatura e achei um erro.",  # "Ana" inside an ordinary word
    "A Mariana Trench não tem nada com isso, é um mariano qualquer.",
    "Moro em São Paulo e viajo para Santa Maria e Santo André.",  # places named after saints
    "Quero ver os planos para o Carnaval.",  # "Carla" would match a prefix of a longer word
    "Estou sem internet desde segunda.",
])
def test_anonymize_leaves_words_and_places_that_contain_names(text):
    expected = text.replace("Mariana Trench", "[NOME]")  # a real first name, taken whole
    assert data.anonymize(text)[0] == expected


@pytest.mark.parametrize("text, names, expected", [
    ("Mariana pediu a segunda via", (), "[NOME] pediu a segunda via"),  # whole, not "[NOME]na"
    ("Analisei com a Ana", ("Ana",), "Analisei com a [NOME]"),  # a known name, as a whole word only
    ("sou o Paulo Souza, da Santa Maria", (), "sou o [NOME], da Santa Maria"),
])
def test_anonymize_replaces_whole_names_only(text, names, expected):
    assert data.anonymize(text, names)[0] == expected


@pytest.mark.parametrize("text, expected, n", [
    ("quero cancelá-lo hj", "quero cancelá-lo hoje", 1),  # a verb with its pronoun is correct
    ("não consigo cancelá", "não consigo cancelar", 1),
    ("pode instalá-la amanhã? nao", "pode instalá-la amanhã? não", 1),
    ("guarda-chuva ate amanhã", "guarda-chuva até amanhã", 1),
])
def test_fix_spelling_keeps_clitics_and_hyphenated_words(text, expected, n):
    assert data.fix_spelling(text) == (expected, n)


def test_anonymize_uses_known_names_even_in_lower_case():
    text, _ = data.anonymize("aqui quem escreve é edson lima", ("Edson Lima",))
    assert text == "aqui quem escreve é [NOME]"


def test_duplicates_exact_and_near():
    records = [{"mensagem": m} for m in ["A internet caiu hoje de manhã.", "A internet caiu hoje de manhã.",
                                        "a internet caiu hoje de manha!!", "Quero a segunda via do boleto.",
                                        "Quero cancelar o meu plano."]]
    exact, step = remove_exact_duplicates(records, "mensagem")
    assert len(exact) == 4 and step.removed == 1 and "1 removidos" in str(step)
    near, step = remove_near_duplicates(exact, "mensagem")
    assert [r["mensagem"] for r in near] == [records[0]["mensagem"]] + [r["mensagem"] for r in records[3:]]


def test_near_duplicates_keep_the_cleaner_text():
    records = [{"mensagem": "a velocidadi nao chega no quarto"},
               {"mensagem": "A velocidade não chega no quarto"}]
    kept, _ = remove_near_duplicates(records, "mensagem")
    assert [r["mensagem"] for r in kept] == ["A velocidade não chega no quarto"]


@pytest.mark.parametrize("a, b", [
    ("Quero mudar do plano Nuvem 300 para outro", "Quero mudar do plano Nuvem 600 para outro"),  # plans
    ("A fatura veio R$ 89,90 esse mês", "A fatura veio R$ 99,90 esse mês"),  # prices
    ("O técnico vem dia 12 de manhã?", "O técnico vem dia 13 de manhã?"),  # dates
])
def test_near_duplicates_never_merge_messages_with_different_numbers(a, b):
    kept, _ = remove_near_duplicates([{"mensagem": a}, {"mensagem": b}], "mensagem")
    assert len(kept) == 2


def test_near_duplicates_with_different_answers_are_kept():
    records = [{"mensagem": "Quero mudar para o Nuvem 300.", "resposta": "Custa R$ 89,90."},
               {"mensagem": "Quero mudar para o Nuvem 600.", "resposta": "Custa R$ 119,90."},
               {"mensagem": "quero mudar para o nuvem 300!", "resposta": "Custa R$ 89,90."}]
    kept, step = remove_near_duplicates(records, "mensagem", same="resposta")
    assert kept == records[:2] and step.removed == 1
    assert remove_near_duplicates(records, "mensagem")[0] == records[:2]  # 300 and 600 differ in a number


def test_labels_and_truncation():
    records = [{"categoria": c, "resposta": "Feito."} for c in ["COBRANÇA", " financeiro ", "conexao", "xyz"]]
    kept, step = normalize_labels(records)
    assert [r["categoria"] for r in kept] == ["cobrança", "cobrança", "conexão"] and step.removed == 1
    answers = [{"resposta": "Olá! O prazo é de 3 dias"}, {"resposta": "Pronto!"}]
    kept, step = drop_truncated(answers, "resposta")
    assert len(kept) == 1 and step.removed == 1


@pytest.fixture(scope="module")
def splits():
    return {task: data.load_task(task) for task in data.TASKS}


def test_load_task_sizes_and_formats(splits):
    for task, split in splits.items():
        total = sum(split.sizes().values())
        assert 500 <= total <= 1500 and min(split.sizes().values()) >= 100, split
        template = data.TEMPLATES[task]
        for record in split.train + split.val + split.test:
            assert record["prompt"].startswith(template.prompt.split("{")[0])
            assert record["prompt"].endswith(template.prompt.split("}")[-1])
            assert record["completion"].startswith(" ") and record["completion"].strip()
    for record in splits["classificacao"].test:
        assert record["label"] in data.LABELS and record["completion"] == " " + record["label"]
    assert all(r["completion"].startswith(" Olá! Obrigada") for r in splits["resposta"].train)


def test_test_split_holds_out_whole_phrasings(splits):
    for split in splits.values():
        seen = {r["grupo"] for r in split.train + split.val}
        assert seen.isdisjoint({r["grupo"] for r in split.test})
        assert {r["tema"] for r in split.test} >= {r["tema"] for r in split.train} - {"misto_elogio_problema"}


def test_splits_are_stratified_seeded_and_imbalanced(splits):
    split = splits["classificacao"]
    counts = {label: sum(r["label"] == label for r in split.train) for label in data.LABELS}
    assert min(counts.values()) > 0 and max(counts.values()) > 3 * min(counts.values())
    again = data.load_task("classificacao")
    assert [r["id"] for r in again.train] == [r["id"] for r in split.train]
    other = data.load_task("classificacao", seed=1)
    assert [r["id"] for r in other.train] != [r["id"] for r in split.train]


def test_n_train_is_a_stratified_subset(splits):
    small = data.load_task("classificacao", n_train=120)
    assert len(small.train) == 120 and small.val == splits["classificacao"].val
    assert {r["id"] for r in small.train} <= {r["id"] for r in splits["classificacao"].train}
    assert len({r["label"] for r in small.train}) == len(data.LABELS)


def test_no_personal_data_or_misspellings_left(splits):
    texts = [r["prompt"] + r["completion"] for s in splits.values() for r in s.train + s.val + s.test]
    assert not any("@" in t or data.anonymize(t)[1] for t in texts)
    assert not any(data.fix_spelling(t)[1] for t in texts)


def test_cleaning_report_counts_every_fault(splits):
    report = {step.name.split(" (")[0]: step for step in splits["resposta"].report}
    for name in ("duplicatas exatas", "quase duplicatas", "campos vazios", "textos truncados",
                 "longos demais para o contexto do modelo"):
        assert report[name].removed > 0, name
    for name in ("ortografia corrigida", "dados pessoais anonimizados", "espaços e Unicode padronizados"):
        assert report[name].changed > 0, name


def test_to_datasets(splits):
    datasets = splits["classificacao"].to_datasets()
    assert set(datasets) == {"train", "validation", "test"}
    assert datasets["train"].num_rows == len(splits["classificacao"].train)


def test_load_task_is_fast_and_does_not_touch_raw_files():
    digest = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (ROOT / "data" / "raw").iterdir()}
    data.tasks.prepared_records.cache_clear()
    start = time.process_time()  # CPU time: other jobs sharing the cores do not count
    data.load_task("classificacao")
    assert time.process_time() - start < 5  # about 1 s on an idle laptop core
    assert digest == {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in digest}


def test_unknown_task():
    with pytest.raises(ValueError, match="tarefa desconhecida"):
        data.load_task("traducao")


def test_raw_files_are_what_the_seeded_script_writes(tmp_path):
    subprocess.run([sys.executable, str(ROOT / "data" / "generate.py"), "--out", str(tmp_path)],
                   check=True, capture_output=True)
    for name in ("chamados.jsonl", "formulario_site.csv"):
        assert (tmp_path / name).read_bytes() == (ROOT / "data" / "raw" / name).read_bytes(), name


def test_statistics_with_a_tokenizer(splits):
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers

    tokenizer = Tokenizer(models.BPE(unk_token="<unk>"))
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    texts = [r["prompt"] + r["completion"] for r in splits["resposta"].train]
    tokenizer.train_from_iterator(texts, trainers.BpeTrainer(vocab_size=300, special_tokens=["<unk>"]))
    summary = data.describe(splits["resposta"].train, tokenizer, max_tokens=64)
    assert summary["n"] == len(splits["resposta"].train)
    assert 0 < summary["tokens_median"] <= summary["tokens_max"] and summary["over_context"] > 0
    table = data.length_table(splits["resposta"].train[:5], tokenizer)
    assert (table["total_tokens"] == table["prompt_tokens"] + table["completion_tokens"]).all()
    balance = data.label_balance(splits["classificacao"].train)
    assert balance["exemplos"].sum() == len(splits["classificacao"].train)
    top = balance["fração"].iloc[0]
    assert top.endswith("%") and float(top[:-1].replace(",", ".")) > 20


def test_general_text(tmp_path):
    lines = b'{"text": "Um texto.", "split": "test"}\n{"text": "Outro.", "split": "train"}\n'
    path = write(tmp_path, lines, "geral.jsonl")
    assert data.load_general_text("test", path=path) == ["Um texto."]
    assert data.load_general_text("train", path=path) == ["Outro."]


def test_data_card_numbers_match_the_code(splits):
    card = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    for task, split in splits.items():
        sizes = split.sizes()
        row = f"| {task} | {sum(sizes.values())} | {sizes['train']} | {sizes['val']} | {sizes['test']} |"
        assert row in card, row
    raw = data.load_raw_tickets()
    for name in ("chamados.jsonl", "formulario_site.csv"):
        count = sum(r["_source"].startswith(name + ":") for r in raw)
        assert f"| {count} |" in card.split(name)[1].split("\n")[0], name
    everything = [r for s in (splits["classificacao"],) for r in s.train + s.val + s.test]
    for label in data.LABELS:
        assert f"{label} {sum(r['label'] == label for r in everything)}" in card, label


def test_save_jsonl_round_trip_and_refuses_to_overwrite(tmp_path, splits):
    from ftlab.data.writers import save_jsonl

    path = save_jsonl(splits["resposta"].train[:5], tmp_path / "out" / "treino.jsonl")
    expected = [{k: r[k] for k in ("prompt", "completion")} for r in splits["resposta"].train[:5]]
    assert load_records(path) == expected
    before = path.read_bytes()
    with pytest.raises(DataError, match="já existe"):
        save_jsonl(splits["resposta"].train[:1], path)
    assert path.read_bytes() == before


def test_problem_survey_sees_raw_faults_and_none_after_cleaning():
    from ftlab.data.problems import count_problems

    raw = data.load_raw_tickets()
    before = count_problems(raw)
    assert all(n > 0 for n in before.values()), before
    clean, _ = data.clean_tickets(raw, "classificacao")
    after = count_problems(clean)
    assert all(n == 0 for name, n in after.items() if name != "resposta vazia"), after
    assert raw[0]["mensagem"] == data.load_raw_tickets()[0]["mensagem"]  # input records untouched


def test_plots_draw_without_a_display():
    import matplotlib

    matplotlib.use("Agg")
    from ftlab.data.plots import plot_lengths, plot_raw_overview

    figure = plot_raw_overview(data.load_raw_tickets())
    assert len(figure.axes) == 2 and len(figure.axes[0].patches) > 20
    assert plot_lengths([1, 2, 3], limit=2).get_legend() is not None


@pytest.fixture(scope="module")
def planted():
    """What data/generate.py corrupted on purpose, by record id (the generator's own record)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("generate", ROOT / "data" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    return generate.planted_defects()


# Planted defect -> the tasks whose cleaning must drop every record that has it.
DROPPED_FOR = {"longo": ("classificacao", "resposta"), "vazio:mensagem": ("classificacao", "resposta"),
               "vazio:categoria": ("classificacao",), "vazio:resposta": ("resposta",),
               "truncado": ("resposta",)}


@pytest.mark.parametrize("task", ["classificacao", "resposta"])
def test_cleaning_drops_every_planted_broken_record(planted, task):
    kept = {r["id"] for r in data.tasks.prepared_records(task)[0]}
    for defect, tasks in DROPPED_FOR.items():
        ids = {i for i, truth in planted.items() if defect in truth["defeitos"]}
        assert ids, defect  # the generator did plant it
        if task in tasks:
            assert not ids & kept, f"{defect}: {sorted(ids & kept)[:5]} sobreviveram à limpeza"


@pytest.mark.parametrize("task", ["classificacao", "resposta"])
def test_cleaning_leaves_none_of_the_planted_personal_data(planted, task):
    records = data.tasks.prepared_records(task)[0]
    checked = 0
    for record in records:
        for value in planted[record["id"]]["dados_pessoais"]:
            digits = "".join(ch for ch in value if ch.isdigit())
            text = record["prompt"] + record["completion"]
            assert value not in text, (record["id"], value)
            text_digits = "".join(ch for ch in text if ch.isdigit())
            assert not digits or digits not in text_digits, (record["id"], value)
            checked += 1
    assert checked > 50  # many planted values reached the cleaned data's source records


@pytest.mark.parametrize("task", ["classificacao", "resposta"])
@pytest.mark.parametrize("seed", [0, 1, 2, 7])
def test_train_val_and_test_share_no_phrasing(task, seed):
    splits = data.load_task(task, seed=seed)
    groups = {name: {r["grupo"] for r in getattr(splits, name)} for name in ("train", "val", "test")}
    assert not groups["train"] & groups["val"] and not groups["train"] & groups["test"]
    assert not groups["val"] & groups["test"]
    assert len(groups["val"]) >= 15 and len(groups["test"]) >= 20  # most themes are in both held-out sets
