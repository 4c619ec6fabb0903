"""Run every docs example N times while two busy loops load the machine; report any output that
changed.

    .venv/bin/python scripts/check_determinism.py [N]     (default 10)

Results may depend on nothing but the input: no clock, no machine load (--timeout aside).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(runs: int) -> int:
    sys.path.insert(0, str(ROOT / "scripts"))
    from gen_docs import pages

    load = [subprocess.Popen(["yes"], stdout=subprocess.DEVNULL) for _ in range(2)]
    try:
        first = pages()
        changed = [
            path.name
            for _ in range(runs - 1)
            for path, text in pages().items()
            if first[path] != text
        ]
    finally:
        for process in load:
            process.kill()
            process.wait()
    print(
        f"{runs} runs under load: "
        + (f"changed: {sorted(set(changed))}" if changed else "every page byte-identical")
    )
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10))
