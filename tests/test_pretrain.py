"""Tests of the pre-training path (`python -m ftlab.pretrain --test-mode`) and its pieces."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest

from ftlab.pretrain import PretrainConfig, with_test_sizes
from ftlab.pretrain.corpus import Document, clean_lines, help_page_text, looks_english, manpage_paragraphs
from ftlab.pretrain.splits import MAX_WORDS, MIN_WORDS, split_documents

torch = pytest.importorskip("torch")


def corpus_installed() -> bool:
    """Whether this machine has the Debian pt-BR texts the corpus is built from (CI installs them)."""
    from ftlab.pretrain.corpus import HANDBOOK_DIR, LIBREOFFICE_HELP_DIR, MANPAGES_PACKAGES, manpage_files

    html = LIBREOFFICE_HELP_DIR.is_dir() and HANDBOOK_DIR.is_dir()
    return html and all(map(manpage_files, MANPAGES_PACKAGES))


NO_CORPUS = ("no Debian pt-BR texts here (libreoffice-help-pt-br, debian-handbook, manpages-pt-br[-dev]; "
             "macOS laptops have none): install them with apt-get to run the pre-training tests "
             "(.ci/run does)")
needs_corpus = pytest.mark.skipif(not corpus_installed(), reason=NO_CORPUS)


@pytest.fixture(scope="module")
def finished_run(tmp_path_factory):
    """One end-to-end test-mode run through the command line, with export and held-out file."""
    from ftlab.pretrain import main

    if not corpus_installed():
        pytest.skip(NO_CORPUS)

    root = tmp_path_factory.mktemp("pretrain")
    assert main(["--test-mode", "--run-dir", str(root / "run"), "--export-dir", str(root / "export"),
          "--heldout-path", str(root / "heldout.jsonl")]) == 0
    return root


def test_test_mode_exports_a_loadable_fp16_model(finished_run):
    from ftlab.models import load_model

    export = finished_run / "export"
    for name in ("model.safetensors", "config.json", "generation_config.json", "tokenizer.json",
                 "MODEL_CARD.md", "pretrain_report.json"):
        assert (export / name).is_file(), name
    model, tokenizer = load_model(str(export))
    assert tokenizer.bos_token and tokenizer.eos_token and tokenizer.pad_token
    assert json.loads((export / "config.json").read_text())["dtype"] == "float16"
    tokenizer_config = json.loads((export / "tokenizer_config.json").read_text())
    assert tokenizer_config["tokenizer_class"] == "PreTrainedTokenizerFast"  # transformers 4.x knows it


def test_report_numbers_come_from_the_run(finished_run):
    report = json.loads((finished_run / "run" / "report.json").read_text())
    training, evaluation = report["training"], report["evaluation"]
    config = with_test_sizes(PretrainConfig())
    assert training["steps"] == config.max_steps
    assert training["tokens_seen"] == config.max_steps * config.batch_size * config.context
    assert evaluation["val_perplexity_shipped"] < evaluation["val_perplexity_random_init"]
    assert len(report["val_curve"]) >= 2
    card = (finished_run / "export" / "MODEL_CARD.md").read_text()
    assert f"{training['tokens_seen']:,}".replace(",", ".") in card


def test_heldout_paragraphs_are_general_text_of_the_right_length(finished_run):
    lines = (finished_run / "heldout.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == with_test_sizes(PretrainConfig()).heldout_paragraphs
    for record in records:
        assert set(record) == {"text", "source"}
        assert MIN_WORDS <= len(record["text"].split()) <= MAX_WORDS


@needs_corpus
def test_a_new_run_starts_clean_without_resume(tmp_path):
    from ftlab.pretrain import main

    run_dir = tmp_path / "run"
    (run_dir / "tokenizer").mkdir(parents=True)
    (run_dir / "tokenizer" / "tokenizer.json").write_text("{}", encoding="utf-8")  # a leftover tokenizer
    (run_dir / "STOP").write_text("", encoding="utf-8")  # a leftover stop request
    (run_dir / "log.jsonl").write_text('{"kind": "train", "step": 999}\n', encoding="utf-8")
    assert main(["--test-mode", "--run-dir", str(run_dir)]) == 0
    steps = [json.loads(line) for line in (run_dir / "log.jsonl").read_text().splitlines()]
    assert steps[0]["step"] != 999
    assert max(s["step"] for s in steps) == with_test_sizes(PretrainConfig()).max_steps
    assert json.loads((run_dir / "tokenizer" / "tokenizer.json").read_text())  # trained afresh, not "{}"


@needs_corpus
def test_resume_continues_exactly_where_it_stopped(tmp_path):
    from ftlab.pretrain.loop import train
    from ftlab.pretrain.pipeline import build_model, prepare, seed_everything

    config = replace(with_test_sizes(PretrainConfig(run_dir=tmp_path / "a")), max_steps=8, checkpoint_every=4)
    seed_everything(config.seed, 1)
    prepared = prepare(config)
    straight = build_model(config, prepared.tokenizer)
    train(straight, prepared.train_blocks, prepared.val_blocks, config)
    config_b = replace(config, run_dir=tmp_path / "b")
    config_b.run_dir.mkdir()
    interrupted = build_model(config_b, prepared.tokenizer)
    assert train(interrupted, prepared.train_blocks, prepared.val_blocks, config_b, until=4)["step"] == 4
    resumed = build_model(config_b, prepared.tokenizer)
    assert train(resumed, prepared.train_blocks, prepared.val_blocks, config_b, resume=True)["step"] == 8
    for (name, a), b in zip(straight.state_dict().items(), resumed.state_dict().values(), strict=True):
        assert torch.equal(a, b), name


def test_help_page_text_keeps_paragraphs_and_drops_code_and_related_topics():
    page = ('<header>menu</header><div id="DisplayArea"><h1>Inserir quadros</h1>'
            '<p class="paragraph">Um quadro &eacute; um recipiente.</p><pre>Sub Main</pre>'
            '<div class="relatedtopics"><p>Tópicos relacionados</p></div></div><div id="SearchFrame">')
    assert clean_lines(help_page_text(page)) == ["Inserir quadros", "Um quadro é um recipiente."]


def test_manpage_paragraphs_join_wrapped_lines_and_drop_header_and_footer():
    rendered = ("CAT(1)   Comandos   CAT(1)\n\nNOME\n       cat - concatena\n       arquivos\n\n"
                "       Segundo parágrafo.\n\nGNU coreutils 9.1   Setembro de 2022   CAT(1)\n")
    assert manpage_paragraphs(rendered) == ["NOME cat - concatena arquivos", "Segundo parágrafo."]


@pytest.mark.parametrize("line, english", [
    ("The apt-cache command can do keyword-based package searches", True),
    ("O comando apt-cache pode apresentar grande parte das informações", False),
    ("apt-cache", False),
])
def test_untranslated_lines_are_detected(line, english):
    assert looks_english(line) is english


def test_blocklisted_words_drop_the_line():
    assert clean_lines("Texto normal\nque porra é essa") == ["Texto normal"]


def test_split_is_seeded_and_disjoint():
    docs = [Document(f"d{i}", "s", [" ".join(["palavra"] * (40 + i))]) for i in range(40)]
    first, again = split_documents(docs, 0, 0.1, 3), split_documents(docs, 0, 0.1, 3)
    assert [d.doc_id for d in first.train] == [d.doc_id for d in again.train]
    heldout_texts = {r["text"] for r in first.heldout}
    trained_texts = {d.text for d in first.train + first.val}
    assert len(first.heldout) == 3 and not heldout_texts & trained_texts
    assert not {d.doc_id for d in first.train} & {d.doc_id for d in first.val}


def test_shipped_model_card_is_rendered_from_its_report():
    from ftlab.pretrain.card import render_card

    tiny = Path(__file__).resolve().parents[1] / "ftlab" / "assets" / "tiny"
    report = json.loads((tiny / "pretrain_report.json").read_text(encoding="utf-8"))
    assert render_card(report) == (tiny / "MODEL_CARD.md").read_text(encoding="utf-8")


def test_report_measures_heldout_perplexity_as_ftlab_evaluate_does(tokenizer, tmp_path):
    from test_train_helpers import small_model

    from ftlab.evaluate import perplexity
    from ftlab.pretrain.report import evaluation

    texts = ["preciso de ajuda com o boleto", "o plano Nuvem 600 custa R$ 119,90 por mês. " * 20]
    heldout = tmp_path / "heldout.jsonl"
    heldout.write_text("".join(json.dumps({"text": text}) + "\n" for text in texts), encoding="utf-8")
    config = replace(with_test_sizes(PretrainConfig()), heldout_path=heldout)
    assert len(tokenizer(texts[1])["input_ids"]) > config.context  # cut at the context, not refused
    model = small_model().eval()
    prepared = SimpleNamespace(tokenizer=tokenizer, val_blocks=torch.randint(3, 384, (2, config.context)))
    report = evaluation(model, prepared, config)
    expected = perplexity(model, tokenizer, texts, max_length=config.context)
    assert report["heldout_perplexity_shipped"] == round(expected, 2)
