"""In-context classification episodes built only from the pre-training corpus's own structure.

An episode is a short text the model reads left to right: an optional instruction listing the
labels, then several `text -> label` demonstrations and a query whose label ends the episode (EOS).
Labels come from where a snippet sits in the corpus or from its own words:

- "module": the LibreOffice module, man-page section or handbook of the snippet (a natural name);
- "document": which of 2-6 documents the snippet comes from, under labels drawn afresh per episode
  (arbitrary corpus words, letters, numbers or a word of the document's title), so the only way to
  answer is to copy the label of the similar demonstrations (induction heads);
- "keyword": a word the snippet contains, or a relative of it with the same stem (instalar ->
  instalação), against the keywords of the other snippets: the skill behind zero-shot topic labels.

Episodes are bursty (several snippets per class) over thousands of rare classes, as Chan et al. (2022)
found drives in-context learning, and the wording and layout are drawn from many templates so the
skill is not tied to one format. Nothing of the course's data is used: only `Document`s of the corpus.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from dataclasses import dataclass

from ftlab.pretrain.corpus import Document

MIN_WORDS, MAX_WORDS = 6, 45  # snippet length (a customer message is 10-40 words)

MODULE_NAMES = {  # LibreOffice help folder -> natural names of the module
    "scalc": ("Calc", "planilha", "planilhas"), "swriter": ("Writer", "texto", "documento de texto"),
    "simpress": ("Impress", "apresentação", "slides"), "sdraw": ("Draw", "desenho", "figuras"),
    "smath": ("Math", "fórmula", "matemática"), "sdatabase": ("Base", "banco de dados", "tabelas"),
    "sbasic": ("Basic", "macro", "programação"), "schart": ("Chart", "gráfico", "gráficos"),
    "shared": ("geral", "comum", "LibreOffice"),
}
MAN_SECTIONS = {  # man page section -> natural names
    "1": ("comando", "usuário", "programa"), "2": ("chamada de sistema", "kernel", "sistema"),
    "3": ("função", "biblioteca", "biblioteca C"), "4": ("dispositivo", "hardware", "arquivos especiais"),
    "5": ("arquivo de configuração", "formato", "configuração"), "6": ("jogo", "jogos", "diversão"),
    "7": ("diversos", "convenções", "visão geral"), "8": ("administração", "root", "administrador"),
}
HANDBOOK_NAMES = ("Debian", "administração", "manual Debian")

STOPWORDS = frozenset("""a à ao aos as às até com como da das de dela dele deles desse desta deste do dos e é
ela ele eles em entre era essa esse esta está este estão for foi há isso isto já lhe mais mas mesmo muito
na nas não nem no nos o os ou para pela pelas pelo pelos pode podem por qual quando que quem se sem ser
seu seus sua suas são também tem têm um uma umas uns você vocês caso cada outro outra outros outras
sobre após antes depois ainda apenas onde então assim todos todas todo toda estes estas esses essas
qualquer quaisquer seja sejam será serão pode-se usar usado usada clique escolha selecione opção opções
exemplo seguinte seguintes abaixo acima aqui possível desejado desejada""".split())

# Wordings of the instruction; {opts} is the label list, {item}/{items} the snippet field.
INSTRUCTIONS = (
    "Classifique o texto entre: {opts}.",
    "Classifique cada {item} em uma das categorias: {opts}.",
    "Categorias possíveis: {opts}.",
    "Escolha a categoria certa para cada {item} ({opts}).",
    "Qual é o assunto? Opções: {opts}.",
    "Indique a classe de cada {item}. Use apenas: {opts}.",
    "Rotule os {items} abaixo com um destes rótulos: {opts}.",
    "Tarefa: classificação. Rótulos: {opts}.",
    "Leia o {item} e responda com uma das opções: {opts}.",
    "Separe os {items} por tema ({opts}).",
    "Para cada {item}, diga a qual grupo ele pertence: {opts}.",
    "Classifique:\n{opts}",
)
OPTION_JOINERS = (", ", ", ", " | ", " / ", "; ", "\n- ")
# (snippet field, plural) and label field; "Pedido" and "Tipo de pedido" stay out (bench wordings).
ITEM_FIELDS = (("Texto", "textos"), ("Trecho", "trechos"), ("Parágrafo", "parágrafos"), ("Frase", "frases"),
               ("Entrada", "entradas"), ("Exemplo", "exemplos"), ("Descrição", "descrições"),
               ("Documento", "documentos"), ("Mensagem", "mensagens"), ("Comentário", "comentários"),
               ("Pergunta", "perguntas"), ("Conteúdo", "conteúdos"), ("Nota", "notas"))
LABEL_FIELDS = ("Categoria", "Classe", "Rótulo", "Tipo", "Assunto", "Tema", "Seção", "Resposta", "Saída",
                "Área", "Grupo", "Tópico")
ARBITRARY_LABELS = ("A", "B", "C", "D", "E", "F", "1", "2", "3", "4", "5", "6", "sim", "não", "azul",
                    "verde", "vermelho", "amarelo", "preto", "branco", "norte", "sul", "leste", "oeste",
                    "gato", "cão", "peixe", "pássaro", "alfa", "beta", "gama", "delta", "positivo",
                    "negativo")


@dataclass(frozen=True)
class Snippet:
    """A short piece of a training document with the structure it can be labelled by."""

    text: str
    doc: int  # index of the document in the list given to EpisodeBuilder
    module: str  # key into the natural names (e.g. "scalc", "man3", "handbook")
    words: frozenset  # lower-case content words (for the keyword task)


def module_key(doc: Document) -> str:
    """'scalc' for a LibreOffice help page, 'man3' for a section-3 man page, 'handbook' for the handbook."""
    if doc.source.startswith("libreoffice"):
        parts = doc.doc_id.split("/")
        return parts[2] if len(parts) > 2 and parts[2] in MODULE_NAMES else "shared"
    if doc.source.startswith("manpages"):
        match = re.search(r"\.(\d)", doc.doc_id.rsplit("/", 1)[-1])
        return "man" + (match.group(1) if match and match.group(1) in MAN_SECTIONS else "1")
    return "handbook"


def module_names(key: str) -> tuple[str, ...]:
    if key.startswith("man"):
        return MAN_SECTIONS[key[3:]]
    return HANDBOOK_NAMES if key == "handbook" else MODULE_NAMES[key]


def content_words(text: str) -> frozenset:
    return frozenset(w for w in re.findall(r"[a-zà-ÿ]{5,}", text.lower()) if w not in STOPWORDS)


def shorten(text: str, rng: random.Random) -> str:
    """At most MAX_WORDS words: a whole first sentence or two when they fit, else a cut at a word."""
    words = text.split()
    if len(words) <= MAX_WORDS:
        return text
    cut = " ".join(words[: rng.randint(MIN_WORDS + 4, MAX_WORDS)])
    end = max(cut.rfind(". "), cut.rfind("? "), cut.rfind("! "))
    return cut[: end + 1] if end > len(cut) // 3 else cut


def looks_like_code(text: str) -> bool:
    return sum(c in "(){};=*[]<>#$" for c in text) > len(text) / 25


def document_snippets(docs: list[Document]) -> list[Snippet]:
    """The usable snippets (6-45 words, prose, not the page title) of every document."""
    snippets, rng = [], random.Random(0)
    for index, doc in enumerate(docs):
        key = module_key(doc)
        for paragraph in doc.paragraphs[1:]:
            text = paragraph.removeprefix("DESCRIÇÃO ").strip()
            if len(text.split()) < MIN_WORDS or looks_like_code(text):
                continue
            text = shorten(text, rng)
            snippets.append(Snippet(text, index, key, content_words(text)))
    return snippets


def variant(text: str, rng: random.Random) -> str:
    """The text with about a third of its words dropped (at least four kept)."""
    words = text.split()
    kept = [w for w in words if rng.random() > 0.35]
    return " ".join(kept) if len(kept) >= 4 else " ".join(words[len(words) // 3:])


def title_word(doc: Document) -> str | None:
    """A content word of the document's title (first paragraph), or its man page name."""
    if doc.source.startswith("manpages"):
        return doc.doc_id.rsplit("/", 1)[-1].split(".")[0]
    words = [w for w in re.findall(r"[A-Za-zÀ-ÿ]{4,}", doc.paragraphs[0]) if w.lower() not in STOPWORDS]
    return words[0].lower() if words else None


class EpisodeBuilder:
    """Draws episodes (text + which characters are labels) from the corpus's training documents."""

    FAMILIES = (("document", 0.35), ("keyword", 0.30), ("module", 0.15), ("zero_shot", 0.20))

    def __init__(self, docs: list[Document]):
        self.docs = docs
        self.snippets = document_snippets(docs)
        self.by_doc = defaultdict(list)
        self.by_module = defaultdict(list)
        for i, s in enumerate(self.snippets):
            self.by_doc[s.doc].append(i)
            self.by_module[s.module].append(i)
        self.multi_docs = sorted(d for d, items in self.by_doc.items() if len(items) >= 3)
        self.modules = sorted(k for k, items in self.by_module.items() if len(items) >= 5)
        frequency = defaultdict(list)
        for i, s in enumerate(self.snippets):
            for w in s.words:
                frequency[w].append(i)
        self.keyword_items = {w: items for w, items in frequency.items()
                              if 4 <= len(items) <= 400 and len(w) >= 6}
        self.keywords = sorted(self.keyword_items)
        stems = defaultdict(set)
        for w in frequency:
            stems[w[:5]].add(w)
        self.relatives = {w: sorted(stems[w[:5]] - {w}) for w in self.keywords}
        self.word_pool = sorted(w for w, items in frequency.items() if len(items) >= 20)

    # ---- classes: (label, snippet ids) ------------------------------------------------------------
    def document_classes(self, rng: random.Random, k: int) -> list[tuple[str, list[int]]]:
        docs = rng.sample(self.multi_docs, k)
        style = rng.random()
        if style < 0.55:
            labels = rng.sample(self.word_pool, k)
        elif style < 0.8:
            labels = rng.sample(ARBITRARY_LABELS, k)
        else:
            labels = [title_word(self.docs[d]) or rng.choice(self.word_pool) for d in docs]
            if len(set(labels)) < k:
                labels = rng.sample(self.word_pool, k)
        return [(label, self.by_doc[d]) for label, d in zip(labels, docs, strict=True)]

    def module_classes(self, rng: random.Random, k: int) -> list[tuple[str, list[int]]]:
        keys = rng.sample(self.modules, min(k, len(self.modules)))
        variant = rng.randrange(3)
        labels = [module_names(key)[variant] for key in keys]
        if len(set(labels)) < len(labels):
            labels = [module_names(key)[0] + f" {i}" for i, key in enumerate(keys)]
        return [(label, self.by_module[key]) for label, key in zip(labels, keys, strict=True)]

    def keyword_classes(self, rng: random.Random, k: int) -> list[tuple[str, list[int]]]:
        chosen: list[str] = []
        while len(chosen) < k:
            word = rng.choice(self.keywords)
            if all(word[:5] != c[:5] for c in chosen):
                chosen.append(word)
        classes = []
        for word in chosen:
            others = [c[:5] for c in chosen if c != word]
            items = [i for i in self.keyword_items[word]
                     if not any(w[:5] in others for w in self.snippets[i].words)]
            relatives = self.relatives[word]
            label = rng.choice(relatives) if relatives and rng.random() < 0.5 else word
            classes.append((label, items or self.keyword_items[word]))
        return classes

    # ---- rendering --------------------------------------------------------------------------------
    def render(self, rng: random.Random, classes, n_demos: int, instruction: bool,
               overlap: float = 0.0) -> list[tuple[str, bool]]:
        """Pieces (text, is_label) of one episode: instruction, demonstrations, query (label last).

        With probability `overlap` the query is a variant of a demonstration of its class (words
        dropped), as the most similar training examples are to a test message.
        """
        item, items = rng.choice(ITEM_FIELDS)
        label_field = rng.choice(LABEL_FIELDS)
        layout = rng.randrange(6)
        pieces: list[tuple[str, bool]] = []
        if instruction:
            opts = [label for label, _ in classes]
            rng.shuffle(opts)
            joiner = rng.choice(OPTION_JOINERS)
            listed = ("- " if joiner == "\n- " else "") + joiner.join(opts)
            text = rng.choice(INSTRUCTIONS).format(opts=listed, item=item.lower(), items=items)
            pieces.append((text + rng.choice(("\n\n", "\n")), False))
        blank = "\n\n" if rng.random() < 0.5 else "\n"
        draws = [rng.randrange(len(classes)) for _ in range(n_demos)]
        draws.append(rng.choice(draws) if draws and rng.random() < 0.9 else rng.randrange(len(classes)))
        used, shown = set(), defaultdict(list)
        for position, c in enumerate(draws):
            label, pool = classes[c]
            fresh = [i for i in pool if i not in used] or pool
            snippet = rng.choice(fresh)
            used.add(snippet)
            text = self.snippets[snippet].text
            if position == len(draws) - 1 and shown[c] and rng.random() < overlap:
                text = variant(rng.choice(shown[c]), rng)
            shown[c].append(text)
            if layout == 0:
                before, after = f"{item}: {text}\n{label_field}:", "\n"
            elif layout == 1:
                before, after = f"{item}: {text}\n{label_field}:", blank
            elif layout == 2:
                before, after = f"{text}\n{label_field}:", blank
            elif layout == 3:
                before, after = f"{item}: \"{text}\"\n{label_field}:", "\n"
            elif layout == 4:
                before, after = f"{text} =>", "\n"
            else:
                before, after = f"{item} {position + 1}: {text}\n{label_field}:", blank
            pieces += [(before, False), (" " + label, True)]
            if position < len(draws) - 1:
                pieces.append((after, False))
        return pieces

    def episode(self, rng: random.Random) -> list[tuple[str, bool]]:
        """One episode drawn from the family mixture."""
        family = rng.choices([f for f, _ in self.FAMILIES], [w for _, w in self.FAMILIES])[0]
        k = rng.randint(2, 6)
        if family == "zero_shot":
            kind = rng.choice(("keyword", "keyword", "module"))
            classes = self.keyword_classes(rng, k) if kind == "keyword" else self.module_classes(rng, k)
            return self.render(rng, classes, 0, instruction=True)
        maker = {"document": self.document_classes, "keyword": self.keyword_classes,
                 "module": self.module_classes}[family]
        classes = maker(rng, k)
        n_demos = rng.randint(max(2, len(classes)), 12)
        return self.render(rng, classes, n_demos, instruction=rng.random() < 0.5,
                           overlap=0.0 if family == "keyword" else 0.35)


def episode_tokens(tokenizer, pieces: list[tuple[str, bool]]) -> tuple[list[int], list[bool]]:
    """BOS + pieces + EOS as ids, with a flag on label tokens (and the final EOS)."""
    ids, flags = [tokenizer.bos_token_id], [False]
    encoded = tokenizer.backend_tokenizer.encode_batch([text for text, _ in pieces], add_special_tokens=False)
    for (_, is_label), enc in zip(pieces, encoded, strict=True):
        ids += enc.ids
        flags += [is_label] * len(enc.ids)
    return ids + [tokenizer.eos_token_id], flags + [True]
