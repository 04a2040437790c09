"""Run every `python` and `pytorch` code block of the answers, each over many seeds.

    ./dev.sh snippets [--seeds 50] [--only 7,12]

The test suite runs the `python` blocks (numpy only) once each; PyTorch is kept out of the
app's environment (about 750 MB), so `pytorch` blocks are run here, by `dev.sh snippets`, with
the interpreter of a separate environment that has CPU torch. An answer's assert must hold for
any seed, not just the one written in it, so each block is run `--seeds` times: run k offsets
every seed the block sets (numpy's `default_rng`/`seed`, `random.seed`, `torch.manual_seed`)
by k. All runs of a block share one process, so torch is imported once.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from studyapp.content.loader import load_library  # noqa: E402
from studyapp.content.render import RUNNABLE_LANGUAGE, code_blocks  # noqa: E402

LANGUAGES = (RUNNABLE_LANGUAGE, "pytorch")

# Runs inside the child: patches the seed functions, then executes the block once per offset.
_RUNNER = r"""
import json, random, sys, traceback
code, seeds = sys.stdin.read(), int(sys.argv[1])
offset = 0
def shift(seed):
    return seed if seed is None else seed + offset
import numpy as np
_rng, _seed, _rseed = np.random.default_rng, np.random.seed, random.seed
np.random.default_rng = lambda seed=None, *a, **k: _rng(shift(seed), *a, **k)
np.random.seed = lambda seed=None: _seed(shift(seed))
random.seed = lambda seed=None, *a, **k: _rseed(shift(seed), *a, **k)
if sys.argv[2] == "pytorch":
    import torch
    _tseed = torch.manual_seed
    torch.manual_seed = lambda seed: _tseed(shift(seed))
failures = []
for offset in range(seeds):
    try:
        exec(compile(code, "<answer>", "exec"), {"__name__": "__main__"})
    except BaseException:
        failures.append({"seed_offset": offset, "error": traceback.format_exc()[-1500:]})
        if len(failures) >= 3:
            break
print(json.dumps(failures))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", default=sys.executable, help="interpreter with torch")
    parser.add_argument("--seeds", type=int, default=50)
    parser.add_argument("--only", default="", help="comma-separated question ids")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per block")
    args = parser.parse_args(argv)
    only = {int(part) for part in args.only.split(",") if part.strip()}
    library = load_library(ROOT / "content")
    failed = 0
    total = 0
    started = time.perf_counter()
    for question in library.questions:
        if only and question.id not in only:
            continue
        text = question.detailed_answer + "\n" + question.common_mistakes
        for block in code_blocks(text):
            if block.language not in LANGUAGES:
                continue
            total += 1
            label = f"Q{question.id:02d} line {block.line} ({block.language})"
            began = time.perf_counter()
            try:
                with tempfile.TemporaryDirectory() as scratch:  # blocks may write files
                    result = subprocess.run(
                        [args.python, "-c", _RUNNER, str(args.seeds), block.language],
                        input=block.code,
                        capture_output=True,
                        text=True,
                        timeout=args.timeout,
                        check=False,
                        cwd=scratch,
                    )
                failures = json.loads(result.stdout.strip().splitlines()[-1] or "[]")
                if result.returncode != 0 and not failures:
                    failures = [{"seed_offset": 0, "error": result.stderr[-1500:]}]
            except subprocess.TimeoutExpired:
                failures = [{"seed_offset": -1, "error": f"timed out after {args.timeout} s"}]
            except (json.JSONDecodeError, IndexError):
                failures = [{"seed_offset": 0, "error": result.stderr[-1500:]}]
            seconds = time.perf_counter() - began
            if failures:
                failed += 1
                first = failures[0]
                print(f"FAIL {label} at seed offset {first['seed_offset']} ({seconds:.1f} s)")
                print("     " + first["error"].strip().replace("\n", "\n     "))
            else:
                print(f"ok   {label}: {args.seeds} seeds in {seconds:.1f} s")
    elapsed = time.perf_counter() - started
    print(f"{total - failed} passed, {failed} failed")
    print(f"snippets: {total} blocks x {args.seeds} seeds in {elapsed:.0f} s", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
