/// Displacement: agent-based displacement over a location graph (Flee-compatible).
