"""Grading a class against one grad call (issue targets): prints ratios, asserts nothing.

  .venv/bin/python benchmarks/grade.py

the docs' class, 30 students x 10 problems  / one calcli grad call   target <= 4
300 students: the class ten times, each copy's answers spelled apart (a space inserted), so that
no answer text repeats and each of the 3,000 is checked       / one calcli grad call   target <= 10
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from timing import CALCLI, report, timed

ROOT = Path(__file__).resolve().parent.parent
CLASS = ROOT / "docs" / "grading"
RUNS = 3


def main() -> None:
    os.environ["CALCLI_SERVER"] = "off"  # cold, as a first call is
    one = timed([CALCLI, "grad", "(x+y)*z", "--at", "x=4,y=-3,z=5"], RUNS)
    problems = str(CLASS / "problems.txt")
    report("30 students x 10 problems", timed([CALCLI, "grade", problems, str(CLASS / "answers"), "--format", "csv"], RUNS), one, "one grad call", 4)
    with tempfile.TemporaryDirectory() as big:
        for copy in range(10):
            for path in (CLASS / "answers").iterdir():
                lines = [line[:1] + " " * copy + line[1:] for line in path.read_text().splitlines()]
                (Path(big) / f"{path.stem}{copy}.txt").write_text("\n".join(lines) + "\n")
        report("300 students x 10 problems, all spelled apart", timed([CALCLI, "grade", problems, big, "--format", "csv"], RUNS), one, "one grad call", 10)


if __name__ == "__main__":
    main()
