"""DeepStudy benchmarks: `./dev.sh bench` (python -m benchmarks)."""
