"""Programs the benchmark runs in child processes (``python -m benchmarks.children.NAME``),
so start-up and peak memory are measured in a fresh interpreter, as ``spp-tui`` starts."""
