"""``python -m rota_engine``: see :mod:`rota_engine.cli`."""

from __future__ import annotations

import sys

from rota_engine.cli import main

if __name__ == "__main__":
    sys.exit(main())
