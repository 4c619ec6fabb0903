"""Bounds on what parsing may build, so no input can make the parser itself slow or huge."""

MAX_INPUT_CHARS = 10_000  # on the command line
MAX_FILE_CHARS = 1 << 20  # an expression read from standard input (EXPR given as -)
MAX_NESTING = 60  # brackets, unary signs and powers nested inside each other
MAX_LITERAL_DIGITS = 1_000
MAX_LITERAL_EXPONENT = 1_000  # 1e1000 is fine, 1e999999999 is refused
MAX_NUMBER_BITS = 1 << 17  # about 40,000 decimal digits for any number built by ^
MAX_FACTORIAL_ARG = 10_000
MAX_MATRIX_POWER = 1_000
MAX_BUILT_NODES = 200_000  # parts of an expression a program builds (assignments reuse values)
MAX_BUILT_DEPTH = 240  # levels of nesting a program builds


class FromStdin(str):
    """Text that was read from standard input rather than typed as an argument: its limit is
    MAX_FILE_CHARS. The other bounds (nesting, digits, powers, nodes) are the same."""
