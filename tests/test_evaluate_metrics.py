"""ftlab.evaluate's metrics against hand-computed values, and every bad input's pt-BR message."""

from __future__ import annotations

import math

import pytest

from ftlab.evaluate.bootstrap import EvaluationError
from ftlab.evaluate.classification import (
    INVALID,
    classification_intervals,
    classification_metrics,
    parse_label,
    weakest_class,
)
from ftlab.evaluate.company import company_voice, extract_facts, fact_scores, voice_scores
from ftlab.evaluate.generation import generation_intervals, generation_metrics, likelihood_summary
from ftlab.evaluate.leakage import LeakageError, check_leakage, leakage_report
from ftlab.evaluate.ngram import BigramModel

LABELS = ["a", "b", "c"]


def test_per_class_macro_and_micro_by_hand():
    y_true = ["a", "a", "a", "b", "b", "c"]
    y_pred = ["a", "a", "b", "b", "c", "c"]
    report = classification_metrics(y_true, y_pred, LABELS)
    rows = {row["categoria"]: row for row in report["per_class"]}
    # a: tp 2 of 2 predicted, 3 true; b: 1 of 2, 2 true; c: 1 of 2, 1 true
    assert (rows["a"]["precisão"], rows["a"]["revocação"]) == (1.0, pytest.approx(2 / 3))
    assert (rows["b"]["precisão"], rows["b"]["revocação"], rows["b"]["f1"]) == (0.5, 0.5, 0.5)
    assert (rows["c"]["precisão"], rows["c"]["revocação"], rows["c"]["suporte"]) == (0.5, 1.0, 1)
    assert report["precision_macro"] == pytest.approx(2 / 3)
    assert report["recall_macro"] == pytest.approx((2 / 3 + 0.5 + 1) / 3)
    assert report["f1_macro"] == pytest.approx((0.8 + 0.5 + 2 / 3) / 3)
    # every answer valid: micro precision = micro recall = micro F1 = accuracy
    assert report["f1_micro"] == report["precision_micro"] == report["recall_micro"] == report["accuracy"]
    assert report["accuracy"] == pytest.approx(4 / 6) and report["invalid_rate"] == 0
    assert report["confusion_matrix"] == [[2, 1, 0], [0, 1, 1], [0, 0, 1]]
    assert weakest_class(report) == "b"


def test_invalid_answers_count_as_wrong_and_get_their_own_column():
    y_true, y_pred = ["a", "a", "b", "c"], ["a", "talvez", None, "c"]
    report = classification_metrics(y_true, y_pred, LABELS)
    assert report["accuracy"] == 0.5 and report["invalid_rate"] == 0.5
    assert report["precision_micro"] == 1.0 and report["recall_micro"] == 0.5  # 2 right of 2 valid, of 4
    assert report["f1_micro"] == pytest.approx(2 / 3) != report["accuracy"]
    assert report["confusion_matrix"] == [[1, 0, 0, 1], [0, 0, 0, 1], [0, 0, 1, 0]]
    assert INVALID == "(inválida)"


@pytest.mark.parametrize(("answer", "label"), [
    (" conexão", "conexão"), ("Cobrança.", "cobrança"), (" financeiro\n", "cobrança"),
    ("planos e mais", "planos"), ("não sei", None), ("", None), (None, None),
])
def test_parse_label_reads_the_first_word(answer, label):
    from ftlab.data import LABELS as COURSE_LABELS

    assert parse_label(answer, COURSE_LABELS) == label


def test_classification_intervals_contain_the_value():
    y_true = ["a"] * 10 + ["b"] * 6 + ["c"] * 4
    y_pred = ["a"] * 8 + ["b"] * 2 + ["b"] * 5 + ["c"] + ["c"] * 3 + ["a"]
    table = classification_intervals(y_true, y_pred, LABELS, n_resamples=200)
    assert table.loc["acurácia", "valor"] == pytest.approx(0.8)
    assert (table["IC 95% de"] <= table["valor"]).all() and (table["valor"] <= table["IC 95% até"]).all()
    assert table.loc["F1 micro", "valor"] == table.loc["acurácia", "valor"]


@pytest.mark.parametrize(("y_true", "y_pred", "message"), [
    (["a", "b"], ["a"], "1 previsões para 2 referências"),
    ([], [], "lista vazia"),
    (["a", "zebra"], ["a", "a"], "rótulo desconhecido nas referências: 'zebra'"),
])
def test_classification_bad_inputs(y_true, y_pred, message):
    with pytest.raises(EvaluationError, match=message):
        classification_metrics(y_true, y_pred, LABELS)


def test_small_test_set_is_refused_for_intervals():
    with pytest.raises(EvaluationError, match="pelo menos 10"):
        classification_intervals(["a"] * 5, ["a"] * 5, LABELS)


OPENING, CLOSING = "Olá! Obrigada por falar com a NuvemNet.", "Estamos sempre por aqui!"


def answer(body: str) -> str:
    return f"{OPENING} {body} {CLOSING}"


def test_company_voice_is_the_shared_opening_and_closing_not_just_ola():
    train = [answer("O plano custa R$ 89,90."), answer("A visita é em até 48 horas."),
             answer("Trocamos o roteador."), "Olá! Tudo certo."]  # 3 of 4 share the full voice
    voice = company_voice(train, share=0.7)
    assert (voice.opening, voice.closing) == (OPENING, CLOSING)
    answers = [answer("x"), "Olá! Resolvido. Estamos sempre por aqui!", f"{OPENING} só isso."]
    assert voice_scores(answers, voice) == pytest.approx(
        {"abertura": 2 / 3, "fechamento": 2 / 3, "voz (abertura e fechamento)": 1 / 3})


def test_facts_are_typed_and_normalised():
    text = ("O Nuvem 600 tem 600 Mega por R$119,90; visita em até 48 horas, instalação em 3 dias úteis, "
            "juros 2%.")
    assert extract_facts(text) == {("plano", "nuvem 600"), ("velocidade", "600 mega"), ("preço", "r$ 119,90"),
                                   ("prazo", "48 horas"), ("prazo", "3 dias úteis"), ("percentual", "2%")}


def test_fact_precision_and_recall_punish_wrong_facts():
    reference = "O Nuvem 300 custa R$ 89,90 e a instalação leva 3 dias úteis."
    right = "Nuvem 300 por R$ 89,90."  # 2 facts, both right: precision 1, recall 2/3
    wrong = "Nuvem 600 por R$ 119,90, em 3 dias úteis."  # 3 facts, 1 right: precision 1/3, recall 1/3
    assert fact_scores([right], [reference]) == pytest.approx(
        {"precisão": 1.0, "revocação": 2 / 3, "f1": 0.8, "citados": 2, "corretos": 2, "esperados": 3})
    scores = fact_scores([wrong], [reference])
    assert (scores["precisão"], scores["revocação"]) == pytest.approx((1 / 3, 1 / 3))
    pooled = fact_scores([right, wrong], [reference, reference])
    assert (pooled["corretos"], pooled["citados"], pooled["esperados"]) == (3, 5, 6)
    assert fact_scores(["nada"], ["nada"])["precisão"] == 0.0
    assert fact_scores([right], [reference], kind="preço")["precisão"] == 1.0
    with pytest.raises(EvaluationError, match="2 respostas para 1 referências"):
        fact_scores([right, wrong], [reference])


def test_generation_metrics_match_sacrebleu_and_print_the_signature():
    import sacrebleu

    references = [f"o técnico vai até a sua casa em {n} dias úteis" for n in range(12)]
    predictions = [f"o técnico vem a sua casa em {n} dias" for n in range(12)]
    metrics = generation_metrics(predictions, references)
    assert metrics["BLEU"] == pytest.approx(sacrebleu.corpus_bleu(predictions, [references]).score)
    assert metrics["chrF"] == pytest.approx(sacrebleu.corpus_chrf(predictions, [references]).score)
    assert metrics["assinatura BLEU"].startswith("nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp")
    # ROUGE-1 by hand: 8 of the 9 predicted words are in the 11-word reference; ROUGE-2: 6 of 8 bigrams
    # (of the reference's 10); F = 2 * matches / (predicted + reference)
    assert metrics["ROUGE-1"] == pytest.approx(100 * 2 * 8 / (9 + 11))
    assert metrics["ROUGE-2"] == pytest.approx(100 * 2 * 6 / (8 + 10))
    table = generation_intervals(predictions + references, references + references, n_resamples=200)
    assert table.loc["BLEU", "valor"] == pytest.approx(
        sacrebleu.corpus_bleu(predictions + references, [references + references]).score, abs=0.01)
    assert (table["IC 95% de"] <= table["valor"]).all()


def test_generation_bad_inputs():
    with pytest.raises(EvaluationError, match="2 previsões para 1 referências"):
        generation_metrics(["a", "b"], ["a"])
    with pytest.raises(EvaluationError, match="lista vazia"):
        generation_metrics([], [])


def test_bits_per_byte_by_hand():
    summary = likelihood_summary(nats=10 * math.log(2), tokens=5, n_bytes=20)
    assert summary["bits por byte"] == pytest.approx(0.5)
    assert summary["perplexidade (por token)"] == pytest.approx(4.0)  # 2 bits per token
    assert summary["bytes por token"] == 4


def test_bigram_model_is_a_probability_distribution():
    model = BigramModel(list).fit(["abba", "abab"])
    units = ["a", "b", "<fim>"]
    for previous in ["<fim>", "a", "b"]:
        assert sum(model.probability(previous, u) for u in units) == pytest.approx(
            1 - model.weight * model.unigram_probability("?") / (model.context[previous] + model.weight))
    nats, count = model.nats("ab")
    assert count == 3 and nats > 0


def planted():
    train = [f"Mensagem: cliente {i} pede ajuda com o boleto número {i} hoje cedo\nCategoria:"
             for i in range(30)]
    test = ["Mensagem: minha internet caiu agora\nCategoria:",
            train[4],  # exact copy
            train[7].replace("hoje", "ontem"),  # one word changed
            "Mensagem: escrevo de novo: cliente 9 pede ajuda com o boleto número 9 hoje cedo\nCategoria:"]
    return train, test


def test_leakage_check_finds_planted_duplicates():
    train, test = planted()
    report = leakage_report(train, test)
    assert report.exact == [(1, 4)]
    assert [(i, j) for i, j, _ in report.near] == [(2, 7)]
    assert [i for i, _ in report.ngram] == [3]
    assert report.leaked() == [1, 2, 3] and not report.clean


def test_leakage_check_refuses_naming_examples_and_can_be_overridden(capsys):
    train, test = planted()
    with pytest.raises(LeakageError, match="3 de 4 exemplos de teste") as caught:
        check_leakage(train, test)
    assert "teste #1 é idêntico ao treino #4" in str(caught.value)
    assert "allow_leakage=True" in str(caught.value)
    report = check_leakage(train, test, allow_leakage=True)
    assert report.leaked() == [1, 2, 3] and "AVISO" in capsys.readouterr().out
    assert check_leakage(train, test[:1]).clean
