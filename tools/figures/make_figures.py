"""Regenerate every figure in content/figures/.

.venv/bin/python tools/figures/make_figures.py
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tools.figures import (  # noqa: E402
    diagrams,
    plots,
    range_11_20,
    range_21_30,
    range_31_40,
    range_41_50,
)
from tools.figures.svgkit import Svg  # noqa: E402

FIGURES: dict[str, Callable[[], Svg]] = {
    "02-network.svg": diagrams.network,
    "04-activations.svg": plots.activations,
    "06-sigmoid-gradient.svg": plots.sigmoid_gradient,
    "08-bias-variance.svg": plots.bias_variance,
    "10-cnn.svg": diagrams.cnn,
    "11-max-pooling.svg": range_11_20.max_pooling,
    "16-rnn-unrolled.svg": range_11_20.rnn_unrolled,
    "18-lstm-cell.svg": range_11_20.lstm_cell,
    "19-attention.svg": range_11_20.attention,
    "20-autoencoder.svg": diagrams.autoencoder,
    "21-gan.svg": range_21_30.gan,
    "27-learning-rate.svg": plots.learning_rates,
    "28-momentum.svg": range_21_30.momentum,
    "29-l1-l2.svg": plots.l1_l2,
    "30-init-variance.svg": range_21_30.init_variance,
    "34-confusion-matrix.svg": range_31_40.confusion_matrix,
    "35-kfold.svg": diagrams.k_fold,
    "36-roc.svg": plots.roc,
    "39-early-stopping.svg": plots.early_stopping,
    "42-gradient-clipping.svg": range_41_50.gradient_clipping,
}


def main() -> int:
    out = ROOT / "content" / "figures"
    out.mkdir(parents=True, exist_ok=True)
    for name, draw in FIGURES.items():
        draw().save(out / name)
    print(f"wrote {len(FIGURES)} figures to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
