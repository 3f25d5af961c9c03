package org.croracle.oracle.tlc.internal;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.croracle.model.tla.TlaValue;
import org.croracle.oracle.tlc.FalseConjunct;
import org.croracle.oracle.tlc.SpecLoadException;
import org.croracle.oracle.tlc.SpecOracle;
import org.croracle.oracle.tlc.Verdict;

import tla2sany.semantic.ASTConstants;
import tla2sany.semantic.FormalParamNode;
import tla2sany.semantic.LetInNode;
import tla2sany.semantic.LevelConstants;
import tla2sany.semantic.OpApplNode;
import tla2sany.semantic.OpDeclNode;
import tla2sany.semantic.OpDefNode;
import tla2sany.semantic.SemanticNode;
import tla2sany.semantic.SymbolNode;
import tlc2.tool.Action;
import tlc2.tool.EvalControl;
import tlc2.tool.StateVec;
import tlc2.tool.TLCState;
import tlc2.tool.impl.MemoizingTool;
import tlc2.util.Context;
import tlc2.util.Vect;
import tlc2.value.IValue;
import tlc2.value.impl.BoolValue;
import tlc2.value.impl.Value;
import util.SimpleFilenameToStream;
import util.ToolIO;
import util.UniqueString;

/**
 * With {@link ActionWalker}, the only class that calls TLC's Java API. Loaded once per spec, each time in its own
 * {@code IsolatingClassLoader}, because TLC keeps the loaded spec in static fields. Not
 * thread-safe (TLC's evaluator is not documented as such): one oracle per thread.
 */
public final class TlcBridge implements SpecOracle {

    /** argumentsAllowing gives up on an action with more argument combinations than this. */
    private static final int MAX_TRIES = 5_000;

    private final String moduleName;
    private final AutoCloseable loader;
    private final MemoizingTool tool;
    private final OpDeclNode[] variables;
    private final Map<String, OpDefNode> operators = new HashMap<>();
    private final Action[] invariants;
    private final String[] invariantNames;
    /** Per invariant, its conjuncts, each remembered as true for the variable values it last held in. */
    private final InvariantConjuncts[] conjuncts;
    private final ActionWalker walker;

    /** The last converted state: the state after one step is the state before the next. */
    private Map<String, TlaValue> lastState;
    private TLCState lastTlcState;
    /**
     * Per variable, the last value converted and TLC's value for it: a variable a step leaves
     * unchanged keeps the same TLC object, so that what was remembered about it is found by
     * identity rather than by comparing the whole value.
     */
    private final TlaValue[] lastValues;
    private final Value[] lastTlcValues;
    private final UniqueString[] variableNames;

    public TlcBridge(Path specDir, String rootModule, String configFile, List<Path> libraryDirs, AutoCloseable loader) {
        this.moduleName = rootModule;
        this.loader = loader;
        PrintStream silent = new PrintStream(OutputStream.nullOutputStream());
        ToolIO.out = silent;
        ToolIO.err = silent;
        ToolIO.setUserDir(specDir.toString());
        String[] libs = libraryDirs.stream().map(p -> p.toAbsolutePath().toString()).toArray(String[]::new);
        try {
            // TLC appends ".cfg" to the configuration's name itself.
            String config = configFile.endsWith(".cfg") ? configFile.substring(0, configFile.length() - 4) : configFile;
            this.tool = new MemoizingTool(specDir.toString(), rootModule, config, new SimpleFilenameToStream(libs));
        } catch (RuntimeException | Error e) {
            throw new SpecLoadException(describeLoadFailure(rootModule, configFile, e), e);
        }
        this.variables = tool.getSpecProcessor().getVariablesNodes();
        this.invariants = tool.getInvariants();
        this.invariantNames = tool.getSpecProcessor().getInvariantsNames();
        StateFunctions functions = new StateFunctions(tool::lookup);
        for (OpDefNode def : functions.memoizable(tool.getRootModule().getOpDefs())) {
            tool.memoize(def, functions.of(def.getBody()).names());
        }
        this.conjuncts = new InvariantConjuncts[invariants.length];
        for (int i = 0; i < invariants.length; i++) {
            conjuncts[i] = new InvariantConjuncts(tool, functions, invariants[i]);
        }
        this.variableNames = new UniqueString[variables.length];
        for (int i = 0; i < variables.length; i++) {
            variableNames[i] = UniqueString.uniqueStringOf(variables[i].getName().toString());
        }
        this.lastValues = new TlaValue[variables.length];
        this.lastTlcValues = new Value[variables.length];
        List<Path> sourceDirs = new ArrayList<>();
        sourceDirs.add(specDir);
        sourceDirs.addAll(libraryDirs);
        this.walker = new ActionWalker(tool, sourceDirs);
    }

    private static String describeLoadFailure(String module, String config, Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return module + ".tla with " + config + " could not be loaded by TLC: " + message.strip().replaceAll("\\s+", " ");
    }

    @Override
    public String moduleName() {
        return moduleName;
    }

    @Override
    public Verdict init(Map<String, TlaValue> state) {
        try {
            TLCState s = toState(state);
            Vect<Action> init = tool.getInitStateSpec();
            for (int i = 0; i < init.size(); i++) {
                Action conjunct = init.elementAt(i);
                if (!tool.isValid(conjunct, s)) {
                    return Verdict.fails("Init conjunct at " + conjunct.getLocation() + " is false");
                }
            }
            return Verdict.HOLDS;
        } catch (RuntimeException e) {
            return Verdict.fails("TLC could not evaluate Init: " + oneLine(e));
        }
    }

    @Override
    public Verdict action(String name, List<TlaValue> args, Map<String, TlaValue> before, Map<String, TlaValue> after) {
        OpDefNode op = operator(name);
        if (op == null) {
            return Verdict.fails("the spec has no operator " + name);
        }
        FormalParamNode[] params = op.getParams();
        if (params.length != args.size()) {
            return Verdict.fails(name + " takes " + params.length + " arguments, the step gave " + args.size());
        }
        try {
            Context ctx = Context.Empty;
            for (int i = 0; i < params.length; i++) {
                ctx = ctx.cons(params[i], TlcValues.toTlc(args.get(i)));
            }
            TLCState s0 = toState(before);
            TLCState s1 = toState(after);
            IValue v = tool.eval(op.getBody(), ctx, s0, s1, EvalControl.Clear);
            if (v instanceof BoolValue b) {
                return b.val ? Verdict.HOLDS : Verdict.fails(name + " does not allow this step");
            }
            return Verdict.fails(name + " is not an action: it evaluated to " + v);
        } catch (RuntimeException e) {
            return Verdict.fails(name + " could not be evaluated: " + oneLine(e));
        }
    }

    @Override
    public java.util.Optional<FalseConjunct> falseConjunct(String name, List<TlaValue> args, Map<String, TlaValue> before,
                                                           Map<String, TlaValue> after) {
        OpDefNode op = operator(name);
        if (op == null || op.getArity() != args.size()) {
            return java.util.Optional.empty();
        }
        try {
            Context ctx = Context.Empty;
            FormalParamNode[] params = op.getParams();
            for (int i = 0; i < params.length; i++) {
                ctx = ctx.cons(params[i], TlcValues.toTlc(args.get(i)));
            }
            return walker.falseConjunct(op, ctx, toState(before), toState(after));
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public Map<String, List<List<TlaValue>>> actionsOfNext(String next, Map<String, TlaValue> before,
                                                           Map<String, TlaValue> after) {
        try {
            TLCState s0 = toState(before);
            TLCState s1 = toState(after);
            if (next != null) {
                OpDefNode op = operator(next);
                return op == null || op.getArity() != 0 ? Map.of() : walker.actionsOf(op.getBody(), Context.Empty, s0, s1);
            }
            Action pred = tool.getSpecProcessor().getNextPred();
            return pred == null ? Map.of() : walker.actionsOf(pred.pred, pred.con, s0, s1);
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    @Override
    public List<Map<String, TlaValue>> successors(String name, List<TlaValue> args, Map<String, TlaValue> before,
                                                  int limit) {
        OpDefNode op = operator(name);
        if (op == null || op.getArity() != args.size()) {
            return List.of();
        }
        try {
            Context ctx = Context.Empty;
            FormalParamNode[] params = op.getParams();
            for (int i = 0; i < params.length; i++) {
                ctx = ctx.cons(params[i], TlcValues.toTlc(args.get(i)));
            }
            StateVec next = tool.getNextStates(new Action(op.getBody(), ctx, op), toState(before));
            List<Map<String, TlaValue>> out = new ArrayList<>();
            for (int i = 0; i < next.size() && out.size() < limit; i++) {
                TLCState t = next.elementAt(i);
                Map<String, TlaValue> vars = new java.util.TreeMap<>();
                for (OpDeclNode var : variables) {
                    vars.put(var.getName().toString(), TlcValues.fromTlc((Value) t.lookup(var.getName())));
                }
                out.add(vars);
            }
            return out;
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    @Override
    public java.util.Optional<TlaValue> evaluate(String name, List<TlaValue> args, Map<String, TlaValue> state) {
        OpDefNode op = operator(name);
        if (op == null || op.getArity() != args.size()) {
            return java.util.Optional.empty();
        }
        try {
            Context ctx = Context.Empty;
            FormalParamNode[] params = op.getParams();
            for (int i = 0; i < params.length; i++) {
                ctx = ctx.cons(params[i], TlcValues.toTlc(args.get(i)));
            }
            IValue v = tool.eval(op.getBody(), ctx, toState(state), TLCState.Empty, EvalControl.Clear);
            return java.util.Optional.of(TlcValues.fromTlc((Value) v));
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public List<String> violatedInvariants(Map<String, TlaValue> state) {
        List<String> violated = new ArrayList<>();
        TLCState s;
        try {
            s = toState(state);
        } catch (RuntimeException e) {
            return List.of("(state not convertible: " + oneLine(e) + ")");
        }
        for (int i = 0; i < invariants.length; i++) {
            try {
                if (!conjuncts[i].hold(s)) {
                    violated.add(invariantNames[i]);
                }
            } catch (RuntimeException e) {
                violated.add(invariantNames[i] + " (evaluation failed: " + oneLine(e) + ")");
            }
        }
        return violated;
    }

    @Override
    public List<String> temporalPropertyNames() {
        // TLC's own split of PROPERTIES: what it would hand to its liveness checker.
        return List.of(tool.getImpliedTemporalNames());
    }

    @Override
    public List<String> invariantNames() {
        return List.of(invariantNames);
    }

    @Override
    public List<String> actionsAllowing(List<String> actionNames, List<TlaValue> candidates,
                                        Map<String, TlaValue> before, Map<String, TlaValue> after) {
        List<String> allowing = new ArrayList<>();
        for (String name : actionNames) {
            for (List<TlaValue> args : argumentsAllowing(name, candidates, before, after)) {
                allowing.add(args.isEmpty() ? name : name + args.stream().map(TlaValue::toString)
                        .collect(java.util.stream.Collectors.joining(", ", "(", ")")));
            }
        }
        return allowing;
    }

    @Override
    public List<List<TlaValue>> argumentsAllowing(String action, List<TlaValue> candidates,
                                                  Map<String, TlaValue> before, Map<String, TlaValue> after) {
        OpDefNode op = operator(action);
        if (op == null || Math.pow(candidates.size(), op.getArity()) > MAX_TRIES) {
            return List.of(); // too many combinations to try (Eclone's Clone has seven parameters)
        }
        List<List<TlaValue>> allowing = new ArrayList<>();
        for (List<TlaValue> args : tuples(candidates, op.getArity())) {
            if (action(action, args, before, after).holds()) {
                allowing.add(args);
            }
        }
        return allowing;
    }

    @Override
    public List<String> disjunctActions(String next) {
        OpDefNode op = operator(next);
        Set<String> out = new LinkedHashSet<>();
        if (op != null) {
            Set<String> seen = new HashSet<>(Set.of(next));
            disjuncts(op.getBody(), out, seen);
        }
        return List.copyOf(out);
    }

    /** The operators through which a disjunct of Next is reached, by SANY's names for them. */
    private static final Set<String> CONNECTIVES = Set.of("$DisjList", "\\lor", "$ConjList", "\\land",
            "$BoundedExists", "$UnboundedExists", "$IfThenElse", "$Case", "$CasePair", "$CaseOther");

    private void disjuncts(SemanticNode node, Set<String> out, Set<String> seen) {
        if (node instanceof LetInNode let) {
            disjuncts(let.getBody(), out, seen);
        } else if (node instanceof OpApplNode appl) {
            SymbolNode sym = appl.getOperator();
            String name = sym.getName().toString();
            if (sym instanceof OpDefNode def && def.getKind() == ASTConstants.UserDefinedOpKind) {
                if (def.getLevel() < LevelConstants.ActionLevel) {
                    return;
                }
                if (!name.endsWith("Next")) {
                    out.add(name);
                } else if (seen.add(name)) {
                    disjuncts(def.getBody(), out, seen);
                }
            } else if (CONNECTIVES.contains(name)) {
                for (SemanticNode arg : appl.getArgs()) {
                    disjuncts(arg, out, seen);
                }
            }
        }
    }

    private static List<List<TlaValue>> tuples(List<TlaValue> pool, int arity) {
        List<List<TlaValue>> out = new ArrayList<>();
        out.add(List.of());
        for (int i = 0; i < arity; i++) {
            List<List<TlaValue>> longer = new ArrayList<>();
            for (List<TlaValue> prefix : out) {
                for (TlaValue v : pool) {
                    List<TlaValue> t = new ArrayList<>(prefix);
                    t.add(v);
                    longer.add(t);
                }
            }
            out = longer;
        }
        return out;
    }

    @Override
    public void close() {
        try {
            loader.close();
        } catch (Exception e) {
            // the loader only holds open jar files; nothing else to release
        }
    }

    private OpDefNode operator(String name) {
        return operators.computeIfAbsent(name, n -> tool.getRootModule().getOpDef(n));
    }

    private TLCState toState(Map<String, TlaValue> state) {
        if (state == lastState) {
            return lastTlcState;
        }
        TLCState s = bind(state);
        lastState = state;
        lastTlcState = s;
        return s;
    }

    private TLCState bind(Map<String, TlaValue> state) {
        TLCState s = TLCState.Empty.createEmpty();
        for (int i = 0; i < variables.length; i++) {
            TlaValue v = state.get(variableNames[i].toString());
            if (v == null) {
                throw new IllegalArgumentException("the abstract state has no variable " + variableNames[i]);
            }
            if (v != lastValues[i] && !v.equals(lastValues[i])) {
                lastTlcValues[i] = TlcValues.toTlc(v, lastValues[i], lastTlcValues[i]);
                lastValues[i] = v;
            }
            s = s.bind(variableNames[i], lastTlcValues[i]);
        }
        return s;
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.strip().replaceAll("\\s+", " ");
    }
}
