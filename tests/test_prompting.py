"""ftlab.prompting: prompt building, chat template, demonstrations never from the test split, context
overflow, and reading answers (free generation with invalid answers, label scoring)."""

from __future__ import annotations

import copy
import random

import pytest

from ftlab.data import LABELS
from ftlab.prompting import (
    FORMATS,
    INSTRUCTIONS,
    VARIANTS,
    ContextFit,
    DemoLeakError,
    DemoSelector,
    PromptStyle,
    PromptTooLongError,
    build_prompt,
    check_fit,
    check_pool,
    context_size,
    count_tokens,
    generated_labels,
    labels_from_texts,
    message_of,
    scored_labels,
)


def record(i: int, message: str, label: str, grupo: str = "g") -> dict:
    return {"prompt": f"Mensagem: {message}\nCategoria:", "completion": f" {label}", "label": label,
            "id": f"CH-{i}", "grupo": f"{grupo}/{i}"}


TRAIN = [record(1, "minha internet caiu de novo", "conexão"),
         record(2, "quero a segunda via do boleto", "cobrança"),
         record(3, "a internet está lenta à noite", "conexão"),
         record(4, "adorei o atendimento", "elogio")]
TEST = [record(9, "a internet cai toda hora", "conexão", grupo="teste")]


@pytest.fixture(scope="module")
def tiny():
    from ftlab.models import load_model

    return load_model("tiny")


@pytest.fixture
def chat_tokenizer(tiny):
    """The tiny tokenizer with a small chat template (as instruction-tuned models have)."""
    tokenizer = copy.deepcopy(tiny[1])
    tokenizer.chat_template = ("{% for m in messages %}<{{ m['role'] }}>{{ m['content'] }}\n{% endfor %}"
                               "{% if add_generation_prompt %}<assistant>{% endif %}")
    return tokenizer


# ---------------------------------------------------------------- building


def test_message_of_reads_the_message_back():
    assert message_of(TRAIN[0]) == "minha internet caiu de novo"
    assert message_of({"mensagem": "oi", "label": "elogio"}) == "oi"


def test_zero_shot_lists_every_label_and_ends_with_the_cue():
    prompt = build_prompt("a internet caiu")
    assert all(label in prompt for label in LABELS)
    assert prompt.endswith("Mensagem: a internet caiu\nCategoria:")


@pytest.mark.parametrize("wording", list(INSTRUCTIONS))
@pytest.mark.parametrize("layout", list(FORMATS))
def test_few_shot_puts_demos_in_order_before_the_question(wording, layout):
    style = PromptStyle(wording, layout)
    prompt = build_prompt("a internet caiu", TRAIN[:2], LABELS, style)
    first, second = prompt.index(message_of(TRAIN[0])), prompt.index(message_of(TRAIN[1]))
    assert first < second < prompt.rindex("a internet caiu")
    assert prompt.count("conexão") >= 2 and " cobrança" in prompt  # each demo carries its answer
    assert prompt.rstrip().endswith(FORMATS[layout].question.format(message="a internet caiu").rstrip())


def test_no_instruction_is_demonstrations_only():
    prompt = build_prompt("oi", TRAIN[:1], LABELS, PromptStyle(wording=None))
    assert prompt.startswith("Mensagem: minha internet caiu de novo\nCategoria: conexão")


def test_variants_differ_in_wording():
    prompts = {build_prompt("oi", TRAIN[:1], LABELS, style) for style in VARIANTS.values()}
    assert len(prompts) == len(VARIANTS) >= 3


def test_unknown_wording_or_format_is_refused():
    with pytest.raises(ValueError, match="instrução desconhecida"):
        build_prompt("oi", style=PromptStyle(wording="nenhuma"))
    with pytest.raises(ValueError, match="formato desconhecido"):
        build_prompt("oi", style=PromptStyle(format="tabela"))


def test_plain_tokenizer_gets_plain_text(tiny):
    plain = build_prompt("oi", TRAIN[:1], LABELS)
    assert build_prompt("oi", TRAIN[:1], LABELS, PromptStyle(), tiny[1]) == plain


def test_chat_template_makes_a_conversation(chat_tokenizer):
    prompt = build_prompt("a internet caiu", TRAIN[:2], LABELS, PromptStyle(), chat_tokenizer)
    assert prompt.startswith("<system>Classifique")
    assert "<user>Mensagem: minha internet caiu de novo\nCategoria:\n<assistant>conexão\n" in prompt
    assert prompt.endswith("<user>Mensagem: a internet caiu\nCategoria:\n<assistant>")
    plain = build_prompt("a internet caiu", TRAIN[:2], LABELS, PromptStyle(chat=False), chat_tokenizer)
    assert "<system>" not in plain


def test_chat_template_without_system_role_gets_the_instruction_in_the_first_turn(chat_tokenizer):
    chat_tokenizer.chat_template = ("{% for m in messages %}{% if m['role'] == 'system' %}"
                                    "{{ raise_exception('no system') }}{% endif %}<{{ m['role'] }}>"
                                    "{{ m['content'] }}\n{% endfor %}<assistant>")
    prompt = build_prompt("oi", [], LABELS, PromptStyle(), chat_tokenizer)
    assert prompt.startswith("<user>Classifique") and prompt.endswith("Mensagem: oi\nCategoria:\n<assistant>")


# ---------------------------------------------------------------- demonstrations


def test_demos_never_come_from_the_test_split():
    for leak in (TEST[0], {**TRAIN[0], "id": TEST[0]["id"]}, {**TRAIN[0], "grupo": TEST[0]["grupo"]},
                 {**TRAIN[1], "prompt": TEST[0]["prompt"]}):
        with pytest.raises(DemoLeakError, match="conjunto de teste"):
            DemoSelector(TRAIN + [leak], TEST)
    check_pool(TRAIN, TEST)  # a clean pool passes quietly


def test_similar_demos_are_the_closest_messages_most_similar_last():
    selector = DemoSelector(TRAIN, TEST)
    demos = selector.similar("a internet caiu de novo", 2)
    assert [d["label"] for d in demos] == ["conexão", "conexão"]
    assert demos[-1] is TRAIN[0]
    assert selector.similar("oi", 0) == []


def test_random_demos_are_seeded_and_distinct():
    selector = DemoSelector(TRAIN, TEST)
    first = selector.choose("oi", 3, "aleatorios", random.Random(1))
    assert first == selector.choose("oi", 3, "aleatorios", random.Random(1))
    assert len({d["id"] for d in first}) == 3
    with pytest.raises(ValueError, match="seleção desconhecida"):
        selector.choose("oi", 1, "melhores", random.Random(0))


def test_course_split_demos_stay_in_train():
    from ftlab.data import load_task

    splits = load_task("classificacao", seed=0)
    selector = DemoSelector(splits.train, splits.test)
    test_ids = {r["id"] for r in splits.test}
    rng = random.Random(0)
    for r in splits.test[:20]:
        for how in ("aleatorios", "semelhantes"):
            assert not {d["id"] for d in selector.choose(message_of(r), 8, how, rng)} & test_ids


# ---------------------------------------------------------------- context


def test_context_size_and_token_count(tiny):
    model, tokenizer = tiny
    assert context_size(model, tokenizer) == model.config.max_position_embeddings
    from ftlab.train.collate import encode_prompt

    assert count_tokens(tokenizer, "Mensagem: oi") == len(encode_prompt(tokenizer, "Mensagem: oi"))


def test_a_prompt_that_fits(tiny):
    fit = check_fit(tiny[1], "Mensagem: oi\nCategoria:", context=256, strict=True)
    assert fit.fits and fit.excess == 0 and "Cabe" in fit.message()


def test_context_overflow_is_reported_in_portuguese(tiny):
    long_prompt = build_prompt("oi", TRAIN * 20, LABELS)
    fit = check_fit(tiny[1], long_prompt, context=256)
    assert not fit.fits and fit.excess == fit.prompt_tokens + fit.answer_tokens - 256
    assert "não cabe no contexto" in fit.message() and "256" in fit.message()
    with pytest.raises(PromptTooLongError, match="não cabe"):
        check_fit(tiny[1], long_prompt, context=256, strict=True)


def test_fit_counts_the_room_for_the_answer():
    assert ContextFit(252, 4, 256).fits and not ContextFit(253, 4, 256).fits


# ---------------------------------------------------------------- answers


@pytest.mark.parametrize(("text", "expected"), [
    (" conexão", "conexão"), ("Cobranca.", "cobrança"), ("  ELOGIO\nMensagem: outra", "elogio"),
    ("planos, acho", "planos"), ("\nconexão", "conexão"), ("", None), ("não sei", None), ("internet", None),
])
def test_generated_text_to_label(text, expected):
    assert labels_from_texts([text], LABELS) == [expected]


def test_invalid_answers_are_counted():
    from ftlab.evaluate.classification import invalid_rate

    answers = labels_from_texts(["conexão", "hmm", " planos", "Mensagem: oi"], LABELS)
    assert answers == ["conexão", None, "planos", None]
    assert invalid_rate(answers, LABELS) == 0.5


def test_answers_from_the_tiny_model(tiny):
    model, tokenizer = tiny
    prompts = [build_prompt(message_of(r), TRAIN[:2], LABELS, tokenizer=tokenizer) for r in TEST * 2]
    generated = generated_labels(model, tokenizer, prompts, LABELS, max_new_tokens=4)
    assert len(generated) == 2 and all(a is None or a in LABELS for a in generated)
    scored = scored_labels(model, tokenizer, prompts, LABELS)
    assert len(scored) == 2 and all(a in LABELS for a in scored)
