"""Render the model card (MODEL_CARD.md) from the report JSON of a pre-training run.

Every number in the card comes from the report; regenerate with
`python -m ftlab.pretrain.card ftlab/assets/tiny/pretrain_report.json`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

SOURCE_DESCRIPTIONS = {
    "libreoffice-help-pt-br": "Ajuda do LibreOffice em português do Brasil (páginas HTML)",
    "debian-handbook": "O Manual do(a) Administrador(a) Debian, tradução pt-BR (HTML)",
    "manpages-pt-br": "Páginas de manual traduzidas para pt-BR (renderizadas com groff)",
    "manpages-pt-br-dev": "Páginas de manual de desenvolvimento em pt-BR (renderizadas com groff)",
}


def number(value) -> str:
    """1234567 -> '1.234.567' (pt-BR digit grouping); floats keep two decimals."""
    text = f"{value:,.2f}" if isinstance(value, float) else f"{value:,}"
    return text.replace(",", "X").replace(".", ",").replace("X", ".")


def decimal(value: float) -> str:
    """0.002 -> '0,002' (pt-BR decimal comma, no rounding)."""
    return f"{value:g}".replace(".", ",")


def corpus_table(corpus: dict) -> list[str]:
    """Markdown rows: one per source, with licence, documents and characters (train + val)."""
    rows = ["| fonte (pacote Debian) | conteúdo | licença | documentos | caracteres |",
            "|---|---|---|---|---|"]
    for source, licence in corpus["sources"].items():
        docs = sum(corpus[s]["by_source"].get(source, {}).get("documents", 0) for s in ("train", "val"))
        chars = sum(corpus[s]["by_source"].get(source, {}).get("characters", 0) for s in ("train", "val"))
        rows.append(f"| {source} | {SOURCE_DESCRIPTIONS.get(source, '')} | {licence} | {number(docs)} | "
                    f"{number(chars)} |")
    return rows


def model_section(model: dict) -> list[str]:
    return ["## Arquitetura", "",
            f"{model['architecture']} (família Llama): {model['layers']} camadas, largura {model['hidden']}, "
            f"{model['heads']} cabeças de atenção, MLP de {model['intermediate']}, contexto de "
            f"{model['context']} tokens, vocabulário BPE de {number(model['vocab'])} tokens (byte-level), "
            f"embeddings de entrada e saída compartilhados. **{number(model['parameters'])} parâmetros**, "
            "salvos em fp16 (safetensors).", ""]


def corpus_section(corpus: dict) -> list[str]:
    train, val = corpus["train"], corpus["val"]
    return ["## Corpus de pré-treino", "", *corpus_table(corpus), "",
            f"Divisão por documento (semente fixa): treino com {number(train['documents'])} documentos, "
            f"{number(train['characters'])} caracteres e {number(train['tokens'])} tokens; validação com "
            f"{number(val['documents'])} documentos e {number(val['tokens'])} tokens. Outros "
            f"{number(corpus['heldout_paragraphs'])} parágrafos (30 a 200 palavras, de documentos que o "
            "modelo nunca viu) ficam em `data/general/heldout.jsonl` para medir esquecimento catastrófico.",
            "", "Limpeza: só o texto corrido (sem menus, navegação e blocos de código), parágrafos repetidos "
            "removidos, linhas não traduzidas (em inglês) descartadas e uma pequena lista de palavras "
            "ofensivas usada como filtro.", ""]


def training_section(t: dict) -> list[str]:
    hw = t["hardware"]
    return ["## Treino", "",
            f"- {number(t['steps'])} passos de {t['batch_size']} sequências de {t['context']} tokens: "
            f"**{number(t['tokens_seen'])} tokens vistos** "
            f"({number(float(t['epochs']))} épocas do corpus de treino).",
            f"- AdamW, lr máximo {decimal(t['lr'])}, aquecimento de {t['warmup_steps']} passos e decaimento "
            f"cosseno até {decimal(t['min_lr_ratio'])} do máximo, weight decay {decimal(t['weight_decay'])}, "
            f"semente {t['seed']}, "
            f"{'bf16' if t['bf16'] else 'fp32'}.",
            f"- Tempo de treino (só os passos): {number(t['train_seconds'])} s, "
            f"{number(t['tokens_per_second'])} tokens/s; tempo total de relógio: "
            f"{number(t['wall_seconds'])} s.",
            f"- Hardware: {hw['cpu']}, {hw['cores']} núcleos de CPU, sem GPU, {t['threads']} threads "
            f"(máquina compartilhada com outros processos); torch {hw['torch']}, transformers "
            f"{hw['transformers']}.",
            f"- Pesos publicados: os do passo {t['best_step']}, o de menor perda de validação "
            f"({decimal(t['best_val_loss'])}).", ""]


def reproduce_section(report: dict) -> list[str]:
    every, max_steps = report["config"]["checkpoint_every"], report["training"]["max_steps"]
    return ["## Como reproduzir", "",
            "Instale as fontes (pacotes Debian) e rode o script; os valores padrão são os desta execução, "
            "e em CPU, com a mesma semente e as mesmas versões, o treino se repete passo a passo "
            f"(`--resume` continua de um checkpoint salvo a cada {every} passos).", "", "```bash",
            "apt-get install libreoffice-help-pt-br manpages-pt-br manpages-pt-br-dev debian-handbook",
            f"python -m ftlab.pretrain --max-steps {max_steps} --export-dir ftlab/assets/tiny \\",
            "    --heldout-path data/general/heldout.jsonl", "```", ""]


def evaluation_section(e: dict) -> list[str]:
    rows = ["## Avaliação (perplexidade, quanto menor melhor)", "",
            "| texto | modelo publicado | mesma arquitetura com pesos aleatórios |", "|---|---|---|",
            f"| validação ({number(e['val_tokens'])} tokens) | {number(e['val_perplexity_shipped'])} | "
            f"{number(e['val_perplexity_random_init'])} |"]
    if e.get("heldout_perplexity_shipped") is not None:
        rows.append(f"| parágrafos gerais guardados ({e['heldout_paragraphs']}) | "
                    f"{number(e['heldout_perplexity_shipped'])} | "
                    f"{number(e['heldout_perplexity_random_init'])} |")
    return rows + [""]


def samples_section(samples: list[dict]) -> list[str]:
    lines = ["## Exemplos de geração (gulosa, 40 tokens)", ""]
    for sample in samples:
        lines += [f"- **{sample['prompt']}**{sample['completion']}".replace("\n", " "), ""]
    return lines


def render_card(report: dict) -> str:
    """The whole MODEL_CARD.md text."""
    lines = ["# ftlab tiny — modelo base embutido", "",
             "Um modelo de linguagem pequeno, treinado do zero pelo próprio ftlab "
             "(`python -m ftlab.pretrain`) para rodar offline e em segundos em qualquer CPU. Serve para "
             "aprender fine-tuning, não para uso real: conhece sobretudo o vocabulário de manuais "
             "de software.",
             ""]
    lines += model_section(report["model"]) + corpus_section(report["corpus"])
    lines += training_section(report["training"]) + evaluation_section(report["evaluation"])
    lines += samples_section(report["samples"]) + reproduce_section(report)
    lines += ["## Limitações", "", "Textos técnicos apenas (ajuda de programas, manuais do sistema); "
              "o modelo repete frases e inventa fatos. Não use fora da aula.", ""]
    return "\n".join(lines)


def write_card(report: dict, path: Path) -> None:
    path.write_text(render_card(report), encoding="utf-8")


if __name__ == "__main__":
    report_path = Path(sys.argv[1])
    write_card(json.loads(report_path.read_text(encoding="utf-8")), report_path.parent / "MODEL_CARD.md")
