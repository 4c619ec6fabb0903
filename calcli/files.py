"""Reading and writing the files a user names, and nothing else.

Writes never follow a symbolic link and never replace a file without --force.
In batch (untrusted lines), a line may name files only inside the directory
given with --allow-files; the person running calcli chose that directory.
Error messages name the file and what went wrong, never the file's content.
This module must stay light: it runs in the parent process, before sympy.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass

from calcli.errors import InputError

MAX_READ_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class FilePolicy:
    """Where a command line may read and write: anywhere (the user's own command line),
    nowhere, or inside one directory (a batch line)."""

    untrusted: bool = False
    root: str | None = None

    def resolve(self, path: str, option: str) -> str:
        """The path to use for `option`'s file, or an InputError when the line may not use it."""
        if not path:
            raise InputError(f"{option} needs a file name")
        if "\x00" in path:
            raise InputError(f"{option}: a file name cannot contain a NUL character")
        if not self.untrusted:
            return path
        if self.root is None:
            raise InputError(f"{option} reads or writes a file, which a batch line may do only with --allow-files DIR")
        if path == "-":
            raise InputError(f"{option} - (standard input) has no place in a batch line")
        root = os.path.realpath(self.root)
        resolved = os.path.realpath(os.path.join(root, path))
        if os.path.commonpath([root, resolved]) != root:
            raise InputError(f"{option} {path} is outside the --allow-files directory")
        return resolved


TRUSTED = FilePolicy()


def policy_of(ctx) -> FilePolicy:
    """The files a command may use: a batch line's policy (its --allow-files), else the user's own."""
    return ctx.obj if ctx is not None and isinstance(ctx.obj, FilePolicy) else TRUSTED


def write_new(path: str, data: bytes, force: bool, option: str) -> None:
    """Create `path` with `data`; replace an existing regular file only with force; never through a link."""
    # O_NONBLOCK: opening a FIFO would otherwise wait for a reader (it is refused below as not a regular file)
    flags = os.O_WRONLY | os.O_CREAT | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    flags |= os.O_TRUNC if force else os.O_EXCL
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as exc:
        raise InputError(_write_failure(path, exc, option)) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputError(f"cannot write {option} {path}: it is not a regular file")
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except OSError as exc:
        raise InputError(_write_failure(path, exc, option)) from None
    finally:
        os.close(fd)


def _write_failure(path: str, exc: OSError, option: str) -> str:
    if exc.errno == errno.ELOOP or os.path.islink(path):
        return f"{option} {path} is a symbolic link; calcli does not write through links"
    if exc.errno == errno.EEXIST:
        return f"{option} {path} already exists; add --force to replace it"
    if exc.errno == errno.ENXIO:
        return f"cannot write {option} {path}: it is not a regular file"
    return f"cannot write {option} {path}: {exc.strerror or exc}"


def read_text(path: str, option: str) -> str:
    """The UTF-8 text of a file (a byte-order mark is dropped); at most MAX_READ_BYTES."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_READ_BYTES + 1)
    except OSError as exc:
        raise InputError(f"cannot read {option} {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_READ_BYTES:
        raise InputError(f"{option} {path} is larger than {MAX_READ_BYTES // (1024 * 1024)} MiB")
    return decode(data, f"{option} {path}")


def decode(data: bytes, what: str) -> str:
    """UTF-8 (with or without a byte-order mark); an invalid byte is an error naming its line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{what} is not UTF-8 text (an invalid byte on line {line})") from None


@dataclass(frozen=True)
class FileOutput:
    """A file a command made (its bytes computed in the child); the parent writes it."""

    path: str
    data: bytes
    force: bool
    option: str

    def write(self) -> str:
        path = self.path
        if path == "-":  # a new file of its own in the temporary directory (created here, so never replaced)
            import tempfile

            fd, path = tempfile.mkstemp(prefix="calcli-plot-", suffix=".png")
            with os.fdopen(fd, "wb") as handle:
                handle.write(self.data)
        else:
            write_new(path, self.data, self.force, self.option)
        return f"calcli: wrote {path} ({len(self.data):,} bytes)"


@dataclass(frozen=True)
class WithFiles:
    """A command's result together with the files it made."""

    result: object
    files: tuple[FileOutput, ...]


def split_files(outcome) -> tuple[object, tuple[FileOutput, ...]]:
    return (outcome.result, outcome.files) if isinstance(outcome, WithFiles) else (outcome, ())
