"""How cost grows with the size of the problem (issue targets: exponent <= 1.2 for grad in the
number of terms; whole calls within 3x one `calcli grad "(x+y)*z"`).

  .venv/bin/python benchmarks/growth.py

For each command, the time at sizes n, 10n and 100n (in-process, after one warm-up call) and the
exponent of the fitted power law t ~ size^k; then whole calls on large input, read from standard
input, against one small grad call; then the peak memory of a batch of 100,000 lines (two minutes)
and of grading 100,000 answer lines. Prints only; asserts nothing.
"""

from __future__ import annotations

import math
import random
import subprocess
import sys
import tempfile
import time

from calcli import derivative, divergence, gradient, jacobian, laplacian, solve
from calcli.parsing.limits import FromStdin


def chain(n: int) -> str:
    return FromStdin(" + ".join(f"sin(x{i})*x{i + 1}^2" for i in range(n)))


def linear_system(n: int) -> tuple[list[str], str]:
    equations = [
        " + ".join(
            f"{(3 * i + 5 * j) % 11 - 5}*x{j}" for j in range(n) if (i + j) % 3 == 0 or i == j
        )
        + f" = {i}"
        for i in range(n)
    ]
    return equations, ",".join(f"x{j}" for j in range(n))


def field(n: int) -> str:
    return FromStdin("[" + ", ".join(f"x{i}*x{(i + 1) % n}" for i in range(n)) + "]")


# (run, n): sizes n, 10n, 100n; the exponent is fitted between the two larger (the smallest is
# start-up)
CASES = {
    "grad (terms)": (lambda n: gradient(chain(n)), 20),
    "grad --hessian (terms)": (lambda n: gradient(chain(n), hessian=True), 2),
    "diff by one variable (terms)": (lambda n: derivative(chain(n), wrt="x1"), 20),
    "laplacian (terms)": (lambda n: laplacian(chain(n)), 20),
    "div (components)": (
        lambda n: divergence(field(n), wrt=",".join(f"x{i}" for i in range(n))),
        2,
    ),
    "jacobian, no determinant (components)": (
        lambda n: jacobian(FromStdin(field(n)[:-1] + ", x0]")),
        2,
    ),
    "solve, sparse linear (unknowns)": (
        lambda n: solve(linear_system(n)[0], unknowns=linear_system(n)[1]),
        1,
    ),
}


def seconds(run, n: int) -> float:
    start = time.perf_counter()
    run(n)
    return time.perf_counter() - start


def whole_call(args: list[str], stdin_text: str) -> float:
    """Median wall time of calcli with stdin_text on its standard input."""
    from timing import CALCLI

    with tempfile.TemporaryFile("w+") as stdin:
        stdin.write(stdin_text)
        samples = []
        for _ in range(3):
            stdin.seek(0)
            start = time.perf_counter()
            subprocess.run(
                [CALCLI, *args],
                stdin=stdin,
                capture_output=True,
                check=False,
                env={"CALCLI_SERVER": "off", "PATH": ""},
            )
            samples.append(time.perf_counter() - start)
    return sorted(samples)[1]


def dense_system(n: int) -> str:
    generator = random.Random(7)  # a fixed system: the same on every run
    return "\n".join(
        " + ".join(f"{generator.randint(-9, 9)}*x{j}" for j in range(n))
        + f" = {generator.randint(-50, 50)}"
        for _ in range(n)
    )


def whole_calls() -> None:
    from timing import CALCLI, report, timed

    floor = timed([CALCLI, "grad", "(x+y)*z"], 5)
    sums = {n: " + ".join(f"sin(x{i})*x{i + 1}^2" for i in range(n)) for n in (100, 1000)}
    report(
        "grad of the 1,000-term sum",
        whole_call(["grad", "-"], sums[1000]),
        floor,
        "grad (x+y)*z",
        3,
    )
    report(
        "grad --hessian of the 100-term sum",
        whole_call(["grad", "-", "--hessian"], sums[100]),
        floor,
        "grad (x+y)*z",
        3,
    )
    report(
        "solve a dense 100 x 100 integer system",
        whole_call(["solve", "-"], dense_system(100)),
        floor,
        "grad (x+y)*z",
        3,
    )


def batch_memory(lines: int = 100_000) -> None:
    """Peak resident memory of a batch of `lines` small lines (issue target: 300 MB): the batch
    process and its workers, as the kernel counts their largest."""
    import resource

    from timing import CALCLI

    text = "".join(f'grad "x^{i % 7 + 2}*y" --at x=1,y=2\n' for i in range(lines))
    with tempfile.TemporaryFile("w+") as stdin:
        stdin.write(text)
        stdin.seek(0)
        start = time.perf_counter()
        subprocess.run(
            [CALCLI, "batch", "-", "--format", "csv"],
            stdin=stdin,
            stdout=subprocess.DEVNULL,
            check=False,
            env={"CALCLI_SERVER": "off", "PATH": ""},
        )
        seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"batch of {lines:,} lines: {seconds:.0f} s, peak RSS {peak:.0f} MB  (target <= 300 MB)")


def grade_memory(students: int = 10_000) -> None:
    """Peak resident memory of grading 10,000 students' files of 10 answers (10⁵ answer lines;
    target 300 MB): the class of docs/grading/ copied over and over, in each output format."""
    import shutil
    from pathlib import Path

    from timing import CALCLI

    docs = Path(__file__).resolve().parent.parent / "docs" / "grading"
    answers = sorted((docs / "answers").iterdir())
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(students):
            shutil.copyfile(answers[i % len(answers)], Path(tmp) / f"s{i:05d}.txt")
        for fmt in ("csv", "json", "table"):
            measure = (
                "import resource, subprocess, sys; subprocess.run(sys.argv[1:], "
                "stdout=subprocess.DEVNULL); "
                "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
            )
            start = time.perf_counter()
            peak = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    measure,
                    CALCLI,
                    "grade",
                    str(docs / "problems.txt"),
                    tmp,
                    "--format",
                    fmt,
                ],
                capture_output=True,
                text=True,
                env={"CALCLI_SERVER": "off", "PATH": ""},
            ).stdout
            print(
                f"grade of {students:,} students x 10 problems, --format {fmt}: "
                f"{time.perf_counter() - start:.0f} s, peak RSS {int(peak) / 1024:.0f} MB  "
                f"(target <= 300 MB)"
            )


def main() -> None:
    for name, (run, n) in CASES.items():
        run(n)  # warm-up: first-use imports
        sizes = [n, 10 * n, 100 * n]
        times = [seconds(run, size) for size in sizes]
        k = math.log(times[2] / times[1]) / math.log(sizes[2] / sizes[1])
        shown = ", ".join(f"n={s}: {t:.3f} s" for s, t in zip(sizes, times))
        print(
            f"{name:34s} {shown}  exponent {k:.2f}"
            + ("  (target <= 1.2)" if name.startswith("grad") else "")
        )


if __name__ == "__main__":
    main()
    whole_calls()
    batch_memory()
    grade_memory()
