"""One entry point from a result object to the text of any output format."""

from __future__ import annotations

import json as _json
import math
import re
from dataclasses import dataclass

from calcli.formats import Format

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Screen:
    """What the output goes to: measured in the parent, used wherever rendering runs."""

    width: int = 100
    color: bool = False
    ascii: bool = False  # the terminal's encoding is not UTF-8: tables are drawn with ASCII
    # --decimal-comma: the numbers a person reads (table, plain) are written 4,5 too
    decimal_comma: bool = False


def envelope(command: str | None, ok: bool, body: dict) -> dict:
    return {"calcli": SCHEMA_VERSION, "command": command, "ok": ok, **body}


def result_object(result) -> dict:
    """The JSON object of a result: the envelope, its fields, and `notes` (how input was read,
    and the result's own)."""
    body = result.to_dict()
    readings = list(getattr(result, "readings", ()))
    if readings:
        body["notes"] = readings + list(body.get("notes", []))
    return envelope(result.command, True, body)


def render(result, fmt: Format, screen: Screen = Screen()) -> str:
    """The whole output for `result` in `fmt`, ending with a newline."""
    text = rendered(result, fmt, screen)
    if screen.decimal_comma and fmt in (Format.table, Format.plain):
        return with_decimal_commas(text)
    return text


DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")


def with_decimal_commas(text: str) -> str:
    """4.333 as 4,333: the reader asked for decimal commas (--decimal-comma), so the output
    speaks them too."""
    return DECIMAL_POINT.sub(",", text)


def rendered(result, fmt: Format, screen: Screen) -> str:
    if fmt is Format.json:
        return to_json(result_object(result)) + "\n"
    if fmt is Format.table:
        from calcli.render.table import render_table

        return render_table(result, screen)
    check = getattr(result, "check", None)  # --expect: every format shows the verdict, the same way
    from calcli.render.writers import streams, writer

    if fmt is Format.latex:
        from calcli.render.latex import check_comment

        comments = "".join(f"\n% {reading}" for reading in getattr(result, "readings", ()))
        return writer(result, fmt)(result) + check_comment(check) + comments + "\n"
    if streams(result):
        # text made whole is a table held whole: within its limit of rows, computed once
        result.rows  # noqa: B018
        return "".join(streamed(result, fmt))
    if fmt is Format.csv:  # the registry lets only the table-shaped results get here
        from calcli.render.csv_rows import csv_text

        return csv_text(writer(result, fmt)(result))
    from calcli.render.plain import check_lines

    notes = [("note", reading) for reading in getattr(result, "readings", ())]
    return "".join(
        f"{k}\t{v}\n" for k, v in [*writer(result, fmt)(result), *notes, *check_lines(check)]
    )


def streamed(result, fmt: Format):
    """The output as pieces written while the rows are computed, for a result that streams
    (diff-table) in CSV and plain (rows of numbers only: the verdict and notes are in the exit
    status, JSON and table); None for any other output."""
    from calcli.render.writers import streams, writer

    if not streams(result) or fmt not in (Format.csv, Format.plain):
        return None
    return writer(result, fmt)(result, "," if fmt is Format.csv else "\t")


def finite(obj):
    """obj with every non-finite float made null (results say why in their notes): JSON has no
    inf or NaN."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [finite(v) for v in obj]
    return obj


def to_json(obj) -> str:
    # ensure_ascii: no character of the user's (a bidi override, say) reaches a terminal raw
    return _json.dumps(finite(obj), ensure_ascii=True, allow_nan=False)


def error_json(command: str | None, error) -> str:
    return to_json(envelope(command, False, {"error": error.to_dict()})) + "\n"
