"""ftlab.evaluate.human and ftlab.widgets.HumanEvalPanel: statistics by hand, the append-only file."""

from __future__ import annotations

import csv

import pytest

from ftlab.evaluate import human
from ftlab.evaluate.bootstrap import EvaluationError
from ftlab.widgets.human_eval import HumanEvalPanel, file_name

ITEMS = [{"pergunta": f"pergunta {i}", "base": "resposta curta", "ajustado": f"resposta longa número {i} ok"}
         for i in range(5)]


def row(rater, item, left, choice, repeat=False, words_left=3, words_right=5):
    right = "ajustado" if left == "base" else "base"
    return {"avaliador": rater, "item": str(item), "repeticao": repeat, "esquerda": left, "direita": right,
            "escolha": choice, "palavras_esquerda": words_left, "palavras_direita": words_right,
            "segundos": 2.0}


def test_plan_is_seeded_covers_every_item_and_repeats_some():
    plan = human.plan_items(6, seed=1, repeats=2)
    assert plan == human.plan_items(6, seed=1, repeats=2) != human.plan_items(6, seed=2, repeats=2)
    assert sorted(i for i, repeat, _ in plan if not repeat) == list(range(6))
    assert sum(repeat for _, repeat, _ in plan) == 2
    assert {a_left for _, _, a_left in human.plan_items(40, seed=0)} == {True, False}


def test_ratings_file_is_appended_never_rewritten(tmp_path):
    path = tmp_path / "ana.csv"
    human.append_rating(path, {"avaliador": "ana", "item": 1, "escolha": "empate"})
    human.append_rating(path, {"avaliador": "ana", "item": 2, "escolha": "direita"})
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(human.COLUMNS) and len(lines) == 3
    human.append_rating(tmp_path / "bia.csv", {"avaliador": "bia", "item": 1, "escolha": "esquerda"})
    merged = human.load_ratings(tmp_path)
    assert [(r["avaliador"], r["item"]) for r in merged] == [("ana", "1"), ("ana", "2"), ("bia", "1")]


def test_outcome_removes_the_sides():
    assert human.outcome(row("a", 1, "base", "esquerda")) == "base"
    assert human.outcome(row("a", 1, "ajustado", "esquerda")) == "ajustado"
    assert human.outcome(row("a", 1, "ajustado", "direita")) == "base"
    assert human.outcome(row("a", 1, "base", "empate")) == "empate"


def test_wilson_and_sign_test_by_hand():
    low, high = human.wilson(8, 10)  # textbook value for 8/10: [0.490, 0.943]
    assert (round(low, 3), round(high, 3)) == (0.490, 0.943)
    assert human.sign_test(9, 1) == pytest.approx(2 * 11 / 1024)
    assert human.sign_test(5, 5) == 1.0 and human.sign_test(0, 0) == 1.0


def test_cohen_and_fleiss_kappa_by_hand():
    # two raters, 10 items: agree on 8; each says x 6 times and y 4 times
    first = list("xxxxxxyyyy")
    second = list("xxxxxyyyyx")
    observed, expected = 0.8, (6 * 6 + 4 * 4) / 100
    assert human.cohen_kappa(first, second) == pytest.approx((observed - expected) / (1 - expected))
    # Fleiss (1971) worked example from Wikipedia: 10 items, 14 raters, 5 categories -> 0.210
    table = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
             [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]]
    assert human.fleiss_kappa(table) == pytest.approx(0.210, abs=0.001)
    assert human.fleiss_kappa([[1, 1], [2]]) is None


def test_summary_of_two_raters_by_hand():
    ratings = [row("ana", 0, "base", "direita"), row("ana", 1, "ajustado", "esquerda"),
               row("ana", 2, "base", "esquerda", words_left=9, words_right=2),
               row("ana", 3, "base", "empate"),
               row("bia", 0, "ajustado", "esquerda"), row("bia", 1, "base", "esquerda"),
               row("bia", 2, "base", "esquerda"), row("bia", 3, "ajustado", "ambas ruins"),
               row("ana", 0, "ajustado", "direita", repeat=True),  # flips: now base wins item 0
               row("bia", 1, "ajustado", "esquerda", repeat=True)]  # bia's first for item 1 was base
    summary = human.summarize(ratings, "base", "ajustado")
    # first ratings: ajustado wins ana 0, ana 1, bia 0; base wins ana 2, bia 1, bia 2
    assert summary["vitórias de ajustado"] == 3 and summary["vitórias de base"] == 3
    assert summary["empates"] == 1 and summary["ambas ruins"] == 1
    assert summary["taxa de vitória de ajustado"] == pytest.approx((3 + 1) / 8)
    low, high = summary["IC 95% (Wilson)"]
    assert low < 0.5 < high and summary["teste do sinal (p)"] == 1.0
    assert summary["esquerda vence (viés de posição)"] == pytest.approx(5 / 6)
    # ana 0..3 outcomes: ajustado, ajustado, base, empate; bia: ajustado, base, base, ambas ruins
    assert summary["concordância"] == "kappa de Cohen" and summary["itens em comum"] == 4
    expected = (2 / 4 - (2 * 1 + 1 * 2) / 16) / (1 - 4 / 16)
    assert summary["kappa"] == pytest.approx(expected)
    assert summary["troca de opinião por avaliador"] == {"ana": 1.0, "bia": 1.0}
    assert summary["correlação preferência x comprimento"] is not None
    assert "valor" in human.summary_table(summary).columns


def test_summary_refuses_without_ratings():
    with pytest.raises(EvaluationError, match="nenhuma avaliação"):
        human.summarize([], "base", "ajustado")


def test_panel_records_blind_choices_and_appends_across_sessions(tmp_path):
    panel = HumanEvalPanel(ITEMS, folder=tmp_path, seed=3, repeats=1)
    assert not panel.choose("esquerda") and "nome" in panel.feedback.value  # no rater name yet
    panel.rater.value = "Ana Lima"
    left, right = panel.sides()
    assert panel.left.value.count("Resposta A") == 1 and ITEMS[panel.plan[0][0]][left] in panel.left.value
    assert panel.choose("direita", "  mais completa ")
    saved = list(csv.DictReader((tmp_path / "ana-lima.csv").open(encoding="utf-8")))
    assert (saved[0]["esquerda"], saved[0]["direita"], saved[0]["escolha"]) == (left, right, "direita")
    assert saved[0]["comentario"] == "mais completa" and saved[0]["semente"] == "3"
    assert panel.answer_with(lambda question, a, b: "esquerda" if len(a) > len(b) else "direita") == 5
    assert panel.done and all(button.disabled for button in panel.buttons)
    assert "taxa de vitória" in panel.feedback.value
    again = HumanEvalPanel(ITEMS, folder=tmp_path, seed=3, repeats=1, rater="Ana Lima")
    again.answer_with(lambda *_: "empate")
    ratings = human.load_ratings(tmp_path)
    assert len(ratings) == 12 and sum(r["repeticao"] for r in ratings) == 2
    # the first click went to whichever system sat on the right; the rule then always picked ajustado
    wins = human.summarize(ratings, "base", "ajustado")["vitórias de ajustado"]
    assert wins == 4 + (right == "ajustado")


def test_panel_rejects_unknown_choices_and_names_files_safely(tmp_path):
    panel = HumanEvalPanel(ITEMS, folder=tmp_path, rater="x")
    with pytest.raises(ValueError, match="escolha desconhecida"):
        panel.choose("talvez")
    assert file_name("  Zé / da Silva ") == "z-da-silva.csv" and file_name("") == "avaliador.csv"
