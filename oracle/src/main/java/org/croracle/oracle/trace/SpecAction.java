package org.croracle.oracle.trace;

import java.util.List;
import java.util.stream.Collectors;

import org.croracle.model.tla.TlaValue;

/** A spec action with the implementation's arguments, for example {@code Fork(300, 301)}. */
public record SpecAction(String name, List<TlaValue> args) {

    public SpecAction {
        args = List.copyOf(args);
    }

    public static SpecAction of(String name, TlaValue... args) {
        return new SpecAction(name, List.of(args));
    }

    @Override
    public String toString() {
        return args.isEmpty() ? name
                : name + args.stream().map(TlaValue::toString).collect(Collectors.joining(", ", "(", ")"));
    }
}
