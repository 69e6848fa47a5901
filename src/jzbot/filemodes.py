"""Who may read what jzbot keeps on disk: only the user it runs as.

Invariant: once a long-running command (``serve``, ``telegram``) or ``user`` has started, its data folder is
0700, every database in it 0600, and every file it creates later is private too (umask 077).
"""

from __future__ import annotations

import os
from pathlib import Path


def make_private(data_dir: Path) -> None:
    """The data folder 0700 and its databases 0600 (users, sessions, the audit log and the index are
    nobody else's business on a shared host); files made later by this process are private too."""
    os.umask(0o077)
    data_dir.mkdir(parents=True, exist_ok=True)
    data_dir.chmod(0o700)
    for path in data_dir.rglob("*"):
        if path.is_file() and ".sqlite" in path.name:
            path.chmod(0o600)
