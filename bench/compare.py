"""The one structural diff of the snapshot scripts (golden.py, snapshot_cli.py): nested dicts
and lists compared leaf by leaf, each difference a line with its path."""
from __future__ import annotations


def diff(a, b, path: str = "") -> list:
    if type(a) is not type(b):
        return [f"{path}: {a!r:.300} != {b!r:.300}"]
    if isinstance(a, dict):
        out = []
        for k in sorted(set(a) | set(b), key=str):
            if k not in a or k not in b:
                out.append(f"{path}/{k}: only on one side")
            else:
                out += diff(a[k], b[k], f"{path}/{k}")
        return out
    if isinstance(a, list):
        if len(a) != len(b):
            return [f"{path}: length {len(a)} != {len(b)}"]
        pairs = enumerate(zip(a, b, strict=True))
        return [d for i, (x, y) in pairs for d in diff(x, y, f"{path}[{i}]")]
    return [] if a == b else [f"{path}: {a!r:.300} != {b!r:.300}"]
