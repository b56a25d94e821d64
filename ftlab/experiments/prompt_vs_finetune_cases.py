"""The lesson's cases for fine-tuning, each a small demo on the running example (notebook 06).

- a task whose prompt gets too long: how many tokens k demonstrations take against the context;
- a particular tone or persona, and new knowledge: the company's voice and its facts (plans, prices,
  deadlines), asked of the base model by prompt (a persona instruction, a similar answer pasted as an
  example, the company's facts pasted in) and of a model fine-tuned on the company's answers.
(The first case, high precision in a domain, is the notebook's main comparison.)

Taught in notebooks/06_prompt_vs_fine_tuning.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

PERSONA = ("Você é atendente da NuvemNet, um provedor de internet. Responda ao cliente em poucas frases, "
           'começando com "{opening}", dando as informações da empresa (planos, preços, prazos) e '
           'terminando com "{closing}".')


def long_prompt_table(study, ks=(0, 1, 2, 4, 8, 16, 32)):
    """Tokens of the prompt with k similar demonstrations, and the share of test messages it fits for."""
    import pandas as pd

    from ftlab.experiments.prompt_vs_finetune import ANSWER_ROOM, SIMILAR, ZERO, build_prompts
    from ftlab.prompting import VARIANTS, count_tokens

    variant = next(iter(VARIANTS))
    rows = []
    for k in ks:
        prompts, _ = build_prompts(study, SIMILAR if k else ZERO, k, variant, 0)
        tokens = [count_tokens(study.tokenizer, p) for p in prompts]
        rows.append({"exemplos no prompt (k)": k, "tokens (média)": sum(tokens) / len(tokens),
                     "tokens (máximo)": max(tokens), "contexto do modelo": study.context,
                     "cabe em": sum(n + ANSWER_ROOM <= study.context for n in tokens) / len(tokens)})
    tuned = [count_tokens(study.tokenizer, r["prompt"]) for r in study.test]
    rows.append({"exemplos no prompt (k)": "modelo com fine-tuning",
                 "tokens (média)": sum(tuned) / len(tuned),
                 "tokens (máximo)": max(tuned), "contexto do modelo": study.context,
                 "cabe em": sum(n + ANSWER_ROOM <= study.context for n in tuned) / len(tuned)})
    return pd.DataFrame(rows).set_index("exemplos no prompt (k)").round(3)


# ---------------------------------------------------------------- voice and knowledge


@dataclass
class VoiceCase:
    """What the voice/knowledge demo measured."""

    table: object  # pandas DataFrame: one row per method
    examples: object  # pandas DataFrame: one question answered by every method
    voice: object  # ftlab.evaluate.company.CompanyVoice: the company's opening and closing
    facts_tokens: int  # tokens it would take to paste every company fact of the training answers
    train_seconds: float  # the fine-tune on the company's answers


def fact_sentences(answers) -> list[str]:
    """The distinct sentences of the training answers that state a company fact (price, plan, deadline)."""
    import re

    from ftlab.evaluate.company import extract_facts

    sentences = []
    for text in answers:
        sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if extract_facts(s)]
    return list(dict.fromkeys(sentences))


def pasted_facts(tokenizer, facts: list[str], index, question: str, room: int) -> str:
    """The facts most similar to `question`, as many as fit in `room` tokens, as a bulleted block."""
    from ftlab.prompting import count_tokens

    block = "Informações da empresa:"
    for i in index.top(question, len(facts)):
        candidate = f"{block}\n- {facts[i]}"
        if count_tokens(tokenizer, candidate) > room:
            break
        block = candidate
    return block


def conversation(tokenizer, system: str, turns: list[tuple[str, str]], question: str) -> str:
    """System text, example (question, answer) turns and the question: plain text, or the chat template's
    conversation when the tokenizer has one (as ftlab.prompting does for classification)."""
    from ftlab.prompting import PromptStyle, uses_chat
    from ftlab.prompting.build import chat_prompt

    if not uses_chat(tokenizer, PromptStyle()):
        return "\n\n".join([system, *(q + a for q, a in turns), question])
    messages = [{"role": "system", "content": system}]
    for q, a in turns:
        messages += [{"role": "user", "content": q}, {"role": "assistant", "content": a.strip()}]
    return chat_prompt(tokenizer, [*messages, {"role": "user", "content": question}])


def voice_prompts(study, answers, questions, voice) -> dict:
    """Method name -> prompts for the questions: persona, persona + a similar answer, persona + facts."""
    from ftlab.prompting import SimilarityIndex, count_tokens

    tokenizer, persona = study.tokenizer, PERSONA.format(opening=voice.opening, closing=voice.closing)
    pool = answers.train
    pool_index = SimilarityIndex([r["prompt"] for r in pool])
    facts = fact_sentences(r["completion"] for r in pool)
    facts_index = SimilarityIndex(facts)
    prompts = {"prompt: persona": [], "prompt: persona + 1 resposta parecida": [],
               "prompt: persona + fatos colados": []}
    for record in questions:
        question = record["prompt"]
        nearest = pool[pool_index.top(question, 1)[0]]
        prompts["prompt: persona"].append(conversation(tokenizer, persona, [], question))
        prompts["prompt: persona + 1 resposta parecida"].append(
            conversation(tokenizer, persona, [(nearest["prompt"], nearest["completion"])], question))
        used = count_tokens(tokenizer, conversation(tokenizer, persona + "\n\n", [], question))
        room = study.context - study.size.max_new_tokens - used
        block = pasted_facts(tokenizer, facts, facts_index, question, room)
        prompts["prompt: persona + fatos colados"].append(conversation(tokenizer, f"{persona}\n\n{block}", [],
                                                                       question))
    return prompts


def answers_that_fit(study, model, prompts: list[str]) -> tuple[list[str], list[int]]:
    """(one-line greedy answers, prompt tokens); a prompt that does not fit the context gets ""."""
    from ftlab.evaluate import generate_completions
    from ftlab.experiments.specialist import one_line
    from ftlab.prompting import count_tokens

    tokens = [count_tokens(study.tokenizer, p) for p in prompts]
    fitting = [i for i, n in enumerate(tokens) if n + study.size.max_new_tokens <= study.context]
    texts = generate_completions(model, study.tokenizer, [prompts[i] for i in fitting],
                                 study.size.max_new_tokens)
    texts = one_line(text.lstrip() for text in texts)  # a leading line break is not the end of the answer
    answers = [""] * len(prompts)
    for i, text in zip(fitting, texts, strict=True):
        answers[i] = text
    return answers, tokens


def voice_row(name: str, answers, tokens, references, voice, context: int, room: int) -> dict:
    from ftlab.evaluate import generation_scores
    from ftlab.evaluate.company import fact_scores, voice_scores

    facts, styled = fact_scores(answers, references), voice_scores(answers, voice)
    return {"método": name, "abre como a empresa": styled["abertura"],
            "voz da empresa (abertura e fechamento)": styled["voz (abertura e fechamento)"],
            "chrF com a resposta de referência (0-1)": generation_scores(answers, references)["chrf"] / 100,
            "fatos da referência citados (revocação)": facts["revocação"],
            "fatos citados corretos (precisão)": facts["precisão"],
            "tokens por pedido": sum(tokens) / len(tokens),
            "cabe no contexto": sum(n + room <= context for n in tokens) / len(tokens)}


def voice_and_knowledge(study) -> VoiceCase:
    """Company voice and company facts: prompts on the base model vs a model fine-tuned on answers.

    Taught in notebooks/06_prompt_vs_fine_tuning (cases 2 and 4 of the lesson).
    """
    import pandas as pd

    from ftlab.data import subsample
    from ftlab.evaluate.company import company_voice
    from ftlab.experiments.prompt_vs_finetune import fine_tune_copy
    from ftlab.experiments.training import task_splits
    from ftlab.prompting import count_tokens

    size, answers = study.size, task_splits("resposta", study.seed)
    voice = company_voice(r["completion"] for r in answers.train)
    questions = random.Random(study.seed).sample(answers.test, min(size.n_answer_test, len(answers.test)))
    references = [r["completion"].strip() for r in questions]
    tuned = fine_tune_copy(study, "voz da empresa", subsample(answers.train, size.answer_n_train, study.seed,
                                                              key="tema"),
                           size.answer_epochs, val=subsample(answers.val, size.n_val, study.seed, key="tema"))
    methods = voice_prompts(study, answers, questions, voice)
    methods["fine-tuning nas respostas da empresa"] = [r["prompt"] for r in questions]
    rows, said = [], {}
    for name, prompts in methods.items():
        model = tuned.model if name.startswith("fine-tuning") else study.model
        said[name], tokens = answers_that_fit(study, model, prompts)
        rows.append(voice_row(name, said[name], tokens, references, voice, study.context,
                              size.max_new_tokens))
    facts = fact_sentences(r["completion"] for r in answers.train)
    all_facts = "Informações da empresa:\n- " + "\n- ".join(facts)
    examples = pd.DataFrame({"método": list(said), "resposta": [said[n][0] for n in said]})
    examples = examples.set_index("método")
    examples.loc["resposta de referência"] = references[0]
    return VoiceCase(pd.DataFrame(rows).set_index("método").round(3), examples, voice,
                     count_tokens(study.tokenizer, all_facts), tuned.train_seconds)
