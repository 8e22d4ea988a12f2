#!/bin/sh
# Install spp-tui {{VERSION}} for the current user only: no admin rights, no network.
# Uses the first Python that fits this bundle (Python {{PYTHONS}}, 64-bit);
# choose one with:  PYTHON=/path/to/python3 sh install.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)

if [ -n "${PYTHON:-}" ]; then  # asked for this one: use it or say why not
  reason=$("$PYTHON" "$here/install.py" --check 2>&1) || {
    echo "spp-tui install: error: PYTHON=$PYTHON cannot be used: $reason" >&2
    exit 1
  }
  exec "$PYTHON" "$here/install.py" "$@"
fi

first_reason=""
for py in python3.12 python3.11 python3 python; do
  command -v "$py" >/dev/null 2>&1 || continue
  if reason=$("$py" "$here/install.py" --check 2>&1); then
    exec "$py" "$here/install.py" "$@"
  fi
  [ -n "$first_reason" ] || first_reason=$reason
done

echo "spp-tui install: error: no suitable Python found; this bundle needs Python {{PYTHONS}}" \
  "(64-bit) on {{PLATFORMS}}." >&2
[ -z "$first_reason" ] || echo "  ($first_reason)" >&2
exit 1
