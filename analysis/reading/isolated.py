"""Read an uploaded file in a separate, bounded process, so that a hostile file cannot take the
caller (the Streamlit server, the command line) down with it.

`parse_isolated(data, filename, overrides)` has the contract of `parse_bytes` (and
`parse_file(path, overrides)` that of `parse.parse_file`, for the command line): it returns the
`WorkbookResult` or raises `ReadError` with a Vietnamese message. The file is read by a FRESH
process (`analysis.reading.worker`) that limits its own address space (`memory_mb`) and CPU time
(`cpu_seconds`) before it touches the bytes, and is killed after `wall_seconds`. Whatever the
native reader (python-calamine) does there — abort on a 512 GB allocation, exhaust memory,
loop — the caller gets a ReadError naming the file, and its own memory stays as it was.

Why a subprocess and not multiprocessing's "forkserver" or "spawn": both start a child by
re-importing the parent's `__main__`, and inside Streamlit `sys.modules["__main__"]` is the page
script being run, so every child would run the app's page again. A plain fork of the threaded
server is unsafe. `subprocess` starts a clean interpreter with a fixed command, is safe from
several threads at once, and lets the caller reap the child with `os.wait4`, which gives its exit
status and peak memory even when it was killed by a signal. Starting an interpreter and importing
the reader takes about 100 ms, so one spare worker is started ahead and waits, ready, for the
next file (`SPARE`); each worker still reads one file only. `bench/isolation.py overhead`
measures the cost per file, `bench/isolation.py` the before/after table of the hostile files.

The reply is unpickled with an allow-list (the model's dataclasses and `datetime`), so that even
a child taken over by a malicious file cannot make the caller run code.

`KYSO_READ_IN_PROCESS=1` in the environment (or `in_process=True`) reads in this process
instead: for tests that replace parts of the reader, and for platforms without `resource`.
"""
from __future__ import annotations

import dataclasses
import io
import logging
import os
import pickle
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from analysis import model
from analysis.errors import ReadError
from analysis.model import WorkbookResult
from analysis.reading.worker import unpack

log = logging.getLogger(__name__)

# Measured peaks (resident): an ordinary province workbook (12 sheets x 1,410 units) 51 MB,
# 0.5 s of CPU; the largest sheet the reader takes (100,000 rows x 12 columns) 610 MB, 25 s.
MEMORY_MB = 1024  # address space of the reading process
CPU_SECONDS = 60  # its CPU time
WALL_SECONDS = 120  # killed after this, whatever it is doing (waiting counts too)
IN_PROCESS_ENV = "KYSO_READ_IN_PROCESS"

_ROOT = str(Path(__file__).resolve().parents[2])  # the directory holding the package


@dataclass
class ReadReport:
    """What the reading process did: how it ended, how long it took, its peak memory."""

    outcome: str  # ok, read_error, memory, cpu, wall, crash, bug
    seconds: float
    peak_mb: float  # the child's peak resident memory (ru_maxrss)
    cpu_seconds: float
    returncode: int | None  # negative: killed by that signal
    pid: int = 0
    stderr: str = ""  # its last lines (a native abort says why here)


@dataclass
class Isolated:
    result: WorkbookResult | None
    error: str | None  # Vietnamese, when result is None
    report: ReadReport | None  # None when read in this process


def msg_memory(filename: str, memory_mb: int) -> str:
    return (f"Tệp “{filename}” quá lớn hoặc hỏng khi đọc: trình đọc bảng tính phải dừng vì tệp "
            f"đòi quá nhiều bộ nhớ (giới hạn {memory_mb} MB) hoặc có cấu trúc bị hỏng, thường do "
            "có ô bị gõ nhầm ở rất xa bên dưới hoặc bên phải bảng, hoặc tệp đã bị sửa đổi. Hãy mở "
            "tệp trong Excel, xóa các dòng, cột thừa sau bảng (hoặc sao chép bảng sang tệp mới), "
            "lưu lại rồi tải lên lại.")


def msg_time(filename: str, seconds: int) -> str:
    return (f"Tệp “{filename}” quá lớn hoặc hỏng khi đọc: đọc tệp quá {seconds} giây nên đã "
            "dừng. Hãy mở tệp trong Excel, xóa các trang tính, dòng, cột thừa (hoặc sao chép "
            "bảng sang tệp mới), lưu lại rồi tải lên lại.")


def msg_bug(filename: str) -> str:
    return (f"Không đọc được tệp “{filename}” do lỗi của chương trình khi đọc. Hãy mở tệp trong "
            "Excel, lưu lại dưới dạng .xlsx rồi tải lên lại; nếu vẫn lỗi, hãy gửi tệp cho bộ "
            "phận kỹ thuật.")


def msg_busy(filename: str) -> str:
    return (f"Chưa đọc được tệp “{filename}”: máy chủ không khởi động được tiến trình đọc tệp "
            "(đang quá tải). Hãy thử tải lên lại sau ít phút.")


def parse_isolated(data: bytes, filename: str, overrides: dict | None = None, *,
                   memory_mb: int = MEMORY_MB, cpu_seconds: int = CPU_SECONDS,
                   wall_seconds: float = WALL_SECONDS,
                   in_process: bool | None = None) -> WorkbookResult:
    """`parse_bytes` in a bounded child process: the WorkbookResult, or ReadError."""
    got = read_isolated(data, filename, overrides, memory_mb=memory_mb, cpu_seconds=cpu_seconds,
                        wall_seconds=wall_seconds, in_process=in_process)
    if got.result is None:
        raise ReadError(got.error or msg_bug(filename))
    return got.result


def parse_file(path, overrides: dict | None = None, **limits) -> WorkbookResult:
    """`parse.parse_file` in a bounded child process (the command line reads files with it)."""
    path = Path(path)
    return parse_isolated(path.read_bytes(), path.name, overrides, **limits)


def read_isolated(data: bytes, filename: str, overrides: dict | None = None, *,
                  memory_mb: int = MEMORY_MB, cpu_seconds: int = CPU_SECONDS,
                  wall_seconds: float = WALL_SECONDS,
                  in_process: bool | None = None) -> Isolated:
    """As `parse_isolated`, never raising for the file: the result or the message, with the
    report of the reading process (for measures and tests)."""
    if in_process is None:
        in_process = os.environ.get(IN_PROCESS_ENV, "") not in ("", "0") or os.name != "posix"
    if in_process:
        from analysis.reading.parse import parse_bytes

        try:
            return Isolated(parse_bytes(data, filename, overrides), None, None)
        except ReadError as e:
            return Isolated(None, e.message, None)
    try:
        out, report = _run_worker((data, filename, overrides), memory_mb, cpu_seconds,
                                  wall_seconds)
    except OSError:  # no process could be started (fork: EAGAIN, ENOMEM)
        log.exception("could not start the reading process for %s", filename)
        return Isolated(None, msg_busy(filename), None)
    return _decode(out, report, filename, memory_mb, cpu_seconds, wall_seconds)


def _worker_env() -> dict:
    """The worker's environment: what Python needs to start and find the package, nothing else
    (no database URL, no secrets reach a process that reads hostile bytes)."""
    env = {k: v for k, v in os.environ.items() if k in _KEPT_ENV or k.startswith("LC_")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (_ROOT, os.environ.get("PYTHONPATH")) if p)
    env["RUST_BACKTRACE"] = "0"  # a native abort: one line on stderr
    return env


_KEPT_ENV = {"PATH", "LANG", "TMPDIR", "SYSTEMROOT", "PYTHONHOME"}


def _start_worker(key: tuple) -> tuple:
    """A worker started with the limits `key` = (memory_mb, cpu_seconds), waiting for its
    request on stdin: (process, its stderr file)."""
    cmd = [sys.executable, "-m", "analysis.reading.worker", *(str(int(k)) for k in key)]
    err = tempfile.TemporaryFile()
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err,
                                env=_worker_env(), start_new_session=True)
    except BaseException:
        err.close()
        raise
    return proc, err


class _Spares:
    """One worker per limits started ahead and waiting, so that a file does not wait for an
    interpreter to start and import the reader (each worker still reads one file only). An
    idle spare exits by itself when this process ends (its stdin closes)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._idle: dict = {}

    def take(self, key: tuple) -> tuple:
        with self._lock:
            got = self._idle.pop(key, None)
            if got is not None and got[0].poll() is not None:  # a spare that died idle
                got[1].close()
                got = None
        return got if got is not None else _start_worker(key)

    def refill(self, key: tuple) -> None:
        """Start the spare for the next file (after a read, so as not to slow it down)."""
        with self._lock:
            if not SPARE or key in self._idle:
                return
            try:
                self._idle[key] = _start_worker(key)
            except OSError:  # no spare this time; the next call starts its own
                pass

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, {}
        for proc, err in idle.values():
            proc.stdin.close()  # the spare reads EOF and exits
            proc.wait()
            err.close()


SPARE = True  # keep a started worker waiting for the next file
_spares = _Spares()


def close_spares() -> None:
    """End the idle spare workers (they also end by themselves when this process does)."""
    _spares.close()


def _run_worker(request: tuple, memory_mb: int, cpu_seconds: int,
                wall_seconds: float) -> tuple:
    """Run one worker on one request: (its stdout, ReadReport). The request is written whole
    (the worker reads all of stdin before it replies), then the reply is read to its end
    before the worker is reaped, so a large reply cannot block either side."""
    start = time.monotonic()
    timed_out = threading.Event()
    proc, err = _spares.take((memory_mb, cpu_seconds))
    with err:

        def kill() -> None:  # the child is not reaped before the timer is done: its pid is ours
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # the worker and the reader it forked
            except OSError:
                pass

        def time_out() -> None:
            timed_out.set()
            kill()

        timer = threading.Timer(wall_seconds, time_out)
        timer.daemon = True
        timer.start()
        stdin, stdout = proc.stdin, proc.stdout
        assert stdin is not None and stdout is not None
        try:
            try:  # pickled straight into the pipe: the file's bytes are not copied first
                pickle.dump(request, stdin, protocol=pickle.HIGHEST_PROTOCOL)
                stdin.close()
            except OSError:  # the worker died before reading it all
                pass
            limit = memory_mb * 1024 * 1024  # no real reply is larger than the reader's memory
            out = stdout.read(limit + 1)
            if len(out) > limit:  # a reader gone wrong, writing without end
                kill()
                out = b""
            stdout.close()
        except BaseException:  # interrupted here: the worker must not outlive the call
            kill()
            raise
        finally:
            timer.cancel()
            timer.join()
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            _spares.refill((memory_mb, cpu_seconds))
        err.seek(0, io.SEEK_END)
        err.seek(max(0, err.tell() - 2000))
        stderr = err.read().decode("utf-8", "replace")
    outcome = "wall" if timed_out.is_set() else ""
    report = ReadReport(outcome=outcome, seconds=time.monotonic() - start,
                        peak_mb=usage.ru_maxrss / 1024,
                        cpu_seconds=usage.ru_utime + usage.ru_stime,
                        returncode=proc.returncode, pid=proc.pid, stderr=stderr)
    return out, report


def _read_frame(out: bytes, report: ReadReport):
    """The reply in the worker's frame, the reader's exit, peak and CPU put in `report`; None
    when there is no reply (the reader died; or the worker did, and `report` stays its own)."""
    if not out or report.returncode != 0:
        return None
    frame = _ReplyUnpickler(io.BytesIO(out)).load()
    code, peak_kb, cpu, reply = frame
    report.returncode, report.peak_mb, report.cpu_seconds = code, peak_kb / 1024, cpu
    return _ReplyUnpickler(io.BytesIO(reply)).load() if reply and code == 0 else None


def _decode(out: bytes, report: ReadReport, filename: str, memory_mb: int, cpu_seconds: int,
            wall_seconds: float) -> Isolated:
    try:
        reply = _read_frame(out, report)
    except Exception:  # a frame or reply cut short, or not ours
        log.error("unreadable reply from the reading process for %s", filename, exc_info=True)
        reply = None
    if isinstance(reply, tuple) and len(reply) == 2:
        kind, value = reply
        if kind == "ok" and isinstance(value, tuple) and isinstance(value[0], WorkbookResult):
            report.outcome = "ok"
            return Isolated(unpack(value), None, report)
        if kind == "read_error" and isinstance(value, str):
            report.outcome = "read_error"
            return Isolated(None, value, report)
        if kind == "memory":
            report.outcome = "memory"
            return Isolated(None, msg_memory(filename, memory_mb), report)
        if kind == "bug":
            report.outcome = "bug"
            log.error("the reader failed on %s:\n%s", filename, value)
            return Isolated(None, msg_bug(filename), report)
    if report.outcome == "wall":
        message = msg_time(filename, int(wall_seconds))
    elif report.returncode in (-signal.SIGXCPU, -signal.SIGKILL) \
            and report.cpu_seconds >= cpu_seconds - 0.5:
        report.outcome = "cpu"
        message = msg_time(filename, int(cpu_seconds))
    else:  # a native abort (SIGABRT on a failed allocation), a segfault, an exit without reply
        report.outcome = "crash"
        message = msg_memory(filename, memory_mb)
    log.warning("reading %s stopped (%s, exit %s, %.1f s, %.0f MB): %s", filename,
                report.outcome, report.returncode, report.seconds, report.peak_mb,
                " / ".join(report.stderr.strip().splitlines()[:2]))
    return Isolated(None, message, report)


_ALLOWED = {("datetime", "date"), ("datetime", "datetime"), ("datetime", "time"),
            ("datetime", "timedelta")}


class _ReplyUnpickler(pickle.Unpickler):
    """Only datetime values and the dataclasses `analysis.model` names (its own and those it
    re-exports, such as a sheet's Period) may be rebuilt from a reply; nothing is imported."""

    def find_class(self, module: str, name: str):
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        cls = getattr(model, name, None)
        if (isinstance(cls, type) and dataclasses.is_dataclass(cls)
                and cls.__module__ == module and cls.__qualname__ == name):
            return cls
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a reply")
