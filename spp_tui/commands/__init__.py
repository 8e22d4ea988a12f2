"""CLI subcommands, one module per area; registered lazily in ``spp_tui.cli.LAZY_COMMANDS``."""
