package org.croracle.oracle.registry;

import org.croracle.oracle.checkpointrestart.CheckpointRestartSuite;
import org.croracle.oracle.concurrentcheckpoint.ConcurrentCheckpointSuite;
import org.croracle.oracle.suite.SpecSuite;

import org.croracle.oracle.eclone.EcloneSuite;
import org.croracle.oracle.freeze.FreezeSuite;
import org.croracle.oracle.restart.RestartSuite;
import org.croracle.oracle.sharedobjects.SharedObjectsSuite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The registry of specs: {@code ./cr check} runs all of them; each spec's suite lives in its own package. */
public final class Specs {
    private Specs() {}

    public static List<SpecSuite> all() {
        return List.of(new FreezeSuite(), new EcloneSuite(), new SharedObjectsSuite(), new RestartSuite(),
                CheckpointRestartSuite.create(), new ConcurrentCheckpointSuite());
    }

    /** The specs the kernel is refinement-checked against (those with a binding). */
    public static List<SpecSuite> bound() {
        return all().stream().filter(SpecSuite::refinementChecked).toList();
    }

    public static Optional<SpecSuite> named(String name) {
        return all().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The bound spec of that name, its workload run on kernels built with {@code config}. */
    public static Optional<SpecSuite> named(String name, org.croracle.impl.syscall.KernelConfig config) {
        return switch (name) {
            case "freeze" -> Optional.of(new FreezeSuite(config));
            case "eclone" -> Optional.of(new EcloneSuite(config));
            case "sharedobjects" -> Optional.of(new SharedObjectsSuite(config));
            case "restart" -> Optional.of(new RestartSuite(config));
            case "concurrentcheckpoint" -> Optional.of(new ConcurrentCheckpointSuite(config));
            default -> Optional.empty();
        };
    }

    public static List<String> names() {
        return all().stream().map(SpecSuite::name).toList();
    }

    /**
     * The specs/ folder: the system property cr.specs (set by ./cr and by the build), else ./specs.
     */
    public static Path root() {
        String prop = System.getProperty("cr.specs");
        Path root = prop != null ? Path.of(prop) : Path.of("specs");
        return root.toAbsolutePath().normalize();
    }

    public static boolean rootExists() {
        return Files.isDirectory(root());
    }
}
