"""Benchmark of spp-tui's performance targets: ``python -m benchmarks`` (a development tool,
kept out of the installed package). See ``benchmarks.figures``."""
