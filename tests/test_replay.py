"""Replay mixing (ftlab.train.replay) and the general text it draws from."""

from __future__ import annotations

import json

import pytest

from ftlab.data.general import load_general_text
from ftlab.train.replay import load_replay_pool, mix_replay, n_replay, replay_record, replay_token_share

TASK = [{"prompt": f"Mensagem: {i}\nCategoria:", "completion": " conexão"} for i in range(40)]
POOL = [f"parágrafo geral número {i} com algumas palavras" for i in range(50)]


def test_shipped_pool_never_holds_a_measuring_paragraph():
    pool, heldout = load_replay_pool(), load_general_text()
    assert len(pool) >= 250 and len(set(pool)) == len(pool)
    assert not set(pool) & set(heldout)


def test_pool_that_shares_a_heldout_paragraph_is_refused(tmp_path):
    general = tmp_path / "general"
    general.mkdir()
    (general / "heldout.jsonl").write_text(json.dumps({"text": "medida"}) + "\n", encoding="utf-8")
    lines = [json.dumps({"text": t}) for t in ("treino", "medida")]
    (general / "replay.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="heldout"):
        load_replay_pool(tmp_path)


@pytest.mark.parametrize(("n_task", "fraction", "expected"), [
    (40, 0.0, 0), (40, 0.25, 13), (40, 0.05, 2), (40, 0.01, 1), (300, 0.01, 3), (0, 0.25, 0),
])
def test_n_replay_is_the_share_of_the_mixed_set(n_task, fraction, expected):
    assert n_replay(n_task, fraction) == expected


@pytest.mark.parametrize("fraction", [-0.1, 1.0, 1.5])
def test_n_replay_rejects_impossible_fractions(fraction):
    with pytest.raises(ValueError, match="replay"):
        n_replay(10, fraction)


def test_zero_replay_leaves_the_training_set_alone():
    assert mix_replay(TASK, 0.0, seed=3, pool=POOL) == TASK


def test_mix_keeps_every_task_record_and_adds_general_text():
    mixed = mix_replay(TASK, 0.25, seed=0, pool=POOL)
    replayed = [r for r in mixed if r.get("source") == "replay"]
    assert len(mixed) == len(TASK) + len(replayed) and len(replayed) == n_replay(len(TASK), 0.25)
    kept = sorted(r["prompt"] for r in mixed if r.get("source") != "replay")
    assert kept == sorted(r["prompt"] for r in TASK)
    assert all(r["prompt"] == "" and r["completion"] in POOL for r in replayed)
    assert mixed != TASK + replayed  # shuffled in, not appended


def test_mix_is_seeded():
    assert mix_replay(TASK, 0.25, seed=1, pool=POOL) == mix_replay(TASK, 0.25, seed=1, pool=POOL)
    assert mix_replay(TASK, 0.25, seed=1, pool=POOL) != mix_replay(TASK, 0.25, seed=2, pool=POOL)


def test_replayed_text_is_trained_on_whole(tokenizer):
    from ftlab.train.collate import IGNORE_INDEX, encode_example

    record = replay_record("um texto geral qualquer")
    example = encode_example(tokenizer, record["prompt"], record["completion"], 64)
    scored = [label for label in example["labels"] if label != IGNORE_INDEX]
    assert len(scored) == len(example["input_ids"]) - 1  # everything but the bos token


def test_token_share_counts_completion_tokens(tokenizer):
    records = [{"prompt": "p", "completion": "a b"}, replay_record("a b")]
    assert replay_token_share(records, tokenizer) == pytest.approx(0.5)
    assert replay_token_share(TASK[:2], tokenizer) == 0.0
