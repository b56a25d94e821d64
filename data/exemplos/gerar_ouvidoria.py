"""Write data/exemplos/ouvidoria_prefeitura.csv: a fictional city hall's service requests (seed 19).

The shipped example of notebooks/08_seu_projeto: another domain (city services, not an ISP) and another
format (a spreadsheet export: CSV with ';', UTF-8 with BOM, extra columns) than the course's data.
A few defects are planted on purpose so that the quality report has something to find: exact and near
duplicates, personal data, and labels written in several ways. Run `python data/exemplos/gerar_ouvidoria.py`
to rewrite the file byte for byte.
"""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

SEED = 19
OUT = Path(__file__).with_name("ouvidoria_prefeitura.csv")

# setor -> (how many requests, problems as a citizen would describe them)
PROBLEMS = {
    "iluminação": (
        78,
        [
            "o poste está com a lâmpada queimada",
            "a luz do poste fica piscando a noite toda",
            "a rua inteira está no escuro, nenhum poste acende",
            "a lâmpada do poste fica acesa o dia inteiro",
            "tem fio do poste solto e pendurado",
            "o refletor da quadra está quebrado",
            "o poste está torto e sem luz",
            "a iluminação da passarela está apagada",
            "a luminária do poste caiu",
            "metade dos postes da praça não acende",
            "a lâmpada do poste está fraca, quase não ilumina",
            "o poste em frente de casa apagou de novo",
        ],
    ),
    "pavimentação": (
        72,
        [
            "tem um buraco enorme no asfalto",
            "abriu uma cratera depois da chuva",
            "o asfalto está afundando perto do bueiro",
            "os paralelepípedos estão soltos",
            "o recapeamento ficou pela metade",
            "a lombada está destruída e sem pintura",
            "a pista está cheia de rachaduras",
            "a tampa do bueiro afundou e virou um degrau",
            "a operação tapa-buraco deixou um remendo alto",
            "a rua de terra virou lama e atola carro",
            "o asfalto esfarelou depois da obra da companhia de água",
            "tem uma valeta aberta no meio da rua",
        ],
    ),
    "limpeza urbana": (
        66,
        [
            "o lixo está acumulado na esquina",
            "o caminhão de coleta não passou esta semana",
            "jogaram entulho na calçada",
            "o terreno baldio está cheio de lixo",
            "a lixeira pública está quebrada e transbordando",
            "abandonaram um sofá velho na calçada",
            "a varrição não acontece há dias",
            "o contêiner de recicláveis está lotado",
            "tem animal morto na sarjeta",
            "a feira deixou a rua imunda",
            "a coleta seletiva não recolheu os recicláveis",
            "o bueiro está entupido de lixo",
        ],
    ),
    "áreas verdes": (
        48,
        [
            "os galhos da árvore estão encostando na fiação",
            "preciso de uma poda na árvore da calçada",
            "uma árvore caiu e fechou a calçada",
            "o mato está alto na praça",
            "a raiz da árvore levantou a calçada toda",
            "tem um galho seco prestes a cair",
            "queria pedir o plantio de uma muda",
            "a grama do canteiro central não é cortada há meses",
            "a árvore está com cupim e pode cair",
            "o parquinho da praça está tomado pelo mato",
        ],
    ),
    "trânsito": (
        40,
        [
            "o semáforo do cruzamento está desligado",
            "derrubaram a placa de pare",
            "a faixa de pedestres está apagada",
            "os carros param em fila dupla o dia todo",
            "o sinal fica vermelho tempo demais",
            "falta sinalização na rotatória",
            "precisamos de uma lombada em frente à escola",
            "tem um carro abandonado há meses",
            "a placa de proibido estacionar sumiu",
            "os motoristas sobem na calçada para cortar caminho",
        ],
    ),
}
PLACES = [
    "na Rua das Acácias",
    "na Avenida Brasil, perto do número 1200",
    "em frente à Escola Municipal Anísio Teixeira",
    "no bairro Jardim Primavera",
    "na Travessa das Palmeiras",
    "perto do posto de saúde da Vila Nova",
    "na esquina da Rua Goiás com a Rua Bahia",
    "na praça do Conjunto Esperança",
    "na Rua Treze de Maio",
    "ao lado do ponto de ônibus da Avenida Central",
    "no Parque dos Ipês",
    "na Estrada do Mirante",
    "em frente à igreja matriz",
    "na Rua Projetada 4",
    "perto da feira de domingo",
]
DETAILS = [
    "há duas semanas",
    "desde ontem",
    "já liguei três vezes",
    "é perigoso para as crianças",
    "os idosos passam por aqui todo dia",
    "ninguém veio olhar ainda",
    "já faz um mês",
    "desde a última chuva",
    "o protocolo anterior foi fechado sem solução",
    "à noite fica pior",
    "",
    "",
    "",
]
OPENERS = ["", "", "Bom dia,", "Boa tarde,", "Olá,", "Prezados,", "Por favor,", "Gostaria de registrar que"]
CLOSERS = [
    "",
    "",
    "",
    "Aguardo providências.",
    "Obrigado.",
    "Urgente!",
    "Conto com vocês.",
    "Resolvam, por favor.",
]
BAIRROS = ["Centro", "Jardim Primavera", "Vila Nova", "Conjunto Esperança", "Alto da Serra", "Boa Vista"]

# defects planted on purpose (the data card lists them)
LABEL_VARIANTS = {
    "iluminação": ["Iluminação", "iluminacao", "ILUMINAÇÃO"],
    "limpeza urbana": ["Limpeza Urbana"],
    "trânsito": ["transito"],
    "áreas verdes": ["Áreas verdes"],
}
PERSONAL = [
    "Meu nome é Carla Souza e moro aqui.",
    "Falar com José Pereira, (11) 98765-4321.",
    "Retorno pelo e-mail morador.preocupado@exemplo.com.br.",
    "CPF do solicitante 123.456.789-09.",
    "Me chamo Rodrigo Alves, telefone 11 91234-5678.",
]


def sentence(rng: random.Random, problem: str) -> str:
    """One request: opener, problem, place, detail, closer, in a random order of the middle parts."""
    place, detail = rng.choice(PLACES), rng.choice(DETAILS)
    core = f"{problem} {place}" if rng.random() < 0.6 else f"{place} {problem}"
    text = " ".join(
        part
        for part in (rng.choice(OPENERS), core + (f", {detail}" if detail else "") + ".", rng.choice(CLOSERS))
        if part
    )
    return text[0].upper() + text[1:]


def requests(rng: random.Random) -> list[list[str]]:
    """(descricao, setor) rows, shuffled, without defects yet."""
    rows, seen = [], set()
    for setor, (count, problems) in PROBLEMS.items():
        while sum(r[1] == setor for r in rows) < count:
            text = sentence(rng, rng.choice(problems))
            if text not in seen:
                seen.add(text)
                rows.append([text, setor])
    rng.shuffle(rows)
    return rows


def plant_defects(rng: random.Random, rows: list[list[str]]) -> list[list[str]]:
    """Copies, near copies, personal data and other label spellings."""
    rows = [list(r) for r in rows]
    for row in rng.sample(rows, 12):
        variants = LABEL_VARIANTS.get(row[1])
        if variants:
            row[1] = rng.choice(variants)
    for row, extra in zip(rng.sample(rows, len(PERSONAL)), PERSONAL, strict=True):
        row[0] = f"{row[0]} {extra}"
    copies = [list(r) for r in rng.sample(rows, 8)]
    near = [
        [r[0].replace(".", "!!", 1) if rng.random() < 0.5 else r[0].lower(), r[1]]
        for r in rng.sample(rows, 6)
    ]
    for extra in copies + near:
        rows.insert(rng.randrange(len(rows) + 1), extra)
    return rows


def table(rng: random.Random) -> list[list[str]]:
    """The spreadsheet: protocol number, date, neighbourhood, description, sector."""
    out = [["protocolo", "data_abertura", "bairro", "descricao", "setor"]]
    for number, (text, setor) in enumerate(plant_defects(rng, requests(rng)), start=1):
        day = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2025"
        out.append([f"2025{number:05d}", day, rng.choice(BAIRROS), text, setor])
    return out


def main() -> None:
    rng = random.Random(SEED)
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(table(rng))
    OUT.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))
    print(f"{OUT} escrito")


if __name__ == "__main__":
    main()
