package org.croracle.impl.scenario;

import java.util.List;

/** A parsed scenario file (.crs). */
public record Scenario(String file, List<Statement> statements) {
    public Scenario {
        statements = List.copyOf(statements);
    }
}
