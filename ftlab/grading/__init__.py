"""Automatic grading of submitted notebooks: `ftlab grade SUBMISSIONS --out notas.csv`.

The checks themselves live in ftlab.exercises (one engine for the notebook and the grader); this
package runs each submission in a sandboxed kernel (ftlab.grading.sandbox, .kernel, .watchdog,
.cgroup, .audit, .boot), re-runs the checks through injected probes (.probe, .plan), judges the
plain results in its own process (.runner) and writes the CSV, feedback files and log (.report,
.batch, .cli).

How an exercise becomes gradable (the convention every notebook follows):
1. Register it: `register(Exercise(id, notebook_stem, answer_name, title, cases=... | judge_value=...))`
   in a module of ftlab.exercises imported by ftlab/exercises/__init__.py. Function exercises give
   `cases` (the grader calls the student's function on them inside the kernel); value exercises
   give `judge_value(plain_value, GradingContext)` (run by the grader, it may train with the value).
2. In the notebook, the student binds `answer_name` at top level (a `def` or an assignment) in the
   exercise cell, which also calls the check, e.g. `resultado = check_x(minha_funcao)`; the grader
   puts its probe right after the last cell that binds the name.
3. Put the teacher's copy, with every answer filled in, in notebooks/solucoes/ under the same file
   name; the tests grade it and expect full marks.
Only the cells an answer depends on are re-run (names bound by one cell and read by another, followed
backwards), so keep the imports an answer needs in its own cell or in an imports cell, not beside a
long experiment.
"""
