"""Generate the running example's raw data: support tickets of NuvemNet, a fictional Brazilian ISP.

Usage (from the repository root):  python data/generate.py [--seed 18]

Writes data/raw/chamados.jsonl (ticket system export) and data/raw/formulario_site.csv (web form),
with the faults the lesson names planted on purpose: exact and near duplicates, misspellings,
inconsistent formats, empty or truncated fields, personal data and a few overlong records.
ftlab.data cleans them at run time; this script never imports ftlab, so the faults are independent
of the code that removes them. Same seed, same bytes.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
PLANTED = "_plantado"  # in-memory key: which defects a record got on purpose (see planted_defects)

GREETING = "Olá! Obrigada por falar com a NuvemNet."
CLOSING = "Estamos sempre por aqui!"

# name, speed, monthly price
PLANS = [("Nuvem 300", "300 Mega", "R$ 89,90"), ("Nuvem 600", "600 Mega", "R$ 119,90"),
         ("Nuvem Giga", "1 Giga", "R$ 169,90")]

# Each theme: canonical category, weight (how often customers ask), customer phrasings (each one a
# "grupo": whole phrasings are held out for the test split) and the company's answers.
THEMES = {
    "segunda_via": ("cobrança", 6, [
        "Preciso da segunda via do boleto deste mês.",
        "Não recebi a fatura de {mes}, como faço para pagar?",
        "Onde eu consigo baixar o boleto da internet?",
        "Perdi o boleto e a conta vence dia {dia}. Podem me mandar outro?",
        "Como emito a 2ª via da minha conta?",
    ], [
        "A segunda via fica no app NuvemNet, no menu Faturas, e também no nosso site. Lá você baixa "
        "o boleto ou copia o código Pix na hora.",
        "Você pode emitir a segunda via agora mesmo pelo app NuvemNet, em Faturas. O boleto "
        "atualizado aparece na hora, com opção de pagar por Pix.",
    ]),
    "valor_cobrado": ("cobrança", 5, [
        "Minha fatura veio {valor}, mas meu plano é o {plano}. Por que aumentou?",
        "Fui cobrado a mais este mês, o valor não bate com o contratado.",
        "Apareceu uma cobrança que eu não reconheço na conta de {mes}.",
        "Por que a conta deste mês está mais cara que a do mês passado?",
        "Estão me cobrando {valor} e eu assinei o {plano}, quero entender.",
    ], [
        "Diferenças na fatura costumam vir de juros por atraso (multa de 2% mais 0,033% ao dia) ou "
        "da taxa de mudança de endereço. Se não for o caso, abrimos uma contestação e revisamos o "
        "valor em até 5 dias úteis.",
    ]),
    "vencimento": ("cobrança", 3, [
        "Quero mudar a data de vencimento da minha fatura para o dia {dia}.",
        "Dá pra trocar o dia do vencimento? O atual não combina com meu salário.",
        "Recebo dia {dia}, consigo passar o vencimento da conta para depois disso?",
        "Como altero a data de pagamento da internet?",
        "Gostaria de escolher outro dia para vencer o boleto.",
    ], [
        "Você pode escolher o vencimento nos dias 5, 10, 15 ou 25, pelo app NuvemNet em Faturas. "
        "A nova data vale a partir da próxima fatura e pode ser trocada uma vez a cada 6 meses.",
    ]),
    "pagamento_bloqueio": ("cobrança", 4, [
        "Paguei a conta {quando} e a internet continua bloqueada.",
        "Já fiz o pagamento do boleto atrasado, quando volta o sinal?",
        "Quitei a fatura pelo Pix mas o app ainda mostra como em aberto.",
        "Minha internet foi cortada por falta de pagamento, mas eu já paguei.",
        "Paguei tudo, por que continuo sem acesso?",
    ], [
        "Pagamentos por Pix são confirmados em minutos e por boleto em até 2 dias úteis. Depois "
        "disso o acesso volta em até 4 horas. Se precisar antes, peça no app o desbloqueio em "
        "confiança, que libera a internet por 3 dias.",
    ]),
    "debito_automatico": ("cobrança", 2, [
        "Quero cadastrar a conta no débito automático.",
        "Vocês têm débito em conta? Tem algum desconto?",
        "Como faço para a fatura ser paga direto no meu banco?",
        "Cansei de esquecer o boleto, dá pra debitar automático?",
    ], [
        "No débito automático a fatura é paga sozinha no vencimento e você ganha R$ 5 de desconto "
        "por mês. O cadastro é feito no app NuvemNet, em Faturas, e vale a partir do mês seguinte.",
    ]),
    "lenta": ("conexão", 8, [
        "Minha internet está muito lenta {quando}.",
        "Contratei {velocidade} mas o teste de velocidade mostra bem menos.",
        "A conexão está se arrastando, nem vídeo carrega no {aparelho}.",
        "Internet devagar demais, o que está acontecendo?",
        "Pago pelo {plano} e a velocidade não chega nem na metade.",
    ], [
        "Primeiro, desligue o roteador da tomada por 30 segundos e ligue de novo. Para medir a "
        "velocidade real, faça o teste com um aparelho no cabo. Se continuar abaixo do contratado, "
        "agendamos uma visita técnica gratuita em até 48 horas.",
    ]),
    "sem_internet": ("conexão", 8, [
        "Estou sem internet {quando}.",
        "A luz do roteador está vermelha e nada conecta.",
        "Caiu tudo aqui em casa, sem sinal nenhum.",
        "Minha internet parou de funcionar no {bairro}, é problema geral?",
        "Não consigo navegar, o {aparelho} diz que não há conexão.",
    ], [
        "Reinicie o roteador deixando-o 30 segundos desligado. Se o sinal não voltar, um técnico "
        "vai até você em até 48 horas. Quedas acima de 24 horas geram desconto proporcional na "
        "próxima fatura.",
    ]),
    "wifi_alcance": ("conexão", 4, [
        "O Wi-Fi não pega no quarto, só perto do roteador.",
        "O sinal do wifi é fraco no andar de cima da casa.",
        "No {aparelho} o Wi-Fi fica caindo quando vou para a cozinha.",
        "Tem como melhorar o alcance do wi-fi?",
    ], [
        "Deixe o roteador em um lugar alto e central, longe de paredes grossas e do micro-ondas. "
        "Nos planos Nuvem 600 e Nuvem Giga a troca por um roteador Wi-Fi 6, de maior alcance, é "
        "gratuita.",
    ]),
    "quedas": ("conexão", 5, [
        "A internet cai toda hora, várias vezes por dia.",
        "A conexão fica caindo e voltando {quando}.",
        "Toda noite a internet desconecta por alguns minutos.",
        "Estou tendo quedas constantes, não consigo fazer reunião online.",
        "O sinal oscila o tempo todo, uma hora funciona, outra não.",
    ], [
        "Quedas repetidas costumam ser cabo solto ou sinal fraco na fibra. Confira o cabo no "
        "roteador e reinicie o aparelho. Se continuar, agendamos uma visita técnica gratuita em "
        "até 48 horas para medir o sinal.",
    ]),
    "upgrade": ("planos", 5, [
        "Quero mudar meu plano para o {plano}.",
        "Tem como aumentar minha velocidade? Quero o {plano}.",
        "Quanto fica para passar para o {plano}?",
        "Gostaria de fazer upgrade para o {plano}, como funciona?",
        "Meu plano atual está pouco, me interessei pelo {plano}.",
    ], [
        "O {plano} tem {velocidade} e custa {preco} por mês. A troca é feita pelo app NuvemNet, em "
        "Meu plano, sem taxa e sem nova fidelidade, e a nova velocidade entra em até 24 horas.",
    ]),
    "conhecer_planos": ("planos", 4, [
        "Quais planos vocês têm e quanto custam?",
        "Queria saber os preços da internet de vocês.",
        "Qual o plano mais barato da NuvemNet?",
        "Me passa a tabela de planos, por favor.",
        "Estou pensando em contratar, quais são as opções?",
    ], [
        "Temos três planos de fibra: Nuvem 300 por R$ 89,90, Nuvem 600 por R$ 119,90 e Nuvem Giga "
        "por R$ 169,90 por mês. Todos com instalação gratuita e Wi-Fi incluso.",
    ]),
    "reduzir_plano": ("planos", 2, [
        "Quero diminuir meu plano para pagar menos.",
        "Dá pra voltar para um plano menor? Está caro pra mim.",
        "Preciso de um plano mais barato, o meu pesou no orçamento.",
        "Como faço para reduzir a velocidade e a mensalidade?",
    ], [
        "Você pode trocar para um plano menor pelo app NuvemNet, em Meu plano. O mais econômico é "
        "o Nuvem 300, com 300 Mega por R$ 89,90 por mês, e a redução não gera multa.",
    ]),
    "nova_instalacao": ("instalação", 5, [
        "Quero contratar a internet, em quanto tempo vocês instalam?",
        "Qual o prazo de instalação no {bairro}?",
        "Acabei de assinar o {plano}, quando o técnico vem instalar?",
        "Vocês atendem no {bairro}? Quero instalar fibra.",
        "A instalação é cobrada? Quanto tempo demora?",
    ], [
        "A instalação é gratuita e acontece em até 3 dias úteis depois da confirmação do pedido. "
        "O técnico liga antes de sair e leva o roteador Wi-Fi. Para ver se atendemos seu endereço, "
        "informe o CEP no app.",
    ]),
    "mudanca_endereco": ("instalação", 4, [
        "Vou me mudar para o {bairro}, dá pra levar a internet?",
        "Preciso transferir minha internet para um novo endereço.",
        "Como faço para mudar o endereço da instalação?",
        "Estou de mudança mês que vem, o que faço com a internet?",
        "Quanto custa transferir o ponto para outro endereço?",
    ], [
        "A mudança de endereço tem taxa de R$ 60 e o técnico faz a nova instalação em até 5 dias "
        "úteis. Peça pelo app NuvemNet, em Meu endereço, com uma semana de antecedência para não "
        "ficar sem internet.",
    ]),
    "reagendar": ("instalação", 3, [
        "O técnico não apareceu na instalação marcada {quando}.",
        "Preciso remarcar a visita de instalação.",
        "Não vou estar em casa no dia da instalação, posso mudar?",
        "Marcaram a instalação e ninguém veio, e agora?",
    ], [
        "Sentimos muito pelo transtorno. Você pode remarcar pelo app NuvemNet, em Agendamentos, "
        "escolhendo dia e período. Quando o técnico falta, a nova visita é prioritária e acontece "
        "em até 24 horas.",
    ]),
    "cancelar": ("cancelamento", 5, [
        "Quero cancelar minha internet.",
        "Como faço o cancelamento do contrato?",
        "Não quero mais o serviço, por favor cancelem.",
        "Vou cancelar, onde eu peço?",
        "Gostaria de encerrar minha assinatura da NuvemNet.",
    ], [
        "O cancelamento pode ser pedido pelo app NuvemNet, em Meu plano, ou pelo chat do site. O "
        "serviço funciona até o fim do ciclo e o técnico retira o roteador em até 10 dias.",
    ]),
    "multa": ("cancelamento", 3, [
        "Se eu cancelar agora, vou pagar multa?",
        "Quanto é a multa por quebra da fidelidade?",
        "Assinei há {meses} meses, tem multa para cancelar?",
        "Quero sair antes de um ano, como fica a multa?",
    ], [
        "A fidelidade é de 12 meses. Se cancelar antes, a multa é proporcional aos meses que "
        "faltam, no máximo R$ 300. Depois de 12 meses o cancelamento não tem custo.",
    ]),
    "elogio": ("elogio", 5, [
        "Queria agradecer o atendimento de ontem, resolveram rapidinho.",
        "Parabéns pelo serviço, a internet nunca mais caiu.",
        "O técnico foi muito educado e caprichoso, obrigado!",
        "Estou muito satisfeito com a NuvemNet, recomendo.",
        "Só passando para elogiar, a instalação foi perfeita.",
    ], [
        "Que alegria ler isso! Vamos repassar seu elogio para a equipe. E lembre: indicando um "
        "amigo, você ganha 50% de desconto na próxima fatura quando ele assinar.",
    ]),
    # Genuinely ambiguous messages: two intents at once. The labelling guide decides the category
    # (cancel intent wins; a refund request is billing; a move wins over a plan change; a complaint
    # after a compliment is technical), but a reader could argue for the other one.
    "misto_lenta_cancelar": ("cancelamento", 3, [
        "A internet vive lenta, se não resolverem vou cancelar.",
        "Cansei da conexão ruim, quero cancelar.",
        "Estou pensando em cancelar porque a internet cai demais.",
    ], [
        "Sentimos muito pela conexão instável. Antes de cancelar, podemos mandar um técnico em "
        "até 48 horas, sem custo. Se preferir cancelar, o pedido é feito pelo app NuvemNet, em Meu "
        "plano.",
    ]),
    "misto_queda_cobranca": ("cobrança", 3, [
        "Fiquei sem internet {quando} e vou pagar o mês inteiro?",
        "A internet caiu por dois dias e a fatura veio cheia.",
        "Quero desconto pelos dias que fiquei sem sinal.",
    ], [
        "Quedas acima de 24 horas geram desconto proporcional na próxima fatura, lançado "
        "automaticamente. Se a fatura já veio cheia, abrimos uma contestação e o valor é revisto "
        "em até 5 dias úteis.",
    ]),
    "misto_mudanca_plano": ("instalação", 2, [
        "Vou mudar de casa e quero aproveitar para trocar para o {plano}.",
        "Na mudança para o {bairro} dá pra já instalar um plano maior?",
    ], [
        "Dá sim! Na mudança de endereço, com taxa de R$ 60 e instalação em até 5 dias úteis, você "
        "já pode escolher o novo plano no app NuvemNet, sem nova fidelidade.",
    ]),
    "misto_elogio_problema": ("conexão", 2, [
        "O atendimento de vocês é ótimo, mas a internet está lenta de novo.",
        "Adoro a NuvemNet, só que o Wi-Fi anda caindo {quando}.",
    ], [
        "Obrigada pelo carinho! Para a conexão, reinicie o roteador deixando-o 30 segundos "
        "desligado. Se não melhorar, agendamos uma visita técnica gratuita em até 48 horas.",
    ]),
}

EXTRAS = {
    "conexão": ["Já reiniciei o roteador e nada.", "Trabalho em home office e preciso disso.",
                "Meus filhos têm aula online.", "Moro no {bairro}.", "Isso já aconteceu outras vezes."],
    "cobrança": ["Sou cliente há {anos} anos.", "Sempre paguei em dia.", "Não quero ficar com o nome sujo.",
                 "Moro no {bairro}."],
    "planos": ["Aqui em casa são quatro pessoas usando.", "Jogo online e preciso de mais velocidade.",
               "Vi a propaganda no Instagram."],
    "instalação": ["Moro no {bairro}.", "É um apartamento no terceiro andar.",
                   "Preciso com urgência por causa do trabalho."],
    "cancelamento": ["Vou morar com meus pais.", "Sou cliente há {anos} anos.",
                     "Achei outra opção mais em conta."],
    "elogio": ["Sou cliente há {anos} anos.", "Pode passar o recado para a equipe."],
}
OPENERS = ["", "", "", "Oi,", "Olá,", "Bom dia,", "Boa tarde,", "Boa noite,", "Oi, tudo bem?",
           "Olá, boa tarde!", "Prezados,"]
CLOSERS = ["", "", "", "Obrigado.", "Obrigada!", "Aguardo retorno.", "Urgente!", "Valeu.",
           "Podem me ajudar?"]
SLOTS = {
    "mes": ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto"],
    "dia": ["5", "10", "12", "15", "20", "25"],
    "quando": ["desde ontem", "desde cedo", "há três dias", "desde sábado", "hoje de manhã",
               "a semana toda", "desde domingo à noite"],
    "aparelho": ["celular", "notebook", "computador", "videogame", "tablet", "smart TV"],
    "bairro": ["Centro", "Jardim América", "Vila Nova", "Boa Vista", "Santa Cruz", "Parque das Flores",
               "Bela Vista", "São José", "Cidade Alta"],
    "meses": ["dois", "três", "cinco", "seis", "oito", "dez"],
    "anos": ["dois", "três", "quatro", "cinco", "sete"],
}
FIRST_NAMES = ["Ana", "Carla", "Mariana", "Juliana", "Fernanda", "Patrícia", "Beatriz", "Camila",
               "Luana", "Renata", "João", "Pedro", "Lucas", "Rafael", "Marcos", "Bruno", "Thiago",
               "Gustavo", "Felipe", "Ricardo", "Sebastião", "Raimunda", "Cleide", "Edson"]
SURNAMES = ["Silva", "Souza", "Oliveira", "Santos", "Pereira", "Lima", "Costa", "Almeida", "Ferreira",
            "Rodrigues", "Gomes", "Barbosa", "Ribeiro", "Carvalho", "Mendes", "Nascimento"]
PII_TEMPLATES = ["Meu CPF é {cpf}.", "CPF {cpf}", "Meu e-mail é {email}.", "Pode responder no {email}",
                 "Meu telefone é {tel}.", "Me liga no {tel}.", "Aqui é {art} {nome}.",
                 "Meu nome é {nome}.", "Att, {nome}", "Titular: {nome}, CPF {cpf}."]
# Misspellings customers (and a hurried agent) really write; ftlab.data fixes them with a dictionary.
MISSPELLINGS = {
    "você": ["vc", "voce"], "não": ["nao"], "porque": ["pq"], "internet": ["internete", "intenet"],
    "conexão": ["conexao", "coneção"], "também": ["tambem"], "velocidade": ["velocidadi"],
    "fatura": ["fatrua"], "roteador": ["roteadr", "rotiador"], "instalação": ["instalacao", "istalação"],
    "hoje": ["hj"], "técnico": ["tecnico"], "já": ["ja"], "cobrança": ["cobranca"],
    "pagamento": ["pagamendo"], "mês": ["mes"], "obrigado": ["obrigadu"], "quando": ["qdo"],
    "semana": ["semena"], "boleto": ["boletu"], "cancelar": ["cancelá"], "até": ["ate"],
}
# Category spellings found in the export (legacy names, case, accents, stray spaces).
LABEL_VARIANTS = {
    "cobrança": ["Cobrança", "COBRANÇA", "cobranca", " cobrança ", "financeiro", "Financeiro"],
    "conexão": ["Conexão", "conexao", "CONEXÃO", "suporte técnico", "Suporte Tecnico"],
    "planos": ["Planos", "PLANOS", "vendas", "plano"],
    "instalação": ["Instalação", "instalacao", "INSTALACAO", "instalação "],
    "cancelamento": ["Cancelamento", "CANCELAMENTO", "cancelamento "],
    "elogio": ["Elogio", "elogios", "ELOGIO"],
}
CHANNELS = {"whatsapp": ["whatsapp", "WhatsApp", "WHATSAPP", "Whats"], "chat": ["chat", "Chat"],
            "e-mail": ["e-mail", "email", "E-mail"], "telefone": ["telefone", "Telefone", "fone"]}


def cpf(rng: random.Random) -> str:
    """A CPF with valid check digits (random, so it belongs to nobody we know)."""
    digits = [rng.randrange(10) for _ in range(9)]
    for size in (9, 10):
        total = sum(d * w for d, w in zip(digits, range(size + 1, 1, -1), strict=True))
        digits.append((total * 10 % 11) % 10)
    text = "".join(map(str, digits))
    if rng.random() < 0.3:
        return text
    return f"{text[:3]}.{text[3:6]}.{text[6:9]}-{text[9:]}"


def phone(rng: random.Random) -> str:
    ddd, a, b = rng.choice(["11", "21", "31", "41", "51", "61", "71", "81"]), rng.randrange(1000, 9999), \
        rng.randrange(1000, 9999)
    style = rng.randrange(3)
    return [f"({ddd}) 9{a}-{b}", f"{ddd}9{a}{b}", f"+55 {ddd} 9{a}-{b}"][style]


def person(rng: random.Random) -> tuple[str, str, str]:
    """(full name, e-mail, article) of a made-up customer."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
    user = unicodedata.normalize("NFKD", f"{first}.{last}").encode("ascii", "ignore").decode().lower()
    domain = rng.choice(["gmail.com", "hotmail.com", "yahoo.com.br", "uol.com.br", "outlook.com"])
    article = "a" if first[-1] in "ae" and first not in ("Felipe",) else "o"
    return f"{first} {last}", f"{user}{rng.randrange(100) if rng.random() < .5 else ''}@{domain}", article


def fill(text: str, slots: dict) -> str:
    return text.format(**slots)


def draw_slots(rng: random.Random) -> dict:
    slots = {key: rng.choice(values) for key, values in SLOTS.items()}
    plan, speed, price = rng.choice(PLANS)
    slots.update(plano=plan, velocidade=speed, preco=price,
                 valor=f"R$ {rng.randrange(95, 260)},{rng.randrange(10, 99)}")
    return slots


def customer_message(rng: random.Random, theme: str, group: int, slots: dict) -> str:
    category, _, phrasings, _ = THEMES[theme]
    parts = [rng.choice(OPENERS), fill(phrasings[group], slots)]
    if rng.random() < 0.4:
        parts.append(fill(rng.choice(EXTRAS[category]), slots))
    parts.append(rng.choice(CLOSERS))
    text = " ".join(p for p in parts if p)
    if rng.random() < 0.12:
        text = text.lower()
    return text


def agent_answer(rng: random.Random, theme: str, slots: dict) -> str:
    return f"{GREETING} {fill(rng.choice(THEMES[theme][3]), slots)} {CLOSING}"


def misspell(rng: random.Random, text: str, rate: float) -> str:
    words = text.split(" ")
    for i, word in enumerate(words):
        core = word.strip(".,!?").lower()
        if core in MISSPELLINGS and rng.random() < rate:
            words[i] = word.lower().replace(core, rng.choice(MISSPELLINGS[core]))
    return " ".join(words)


def add_pii(rng: random.Random, text: str, name: str, email: str, article: str) -> tuple[str, tuple]:
    """(text with a piece of personal data, the personal values that piece states)."""
    template = rng.choice(PII_TEMPLATES)
    values = {"cpf": cpf(rng), "email": email, "tel": phone(rng), "nome": name}
    piece = template.format(**values, art=article)
    planted = tuple(value for key, value in values.items() if "{" + key + "}" in template)
    return (f"{piece} {text}" if rng.random() < 0.4 else f"{text} {piece}"), planted


def messy_date(rng: random.Random) -> str:
    month, day, hour = rng.randrange(1, 13), rng.randrange(1, 29), rng.randrange(8, 22)
    months = ["jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez"]
    styles = [f"2024-{month:02d}-{day:02d}", f"{day:02d}/{month:02d}/2024",
              f"{day} {months[month - 1]} 2024", f"2024-{month:02d}-{day:02d}T{hour:02d}:15:00"]
    return rng.choice(styles)


def theme_schedule(rng: random.Random, total: int) -> list[str]:
    """Themes drawn by weight: an imbalanced mix, as real support queues are."""
    names = list(THEMES)
    return rng.choices(names, weights=[THEMES[n][1] for n in names], k=total)


def marked_category(rng: random.Random, category: str, error_rate: float = 0.15) -> str:
    """The category an agent marked: usually right; in a hurry, the menu's first option or a random one."""
    if rng.random() >= error_rate:
        return category
    others = [c for c in LABEL_VARIANTS if c != category]
    return "conexão" if category != "conexão" and rng.random() < 0.6 else rng.choice(others)


def base_ticket(rng: random.Random, theme: str) -> dict:
    category, _, phrasings, _ = THEMES[theme]
    group, slots = rng.randrange(len(phrasings)), draw_slots(rng)
    name, email, article = person(rng)
    message, pii = customer_message(rng, theme, group, slots), ()
    if rng.random() < 0.3:
        message = misspell(rng, message, rate=0.7)
    if rng.random() < 0.3:
        message, pii = add_pii(rng, message, name, email, article)
    answer = agent_answer(rng, theme, slots)
    if rng.random() < 0.05:
        answer = answer.replace(CLOSING, f"Enviamos a confirmação para {email}. {CLOSING}")
    if rng.random() < 0.04:
        answer = misspell(rng, answer, rate=0.5)
    label = marked_category(rng, category)
    written = rng.choice([label] * 6 + LABEL_VARIANTS[label])
    return {"data": messy_date(rng), "canal": rng.choice(rng.choice(list(CHANNELS.values()))),
            "cliente": name, "mensagem": message, "categoria": written,
            "resposta": answer, "tema": theme, "grupo": f"{theme}/{group + 1}",
            PLANTED: {"defeitos": (), "dados_pessoais": pii}}  # in memory only, never written


def messy_whitespace(rng: random.Random, text: str) -> str:
    """Double spaces, stray tabs/NBSP, decomposed accents, curly quotes: invisible format faults."""
    fault = rng.randrange(5)
    if fault == 0:
        return "  " + text.replace(" ", "  ", 2) + " "
    if fault == 1:
        return text.replace(" ", "\u00a0", 1) + "\t"
    if fault == 2:
        return unicodedata.normalize("NFD", text)
    if fault == 3:
        return text.replace("?", " ?").replace("\u200b", "") + "\u200b"
    return f"\u201c{text}\u201d"


def near_copy(rng: random.Random, ticket: dict) -> dict:
    """The same request sent again with small edits (case, punctuation, a typo, a greeting)."""
    copy, text = dict(ticket), ticket["mensagem"]
    edit = rng.randrange(4)
    if edit == 0:
        text = text.lower()
    elif edit == 1:
        text = text.rstrip(".!?") + "!!"
    elif edit == 2:
        i = rng.randrange(1, max(2, len(text) - 1))
        text = text[:i] + text[i + 1:]
    else:
        text = "Oi de novo, " + text[0].lower() + text[1:]
    copy.update(mensagem=text, data=messy_date(rng))
    return copy


def overlong(rng: random.Random, ticket: dict) -> dict:
    """A customer who pasted a whole router log into the chat: far beyond the model's context."""
    lines = [f"Resposta de 192.168.0.1: bytes=32 tempo={rng.randrange(3, 900)}ms TTL=64" for _ in range(60)]
    return planted(dict(ticket, mensagem=ticket["mensagem"] + " Segue o log: " + " ".join(lines)), "longo")


def planted(record: dict, defect: str) -> dict:
    """`record` with `defect` added to its record of planted defects (a new dict: copies stay apart)."""
    truth = record[PLANTED]
    return dict(record, **{PLANTED: {**truth, "defeitos": truth["defeitos"] + (defect,)}})


def break_fields(rng: random.Random, ticket: dict) -> dict:
    """Empty or truncated fields, as exports of half-filled tickets have."""
    broken, fault = dict(ticket), rng.randrange(5)
    if fault == 0:
        broken["mensagem"] = rng.choice(["", None, "   "])
    elif fault == 1:
        broken["categoria"] = rng.choice(["", None])
    elif fault == 2:
        broken["resposta"] = rng.choice(["", None])
    else:
        cut = rng.randrange(30, len(ticket["resposta"]) - 20)
        broken["resposta"] = ticket["resposta"][:cut].rstrip(" .,!?")
    kinds = ("vazio:mensagem", "vazio:categoria", "vazio:resposta", "truncado", "truncado")
    return planted(broken, kinds[fault])


def build(rng: random.Random, n_unique: int) -> list[dict]:
    tickets = [base_ticket(rng, theme) for theme in theme_schedule(rng, n_unique)]
    for ticket in tickets:
        if rng.random() < 0.12:
            ticket["mensagem"] = messy_whitespace(rng, ticket["mensagem"])
        if rng.random() < 0.03:
            ticket["resposta"] = messy_whitespace(rng, ticket["resposta"])
    faults = [break_fields(rng, t) for t in rng.sample(tickets, k=n_unique * 6 // 100)]
    faults += [overlong(rng, t) for t in rng.sample(tickets, k=6)]
    faults += [near_copy(rng, t) for t in rng.sample(tickets, k=n_unique * 6 // 100)]
    faults += [dict(t) for t in rng.sample(tickets, k=n_unique * 7 // 100)]
    for popular in rng.sample(tickets, k=4):  # a message forwarded many times by a bot or a form
        faults += [dict(popular) for _ in range(rng.randrange(5, 12))]
    records = tickets + faults
    rng.shuffle(records)
    return records


def without_truth(records: list[dict]) -> list[dict]:
    """The records as the files hold them: the record of planted defects stays in memory."""
    return [{k: v for k, v in r.items() if k != PLANTED} for r in records]


def planted_defects(seed: int = 18) -> dict:
    """id -> {"defeitos": planted defect kinds, "dados_pessoais": personal values planted in the message}.

    What the seeded generator corrupted on purpose, to judge the cleaning against (tests/test_data.py).
    """
    export, form = generate(seed)
    return {r["id"]: r[PLANTED] for r in export + form}


def with_ids(records: list[dict], prefix: str) -> list[dict]:
    return [{"id": f"{prefix}-{i:05d}", **r} for i, r in enumerate(records, start=1)]


def write_jsonl(path: Path, records: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_csv(path: Path, records: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(records[0]))
        writer.writeheader()
        writer.writerows({k: ("" if v is None else v) for k, v in r.items()} for r in records)


def generate(seed: int = 18) -> tuple[list[dict], list[dict]]:
    """(export, web form) records with ids, each still carrying its record of planted defects."""
    rng = random.Random(seed)
    export = with_ids(build(rng, 1050), "CH")
    form = [dict(r, canal="site") for r in build(rng, 110)]
    form += [{k: v for k, v in r.items() if k != "id"} | {"canal": "site"}
             for r in rng.sample([r for r in export if r["mensagem"]], k=12)]
    rng.shuffle(form)
    return export, with_ids(form, "FS")


def main(seed: int = 18, out: Path = HERE / "raw") -> None:
    out.mkdir(parents=True, exist_ok=True)
    export, form = generate(seed)
    write_jsonl(out / "chamados.jsonl", without_truth(export))
    write_csv(out / "formulario_site.csv", without_truth(form))
    print(f"{len(export)} chamados em {out / 'chamados.jsonl'}, {len(form)} em {out / 'formulario_site.csv'}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--out", type=Path, default=HERE / "raw", help="output folder (default: data/raw)")
    args = parser.parse_args()
    main(args.seed, args.out)
