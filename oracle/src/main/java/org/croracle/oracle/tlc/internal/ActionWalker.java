package org.croracle.oracle.tlc.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.croracle.model.tla.TlaValue;
import org.croracle.model.tla.TlaValues;
import org.croracle.oracle.tlc.FalseConjunct;

import tla2sany.semantic.ASTConstants;
import tla2sany.semantic.ExprNode;
import tla2sany.semantic.ExprOrOpArgNode;
import tla2sany.semantic.FormalParamNode;
import tla2sany.semantic.LetInNode;
import tla2sany.semantic.LevelConstants;
import tla2sany.semantic.LevelNode;
import tla2sany.semantic.OpApplNode;
import tla2sany.semantic.OpDeclNode;
import tla2sany.semantic.OpDefNode;
import tla2sany.semantic.SemanticNode;
import tla2sany.semantic.SymbolNode;
import tla2sany.st.Location;
import tlc2.tool.EvalControl;
import tlc2.tool.TLCState;
import tlc2.tool.impl.MemoizingTool;
import tlc2.util.Context;
import tlc2.value.IValue;
import tlc2.value.impl.BoolValue;
import tlc2.value.impl.Enumerable;
import tlc2.value.impl.Value;
import tlc2.value.impl.ValueEnumeration;

/**
 * Reads an action's or a next-state relation's syntax and asks TLC's evaluator about its parts:
 * which conjunct of an action is false for a step (and the values it mentions), and which
 * actions of Next, with which arguments, allow a step (Next's own quantifiers give the
 * arguments, their domains evaluated in the state before the step, so no combination of
 * arbitrary values is tried).
 */
final class ActionWalker {

    /** Values listed for a false conjunct: enough to see why, few enough to read. */
    private static final int MAX_VALUES = 10;
    /** A value longer than this is cut (a whole function of tasks helps nobody). */
    private static final int MAX_VALUE_CHARS = 160;
    /** Bindings tried for one quantifier, and evaluations for one step of Next: beyond them, give up. */
    private static final int MAX_BINDINGS = 20_000;
    private static final int MAX_EVALUATIONS = 50_000;

    private static final Set<String> CONJUNCTIONS = Set.of("$ConjList", "\\land");
    private static final Set<String> DISJUNCTIONS = Set.of("$DisjList", "\\lor");

    private final MemoizingTool tool;
    private final List<Path> sourceDirs;
    private final Map<String, List<String>> sources = new HashMap<>();

    ActionWalker(MemoizingTool tool, List<Path> sourceDirs) {
        this.tool = tool;
        this.sourceDirs = List.copyOf(sourceDirs);
    }

    // ---------------------------------------------------------------- the false conjunct

    /**
     * The first false conjunct of {@code op}'s body (with its parameters bound in {@code ctx}) for
     * the step from s0 to s1, descending into the conjuncts of operators it applies; empty when
     * the body is not a conjunction or no conjunct is false on its own.
     */
    Optional<FalseConjunct> falseConjunct(OpDefNode op, Context ctx, TLCState s0, TLCState s1) {
        Found found = innermost(op.getBody(), ctx, s0, s1, new ArrayList<>());
        if (found == null || found.node == op.getBody()) {
            return Optional.empty();
        }
        SemanticNode node = found.node;
        boolean precondition = node instanceof LevelNode l && l.getLevel() < LevelConstants.ActionLevel;
        LinkedHashMap<String, String> values = new LinkedHashMap<>();
        Context witness = witness(node, found.ctx, s0, s1);
        if (witness != null && node instanceof OpApplNode q) {
            OpApplNode quantifier = q.getOperator().getName().toString().equals("\\lnot")
                    ? (OpApplNode) q.getArgs()[0] : q;
            for (ExprNode bound : quantifier.getBdedQuantBounds()) {
                mentions(bound, found.ctx, s0, s1, values);
            }
            for (FormalParamNode[] symbols : quantifier.getBdedQuantSymbolLists()) {
                for (FormalParamNode p : symbols) {
                    values.put(p.getName().toString(), format(witness.lookup(p)) + " (the first that makes the conjunct false)");
                }
            }
            mentions(quantifier.getArgs()[0], witness, s0, s1, values);
        } else {
            mentions(node, found.ctx, s0, s1, values);
        }
        List<String> shown = new ArrayList<>();
        if (found.error != null) {
            shown.add("(TLC could not evaluate it: " + found.error + ")");
        }
        values.forEach((k, v) -> shown.add(k + " = " + v));
        return Optional.of(new FalseConjunct(text(node), where(node), found.via, precondition,
                shown.subList(0, Math.min(MAX_VALUES, shown.size()))));
    }

    private record Found(SemanticNode node, Context ctx, List<String> via, String error) {}

    /** The innermost false conjunct of {@code node}, which evaluates to FALSE under ctx. */
    private Found innermost(SemanticNode node, Context ctx, TLCState s0, TLCState s1, List<String> via) {
        if (node instanceof LetInNode let) {
            return innermost(let.getBody(), ctx, s0, s1, via);
        }
        if (node instanceof OpApplNode appl) {
            SymbolNode sym = appl.getOperator();
            String name = sym.getName().toString();
            if (CONJUNCTIONS.contains(name)) {
                for (ExprOrOpArgNode arg : appl.getArgs()) {
                    try {
                        if (isFalse(eval(arg, ctx, s0, s1))) {
                            return innermost(arg, ctx, s0, s1, via);
                        }
                    } catch (RuntimeException e) {
                        return new Found(arg, ctx, via, oneLine(e));
                    }
                }
                return new Found(node, ctx, via, null);
            }
            if (sym instanceof OpDefNode def && def.getKind() == ASTConstants.UserDefinedOpKind
                    && !def.isStandardModule() && !appl.argsContainOpArgNodes() && worthOpening(def.getBody())) {
                try {
                    Context inner = bindArguments(def, appl, ctx, s0, s1);
                    List<String> deeper = new ArrayList<>(via);
                    deeper.add(text(node) + " (" + where(node) + ")");
                    return innermost(def.getBody(), inner, s0, s1, deeper);
                } catch (RuntimeException e) {
                    return new Found(node, ctx, via, null);
                }
            }
        }
        return new Found(node, ctx, via, null);
    }

    /**
     * Is an operator's body one whose false part can be named: a conjunction (its first false
     * conjunct), or a {@code \A} or {@code ~\E} (the binding that makes it false)?
     */
    private static boolean worthOpening(SemanticNode body) {
        while (body instanceof LetInNode let) {
            body = let.getBody();
        }
        if (!(body instanceof OpApplNode a)) {
            return false;
        }
        String name = a.getOperator().getName().toString();
        return CONJUNCTIONS.contains(name) || name.equals("$BoundedForall")
                || name.equals("\\lnot") && a.getArgs()[0] instanceof OpApplNode e
                        && e.getOperator().getName().toString().equals("$BoundedExists");
    }

    /**
     * For a false {@code \A x \in S : P} or {@code ~\E x \in S : P}: ctx with the first binding of
     * its variables that makes P false (resp. true); null for any other conjunct.
     */
    private Context witness(SemanticNode node, Context ctx, TLCState s0, TLCState s1) {
        if (!(node instanceof OpApplNode appl)) {
            return null;
        }
        String name = appl.getOperator().getName().toString();
        boolean wanted;
        OpApplNode quantifier;
        if (name.equals("$BoundedForall")) {
            quantifier = appl;
            wanted = false;
        } else if (name.equals("\\lnot") && appl.getArgs()[0] instanceof OpApplNode inner
                && inner.getOperator().getName().toString().equals("$BoundedExists")) {
            quantifier = inner;
            wanted = true;
        } else {
            return null;
        }
        try {
            for (Context binding : bindings(quantifier, ctx, s0, s1)) {
                IValue v = eval(quantifier.getArgs()[0], binding, s0, s1);
                if (v instanceof BoolValue b && b.val == wanted) {
                    return binding;
                }
            }
        } catch (RuntimeException e) {
            return null;
        }
        return null;
    }

    /**
     * Every expression in node worth showing with its value: parameters, variables (primed ones
     * after the step), function applications and record fields of variables, and the spec's own
     * operators applied; each taken whole when it can be evaluated (a subexpression that uses a
     * quantifier's variable cannot, and is looked into instead).
     */
    private void mentions(SemanticNode node, Context ctx, TLCState s0, TLCState s1, Map<String, String> out) {
        if (out.size() >= MAX_VALUES) {
            return;
        }
        if (node instanceof LetInNode let) {
            mentions(let.getBody(), ctx, s0, s1, out);
            return;
        }
        if (!(node instanceof OpApplNode appl)) {
            return;
        }
        SymbolNode sym = appl.getOperator();
        String name = sym.getName().toString();
        boolean whole = sym instanceof FormalParamNode
                || sym instanceof OpDeclNode decl && decl.getKind() == ASTConstants.VariableDeclKind
                || name.equals("'") || name.equals("DOMAIN")
                || (name.equals("$FcnApply") || name.equals("$RcdSelect")) && rootedInVariable(appl)
                || sym instanceof OpDefNode def && def.getKind() == ASTConstants.UserDefinedOpKind
                        && !def.isStandardModule() && def.getLevel() >= LevelConstants.VariableLevel;
        if (whole) {
            String text = text(node);
            try {
                if (!out.containsKey(text)) {
                    out.put(text, format(eval(node, ctx, s0, s1)));
                }
                if (sym instanceof FormalParamNode || sym instanceof OpDeclNode || name.equals("'")
                        || name.equals("DOMAIN")) {
                    return;
                }
                if (name.equals("$FcnApply") || name.equals("$RcdSelect")) {
                    // the function's own value is the long one: show the indexes it was applied to
                    for (SemanticNode base = node; base instanceof OpApplNode a
                            && (a.getOperator().getName().toString().equals("$FcnApply")
                            || a.getOperator().getName().toString().equals("$RcdSelect")); base = a.getArgs()[0]) {
                        if (a.getOperator().getName().toString().equals("$FcnApply")) {
                            mentions(a.getArgs()[1], ctx, s0, s1, out);
                        }
                    }
                    return;
                }
            } catch (RuntimeException e) {
                // it uses a quantifier's variable: show its parts instead
            }
        }
        if (sym instanceof OpDeclNode) {
            return;
        }
        ExprNode[] bounds = appl.getBdedQuantBounds();
        if (bounds != null) {
            for (ExprNode b : bounds) {
                mentions(b, ctx, s0, s1, out);
            }
        }
        for (ExprOrOpArgNode arg : appl.getArgs()) {
            if (arg != null) {
                mentions(arg, ctx, s0, s1, out);
            }
        }
    }

    private static boolean rootedInVariable(OpApplNode appl) {
        SemanticNode base = appl;
        while (base instanceof OpApplNode a) {
            String n = a.getOperator().getName().toString();
            if ((n.equals("$FcnApply") || n.equals("$RcdSelect")) && a.getArgs().length > 0) {
                base = a.getArgs()[0];
            } else {
                return a.getOperator() instanceof OpDeclNode d && d.getKind() == ASTConstants.VariableDeclKind
                        || n.equals("'");
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- the actions of Next

    /**
     * The action operators reached from {@code next} (through \/, /\, \E, IF, CASE, LET and the
     * operators named ...Next) that allow the step from s0 to s1, each with every argument tuple
     * that does, in the order Next names them. An operator in a conjunction beside a disjunction,
     * a quantifier or a ...Next (such as a model's extra constraint) is a guard, not an action.
     */
    Map<String, List<List<TlaValue>>> actionsOf(SemanticNode next, Context ctx, TLCState s0, TLCState s1) {
        Map<String, List<List<TlaValue>>> out = new LinkedHashMap<>();
        walk(next, ctx, s0, s1, out, new int[] {MAX_EVALUATIONS});
        return out;
    }

    private void walk(SemanticNode node, Context ctx, TLCState s0, TLCState s1,
                      Map<String, List<List<TlaValue>>> out, int[] budget) {
        if (budget[0] <= 0) {
            return;
        }
        if (node instanceof LetInNode let) {
            walk(let.getBody(), ctx, s0, s1, out, budget);
            return;
        }
        if (!(node instanceof OpApplNode appl)) {
            return;
        }
        SymbolNode sym = appl.getOperator();
        String name = sym.getName().toString();
        try {
            if (sym instanceof OpDefNode def && def.getKind() == ASTConstants.UserDefinedOpKind) {
                if (def.getLevel() < LevelConstants.ActionLevel || appl.argsContainOpArgNodes()) {
                    return;
                }
                Context inner = bindArguments(def, appl, ctx, s0, s1);
                if (isNext(def)) {
                    walk(def.getBody(), inner, s0, s1, out, budget);
                    return;
                }
                budget[0]--;
                if (isTrue(eval(def.getBody(), inner, s0, s1))) {
                    List<TlaValue> args = new ArrayList<>();
                    for (FormalParamNode p : def.getParams()) {
                        args.add(TlcValues.fromTlc((Value) inner.lookup(p)));
                    }
                    List<List<TlaValue>> tuples = out.computeIfAbsent(name, k -> new ArrayList<>());
                    if (!tuples.contains(args)) {
                        tuples.add(args);
                    }
                }
            } else if (DISJUNCTIONS.contains(name)) {
                for (ExprOrOpArgNode arg : appl.getArgs()) {
                    walk(arg, ctx, s0, s1, out, budget);
                }
            } else if (CONJUNCTIONS.contains(name)) {
                List<ExprOrOpArgNode> structural = new ArrayList<>();
                List<ExprOrOpArgNode> actions = new ArrayList<>();
                for (ExprOrOpArgNode arg : appl.getArgs()) {
                    if (structural(arg)) {
                        structural.add(arg);
                    } else if (arg instanceof OpApplNode a && a.getOperator() instanceof OpDefNode d
                            && d.getKind() == ASTConstants.UserDefinedOpKind && d.getLevel() >= LevelConstants.ActionLevel) {
                        actions.add(arg);
                    }
                }
                List<ExprOrOpArgNode> walked = structural.isEmpty() ? actions : structural;
                for (ExprOrOpArgNode arg : appl.getArgs()) {
                    if (!walked.contains(arg)) {
                        budget[0]--;
                        if (!isTrue(eval(arg, ctx, s0, s1))) {
                            return; // a guard of this branch is false: no action in it allows the step
                        }
                    }
                }
                for (ExprOrOpArgNode arg : walked) {
                    walk(arg, ctx, s0, s1, out, budget);
                }
            } else if (name.equals("$BoundedExists")) {
                for (Context binding : bindings(appl, ctx, s0, s1)) {
                    if (budget[0] <= 0) {
                        return;
                    }
                    walk(appl.getArgs()[0], binding, s0, s1, out, budget);
                }
            } else if (name.equals("$IfThenElse")) {
                IValue cond = eval(appl.getArgs()[0], ctx, s0, s1);
                walk(appl.getArgs()[isTrue(cond) ? 1 : 2], ctx, s0, s1, out, budget);
            } else if (name.equals("$Case")) {
                for (ExprOrOpArgNode arm : appl.getArgs()) {
                    OpApplNode pair = (OpApplNode) arm;
                    ExprOrOpArgNode guard = pair.getArgs()[0];
                    if (guard == null || isTrue(eval(guard, ctx, s0, s1))) {
                        walk(pair.getArgs()[1], ctx, s0, s1, out, budget);
                    }
                }
            }
        } catch (RuntimeException e) {
            // this branch cannot be evaluated in these states (e.g. a function applied outside its
            // domain): it allows nothing, like a false guard
        }
    }

    private static boolean isNext(OpDefNode def) {
        return def.getName().toString().endsWith("Next");
    }

    /** Does this conjunct hold the actions of its conjunction (a disjunction, a quantifier, a ...Next)? */
    private static boolean structural(SemanticNode node) {
        while (node instanceof LetInNode let) {
            node = let.getBody();
        }
        if (!(node instanceof OpApplNode a)) {
            return false;
        }
        SymbolNode sym = a.getOperator();
        String name = sym.getName().toString();
        if (DISJUNCTIONS.contains(name) || name.equals("$BoundedExists") || name.equals("$IfThenElse")
                || name.equals("$Case")) {
            return a.getLevel() >= LevelConstants.ActionLevel;
        }
        if (CONJUNCTIONS.contains(name)) {
            for (ExprOrOpArgNode arg : a.getArgs()) {
                if (structural(arg)) {
                    return true;
                }
            }
            return false;
        }
        return sym instanceof OpDefNode def && def.getKind() == ASTConstants.UserDefinedOpKind && isNext(def);
    }

    // ---------------------------------------------------------------- shared

    /** Every binding of a bounded quantifier's variables to the values of its domains, in TLC's order. */
    private List<Context> bindings(OpApplNode q, Context ctx, TLCState s0, TLCState s1) {
        FormalParamNode[][] symbols = q.getBdedQuantSymbolLists();
        ExprNode[] bounds = q.getBdedQuantBounds();
        boolean[] tuples = q.isBdedQuantATuple();
        List<Context> out = new ArrayList<>(List.of(ctx));
        for (int i = 0; i < symbols.length; i++) {
            if (tuples[i]) {
                throw new IllegalStateException("a quantifier over tuples is not enumerated");
            }
            IValue domain = eval(bounds[i], ctx, s0, s1);
            if (!(domain instanceof Enumerable set)) {
                throw new IllegalStateException("a quantifier's domain is not enumerable");
            }
            List<Value> elements = new ArrayList<>();
            ValueEnumeration e = set.elements();
            for (Value v = e.nextElement(); v != null; v = e.nextElement()) {
                elements.add(v);
            }
            for (FormalParamNode p : symbols[i]) {
                if ((long) out.size() * elements.size() > MAX_BINDINGS) {
                    throw new IllegalStateException("too many bindings to try");
                }
                List<Context> longer = new ArrayList<>();
                for (Context c : out) {
                    for (Value v : elements) {
                        longer.add(c.cons(p, v));
                    }
                }
                out = longer;
            }
        }
        return out;
    }

    private Context bindArguments(OpDefNode def, OpApplNode appl, Context ctx, TLCState s0, TLCState s1) {
        Context inner = ctx;
        FormalParamNode[] params = def.getParams();
        ExprOrOpArgNode[] args = appl.getArgs();
        for (int i = 0; i < params.length; i++) {
            inner = inner.cons(params[i], eval(args[i], ctx, s0, s1));
        }
        return inner;
    }

    private IValue eval(SemanticNode node, Context ctx, TLCState s0, TLCState s1) {
        return tool.eval(node, ctx, s0, s1, EvalControl.Clear);
    }

    private static boolean isFalse(IValue v) {
        return v instanceof BoolValue b && !b.val;
    }

    private static boolean isTrue(IValue v) {
        return v instanceof BoolValue b && b.val;
    }

    private static String format(Object v) {
        String s;
        try {
            s = TlaValues.format(TlcValues.fromTlc((Value) v));
        } catch (RuntimeException e) {
            s = String.valueOf(v).strip().replaceAll("\\s+", " ");
        }
        return s.length() > MAX_VALUE_CHARS ? s.substring(0, MAX_VALUE_CHARS) + " ..." : s;
    }

    /** Where a node is written, as a person finds it: {@code Eclone.tla line 371}. */
    private static String where(SemanticNode node) {
        Location l = node.getLocation();
        return l.source() + ".tla line " + l.beginLine();
    }

    /** The node's source text, on one line (read from its module's file; TLC's own image otherwise). */
    private String text(SemanticNode node) {
        Location l = node.getLocation();
        List<String> lines = source(l.source());
        if (lines != null && l.beginLine() >= 1 && l.endLine() <= lines.size() && l.beginLine() <= l.endLine()) {
            StringBuilder out = new StringBuilder();
            for (int n = l.beginLine(); n <= l.endLine(); n++) {
                String line = lines.get(n - 1);
                int from = n == l.beginLine() ? Math.min(line.length(), l.beginColumn() - 1) : 0;
                int to = n == l.endLine() ? Math.min(line.length(), l.endColumn()) : line.length();
                String part = line.substring(from, Math.max(from, to));
                int comment = part.indexOf("\\*");
                out.append(comment >= 0 ? part.substring(0, comment) : part).append(' ');
            }
            return out.toString().strip().replaceAll("\\s+", " ");
        }
        return node.getHumanReadableImage().strip().replaceAll("\\s+", " ");
    }

    private List<String> source(String module) {
        return sources.computeIfAbsent(module, m -> {
            for (Path dir : sourceDirs) {
                Path file = dir.resolve(m + ".tla");
                if (Files.isRegularFile(file)) {
                    try {
                        return Files.readAllLines(file, StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        return null;
                    }
                }
            }
            return null;
        });
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.strip().replaceAll("\\s+", " ");
    }
}
