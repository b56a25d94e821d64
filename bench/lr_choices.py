"""Which step sizes work: the lab's LoRA learning rate and notebook 03's exercise-1 verdicts.

Losses, not timings (they do not depend on the machine's load). Not part of `make bench` (it trains
16 runs, several minutes on a quiet 2-core CPU):

    HF_HUB_OFFLINE=1 .venv/bin/python -m bench.lr_choices
"""

from __future__ import annotations

LORA_LRS = (1e-3, 5e-3, 1e-2, 2e-2, 5e-2)
EXERCISE_LRS = (1e-5, 1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 1e-2, 2e-2, 1e-1)


def main() -> None:
    import torch

    from ftlab.experiments import training, training_checks
    from ftlab.train import preset
    from ftlab.widgets.lab import LAB_N_TRAIN, LAB_N_VAL

    torch.set_num_threads(1)
    for name, lrs in (("lora", LORA_LRS), ("padrao", (preset().lr,))):
        for lr in lrs:
            history = training.run_training(preset(name, lr=lr), n_train=LAB_N_TRAIN, n_val=LAB_N_VAL)
            print(f"lab run, {name}, lr={lr:g}: best val loss {history.best()['loss']:.3f}, "
                  f"final {history.val[-1]['loss']:.3f}")
    reference = training_checks.reference_run("aula", 0, "tiny", "classificacao")
    for lr in EXERCISE_LRS:
        run = training.lr_sweep([lr], budget="aula")[0]
        verdict = training_checks.judge_lr(lr, run, reference)
        print(f"exercise 1, lr={lr:g}: {'passa' if verdict.passed else 'não passa'} "
              f"(val final {run.val[-1]['loss']:.3f}) {verdict.lines[-1]}")


if __name__ == "__main__":
    main()
