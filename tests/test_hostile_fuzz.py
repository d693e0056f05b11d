"""Mutation fuzz: damaged, re-encoded, truncated and hostile versions of real reports through the CLI.

Every case must end in exit status 0 (then the table analyses and its HTML has nothing live) or in
exit status 2 with one line naming the file; never a traceback, never another status. The tests
run a few dozen cases; ``make fuzz`` runs the long version (5,400 cases, ``INDICATORS_FUZZ_CASES``)
and ``INDICATORS_FUZZ_SEED`` draws another set.
"""

from __future__ import annotations

import os
import random
import re
from pathlib import Path

import pytest

from hostile_helpers import PAYLOADS, live_payloads, run_main

from conftest import FIXTURES, SEED

CASES = int(os.environ.get("INDICATORS_FUZZ_CASES", "24"))
FUZZ_SEED = int(os.environ.get("INDICATORS_FUZZ_SEED", "12"))
BASES = (SEED, FIXTURES / "wuhu-2022-annual.txt", FIXTURES / "national-2019-annual.txt")
HOSTILE_TEXT = (
    *PAYLOADS,
    "=cmd|' /C calc'!A0",
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "@SUM(1)",
    '#import "/etc/passwd"',
    "#eval(\"1\")",
    "$x^2$",
    "{{7*7}}",
    "%s%n%x",
    "\u202e\u2066",
    "\x00",
    "\x1b[31m",
    "９９．９％",
    "增长-99999999999999999999%",
    "增长1e308%",
    "目标" * 500,
    "\ufeff",
    "\r",
)


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def mutate(data: bytes, rng: random.Random) -> tuple[bytes, list[str]]:
    """One to three random mutations of ``data``; returns the bytes and what was done."""
    done = []
    for _ in range(rng.randint(1, 3)):
        kind = rng.randrange(12)
        n = len(data)
        at = rng.randrange(n + 1) if n else 0
        if kind == 0 and n:
            size = rng.randint(1, 200)
            data = data[:at] + data[at + size :]
        elif kind == 1:
            lines = _lines(data)
            i = rng.randrange(len(lines))
            lines[i:i] = [lines[i]] * rng.randint(1, 50)
            data = b"\n".join(lines)
        elif kind == 2:
            lines = _lines(data)
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            data = b"\n".join(lines)
        elif kind == 3:
            data = data[:at] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 8))) + data[at:]
        elif kind == 4:
            text = rng.choice(HOSTILE_TEXT).encode("utf-8")
            lines = _lines(data)
            i = rng.randrange(len(lines))
            lines[i] = lines[i] + b" " + text if rng.random() < 0.7 else text + lines[i]
            data = b"\n".join(lines)
        elif kind == 5:
            number = rng.choice(["0", "-1", "999999999999999999999", "0.000001", "3.", "1,234", "１２"])
            data = re.sub(rb"\d+(\.\d+)?", number.encode(), data, count=rng.randint(1, 20))
        elif kind == 6 and n:
            data = data[: rng.randrange(n)]
        elif kind == 7:
            encoding = rng.choice(["gb18030", "utf-16", "utf-8-sig"])
            data = data.decode("utf-8", "replace").encode(encoding, "replace")
        elif kind == 8:
            data = data.replace(b"\n", rng.choice([b"\r\n", b"\r"]))
        elif kind == 9:
            data = data[:at] + bytes([rng.choice([1, 7, 8, 11, 12, 27, 127])]) + data[at:]
        elif kind == 10:
            data = re.sub(rb"(?m)^(\d+)\.", lambda m: rng.choice([b"0.", b"1000.", b"99.", m.group(1) + b"."]), data)
        elif kind == 11:
            lines = _lines(data)
            i = rng.randrange(len(lines))
            data = b"\n".join(lines[:i] + [b"".join(lines[i : i + rng.randint(2, 40)])] + lines[i + 40 :])
        else:
            continue
        done.append(str(kind))
    return data, done


def one_line_naming(stderr: str, *names: str | Path) -> bool:
    lines = [line for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if ": error: " in line]
    return len(errors) == 1 and any(str(name) in errors[0] for name in names) and "Traceback" not in stderr


@pytest.mark.parametrize("case", range(CASES))
def test_a_mutated_report_is_read_or_refused_in_one_line(tmp_path, case):
    rng = random.Random(FUZZ_SEED * 1_000_003 + case)
    base = rng.choice(BASES)
    data, done = mutate(base.read_bytes(), rng)
    raw = tmp_path / "fuzz-2021-annual.txt"
    raw.write_bytes(data)
    side = raw.with_name("fuzz-2021-annual.source.yml")
    if rng.random() < 0.1:  # sometimes the provenance is damaged too
        yml, _ = mutate(b"title: x\npublisher: y\nyear: 2021\ncity: \xe8\x8a\x9c\xe6\xb9\x96\n", rng)
        side.write_bytes(yml)
    out = tmp_path / "out" / "targets.csv"
    what = f"case {case} (seed {FUZZ_SEED}): {base.name}, mutations {done}"
    run = run_main("extract", raw, "--out", out)
    assert run.returncode in (0, 2), f"{what}: {run.stderr}"
    if run.returncode == 2:
        assert one_line_naming(run.stderr, raw, side), f"{what}: {run.stderr}"
        assert not out.exists(), what
        return
    assert "Traceback" not in run.stderr and ": error: " not in run.stderr, what
    analysed = run_main("analyse", out)
    assert analysed.returncode == 0, f"{what}: {analysed.stderr}"
    from indicators import notebook as nbk
    from indicators.fileio import read_table

    table = read_table(out.with_name("attainment.csv"))
    row = table[table.is_headline].iloc[0]
    for lang in ("zh", "en"):
        page = nbk.style_summary(nbk.headline_summary(table, lang), lang).to_html()
        assert live_payloads(page) == [], what
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    assert live_payloads(markdown2html_mistune(nbk.source_markdown(row, table))) == [], what
