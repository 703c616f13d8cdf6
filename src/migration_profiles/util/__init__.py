"""Small utilities every layer may use: errors, paths, atomic writes, the lock, escaping, statuses,
periods."""
