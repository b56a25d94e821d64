"""Notebook 01's claims, asserted: with a seeded budget the specialist beats the base model on every measure.

The notebook builds its sentences from the measured table; this test makes sure the lesson's three
promises (performance, tone, new knowledge) actually hold on the shipped model and data.
"""

import pytest

from ftlab.experiments.specialist import base_vs_specialist

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def comparison():
    return base_vs_specialist("tiny", budget="teste", seed=0)


def test_the_specialist_beats_the_base_model_on_each_measure(comparison):
    table = comparison.table
    for measure in table.index:
        base, tuned = table.loc[measure, "modelo base"], table.loc[measure, "especialista"]
        assert tuned > base, f"{measure}: base {base} vs especialista {tuned}"


def test_the_voice_measured_is_the_full_signature(comparison):
    voice = comparison.voice
    assert voice.opening.startswith("Olá!") and len(voice.opening.split()) > 3  # not just "Olá!"
    assert voice.closing and voice.closing.endswith("!")


def test_the_side_by_side_shows_a_price_when_the_test_sample_has_one(comparison):
    assert comparison.examples["resposta de referência"].str.contains(r"R\$ ?\d").any()


def test_showcase_indices_bring_the_first_priced_answer_in_and_keep_sample_order():
    from ftlab.experiments.specialist import showcase_indices

    records = [{"completion": text} for text in
               ("Reinicie o modem.", "Abrimos um chamado.", "Em até 48 horas.",
                "O Nuvem 600 sai a R$ 119,90.",
                "O Nuvem Giga custa R$ 169,90.")]
    assert showcase_indices(records, 3) == [0, 1, 3]
    assert showcase_indices(records[:3], 3) == [0, 1, 2]  # no price in the sample: the first ones
    assert showcase_indices(records, 1) == [3]
