package org.croracle.cli;

import java.nio.file.Path;

import org.croracle.oracle.suite.SpecSuite;
import org.croracle.oracle.registry.Specs;

/** Resolving what the user named: a spec, the specs folder. */
final class SpecArgs {
    private SpecArgs() {}

    static Path specsRoot() {
        if (!Specs.rootExists()) {
            throw new UserError("no specs folder at " + Specs.root() + " (run ./cr from the repository, or set -Dcr.specs)");
        }
        return Specs.root();
    }

    static SpecSuite spec(String name) {
        return Specs.named(name).orElseThrow(() ->
                new UserError("no spec '" + name + "' (known: " + String.join(", ", Specs.names()) + ")"));
    }
}
