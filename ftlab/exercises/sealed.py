"""Sealed feedback for multiple-choice questions: the answer key is never stored in plain text.

Each option carries a token that only that option's own text opens (a keystream derived from the
question id and the option, XOR-ed over a small JSON). The notebook's source shows no answer key;
choosing an option reveals exactly what the quiz would say about it, and nothing more. This is a
guard against reading the key by accident, not encryption against a determined reader.
Taught in notebooks/07_autoavaliacao.
"""

from __future__ import annotations

import base64
import hashlib
import json

SALT = "ftlab-quiz-v1"
PADDING = 384  # sealed texts are padded with spaces to a multiple of this many bytes


def keystream(question: str, option: str, size: int) -> bytes:
    seed = hashlib.sha256(f"{SALT}|{question}|{option}".encode()).digest()
    blocks = (hashlib.sha256(seed + i.to_bytes(4, "big")).digest() for i in range(size // 32 + 1))
    return b"".join(blocks)[:size]


def xor(data: bytes, key: bytes) -> bytes:
    return bytes(a ^ b for a, b in zip(data, key, strict=True))


def seal(question: str, option: str, correct: bool, why: str) -> str:
    """The token stored for one option (run once by whoever writes the questions)."""
    data = json.dumps({"certa": correct, "porque": why}, ensure_ascii=False).encode()
    data = data.ljust(-(-len(data) // PADDING) * PADDING)  # equal lengths: size says nothing either
    return base64.b64encode(xor(data, keystream(question, option, len(data)))).decode()


def unseal(question: str, option: str, token: str) -> tuple[bool, str]:
    """(is this option right, why) for the chosen option."""
    data = base64.b64decode(token)
    opened = json.loads(xor(data, keystream(question, option, len(data))).decode())
    return bool(opened["certa"]), str(opened["porque"])
