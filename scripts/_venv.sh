# Sourced by scripts/demo and scripts/test: create .venv/ and install the project when needed.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "Own Terms needs Python 3.11 or newer as '$PYTHON' (set PYTHON=... to choose another)." >&2
  exit 2
fi
if [[ ! -x .venv/bin/python ]]; then
  echo "==> Creating the virtual environment in .venv/"
  "$PYTHON" -m venv .venv
fi
want="${1:-runtime}"
hash="$(sha256sum pyproject.toml | cut -c1-16)"
stamp=".venv/.installed-$hash-$want"
# An install with the development tools also serves the demo.
if [[ ! -f "$stamp" && ! ( "$want" == runtime && -f ".venv/.installed-$hash-dev" ) ]]; then
  echo "==> Installing Own Terms and its pinned dependencies into .venv/"
  .venv/bin/python -m pip install --quiet --upgrade pip
  if [[ "$want" == dev ]]; then
    .venv/bin/python -m pip install --quiet -e ".[dev]"
  else
    .venv/bin/python -m pip install --quiet -e .
  fi
  rm -f .venv/.installed-*
  touch "$stamp"
fi
export PATH="$REPO/.venv/bin:$PATH"
