"""Automatic grading of submitted notebooks: `ftlab grade SUBMISSIONS --out notas.csv`.

The checks themselves live in ftlab.exercises (one engine for the notebook and the grader); this
package runs each submission in a sandboxed kernel (ftlab.grading.sandbox, .kernel, .watchdog),
re-runs the checks through injected probes (.probe, .plan), judges the plain results in its own
process (.runner) and writes the CSV, feedback files and log (.report, .batch, .cli).
"""
