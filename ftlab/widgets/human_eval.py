"""HumanEvalPanel: blind A/B comparison of two systems' answers to the same customer messages.

The rater sees the message and two answers, "A" on the left and "B" on the right, with the systems'
sides drawn at random (seeded, recorded) so nobody knows which model wrote which. Four buttons (A is
better, B is better, tie, both bad), an optional comment, the rater's name; the time to decide is
measured. A few items come back at the end to measure consistency. Every choice is appended at once
to the rater's CSV file (ftlab.evaluate.human), which survives a kernel restart and is never
rewritten. Code can answer the panel too (`choose`, `answer_with`): papermill does so.

Core ipywidgets only (7.7 on Colab and 8.x). Taught in notebooks/04_avaliacao.
"""

from __future__ import annotations

import html
import re
import time
from datetime import datetime, timezone
from pathlib import Path

import ipywidgets as w

from ftlab.evaluate import human

BUTTONS = {"esquerda": "A é melhor", "direita": "B é melhor", "empate": "Empate",
           "ambas ruins": "Ambas ruins"}
BOX = {"width": "330px", "border": "1px solid #bbb", "padding": "6px"}


def file_name(rater: str) -> str:
    """A safe file name for a rater: lower-case letters, digits and dashes."""
    slug = re.sub(r"[^a-z0-9]+", "-", rater.strip().lower()).strip("-")
    return f"{slug or 'avaliador'}.csv"


def words(text: str) -> int:
    return len(str(text).split())


class HumanEvalPanel:
    """Blind A/B panel over `items` (dicts with "pergunta" and the two systems' answers).

    `systems`: the two keys of each item holding the answers, e.g. ("base", "ajustado").
    Ratings go to `folder`/<rater>.csv. Taught in notebooks/04_avaliacao.
    """

    def __init__(self, items, systems=("base", "ajustado"), folder="avaliacoes_humanas", seed: int = 0,
                 repeats: int = 2, rater: str = ""):
        self.items, self.systems, self.folder, self.seed = list(items), tuple(systems), Path(folder), seed
        if len(self.items) < 1:
            raise ValueError("o painel precisa de pelo menos um item para avaliar")
        self.plan = human.plan_items(len(self.items), seed, repeats)
        self.position, self.shown_at = 0, time.monotonic()
        self.session = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
        self.rater = w.Text(value=rater, description="seu nome", placeholder="quem está avaliando")
        self.progress, self.question = w.HTML(), w.HTML()
        self.left, self.right = w.HTML(layout=w.Layout(**BOX)), w.HTML(layout=w.Layout(**BOX))
        self.comment = w.Textarea(placeholder="comentário (opcional)", layout=w.Layout(width="670px"))
        self.buttons = [self.button(choice, label) for choice, label in BUTTONS.items()]
        self.feedback = w.HTML()
        self.answers = w.HBox([self.left, self.right])
        self.widget = w.VBox([self.rater, self.progress, self.question, self.answers, w.HBox(self.buttons),
                              self.comment, self.feedback])
        self.show_item()

    def button(self, choice: str, label: str):
        button = w.Button(description=label, layout=w.Layout(width="160px"))
        button.on_click(lambda _: self.choose(choice, self.comment.value))
        return button

    @property
    def path(self) -> Path:
        """This rater's CSV file."""
        return self.folder / file_name(self.rater.value)

    @property
    def done(self) -> bool:
        return self.position >= len(self.plan)

    def current(self) -> tuple[dict, bool, bool]:
        """(item, is_repeat, system A on the left) being shown."""
        index, repeat, a_left = self.plan[self.position]
        return self.items[index], repeat, a_left

    def sides(self) -> tuple[str, str]:
        """(system on the left, system on the right) of the current item."""
        _, _, a_left = self.current()
        return self.systems if a_left else self.systems[::-1]

    def show_item(self) -> None:
        if self.done:
            self.finish()
            return
        item, _, _ = self.current()
        left, right = self.sides()
        self.progress.value = f"<b>item {self.position + 1} de {len(self.plan)}</b>"
        self.question.value = f"<b>Mensagem do cliente:</b> {html.escape(item['pergunta'])}"
        self.left.value = f"<b>Resposta A</b><br>{html.escape(item[left]) or '<i>(vazia)</i>'}"
        self.right.value = f"<b>Resposta B</b><br>{html.escape(item[right]) or '<i>(vazia)</i>'}"
        self.comment.value = ""
        self.shown_at = time.monotonic()

    def choose(self, choice: str, comment: str = "") -> bool:
        """Record `choice` ("esquerda", "direita", "empate", "ambas ruins") for the item shown."""
        if choice not in human.CHOICES:
            raise ValueError(f"escolha desconhecida: {choice!r}; use uma de {', '.join(human.CHOICES)}")
        if self.done:
            return False
        if not self.rater.value.strip():
            self.feedback.value = "<b style='color:#b00'>Escreva seu nome antes de escolher.</b>"
            return False
        item, repeat, _ = self.current()
        left, right = self.sides()
        human.append_rating(self.path, {
            "quando": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "avaliador": self.rater.value.strip(),
            "sessao": self.session, "item": self.plan[self.position][0], "repeticao": int(repeat),
            "esquerda": left, "direita": right, "escolha": choice, "palavras_esquerda": words(item[left]),
            "palavras_direita": words(item[right]), "segundos": round(time.monotonic() - self.shown_at, 2),
            "comentario": comment.strip(), "semente": self.seed})
        self.position += 1
        self.feedback.value = f"escolha salva em <code>{html.escape(str(self.path))}</code>"
        self.show_item()
        return True

    def answer_with(self, rule) -> int:
        """Answer every remaining item with `rule(question, left_text, right_text) -> choice`."""
        answered = 0
        while not self.done:
            item, _, _ = self.current()
            left, right = self.sides()
            answered += self.choose(rule(item["pergunta"], item[left], item[right]))
        return answered

    def finish(self) -> None:
        for button in self.buttons:
            button.disabled = True
        self.progress.value = f"<b>Fim: {len(self.plan)} escolhas salvas.</b>"
        self.question.value = "Obrigado! Abaixo, o resumo das suas escolhas (a próxima célula junta todos)."
        self.answers.layout.display = self.comment.layout.display = "none"
        self.feedback.value = self.summary_html()

    def summary_html(self) -> str:
        """This rater's summary (ftlab.evaluate.human.summarize) as an HTML table."""
        ratings = human.load_ratings(self.path)
        if not human.first_ratings(ratings):
            return "nenhuma escolha salva ainda"
        table = human.summary_table(human.summarize(ratings, *self.systems))
        return f"<b>Resumo de {html.escape(self.rater.value.strip())}</b>" + table.to_html()

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)
