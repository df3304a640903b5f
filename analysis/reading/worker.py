"""The child side of `analysis.reading.isolated`: read one file under hard limits, then exit.

Run as `python -m analysis.reading.worker MEMORY_MB CPU_SECONDS`. It limits its own address
space (RLIMIT_AS) and CPU time (RLIMIT_CPU), soft and hard, so that nothing it runs can raise
them again; reads one pickled request (data, filename, overrides) from stdin; parses it with
`parse_bytes`; and writes one pickled reply on stdout:
    ("ok", pack(WorkbookResult)) | ("read_error", message) | ("memory", None) | ("bug", traceback)
Anything the parse prints goes to stderr (fd 1 is pointed there), so that the reply is the only
thing on the pipe. A native abort, a signal or an exceeded limit ends the process without a
reply; the parent reads that from the exit status.
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

    reply_fd = os.dup(1)
    os.dup2(2, 1)  # stray prints (Python or native) go to stderr, not into the reply
    sys.stdout = sys.stderr
    try:
        data, filename, overrides = pickle.load(sys.stdin.buffer)
    except EOFError:  # a spare worker whose caller ended: nothing to read
        return 0
    reply = reply_for(data, filename, overrides)
    del data
    try:
        out = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:  # the result itself is too large to send: drop it first
        reply = ("memory", None)
        out = pickle.dumps(reply)
    with os.fdopen(reply_fd, "wb") as f:
        f.write(out)
    return 0


if __name__ == "__main__":
    code = main(sys.argv)
    sys.stderr.flush()
    os._exit(code)  # no interpreter teardown (tens of ms): the reply is out, nothing is left
