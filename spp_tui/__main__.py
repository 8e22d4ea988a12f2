"""Allow ``python -m spp_tui``."""

from spp_tui.cli import main

if __name__ == "__main__":
    main()
