"""The options every computing command takes, declared once.

`@computing(app)` registers a command whose function declares only its own arguments and options and
takes `common`: the decorator adds --at, --wrt, --format, --json, --expect, --timeout,
--decimal-comma, --functions and --tol to the signature typer reads, and hands them over as one
Common.
"""

from __future__ import annotations

import inspect
import re
import typing
from enum import Enum
from typing import Annotated, Optional

import typer
from typer.core import TyperCommand

from calcli.errors import InputError
from calcli.formats import Format
from calcli.registry import COMMANDS
from calcli.request import DEFAULT_TIMEOUT, DEFAULT_TOL, Common, Request


class Command(TyperCommand):
    """A calcli command. A misspelled long option (--wrtt) is named before anything else reads
    it: click would take it for the expression (an expression may start with '-') or for an extra
    argument."""

    def parse_args(self, ctx, args):
        if misspelled := unknown_option(args, self):
            ctx.fail(misspelled)  # click's usage error: exit 2, and the command's --help named
        return super().parse_args(ctx, args)


def unknown_option(args: list[str], command) -> str | None:
    """The first --name that is not one of the command's options, with those it is close to."""
    import difflib

    known, takes_value = {"--help"}, set()
    for param in command.params:
        known.update([*param.opts, *param.secondary_opts])
        if param.param_type_name == "option" and not param.is_flag:
            takes_value.update(param.opts)
    tokens = iter(args)
    for token in tokens:
        name = token.split("=", 1)[0]
        if token == "--":
            return None
        if name in takes_value and "=" not in token:
            next(tokens, None)  # its value, whatever it looks like
        elif re.fullmatch(r"--[A-Za-z][A-Za-z0-9-]*", name) and name not in known:
            close = difflib.get_close_matches(name, sorted(known), n=2, cutoff=0.75)
            return f"no such option: {name}" + (
                f"; did you mean {' or '.join(close)}?" if close else ""
            )
    return None


def steps_option(shows: str):
    return Annotated[bool, typer.Option("--steps", help=shows)]


def plot_options(draws: str) -> list:
    return [
        (
            "plot",
            Annotated[
                Optional[str],
                typer.Option(
                    "--plot",
                    metavar="FILE",
                    help=f"Draw {draws} to a "
                    f"new FILE.png or "
                    f"FILE.svg; - for a "
                    f"new temporary PNG "
                    f"(needs calcli[plot]).",
                ),
            ],
            None,
        ),
        (
            "force",
            Annotated[
                bool,
                typer.Option(
                    "--force", help="Let --plot replace an existing file (never a symbolic link)."
                ),
            ],
            False,
        ),
    ]


def in_a_batch_line(ctx) -> bool:
    """A batch line is invoked with its file policy as the context's object (calcli.batch)."""
    from calcli.files import FilePolicy

    return ctx is not None and isinstance(ctx.obj, FilePolicy)


def as_launched(request: Request, ctx) -> Request:
    """The request with what the launcher gave the command (calcli.request.Launch): the terminal
    it measured, and the computing process it started, for the runner."""
    from dataclasses import replace

    from calcli.request import Launch
    from calcli.terminal import given

    terminal = given(ctx)
    request = replace(request, terminal=terminal) if terminal is not None else request
    obj = getattr(ctx, "obj", None)
    return replace(request, worker=obj.worker) if isinstance(obj, Launch) else request


def drawn(request: Request, plot: str, force: bool, ctx, plotter: str) -> Request:
    """The request, drawing its result too (a batch line's files only under its --allow-files)."""
    from dataclasses import replace
    from functools import partial

    from calcli.commands import with_picture
    from calcli.files import policy_of

    return replace(
        request,
        compute=partial(with_picture, request.compute, plot, force, plotter, policy_of(ctx)),
    )


def format_option(formats) -> object:
    """--format offering only the formats a command writes: help lists them, and any other is
    refused at once."""
    # members known at run
    choices = Enum("Formats", {f.value: f.value for f in formats}, type=str)  # type: ignore[misc]
    return Annotated[
        Optional[choices],
        typer.Option(
            "--format",
            help="Output format (default: table on a terminal, plain in a pipe).",
            case_sensitive=False,
        ),
    ]


def chosen_format(value) -> Format | None:
    return Format(value.value) if value is not None else None


Json = Annotated[bool, typer.Option("--json", help="Same as --format json.")]
Jobs = Annotated[
    Optional[int],
    typer.Option(
        "--jobs",
        metavar="N",
        help="Worker processes "
        "(default: the number "
        # batch, grade
        "of cores).",
        min=1,
    ),
]

COMMON = (  # (name, annotation, default), in the order help lists them
    (
        "at",
        Annotated[
            Optional[list[str]],
            typer.Option(
                "--at",
                metavar="X=VALUE,...",
                help="A point, e.g. x=4,y=-3,z=5; values are expressions (x=pi/2). Repeatable.",
            ),
        ],
        None,
    ),
    (
        "wrt",
        Annotated[
            Optional[str],
            typer.Option(
                "--wrt",
                metavar="NAMES",
                help="The variables and their order, e.g. x,y,z (default: the free symbols in "
                "natural order).",
            ),
        ],
        None,
    ),
    ("format", None, None),  # format_option(the command's formats), set by computing()
    ("json", Json, False),
    (
        "expect",
        Annotated[
            Optional[str],
            typer.Option(
                "--expect",
                metavar="ANSWER",
                help="A claimed answer to check; exit 1 unless it is equal.",
            ),
        ],
        None,
    ),
    (
        "timeout",
        Annotated[
            float,
            typer.Option(
                "--timeout",
                metavar="SECONDS",
                help="Seconds a computation may take before it is stopped (exit 3).",
            ),
        ],
        DEFAULT_TIMEOUT,
    ),
    (
        "standalone",
        Annotated[
            bool,
            typer.Option(
                "--standalone",
                help="With --format latex: a "
                "whole document (article, "
                "amsmath) that compiles as it is.",
            ),
        ],
        False,
    ),
    (
        "decimal_comma",
        Annotated[
            bool,
            typer.Option(
                "--decimal-comma",
                help="Read 0,2 as 0.2; then ';' separates arguments, items and --at pairs.",
            ),
        ],
        False,
    ),
    (
        "functions",
        Annotated[
            Optional[str],
            typer.Option(
                "--functions",
                metavar="NAMES",
                help="Names of undefined functions, e.g. u,v,w, so that u(x,y,z) stays symbolic.",
            ),
        ],
        None,
    ),
    (
        "tol",
        Annotated[
            float,
            typer.Option(
                "--tol",
                metavar="REL",
                help="Relative tolerance for an --expect answer written "
                "with decimals (0.001 = 0.1 %); exact answers are "
                "proved exactly.",
            ),
        ],
        DEFAULT_TOL,
    ),
)

# An expression may start with a minus: calcli grad "-x^2", calcli curl "-y, x, 0".
SETTINGS = {"help_option_names": ["--help"], "ignore_unknown_options": True}


# given as -, read from standard input (calcli.commands)
STDIN_ARGUMENTS = {"expression", "field", "objective"}


def computing(app: typer.Typer, name: str | None = None):
    """Register `build(own options..., common)` as the command `name` (default: the function's
    name)."""

    def register(build):
        hints = typing.get_type_hints(build, include_extras=True)
        entry = COMMANDS[name or build.__name__]
        own = [
            inspect.Parameter(
                p.name, inspect.Parameter.KEYWORD_ONLY, default=p.default, annotation=hints[p.name]
            )
            for p in inspect.signature(build).parameters.values()
            if p.name not in ("common", "steps")
        ]
        # --steps, declared here once: the registry says what each command's working shows
        if entry.steps:
            own.append(
                inspect.Parameter(
                    "steps",
                    inspect.Parameter.KEYWORD_ONLY,
                    default=False,
                    annotation=steps_option(entry.steps),
                )
            )
        formats = format_option(entry.formats)
        shared = [
            inspect.Parameter(
                n,
                inspect.Parameter.KEYWORD_ONLY,
                default=d,
                annotation=formats if n == "format" else a,
            )
            for n, a, d in COMMON
        ]
        if entry.plot:
            shared += [
                inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, default=d, annotation=a)
                for n, a, d in plot_options(entry.plot[1])
            ]
        takes_context = any(p.name == "ctx" for p in own)
        if not takes_context:
            own.append(
                inspect.Parameter(
                    "ctx", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=typer.Context
                )
            )

        def command(**values):
            values["at"] = tuple(values["at"] or ())
            values["format"] = chosen_format(values["format"])
            common = Common(**{n: values.pop(n) for n, _, _ in COMMON})
            ctx = values["ctx"] if takes_context else values.pop("ctx")
            if in_a_batch_line(ctx) and any(values.get(name) == "-" for name in STDIN_ARGUMENTS):
                # (it is batch's input)
                raise InputError("a batch line cannot read its expression from standard input")
            plot, force = (values.pop("plot"), values.pop("force")) if entry.plot else (None, False)
            request = as_launched(build(**values, common=common), ctx)
            return drawn(request, plot, force, ctx, entry.plot[0]) if plot is not None else request

        command.__name__, command.__doc__, command.__module__ = (
            build.__name__,
            build.__doc__,
            build.__module__,
        )
        command.__signature__ = inspect.Signature(own + shared)
        command.__annotations__ = {p.name: p.annotation for p in own + shared}
        return app.command(name, cls=Command, context_settings=SETTINGS)(command)

    return register
