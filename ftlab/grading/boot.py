"""Start a grading kernel: rlimits, one BLAS thread, the audit hook where needed, then ipykernel.

Run by the kernelspec that ftlab.grading.sandbox writes:
    python -m ftlab.grading.boot POLICY.json -f CONNECTION_FILE
POLICY.json: {"limits": Limits.to_dict(), "level": "namespaces"|"rede"|"audit", "work": "/path"}.
"""

from __future__ import annotations

import json
import resource
import sys


def set_limits(limits: dict, own_user_namespace: bool) -> None:
    """Hard caps the kernel cannot raise: CPU seconds, file size, open files, processes.

    RLIMIT_NPROC counts every task of the user, so it is set only inside a user namespace, where
    it counts the submission's own tasks (outside, the audit hook refuses new processes instead).
    """
    caps = {resource.RLIMIT_CPU: limits["cpu_s"], resource.RLIMIT_FSIZE: limits["file_mb"] * 2**20,
            resource.RLIMIT_NOFILE: limits["open_files"], resource.RLIMIT_CORE: 0}
    if own_user_namespace:
        caps[resource.RLIMIT_NPROC] = limits["tasks"]
    for which, value in caps.items():
        soft, hard = resource.getrlimit(which)
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(which, (value, value))


def main(argv: list[str]) -> None:
    with open(argv[0], encoding="utf-8") as handle:
        policy = json.load(handle)
    set_limits(policy["limits"], policy["level"] != "audit")
    from ftlab.grading.audit import install

    # New processes are refused at every level (a fork bomb, or a child outside the hook);
    # files and sockets only where namespaces do not already protect them.
    level = policy["level"]
    install(policy["work"], policy.get("hidden", []), block_network=level == "audit",
            guard_files=level != "namespaces")
    from ipykernel.kernelapp import launch_new_instance

    sys.argv = [sys.argv[0], *argv[1:]]
    launch_new_instance()


if __name__ == "__main__":
    main(sys.argv[1:])
