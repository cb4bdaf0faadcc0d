"""``python -m bench``: the whole benchmark (:mod:`bench.run`)."""

import sys

from bench.run import main

sys.exit(main())
