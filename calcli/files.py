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
class Beneath:
    """A file inside a directory, named relative to it: opened one component at a time from a
    descriptor of the directory, never through a link, so a folder swapped for a link while a
    line computes is refused (a check of the whole path before a later open is not enough: see
    docs/security.md)."""

    root: str
    relative: str

    def __str__(self) -> str:
        return self.relative


@dataclass(frozen=True)
class FilePolicy:
    """Where a command line may read and write: anywhere (the user's own command line),
    nowhere, or inside one directory (a batch line)."""

    untrusted: bool = False
    root: str | None = None

    def resolve(self, path: str, option: str) -> str | Beneath:
        """The path to use for `option`'s file, or an InputError when the line may not use it."""
        if not path:
            raise InputError(f"{option} needs a file name")
        if "\x00" in path:
            raise InputError(f"{option}: a file name cannot contain a NUL character")
        if not self.untrusted:
            return path
        if self.root is None:
            raise InputError(
                f"{option} reads or writes a file, which a batch line may do only "
                f"with --allow-files DIR"
            )
        if path == "-":
            raise InputError(f"{option} - (standard input) has no place in a batch line")
        root = os.path.realpath(self.root)
        relative = os.path.normpath(os.path.relpath(path, root) if os.path.isabs(path) else path)
        if relative in (".", "..") or relative.startswith("../") or os.path.isabs(relative):
            raise InputError(f"{option} {path} is outside the --allow-files directory")
        return Beneath(root, relative)


TRUSTED = FilePolicy()


def policy_of(ctx) -> FilePolicy:
    """The files a command may use: a batch line's policy (its --allow-files), else the user's
    own."""
    return ctx.obj if ctx is not None and isinstance(ctx.obj, FilePolicy) else TRUSTED


NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
# O_NONBLOCK: opening a FIFO would otherwise wait for its other end (a FIFO is refused, or read as
# the user's own pipe)
READ_FLAGS = os.O_RDONLY | os.O_NONBLOCK | NOFOLLOW
DIR_FLAGS = (
    os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
)


def folder_of(path: str | Beneath) -> tuple[int, str]:
    """A descriptor of the folder that holds `path`, and the file's name in it: a Beneath path's
    folders are opened one at a time from its root, each with O_NOFOLLOW. The caller closes the
    descriptor."""
    if not isinstance(path, Beneath):
        folder, name = os.path.split(path)
        return os.open(folder or ".", DIR_FLAGS), name
    *folders, name = path.relative.split(os.sep)
    fd = os.open(path.root, DIR_FLAGS)
    try:
        for folder in folders:
            inner = os.open(folder, DIR_FLAGS | NOFOLLOW, dir_fd=fd)
            os.close(fd)
            fd = inner
    except OSError:
        os.close(fd)
        raise
    return fd, name


def open_once(path: str | Beneath, flags: int, dir_fd: int | None = None) -> int:
    """A descriptor of the file itself, never of a link (the last component with O_NOFOLLOW; see
    folder_of). Every later check (fstat) and use is of this descriptor, never of the path again."""
    if dir_fd is not None:  # a name in a folder already opened (calcli grade's folder of answers)
        assert isinstance(path, str), "a name inside dir_fd"
        return os.open(path, flags | NOFOLLOW, dir_fd=dir_fd)
    folder, name = folder_of(path)
    try:
        return os.open(name, flags | NOFOLLOW, dir_fd=folder)
    finally:
        os.close(folder)


KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a FIFO",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
}


def kind_of(mode: int) -> str:
    return KINDS.get(stat.S_IFMT(mode), "not a regular file")


def open_for_reading(
    path: str | Beneath, what: str, pipes: bool = False, dir_fd: int | None = None
) -> int:
    """A blocking descriptor to read `path` from: a regular file (or, with `pipes`, the user's
    own FIFO or device, such as a named pipe); an InputError that names the file, never its
    content."""
    try:
        fd = open_once(path, READ_FLAGS, dir_fd)
    except OSError as exc:
        raise InputError(_failure(path, exc, what, "read")) from None
    mode = os.fstat(fd).st_mode
    if not (stat.S_ISREG(mode) or (pipes and (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)))):
        os.close(fd)
        raise InputError(f"cannot read {what} {path}: it is {kind_of(mode)}, not a regular file")
    os.set_blocking(fd, True)
    return fd


def write_new(path: str | Beneath, data: bytes, force: bool, option: str) -> None:
    """Create `path` with `data`; replace an existing regular file only with force, and then
    whole: the bytes go to a new file beside it, renamed over it once written (a full disk leaves
    the old one as it was). Never through a link; every step is relative to one descriptor of the
    file's folder."""
    try:
        folder, name = folder_of(path)
    except OSError as exc:
        raise InputError(_failure(path, exc, option, "write")) from None
    try:
        if force and _replaceable(folder, name):
            temporary = f".{name}.calcli-{os.getpid()}"
            _create(folder, temporary, data)
            try:
                os.rename(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
            except OSError:
                os.unlink(temporary, dir_fd=folder)
                raise
        else:
            _create(folder, name, data)
    except OSError as exc:
        raise InputError(_failure(path, exc, option, "write")) from None
    finally:
        os.close(folder)


def _replaceable(folder: int, name: str) -> bool:
    """True for a regular file there; False for nothing there; OSError for a link or anything
    else."""
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | NOFOLLOW, dir_fd=folder)
    except FileNotFoundError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.ENXIO, "not a regular file")
    finally:
        os.close(fd)
    return True


def _create(folder: int, name: str, data: bytes) -> None:
    """A new file (O_EXCL: nothing there, not even a link), written whole or removed."""
    fd = os.open(
        name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NONBLOCK | NOFOLLOW, 0o644, dir_fd=folder
    )
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except OSError:
        os.unlink(name, dir_fd=folder)
        raise
    finally:
        os.close(fd)


def _failure(path, exc: OSError, what: str, verb: str) -> str:
    if exc.errno in (errno.ELOOP, errno.EMLINK) or (
        exc.errno == errno.ENOTDIR and isinstance(path, Beneath)
    ):
        return (
            f"{what} {path} is, or passes through, a symbolic link; calcli does not {verb} "
            f"through links"
        ) + (" (name the file itself, or give - for standard input)" if verb == "read" else "")
    if exc.errno == errno.EEXIST:
        return f"{what} {path} already exists; add --force to replace it"
    if exc.errno == errno.ENXIO:
        return f"cannot {verb} {what} {path}: it is not a regular file"
    return f"cannot {verb} {what} {path}: {exc.strerror or exc}"


def read_text(path: str | Beneath, option: str) -> str:
    """The UTF-8 text of a file (a byte-order mark is dropped); at most MAX_READ_BYTES."""
    fd = open_for_reading(path, option, pipes=True)
    try:
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(MAX_READ_BYTES + 1)
    except OSError as exc:
        raise InputError(f"cannot read {option} {path}: {exc.strerror or exc}") from None
    return decode(bounded(data, f"{option} {path}"), f"{option} {path}")


def read_stdin(what: str, limit: int = MAX_READ_BYTES) -> bytes:
    """Standard input, at most `limit` bytes; a closed or unreadable one is an InputError."""
    import sys

    try:
        data = sys.stdin.buffer.read(limit + 1)
    except (AttributeError, OSError, ValueError):  # no stdin (<&-), or not readable
        raise InputError(f"{what}: standard input is closed or cannot be read") from None
    return bounded(data, what, limit)


def bounded(data: bytes, what: str, limit: int = MAX_READ_BYTES) -> bytes:
    if len(data) > limit:
        size = f"{limit // (1024 * 1024)} MiB" if limit >= 1 << 20 else f"{limit:,} bytes"
        raise InputError(f"{what} is larger than {size}")
    return data


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

    path: str | Beneath
    data: bytes
    force: bool
    option: str

    def write(self) -> str:
        path = self.path
        # a new file of its own in the temporary directory (created here, so never replaced)
        if path == "-":
            import tempfile

            fd, path = tempfile.mkstemp(prefix="calcli-plot-", suffix=".png")
            with os.fdopen(fd, "wb") as handle:
                handle.write(self.data)
        else:
            write_new(path, self.data, self.force, self.option)
        # the caller escapes the name for the terminal
        return f"calcli: wrote {path} ({len(self.data):,} bytes)"


@dataclass(frozen=True)
class WithFiles:
    """A command's result together with the files it made."""

    result: object
    files: tuple[FileOutput, ...]


def split_files(outcome) -> tuple[object, tuple[FileOutput, ...]]:
    return (outcome.result, outcome.files) if isinstance(outcome, WithFiles) else (outcome, ())
