"""ReplayPanel (ftlab.widgets.replay_panel): a click trains one replay run and adds it to plot and table.

The training itself is replaced by a fake here (the real run is what notebook 05 executes).
"""

from __future__ import annotations

import pandas as pd

from ftlab.experiments import pitfalls
from ftlab.widgets import ReplayPanel
from ftlab.widgets.replay_panel import FRACTIONS, rows_html

RUNS = (("completo", 1e-3, 0.0), ("LoRA", 1e-2, 0.0), ("completo + replay 25%", 1e-3, 0.25))


def fake_result():
    rows = [{"método": m, "lr": lr, "replay": rep, "época": e, "geral": 1.4 + f, "domínio": 2.7 - g,
             "ganho no domínio": g, "esquecimento": f}
            for m, lr, rep in RUNS for e, g, f in ((1, 0.5, 0.1), (2, 1.0, 0.2))]
    return pitfalls.ForgettingResult({"geral": 1.4, "domínio": 2.7}, pd.DataFrame(rows))


def test_a_click_trains_with_the_slider_fraction(monkeypatch):
    calls = []

    def fake_run(fraction, **kwargs):
        calls.append((fraction, kwargs["base"]))
        return {"método": f"replay {100 * fraction:g}%", "lr": 1e-3, "replay": fraction, "época": 2,
                "geral": 1.45, "domínio": 1.9, "ganho no domínio": 0.8, "esquecimento": 0.05}

    monkeypatch.setattr(pitfalls, "replay_run", fake_run)
    panel = ReplayPanel(fake_result(), budget="ci")
    first_png = panel.plot.value
    panel.slider.value = 0.25
    assert panel.on_train()
    row = panel.wait(30)
    assert calls == [(0.25, {"geral": 1.4, "domínio": 2.7})]
    assert row["replay"] == 0.25 and "replay 25%" in panel.table.value and "25%" in panel.message.value
    assert panel.plot.value != first_png and not panel.train_button.disabled


def test_a_failed_run_is_a_sentence(monkeypatch):
    def broken(fraction, **kwargs):
        raise RuntimeError("sem memória")

    monkeypatch.setattr(pitfalls, "replay_run", broken)
    panel = ReplayPanel(fake_result(), budget="ci")
    panel.on_train()
    panel.wait(30)
    assert "falhou" in panel.message.value and "sem memória" in panel.message.value
    assert not panel.slider.disabled


def test_slider_offers_the_issue_fractions_and_the_empty_table_says_what_to_do():
    assert {0.0, 0.01, 0.05, 0.25} <= set(FRACTIONS)
    assert "Treinar" in rows_html([])
