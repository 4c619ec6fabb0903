"""Output formats; imported by the CLI, so it must not import sympy or rich."""

from enum import Enum


class Format(str, Enum):
    table = "table"
    plain = "plain"
    json = "json"
    latex = "latex"
    csv = "csv"
    gradescope = "gradescope"  # grade only: the formats learning-management systems import
    canvas = "canvas"
    moodle = "moodle"


# what batch and grade write (each computing command's formats are in calcli.registry)
BATCH_FORMATS = (Format.table, Format.plain, Format.json, Format.csv)
GRADE_FORMATS = (*BATCH_FORMATS, Format.gradescope, Format.canvas, Format.moodle)


class Coordinates(str, Enum):
    cartesian = "cartesian"
    cylindrical = "cylindrical"
    spherical = "spherical"


class Domain(str, Enum):
    reals = "reals"
    complexes = "complexes"
    integers = "integers"
    naturals = "naturals"
    positive = "positive"


class Method(str, Enum):
    auto = "auto"
    lagrange = "lagrange"
    kkt = "kkt"
    numeric = "numeric"
