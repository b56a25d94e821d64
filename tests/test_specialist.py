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
