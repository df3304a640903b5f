"""The child side of `analysis.reading.isolated`: read one file under hard limits, then exit.

Run as `python -m analysis.reading.worker MEMORY_MB CPU_SECONDS`. It limits its own address
space (RLIMIT_AS) and CPU time (RLIMIT_CPU), soft and hard, so that nothing it runs can raise
them again; imports the reader; reads one pickled request (data, filename, overrides) from
stdin; and forks the reader process, which inherits the limits, parses with `parse_bytes` and
writes one pickled reply:
    ("ok", pack(WorkbookResult)) | ("read_error", message) | ("memory", None) | ("bug", traceback)
The worker reads that reply, reaps the reader with `os.wait4` and writes one frame on stdout:
    (reader's exit code, its peak resident memory in KB, its CPU seconds, reply bytes)
A native abort, a signal or an exceeded limit ends the reader without a reply; the frame still
says how it ended and how much memory it held. (The peak is measured in the forked reader
because the kernel counts, in an exec'd child's peak, the memory of the process that started it:
the whole server.) Anything the parse prints goes to stderr (fd 1 is pointed there), so the
frame is the only thing on the pipe.
"""
from __future__ import annotations

import dataclasses
import os
import pickle
import resource
import sys
import traceback

from analysis.model import Unit


def limit(memory_mb: int, cpu_seconds: int) -> None:
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    # SIGXCPU at the soft limit, SIGKILL one second later
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # an abort writes no core file
    # no file it writes (its stderr is one) may grow past 16 MB: a runaway cannot fill the disk
    resource.setrlimit(resource.RLIMIT_FSIZE, (16 << 20, 16 << 20))


def pack(result) -> tuple:
    """(result without its units, each sheet's units as tuples of their fields). A Unit has
    slots, so pickle would call Python code for each one: 17,000 units took 0.6 s to send
    and rebuild, as tuples 0.07 s."""
    names = [f.name for f in dataclasses.fields(Unit)]
    units = [[tuple(getattr(u, n) for n in names) for u in sheet.units] for sheet in result.sheets]
    for sheet in result.sheets:
        sheet.units = []
    return result, units


def unpack(packed: tuple):
    result, units = packed
    for sheet, rows in zip(result.sheets, units, strict=True):
        sheet.units = [Unit(*row) for row in rows]
    return result


def reply_for(data: bytes, filename: str, overrides) -> tuple:
    from analysis.errors import ReadError
    from analysis.reading.parse import parse_bytes

    try:
        return "ok", pack(parse_bytes(data, filename, overrides))
    except ReadError as e:
        return "read_error", e.message
    except MemoryError:
        return "memory", None
    except Exception:  # a bug: the parent logs the traceback, the user gets a plain message
        return "bug", traceback.format_exc()


def main(argv: list) -> int:
    limit(int(argv[1]), int(argv[2]))
    # the reader is imported before the request comes: a spare worker waits ready
    import python_calamine  # noqa: F401

    import analysis.reading.parse  # noqa: F401

    frame_fd = os.dup(1)
    os.dup2(2, 1)  # stray prints (Python or native) go to stderr, not into the frame
    sys.stdout = sys.stderr
    try:
        request = pickle.load(sys.stdin.buffer)
    except EOFError:  # a spare worker whose caller ended: nothing to read
        return 0
    r, w = os.pipe()
    pid = os.fork()  # this process is single-threaded: a plain fork is safe here
    if pid == 0:
        os.close(r)
        os.close(frame_fd)
        _read_and_reply(w, *request)  # never returns
    os.close(w)
    del request
    with os.fdopen(r, "rb") as f:
        reply = f.read()  # to its end before waiting: a large reply cannot block the reader
    _, status, usage = os.wait4(pid, 0)
    frame = (os.waitstatus_to_exitcode(status), usage.ru_maxrss,
             usage.ru_utime + usage.ru_stime, reply)
    with os.fdopen(frame_fd, "wb") as f:
        pickle.dump(frame, f, protocol=pickle.HIGHEST_PROTOCOL)
    return 0


def _read_and_reply(fd: int, data: bytes, filename: str, overrides) -> None:
    """In the reader process: parse, write the reply to `fd`, exit."""
    reply = reply_for(data, filename, overrides)
    del data
    try:
        out = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:  # the result itself is too large to send: drop it first
        reply = ("memory", None)
        out = pickle.dumps(reply)
    with os.fdopen(fd, "wb") as f:
        f.write(out)
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    code = main(sys.argv)
    sys.stderr.flush()
    os._exit(code)  # no interpreter teardown (tens of ms): the reply is out, nothing is left
