/// Scenario: the scenario types, loading, validation and provenance.
