"""The data-quality report (each warning, and the verdict), cleaning and the seeded split of own data.

Taught in notebooks/08_seu_projeto.
"""

from __future__ import annotations

import random

import pytest

from ftlab.data.own import clean_examples, split_examples
from ftlab.data.quality import quality_report
from ftlab.data.tasks import Splits

SYLLABLES = "ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo fu la le li lo lu ma mi mo mu".split()


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def examples(n: int = 150, labels=("alfa", "beta", "gama"), seed: int = 0) -> list[dict]:
    """n classification examples with unrelated random texts (no duplicates, no personal data)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        text = " ".join(word(rng) for _ in range(8))
        label = labels[i % len(labels)]
        out.append({"prompt": f"Texto: {text}\nCategoria:", "completion": f" {label}", "label": label})
    return out


def generation(n: int = 150) -> list[dict]:
    return [{"prompt": e["prompt"].replace("Categoria", "Resposta"), "completion": " " + e["prompt"][7:30]}
            for e in examples(n)]


@pytest.fixture(scope="module")
def tokenizer():
    from transformers import AutoTokenizer

    from ftlab.models import TINY_DIR

    return AutoTokenizer.from_pretrained(str(TINY_DIR))


def with_copies(data):
    return data + [dict(data[0]), dict(data[1])]


def with_conflict(data):
    return data + [{**data[0], "completion": " beta", "label": "beta"}]


def with_near(data):
    return data + [{**data[0], "prompt": data[0]["prompt"].replace("Texto: ", "Texto: ").upper()[:-1] + "!"}]


def with_pii(data):
    pii = {**data[10], "prompt": "Texto: meu CPF é 123.456.789-09, e-mail ana@exemplo.com\nCategoria:"}
    return data[:10] + [pii] + data[11:]


def with_imbalance(data):
    return data + [{**e, "label": "alfa", "completion": " alfa"} for e in examples(200, ("alfa",), seed=5)]


def with_rare_label(data):
    return data + [{**e, "label": "delta", "completion": " delta"} for e in examples(3, ("delta",), seed=7)]


def with_spellings(data):
    return data + [{**e, "label": "Alfa", "completion": " Alfa"} for e in examples(2, ("Alfa",), seed=9)]


# check key -> (how to spoil clean data, expected level)
SPOILERS = {
    "duplicatas": (with_copies, "aviso"),
    "contraditorios": (with_conflict, "problema"),
    "quase_duplicatas": (with_near, "aviso"),
    "dados_pessoais": (with_pii, "problema"),
    "balanceamento": (with_imbalance, "aviso"),
    "poucos_por_rotulo": (with_rare_label, "aviso"),
    "grafias_rotulo": (with_spellings, "aviso"),
}


def test_clean_data_passes_every_check(tokenizer):
    report = quality_report(examples(), tokenizer=tokenizer)
    assert {c.level for c in report} == {"ok"}, str(report)
    assert "passaram" in report.verdict


@pytest.mark.parametrize("key", sorted(SPOILERS))
def test_each_warning_fires_on_its_defect_only(tokenizer, key):
    spoil, level = SPOILERS[key]
    report = quality_report(spoil(examples()), tokenizer=tokenizer)
    assert report.check(key).level == level, str(report)
    others = {c.key for c in report if c.level != "ok"} - {key, "balanceamento"}
    assert others == set(), str(report)


@pytest.mark.parametrize(("n", "level"), [(30, "problema"), (99, "problema"), (100, "ok"), (1500, "ok")])
def test_size_against_the_lessons_range(n, level):
    assert quality_report(examples(n)).check("tamanho").level == level


def test_lengths_in_model_tokens_against_its_context(tokenizer):
    data = examples()
    data[3] = {**data[3], "prompt": "Texto: " + " ".join(["palavra"] * 800) + "\nCategoria:"}
    check = quality_report(data, tokenizer=tokenizer).check("comprimento")
    context = tokenizer.model_max_length  # the tiny model's 512
    assert check.level == "problema" and "1 de 150" in check.finding and str(context) in check.finding
    small = quality_report(examples(), tokenizer=tokenizer, context=10).check("comprimento")
    assert small.level == "problema" and "150 de 150" in small.finding
    assert quality_report(examples()).check("comprimento").level == "aviso"  # no tokenizer: characters only


def test_train_test_overlap_is_a_problem():
    data = examples()
    leaky = Splits("classificacao", data[:100], data[100:120], data[120:] + [dict(data[0])])
    check = quality_report(leaky).check("sobreposicao")
    assert check.level == "problema" and "1 de 31" in check.finding
    clean = Splits("classificacao", data[:100], data[100:120], data[120:])
    assert quality_report(clean).check("sobreposicao").level == "ok"


def test_generation_data_skips_label_checks_and_tolerates_varied_answers():
    data = generation()
    report = quality_report(data + [{**data[0], "completion": " outra resposta"}])
    assert report.check("balanceamento") is None and report.check("contraditorios").level == "aviso"


def test_verdict_names_the_most_urgent_problem_first(tokenizer):
    report = quality_report(with_pii(with_conflict(with_copies(examples(50)))), tokenizer=tokenizer)
    assert report.verdict.startswith("Ainda não treine: corrija primeiro dados pessoais")
    for title in ("mesma entrada", "quantidade de exemplos", "duplicatas exatas"):
        assert title in report.verdict
    assert "Dá para treinar" in quality_report(with_copies(examples())).verdict
    assert "<table>" in report._repr_html_() and len(report.to_frame()) == len(report)


def test_cleaning_fixes_what_the_report_found(tokenizer):
    dirty = with_spellings(with_pii(with_near(with_copies(examples()))))
    before = [dict(e) for e in dirty]
    clean, steps = clean_examples(dirty, tokenizer=tokenizer)
    assert dirty == before  # the input is not modified
    report = quality_report(clean, tokenizer=tokenizer)
    assert {c.level for c in report} == {"ok"}, str(report)
    assert {e["label"] for e in clean} == {"alfa", "beta", "gama"}
    assert all(e["completion"] == " " + e["label"] for e in clean)
    assert any("[CPF]" in e["prompt"] and "[EMAIL]" in e["prompt"] for e in clean)
    assert [s.removed for s in steps if "duplicatas" in s.name] == [2, 1]


def test_cleaning_drops_examples_that_do_not_fit_the_context(tokenizer):
    data = examples()
    data[5] = {**data[5], "prompt": "Texto: " + " ".join(["palavra"] * 800) + "\nCategoria:"}
    clean, steps = clean_examples(data, tokenizer=tokenizer)
    assert len(clean) == 149 and steps[-1].removed == 1 and "tokens" in steps[-1].examples[0][1]


def test_split_returns_the_course_splits_seeded_and_stratified():
    data = examples(200, ("alfa", "beta", "gama", "delta"))
    splits = split_examples(data, seed=3)
    assert isinstance(splits, Splits) and splits.task == "classificacao"
    assert sum(splits.sizes().values()) == 200
    prompts = [set(e["prompt"] for e in part) for part in (splits.train, splits.val, splits.test)]
    assert not (prompts[0] & prompts[1] or prompts[0] & prompts[2] or prompts[1] & prompts[2])
    assert {e["label"] for e in splits.test} == {"alfa", "beta", "gama", "delta"}
    assert split_examples(data, seed=3).test == splits.test
    assert split_examples(data, seed=4).test != splits.test
    assert split_examples(generation()).task == "resposta"


def test_split_of_few_examples_with_rare_labels_still_has_every_part():
    data = examples(12, ("a", "b", "c", "d", "e", "f"))  # two per label: stratified shares round to zero
    splits = split_examples(data, seed=0)
    assert all(splits.sizes().values()) and sum(splits.sizes().values()) == 12


def test_too_few_examples_to_split_is_a_portuguese_error():
    from ftlab.data.errors import DataError

    with pytest.raises(DataError, match="pelo menos 10"):
        split_examples(examples(6))
