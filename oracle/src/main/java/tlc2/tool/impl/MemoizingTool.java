package tlc2.tool.impl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import tla2sany.semantic.ExprOrOpArgNode;
import tla2sany.semantic.FormalParamNode;
import tla2sany.semantic.FrontEnd;
import tla2sany.semantic.OpApplNode;
import tla2sany.semantic.OpDefNode;
import tla2sany.semantic.SemanticNode;
import tlc2.tool.Action;
import tlc2.tool.EvalControl;
import tlc2.tool.IActionItemList;
import tlc2.tool.INextStateFunctor;
import tlc2.tool.TLCState;
import tlc2.tool.coverage.CostModel;
import tlc2.util.Context;
import tlc2.util.FP64;
import tlc2.value.IValue;
import tlc2.value.impl.BoolValue;
import tlc2.value.impl.IntValue;
import tlc2.value.impl.ModelValue;
import tlc2.value.impl.StringValue;
import tlc2.value.impl.Value;
import util.FilenameToStream;
import util.UniqueString;

/**
 * TLC's evaluator (what {@link FastTool} is) that remembers the values of chosen state functions:
 * top-level operators of the spec whose value depends only on their arguments and on a known set
 * of variables (the step oracle's caller decides which, see
 * {@code org.croracle.oracle.tlc.internal.StateFunctions}). An application of one of them with
 * arguments and variable values seen before returns the value computed then. Within one action,
 * SharedObjects' dump asks whether each object leaks once per record it writes, and across the
 * steps of one checkpoint the world those questions read does not change; TLC computes each
 * answer anew every time.
 *
 * <p>It lives in TLC's package because the operations a tool must implement name a class of that
 * package that is not public. One instance per loaded spec, single-threaded like TLC's evaluator.
 */
public final class MemoizingTool extends Tool {

    /** Variable valuations remembered per operator: the before and after state of a step, and a little more. */
    private static final int FRAMES = 4;
    /**
     * Argument tuples remembered per valuation: an operator that reads no variable keeps one
     * valuation for good, and what it saw long ago is not worth the memory.
     */
    private static final int ARGUMENTS = 4096;

    /**
     * The slot of a semantic node that holds its {@link Memo}: every operator application asks
     * whether its operator is remembered, and a slot in the node answers with an array read where
     * a map keyed by the node would hash it (a tenth of the oracle's time). SANY hands out slot
     * numbers to the tools that share its semantic graph; this is one of them.
     */
    private static final int MEMO_SLOT = FrontEnd.getToolId();

    /** Whether any operator is remembered (TLC's constructor evaluates constants before it is set). */
    private boolean memoizing;

    public MemoizingTool(String specDir, String rootModule, String config, FilenameToStream resolver) {
        super(specDir, rootModule, config, resolver);
    }

    /**
     * Remember the applications of {@code def}, whose value depends on its arguments and on the
     * variables {@code reads} only.
     */
    public void memoize(OpDefNode def, List<UniqueString> reads) {
        // The operator may be overridden (a definition put in the configuration, or a Java
        // implementation): only the spec's own definition is remembered. Overrides are installed
        // while the spec is processed, before this is called, and a top-level definition is never
        // bound in an evaluation's context (contexts bind formal parameters), so asking once is
        // enough.
        if (lookup(def, Context.Empty, false, toolId) != def) {
            return;
        }
        def.setToolObject(MEMO_SLOT, new Memo(def, reads.toArray(UniqueString[]::new)));
        memoizing = true;
    }

    @Override
    protected Value evalAppl(OpApplNode expr, Context c, TLCState s0, TLCState s1, int control, CostModel cm) {
        // A memo of another tool's (two tools parsing one graph never happens here, but a slot is shared).
        Memo memo = memoizing && expr.getOperator().getToolObject(MEMO_SLOT) instanceof Memo m && m.owner() == this
                ? m : null;
        // Inside ENABLED or while Init is being enumerated the states are incomplete.
        if (memo == null || s0 == null || (control != EvalControl.Clear && control != EvalControl.KeepLazy)) {
            return evalApplImpl(expr, c, s0, s1, control, cm);
        }
        return memo.apply(expr, c, s0, s1, control, cm);
    }

    /** The remembered values of one operator. */
    private final class Memo {
        final OpDefNode def;
        final FormalParamNode[] params;
        final UniqueString[] reads;
        /** Most recently used first. */
        final List<Frame> frames = new ArrayList<>(FRAMES);

        Memo(OpDefNode def, UniqueString[] reads) {
            this.def = def;
            this.params = def.getParams();
            this.reads = reads;
        }

        MemoizingTool owner() {
            return MemoizingTool.this;
        }

        Value apply(OpApplNode expr, Context c, TLCState s0, TLCState s1, int control, CostModel cm) {
            Frame frame = frame(s0);
            if (frame == null) {
                return evalApplImpl(expr, c, s0, s1, control, cm);
            }
            ExprOrOpArgNode[] args = expr.getArgs();
            if (params.length == 0) {
                if (frame.single == null) {
                    frame.single = eval(def.getBody(), c, s0, s1, control, cm);
                }
                return frame.single;
            }
            Value[] values = new Value[args.length];
            Context c1 = c;
            boolean scalar = true;
            for (int i = 0; i < args.length; i++) {
                values[i] = eval(args[i], c, s0, s1, control, cm);
                c1 = c1.cons(params[i], values[i]);
                scalar &= values[i] instanceof IntValue || values[i] instanceof StringValue
                        || values[i] instanceof ModelValue || values[i] instanceof BoolValue;
            }
            // A structured argument (a record, a sequence being folded over) costs as much to hash
            // by content as the body does to evaluate. By identity it costs nothing: a function's
            // entry that a step left unchanged keeps its TLC object (the step oracle reuses it), so
            // an operator applied to each task's record is evaluated again only for the records
            // that changed.
            Object key = scalar ? new Arguments(values) : new IdentityArguments(values);
            Map<Object, Value> known = scalar ? frame.byArguments : frame.byIdentity;
            Value value = known.get(key);
            if (value == null) {
                value = eval(def.getBody(), c1, s0, s1, control, cm);
                if (known.size() == ARGUMENTS) {
                    known.clear();
                }
                known.put(key, value);
            }
            return value;
        }

        /** The frame for the variable values of s0 (a new one if none matches); null if s0 lacks one. */
        private Frame frame(TLCState s0) {
            IValue[] now = new IValue[reads.length];
            for (int i = 0; i < reads.length; i++) {
                now[i] = s0.lookup(reads[i]);
                if (now[i] == null) {
                    return null;
                }
            }
            // By identity: a variable a step left unchanged keeps its TLC object (the step oracle
            // converts an unchanged value once), and a changed one is rarely equal to an older one,
            // which comparing by value would spend the whole comparison to find out.
            for (int f = 0; f < frames.size(); f++) {
                Frame frame = frames.get(f);
                if (frame.same(now)) {
                    if (f > 0) {
                        frames.remove(f);
                        frames.add(0, frame);
                    }
                    return frame;
                }
            }
            if (frames.size() == FRAMES) {
                frames.remove(FRAMES - 1);
            }
            Frame frame = new Frame(now);
            frames.add(0, frame);
            return frame;
        }
    }

    /** What one operator evaluated to under one valuation of the variables it reads. */
    private static final class Frame {
        final IValue[] vars;
        Value single;
        /** By scalar argument values ({@link Arguments}). */
        final Map<Object, Value> byArguments = new HashMap<>();
        /** By structured argument objects ({@link IdentityArguments}). */
        final Map<Object, Value> byIdentity = new HashMap<>();

        Frame(IValue[] vars) {
            this.vars = vars;
        }

        boolean same(IValue[] now) {
            for (int i = 0; i < vars.length; i++) {
                if (vars[i] != now[i]) {
                    return false;
                }
            }
            return true;
        }

    }

    /** Argument values as a hash key by identity: the same objects, not equal ones. */
    private static final class IdentityArguments {
        final Value[] values;
        final int hash;

        IdentityArguments(Value[] values) {
            this.values = values;
            int h = 1;
            for (Value v : values) {
                h = 31 * h + System.identityHashCode(v);
            }
            this.hash = h;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof IdentityArguments a) || a.values.length != values.length) {
                return false;
            }
            for (int i = 0; i < values.length; i++) {
                if (a.values[i] != values[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Scalar argument values as a hash key: hashed by TLC's 64-bit fingerprint. */
    private static final class Arguments {
        final Value[] values;
        final int hash;

        Arguments(Value[] values) {
            this.values = values;
            long fp = FP64.New();
            for (Value v : values) {
                fp = v.fingerPrint(fp);
            }
            this.hash = Long.hashCode(fp * 0x9E3779B97F4A7C15L);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Arguments a && Arrays.equals(values, a.values);
        }
    }

    // What FastTool does: TLC's own implementations.

    @Override
    protected TLCState getNextStates(Action action, SemanticNode pred, ActionItemList acts, Context c, TLCState s0,
                                     TLCState s1, INextStateFunctor nss, CostModel cm) {
        return getNextStatesImpl(action, pred, acts, c, s0, s1, nss, cm);
    }

    @Override
    protected TLCState getNextStatesAppl(Action action, OpApplNode pred, ActionItemList acts, Context c, TLCState s0,
                                         TLCState s1, INextStateFunctor nss, CostModel cm) {
        return getNextStatesApplImpl(action, pred, acts, c, s0, s1, nss, cm);
    }

    @Override
    protected TLCState processUnchanged(Action action, SemanticNode expr, ActionItemList acts, Context c, TLCState s0,
                                        TLCState s1, INextStateFunctor nss, CostModel cm) {
        return processUnchangedImpl(action, expr, acts, c, s0, s1, nss, cm);
    }

    @Override
    public Value eval(SemanticNode expr, Context c, TLCState s0, TLCState s1, int control, CostModel cm) {
        return evalImpl(expr, c, s0, s1, control, cm);
    }

    @Override
    protected Value setSource(SemanticNode expr, Value value) {
        return value;
    }

    @Override
    public TLCState enabled(SemanticNode pred, IActionItemList acts, Context c, TLCState s0, TLCState s1, CostModel cm) {
        return enabledImpl(pred, (ActionItemList) acts, c, s0, s1, cm);
    }

    @Override
    protected TLCState enabledAppl(OpApplNode pred, ActionItemList acts, Context c, TLCState s0, TLCState s1,
                                   CostModel cm) {
        return enabledApplImpl(pred, acts, c, s0, s1, cm);
    }

    @Override
    protected TLCState enabledUnchanged(SemanticNode expr, ActionItemList acts, Context c, TLCState s0, TLCState s1,
                                        CostModel cm) {
        return enabledUnchangedImpl(expr, acts, c, s0, s1, cm);
    }
}
