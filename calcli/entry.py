"""The console script. It starts the computing process before importing typer (see calcli.limits)."""
from __future__ import annotations

import sys

COMPUTING_COMMANDS = {"grad", "div", "curl", "laplacian", "jacobian", "solve", "minimize-constrained", "diff-table"}


def wants_computation(argv: list[str]) -> bool:
    return bool(argv) and argv[0] in COMPUTING_COMMANDS and not {"-h", "--help"} & set(argv)


def wants_json(argv: list[str]) -> bool:
    return "--json" in argv or any(a == "--format" and b == "json" for a, b in zip(argv, argv[1:])) or "--format=json" in argv


def main() -> None:
    try:
        if wants_computation(sys.argv[1:]):
            from calcli.limits import prestart

            prestart(sys.argv[1])
        from calcli.cli import app

        app(prog_name="calcli")
    except KeyboardInterrupt:  # before a command got going (its own handler reports it otherwise)
        print("calcli: interrupted", file=sys.stderr)
        if wants_json(sys.argv[1:]):
            print('{"calcli": 1, "command": null, "ok": false, "error": {"kind": "interrupted", "message": "interrupted by the user", "position": null}}')
        sys.exit(130)
    except Exception as exc:  # a bug of calcli's own: one sentence, never a traceback
        print(f"calcli: internal error ({type(exc).__name__}: {str(exc)[:200]}); please report it.", file=sys.stderr)
        sys.exit(3)
