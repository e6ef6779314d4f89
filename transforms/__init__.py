"""Pure stage functions of the pipeline (no Prefect, no I/O outside load.py)."""
from __future__ import annotations

import functools
import hashlib
from pathlib import Path


@functools.cache
def code_fingerprint() -> str:
    """Hash of every source, vocabulary, model and config file of the transforms.

    A published warehouse records it; an incremental run reuses published rows only when it
    is unchanged, so new rules or thresholds never mix with rows made by old ones.
    """
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".txt", ".toml", ".gz")):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
