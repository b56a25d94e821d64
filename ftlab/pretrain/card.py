"""Render the model card (MODEL_CARD.md) from the report JSON of a pre-training run.

Every number in the card comes from the report; regenerate with
`python -m ftlab.pretrain.card ftlab/assets/tiny/pretrain_report.json`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ftlab.numbers import pt_decimal, pt_int, pt_plain

SOURCE_DESCRIPTIONS = {
    "libreoffice-help-pt-br": "Ajuda do LibreOffice em português do Brasil (páginas HTML)",
    "debian-handbook": "O Manual do(a) Administrador(a) Debian, tradução pt-BR (HTML)",
    "manpages-pt-br": "Páginas de manual traduzidas para pt-BR (renderizadas com groff)",
    "manpages-pt-br-dev": "Páginas de manual de desenvolvimento em pt-BR (renderizadas com groff)",
}


def number(value) -> str:
    """A measured number: 1234567 -> '1.234.567'; a float keeps two decimals (67.214 -> '67,21')."""
    return pt_decimal(value) if isinstance(value, float) else pt_int(value)


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
            f"- AdamW, lr máximo {pt_plain(t['lr'])}, aquecimento de {t['warmup_steps']} passos e decaimento "
            f"cosseno até {pt_plain(t['min_lr_ratio'])} do máximo, "
            f"weight decay {pt_plain(t['weight_decay'])}, semente {t['seed']}, "
            f"{'bf16' if t['bf16'] else 'fp32'}.",
            f"- Tempo de treino (só os passos): {number(t['train_seconds'])} s, "
            f"{number(t['tokens_per_second'])} tokens/s; tempo total de relógio: "
            f"{number(t['wall_seconds'])} s.",
            f"- Hardware: {hw['cpu']}, {hw['cores']} núcleos de CPU, sem GPU, {t['threads']} threads "
            f"(máquina compartilhada com outros processos); torch {hw['torch']}, transformers "
            f"{hw['transformers']}.",
            f"- Pesos publicados: os do passo {t['best_step']}, o de menor perda de validação "
            f"({pt_plain(t['best_val_loss'])}).", ""]


def reproduce_section(report: dict) -> list[str]:
    stage1 = report.get("stage1", report)
    every, max_steps = stage1["config"]["checkpoint_every"], stage1["training"]["max_steps"]
    return ["## Como reproduzir", "",
            "Instale as fontes (pacotes Debian) e rode o script; os valores padrão são os desta execução, "
            "e em CPU, com a mesma semente e as mesmas versões, o treino se repete passo a passo "
            f"(`--resume` continua de um checkpoint salvo a cada {every} passos).", "", "```bash",
            "apt-get install libreoffice-help-pt-br manpages-pt-br manpages-pt-br-dev debian-handbook",
            f"python -m ftlab.pretrain --max-steps {max_steps} --export-dir ftlab/assets/tiny \\",
            "    --heldout-path data/general/heldout.jsonl", *continued_commands(report), "```", ""]


def continued_commands(report: dict) -> list[str]:
    c = report.get("continued")
    if not c:
        return []
    decay = f" --decay-steps {c['decay_steps']}" if c["decay_steps"] else ""
    return ["# pré-treino continuado (aprendizado em contexto), depois a curva e a exportação",
            "nice -n 10 python -m ftlab.pretrain.continued --run-dir runs/icl "
            f"--max-steps {c['steps']}{decay}",
            "python bench/bench_icl.py --card runs/icl --json runs/icl/icl.json",
            f"python -m ftlab.pretrain.continued --export runs/icl/snapshot_{c['steps']:05d}.pt "
            "--icl runs/icl/icl.json"]


def continued_section(c: dict) -> list[str]:
    """The second stage: continued pre-training for in-context learning (issue 15)."""
    hw = c["hardware"]
    families = ", ".join(f"{FAMILY_NAMES.get(name, name)} {round(share * 100)}%"
                         for name, share in c["families"].items())
    schedule = (f"decaimento linear nos últimos {c['decay_steps']} passos até "
                f"{pt_plain(c['min_lr_ratio'])} do máximo" if c["decay_steps"] else "sem decaimento")
    return ["## Pré-treino continuado: aprendizado em contexto", "",
            "Partindo dos pesos acima (mesmo tokenizador e vocabulário), o contexto passou de 256 para "
            f"{c['context']} tokens e o treino continuou numa mistura de texto corrido do corpus de treino "
            f"({round((1 - c['episode_share']) * 100)}% das sequências: repetição, mantém o modelo de "
            f"linguagem) e episódios de classificação em contexto ({round(c['episode_share'] * 100)}%), "
            "feitos só com a estrutura do próprio corpus (`ftlab/pretrain/episodes.py`): vários trechos "
            "curtos, cada um seguido do seu rótulo, e uma consulta no fim. Famílias de episódios: "
            f"{families}. Os rótulos são sorteados de novo a cada episódio (palavras arbitrárias, letras, "
            "números), então o modelo precisa copiar o rótulo dos exemplos parecidos no contexto; metade "
            f"dos episódios começa com uma instrução ({c['instructions']} redações) que lista os rótulos, "
            f"e os campos variam ({c['item_fields']} nomes para o texto, {c['label_fields']} para o "
            "rótulo, 6 leiautes). A perda é a do próximo token em todo o texto, com peso "
            f"{pt_plain(c['label_weight'])} nos tokens de rótulo. Nada dos dados do curso (chamados da "
            "NuvemNet, texto das aulas) entra no pré-treino.", "",
            f"- {number(c['steps'])} passos de {c['batch_size']} sequências de {c['context']} tokens: "
            f"**{number(c['tokens_seen'])} tokens vistos** (sem contar o preenchimento).",
            f"- AdamW, lr {pt_plain(c['lr'])} após {c['warmup_steps']} passos de aquecimento, {schedule}, "
            f"weight decay {pt_plain(c['weight_decay'])}, fp32.",
            f"- Tempo de treino (só os passos): {number(c['train_seconds'])} s, "
            f"{number(c['tokens_per_second'])} tokens/s em {hw['cpu']}, {hw['cores']} núcleos, "
            f"{c['threads']} threads, numa máquina compartilhada com outros trabalhos (o mesmo "
            "modelo faz 2.200 tokens/s com a máquina livre).", ""] + history_lines(c.get("history", []))


def history_lines(history: list[str]) -> list[str]:
    """The run's own log of what changed while it ran: the mixture above is the final one."""
    if not history:
        return []
    return ["A mistura e o cronograma acima são os do fim da execução: foram ajustados durante o treino, "
            "olhando a curva de aprendizado em contexto, e o mesmo comando com o código atual repete a "
            "mistura final, não a execução passo a passo. Registro da execução (em inglês, como anotado):",
            "", *[f"- {line}" for line in history], ""]


FAMILY_NAMES = {"document": "de que documento é o trecho (rótulos arbitrários)",
                "keyword": "palavra-chave do trecho (ou da mesma raiz) entre as de outros trechos",
                "module": "módulo do LibreOffice, seção do manual ou manual Debian",
                "zero_shot": "só instrução com as opções, sem exemplos"}
CONDITION_NAMES = {"zero-shot": "zero-shot (instrução com as 6 categorias)",
                   "random-4": "4 exemplos de treino sorteados",
                   "similar-4": "4 exemplos de treino mais parecidos"}


def in_context_section(icl: dict) -> list[str]:
    """Accuracy on the course's classification test split, by prompt format, before and after."""
    before, after = icl["before"]["scores"], icl["after"]["scores"]
    formats = list(next(iter(after.values())))
    rows = ["## Aprendizado em contexto (classificação dos chamados, divisão de teste)", "",
            f"Classificação por verossimilhança dos rótulos (`score_labels`) nos {icl['test_examples']} "
            "chamados de teste, que o modelo nunca viu, com três formatos de prompt (redação da instrução e "
            "leiaute dos exemplos; o terceiro usa palavras que os episódios de pré-treino nunca usam). "
            "Exemplos parecidos: TF-IDF por palavras, o mais parecido por último (o rótulo da maioria "
            f"deles, sozinho, acerta {number(float(icl['majority_similar4']))}).", "",
            "| prompt | " + " | ".join(formats) + " | meta | antes (média) |",
            "|---|" + "---|" * (len(formats) + 2)]
    for condition, per_format in after.items():
        mean_before = sum(before[condition].values()) / len(before[condition])
        rows.append(f"| {CONDITION_NAMES.get(condition, condition)} | "
                    + " | ".join(number(float(per_format[f])) for f in formats)
                    + f" | >= {number(float(icl['bars'][condition]))} | {number(float(mean_before))} |")
    rows.append("")
    if icl.get("curve"):
        rows += ["Curva (média dos três formatos; primeiros "
                 f"{icl['curve_test_examples']} chamados de teste) contra os tokens do pré-treino "
                 "continuado:",
                 "", "| passo | tokens | " + " | ".join(after) + " |", "|---|---|" + "---|" * len(after)]
        for point in icl["curve"]:
            means = [sum(v.values()) / len(v) for v in point["scores"].values()]
            rows.append(f"| {point['step']} | {number(point['tokens'] or 0)} | "
                        + " | ".join(number(float(m)) for m in means) + " |")
        rows.append("")
    return rows


def evaluation_section(e: dict) -> list[str]:
    if "val_before" in e:
        return ["## Avaliação (perplexidade, quanto menor melhor)", "",
                "| texto | modelo publicado | antes do pré-treino continuado |", "|---|---|---|",
                f"| validação ({number(e['val_tokens'])} tokens, blocos de 256) | "
                f"{number(float(e['val']))} | "
                f"{number(float(e['val_before']))} |",
                f"| parágrafos gerais guardados ({e['heldout_paragraphs']}) | "
                f"{number(float(e['heldout']))} | "
                f"{number(float(e['heldout_before']))} |", ""]
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
    lines += training_section(report["training"])
    if report.get("continued"):
        lines += continued_section(report["continued"])
    lines += evaluation_section(report["evaluation"])
    if report.get("in_context"):
        lines += in_context_section(report["in_context"])
    lines += samples_section(report["samples"]) + reproduce_section(report)
    episodes = (" Depois do pré-treino continuado, às vezes segue um texto no formato dos episódios "
                "(\"=> rótulo\", \"Tópico:\"), como nos exemplos acima.") if report.get("continued") else ""
    lines += ["## Limitações", "", "Textos técnicos apenas (ajuda de programas, manuais do sistema); "
              f"o modelo repete frases e inventa fatos.{episodes} Não use fora da aula.", ""]
    return "\n".join(lines)


def write_card(report: dict, path: Path) -> None:
    path.write_text(render_card(report), encoding="utf-8")


if __name__ == "__main__":
    report_path = Path(sys.argv[1])
    write_card(json.loads(report_path.read_text(encoding="utf-8")), report_path.parent / "MODEL_CARD.md")
