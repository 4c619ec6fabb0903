"""Grading a class against one grad call (issue targets): prints ratios, asserts nothing.

  .venv/bin/python benchmarks/grade.py

the docs' class, 30 students x 10 problems  / one calcli grad call   target <= 4
300 students: the class ten times, each copy's answers spelled apart (a space inserted), so that
no answer text repeats and each of the 3,000 is checked       / one calcli grad call   target <= 10

  .venv/bin/python benchmarks/grade.py --scale [students]

A MOOC assignment: 10,000 students x 10 problems (the class copied, each copy's answers spelled one
of twenty ways, as a large class repeats itself), with --jobs 1 and 2: wall time, answers per
second, the peak memory of the grading process, and the time projected for 100,000 students.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import CALCLI, report, timed

ROOT = Path(__file__).resolve().parent.parent
CLASS = ROOT / "docs" / "grading"
RUNS = 3


def main() -> None:
    os.environ["CALCLI_SERVER"] = "off"  # cold, as a first call is
    one = timed([CALCLI, "grad", "(x+y)*z", "--at", "x=4,y=-3,z=5"], RUNS)
    problems = str(CLASS / "problems.txt")
    report(
        "30 students x 10 problems",
        timed([CALCLI, "grade", problems, str(CLASS / "answers"), "--format", "csv"], RUNS),
        one,
        "one grad call",
        4,
    )
    with tempfile.TemporaryDirectory() as big:
        for copy in range(10):
            for path in (CLASS / "answers").iterdir():
                lines = [line[:1] + " " * copy + line[1:] for line in path.read_text().splitlines()]
                (Path(big) / f"{path.stem}{copy}.txt").write_text("\n".join(lines) + "\n")
        report(
            "300 students x 10 problems, all spelled apart",
            timed([CALCLI, "grade", problems, big, "--format", "csv"], RUNS),
            one,
            "one grad call",
            10,
        )


def scale(students: int = 10_000) -> None:
    """Throughput and peak memory for a large class, one core and two."""
    problems = str(CLASS / "problems.txt")
    originals = sorted((CLASS / "answers").iterdir())
    with tempfile.TemporaryDirectory() as big:
        for k in range(students):
            source = originals[k % len(originals)]
            spelling = (k // len(originals)) % 20
            lines = [
                line[:1] + " " * spelling + line[1:] for line in source.read_text().splitlines()
            ]
            (Path(big) / f"s{k:06d}.txt").write_text("\n".join(lines) + "\n")
        for jobs in (1, 2):
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            start = time.perf_counter()
            done = subprocess.run(
                [CALCLI, "grade", problems, big, "--format", "csv", "--jobs", str(jobs)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            wall = time.perf_counter() - start
            # KiB, the largest child so far
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            answers = students * 10
            print(
                f"{students:,} students x 10 problems, --jobs {jobs}: {wall:.1f} s (exit "
                f"{done.returncode}), "
                f"{answers / wall:,.0f} answers/s, peak RSS {max(peak, before) / 1024:.0f} MB; "
                f"100,000 students: about {wall * 100_000 / students / 60:.1f} min"
            )


if __name__ == "__main__":
    if "--scale" in sys.argv:
        rest = sys.argv[sys.argv.index("--scale") + 1 :]
        scale(int(rest[0]) if rest else 10_000)
    else:
        main()
