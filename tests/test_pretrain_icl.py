"""Tests of the in-context episodes and the continued pre-training (ftlab.pretrain.episodes/continued)."""

from __future__ import annotations

import random

import pytest

from ftlab.pretrain.corpus import Document
from ftlab.pretrain.episodes import EpisodeBuilder, episode_tokens, module_key, module_names

WORDS = ("planilha célula fórmula tabela gráfico coluna linha valor soma média "
         "pacote servidor rede arquivo comando usuário sistema kernel memória processo "
         "desenho figura slide apresentação macro função biblioteca janela texto parágrafo").split()


def synthetic_docs(n_docs: int = 24, paragraphs: int = 8) -> list[Document]:
    """Documents shaped like the corpus: a title, then paragraphs sharing the document's words."""
    rng, docs = random.Random(0), []
    paths = ("libreoffice-help-pt-br/text/scalc/guide/p{}.html",
             "libreoffice-help-pt-br/text/swriter/p{}.html",
             "manpages-pt-br/cmd{}.1.gz", "manpages-pt-br-dev/fn{}.3.gz", "debian-handbook/sect.x{}.html")
    for i in range(n_docs):
        own = rng.sample(WORDS, 4)
        body = [" ".join(rng.choice(own + WORDS) for _ in range(rng.randint(8, 30))) + "."
                for _ in range(paragraphs)]
        source = paths[i % len(paths)].split("/")[0]
        docs.append(Document(paths[i % len(paths)].format(i), source, [f"Título {own[0]}", *body]))
    return docs


@pytest.fixture(scope="module")
def builder():
    return EpisodeBuilder(synthetic_docs())


def test_module_keys_come_from_the_corpus_structure():
    def key(doc_id, source):
        return module_key(Document(doc_id, source, ["x"]))

    assert key("libreoffice-help-pt-br/text/scalc/guide/a.html", "libreoffice-help-pt-br") == "scalc"
    assert key("manpages-pt-br-dev/wmemcmp.3.gz", "manpages-pt-br-dev") == "man3"
    assert key("manpages-pt-br/ls.1.gz", "manpages-pt-br") == "man1"
    assert key("debian-handbook/sect.apt-get.html", "debian-handbook") == "handbook"
    assert "planilha" in module_names("scalc")


def test_every_episode_ends_with_a_label_and_labels_are_flagged(builder):
    from transformers import PreTrainedTokenizerFast

    from ftlab.models.architecture import TINY_DIR

    tokenizer = PreTrainedTokenizerFast.from_pretrained(TINY_DIR)
    rng = random.Random(1)
    for _ in range(200):
        pieces = builder.episode(rng)
        assert pieces[-1][1] and pieces[-1][0].startswith(" ")
        ids, flags = episode_tokens(tokenizer, pieces)
        assert len(ids) == len(flags)
        assert ids[0] == tokenizer.bos_token_id and ids[-1] == tokenizer.eos_token_id and flags[-1]
        label_ids = [i for i, f in zip(ids, flags, strict=True) if f]
        labelled = tokenizer.decode(label_ids, skip_special_tokens=True)
        assert labelled.split() == " ".join(text for text, is_label in pieces if is_label).split()


def test_keyword_labels_share_a_stem_with_their_snippets(builder):
    rng = random.Random(2)
    for _ in range(50):
        for label, items in builder.keyword_classes(rng, 3):
            for i in items:
                snippet = builder.snippets[i]
                assert any(w[:5] == label[:5] for w in snippet.words), (label, snippet.text)


def test_document_classes_get_fresh_labels_per_episode(builder):
    rng = random.Random(3)
    labels = {tuple(label for label, _ in builder.document_classes(rng, 3)) for _ in range(20)}
    assert len(labels) > 10


def test_batches_are_a_pure_function_of_the_step(builder):
    import torch
    from transformers import PreTrainedTokenizerFast

    from ftlab.models.architecture import TINY_DIR
    from ftlab.pretrain.continued import ContinueConfig, batch_for_step

    tokenizer = PreTrainedTokenizerFast.from_pretrained(TINY_DIR)
    config = ContinueConfig(batch_size=4, context=128)
    blocks = torch.arange(20 * 128).view(20, 128) % 8000 + 3
    first = batch_for_step(5, config, blocks, builder, tokenizer)
    again = batch_for_step(5, config, blocks, builder, tokenizer)
    other = batch_for_step(6, config, blocks, builder, tokenizer)
    for a, b in zip(first, again, strict=True):
        assert torch.equal(a, b)
    assert not torch.equal(first[0], other[0])
    ids, targets, weights = first
    assert ids.shape == targets.shape == weights.shape == (4, 128)
    assert torch.equal(targets[:, :-1], ids[:, 1:])
    assert (weights[ids == tokenizer.pad_token_id] == 0).all()  # padding is never a target
    assert (weights == config.label_weight).any()  # label tokens weigh more


def test_continued_training_resumes_and_snapshots(tmp_path):
    pytest.importorskip("torch")
    from ftlab.pretrain.continued import ContinueConfig, load_snapshot, train

    config = ContinueConfig(run_dir=tmp_path / "run", max_docs=40, batch_size=2, context=128, max_steps=3,
                            warmup_steps=1, log_every=1, eval_every=2, eval_batches=1, checkpoint_every=1,
                            snapshot_every=2)
    (config.run_dir).mkdir(parents=True)
    (config.run_dir / "STOP").write_text("")
    assert train(config)["step"] == 0  # STOP file: stops at once, writes a checkpoint
    (config.run_dir / "STOP").unlink()
    assert train(config, resume=True)["step"] == 3
    model, tokenizer = load_snapshot(config.run_dir / "snapshot_00002.pt", context=128)
    assert model.config.max_position_embeddings == 128 and tokenizer.model_max_length == 128


def test_weighted_loss_with_unit_weights_is_the_usual_next_token_loss():
    import torch
    from transformers import LlamaForCausalLM

    from ftlab.models.architecture import tiny_config
    from ftlab.pretrain.continued import weighted_loss

    torch.manual_seed(0)
    sizes = dict(vocab_size=64, hidden_size=32, intermediate_size=64, num_hidden_layers=1,
                 num_attention_heads=2, num_key_value_heads=2)
    model = LlamaForCausalLM(tiny_config(**sizes))
    ids = torch.randint(3, 64, (2, 10))
    targets = torch.cat([ids[:, 1:], torch.zeros(2, 1, dtype=torch.long)], dim=1)
    weights = torch.ones(2, 10)
    weights[:, -1] = 0
    expected = model(input_ids=ids, labels=ids).loss
    assert torch.allclose(weighted_loss(model, ids, targets, weights), expected, atol=1e-5)


def test_repeat_rows_mark_the_copies_of_each_span():
    import torch

    from ftlab.pretrain.continued import repeat_row

    blocks = torch.arange(40 * 256).view(40, 256) % 8000 + 3
    ids, marks = repeat_row(blocks, random.Random(0), 256)
    assert len(ids) == len(marks) == 256 and set(marks) <= {0, 1, 2}
    assert marks.count(2) > 64  # a good share of the row can only be predicted by copying
    first_repeat = marks.index(2)
    copied = ids[first_repeat:first_repeat + 8]
    assert any(ids[i:i + 8] == copied for i in range(first_repeat))  # it was shown before
