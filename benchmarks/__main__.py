"""``python -m benchmarks``: measure every figure and compare it with its target."""

import sys

from benchmarks.figures import main

sys.exit(main())
