package org.croracle.oracle.tlc.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import tla2sany.semantic.APSubstInNode;
import tla2sany.semantic.ASTConstants;
import tla2sany.semantic.FormalParamNode;
import tla2sany.semantic.LetInNode;
import tla2sany.semantic.LevelConstants;
import tla2sany.semantic.OpApplNode;
import tla2sany.semantic.OpArgNode;
import tla2sany.semantic.OpDeclNode;
import tla2sany.semantic.OpDefNode;
import tla2sany.semantic.SemanticNode;
import tla2sany.semantic.Subst;
import tla2sany.semantic.SubstInNode;
import tla2sany.semantic.SymbolNode;
import util.UniqueString;

/**
 * What a spec's expressions read, found in SANY's semantic tree: the variables an expression
 * depends on (through every operator it applies, transitively), and which top-level operators are
 * state functions worth remembering. A state function's value is determined by its arguments and
 * the values of the variables it reads (the constants are fixed once the spec is loaded), so a
 * value computed once stays right wherever those are equal: that is what lets the step oracle
 * skip re-evaluating what a step did not touch.
 */
final class StateFunctions {

    /**
     * What TLC evaluates for a definition: the model's configuration may replace one by another
     * (for example {@code WorldInit <- MCWorldInit}), whose body may read other variables.
     */
    private final Function<SymbolNode, Object> definitions;

    StateFunctions(Function<SymbolNode, Object> definitions) {
        this.definitions = definitions;
    }

    /**
     * TLC's operators with side effects or answers that are not a function of their arguments
     * (the TLC module's): an expression that applies one is never remembered.
     */
    private static final Set<String> IMPURE = Set.of("TLCGet", "TLCSet", "RandomElement", "RandomSubset",
            "RandomSetOfSubsets", "Print", "PrintT", "JavaTime", "TLCCache");

    /**
     * Built-in operators that make TLC enumerate: an operator that applies none of them (directly
     * or through the operators it applies) is cheaper to evaluate than to look up.
     */
    private static final Set<String> ENUMERATING = Set.of("$BoundedForall", "$BoundedExists", "$UnboundedForall",
            "$UnboundedExists", "$SetOfAll", "$SubsetOf", "$FcnConstructor", "$BoundedChoose", "$UnboundedChoose",
            "$SetOfFcns", "$SetOfRcds", "$CartesianProd", "UNION", "SUBSET", "\\subseteq", "\\cup", "\\cap", "\\",
            "Cardinality", "SelectSeq", "Seq", "\\o");

    /** What an expression reads and applies. */
    record Reads(Set<OpDeclNode> variables, boolean impure, boolean substitutes, boolean enumerates) {
        /** The variables' names, sorted, for TLC's state lookup. */
        List<UniqueString> names() {
            TreeSet<String> sorted = new TreeSet<>(Comparator.naturalOrder());
            variables.forEach(v -> sorted.add(v.getName().toString()));
            return sorted.stream().map(UniqueString::uniqueStringOf).toList();
        }

        /**
         * Whether the expression's value is a function of these variables' values alone: no
         * impure operator, and no instance substitution (whose expressions are evaluated in the
         * context of the application, which may bind more than the arguments).
         */
        boolean determined() {
            return !impure && !substitutes;
        }
    }

    /** The variables {@code node} reads, through every operator it applies. */
    Reads of(SemanticNode node) {
        Walk walk = new Walk();
        walk.visit(node);
        return new Reads(walk.variables, walk.impure, walk.substitutes, walk.enumerates);
    }

    /**
     * The spec's top-level operators worth remembering: defined in the spec (not imported through
     * a named INSTANCE), of state level at most (no primes, no temporal operators), taking only
     * values as arguments, their value determined by arguments and variables, and doing some
     * enumeration that costs more than a lookup.
     */
    List<OpDefNode> memoizable(OpDefNode[] defs) {
        List<OpDefNode> out = new ArrayList<>();
        for (OpDefNode def : defs) {
            if (def.getKind() != ASTConstants.UserDefinedOpKind || def.getLevel() > LevelConstants.VariableLevel
                    || def.getName().toString().contains("!") || IMPURE.contains(def.getName().toString())) {
                continue;
            }
            boolean valueParams = true;
            for (FormalParamNode p : def.getParams()) {
                valueParams &= p.getArity() == 0;
            }
            if (!valueParams) {
                continue;
            }
            Reads reads = of(def.getBody());
            if (reads.determined() && (reads.enumerates() || def.getInRecursive())) {
                out.add(def);
            }
        }
        return out;
    }

    /** A depth-first walk of the semantic tree that enters every operator definition it applies once. */
    private final class Walk {
        final Set<OpDeclNode> variables = new HashSet<>();
        final Set<SemanticNode> seen = new HashSet<>();
        boolean impure;
        boolean substitutes;
        boolean enumerates;

        void visit(SemanticNode node) {
            if (node == null || !seen.add(node)) {
                return;
            }
            if (node instanceof OpApplNode appl) {
                operator(appl.getOperator());
            } else if (node instanceof OpArgNode arg) {
                operator(arg.getOp());
            } else if (node instanceof LetInNode let) {
                for (OpDefNode def : let.getLets()) {
                    visit(def.getBody());
                }
                visit(let.getBody());
            } else if (node instanceof SubstInNode subst) {
                substitutes = true;
                for (Subst s : subst.getSubsts()) {
                    visit(s.getExpr());
                }
                visit(subst.getBody());
            } else if (node instanceof APSubstInNode subst) {
                substitutes = true;
                for (Subst s : subst.getSubsts()) {
                    visit(s.getExpr());
                }
                visit(subst.getBody());
            }
            SemanticNode[] children = node.getChildren();
            if (children != null) {
                for (SemanticNode child : children) {
                    visit(child);
                }
            }
        }

        private void operator(SymbolNode op) {
            if (op instanceof OpDeclNode decl) {
                if (decl.getKind() == ASTConstants.VariableDeclKind) {
                    variables.add(decl);
                }
            } else if (op instanceof OpDefNode def) {
                String name = def.getName().toString();
                if (IMPURE.contains(name)) {
                    impure = true;
                }
                if (def.getKind() == ASTConstants.UserDefinedOpKind) {
                    if (def.getInRecursive()) {
                        enumerates = true;
                    }
                    visit(def.getBody());
                    if (definitions.apply(def) instanceof OpDefNode replacement && replacement != def) {
                        visit(replacement.getBody());
                    }
                } else if (ENUMERATING.contains(name)) {
                    enumerates = true;
                }
            }
        }
    }
}
