"""Plain-Python rules under every layer: Indonesian formatting (``format``) and the measurement
rules of decisions §3–§5 (``pengukuran``). No Django models, no imports from the apps, so the
organisation, planning, budget and report layers all use the one copy."""
