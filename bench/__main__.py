"""``python -m bench``: run the benchmark suite and write docs/benchmarks.md."""

import sys

from bench.run import main

if __name__ == "__main__":
    sys.exit(main())
