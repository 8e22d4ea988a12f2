"""Allow ``python -m spp_tui`` (the same entry point as the ``spp-tui`` command)."""

from spp_tui.launch import main

if __name__ == "__main__":
    main()
