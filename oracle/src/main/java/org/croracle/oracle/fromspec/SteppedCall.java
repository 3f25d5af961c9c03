package org.croracle.oracle.fromspec;

import java.util.concurrent.Semaphore;

import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Step;
import org.croracle.impl.kernel.StepListener;
import org.croracle.impl.syscall.Kernel;

/**
 * One system call that makes many kernel steps (checkpoint(), restart()), run on a thread of its
 * own that stops after each step {@code stops} selects, until the driver asks for the next one: so
 * that each spec step of a replayed behaviour is one kernel step, checked as it happens (the
 * refinement checker, attached before, has checked the step when the call stops after it). Only
 * one of the two threads runs at a time.
 */
public final class SteppedCall {

    private final Kernel kernel;
    private final StopAt stops;
    private final Semaphore toKernel = new Semaphore(0);
    private final Semaphore toDriver = new Semaphore(0);
    private volatile boolean finished;
    private volatile boolean abandoned;
    private volatile Throwable failure;
    private Thread thread;

    /** Which steps of the call it stops after. */
    @FunctionalInterface
    public interface StopAt {
        boolean after(KernelState before, Step step, KernelState after);
    }

    /** Thrown into the call's thread to end a call whose behaviour the generator left. */
    private static final class Abandoned extends RuntimeException {
        Abandoned() {
            super(null, null, false, false);
        }
    }

    public SteppedCall(Kernel kernel, StopAt stops) {
        this.kernel = kernel;
        this.stops = stops;
    }

    /**
     * Starts the call and waits until it stops after its first selected step (or returns). Its
     * listener is added now: after the refinement checker's, if that is attached already.
     */
    public void start(Runnable call, String name) {
        StepListener stop = this::maybeStop;
        kernel.addStepListener(stop);
        thread = new Thread(() -> {
            try {
                call.run();
            } catch (Abandoned e) {
                // the generator left this behaviour
            } catch (Throwable e) {
                failure = e;
            } finally {
                finished = true;
                toDriver.release();
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        toDriver.acquireUninterruptibly();
    }

    private void maybeStop(KernelState before, Step step, KernelState after) {
        if (Thread.currentThread() == thread && stops.after(before, step, after)) {
            toDriver.release();
            toKernel.acquireUninterruptibly();
            if (abandoned) {
                throw new Abandoned();
            }
        }
    }

    /** The call has returned. */
    public boolean finished() {
        return finished;
    }

    /** Lets the call go on to its next selected step (or its return); null, or what went wrong. */
    public String next() {
        if (finished) {
            return "the call had already returned";
        }
        toKernel.release();
        toDriver.acquireUninterruptibly();
        return failure == null ? null : "the call failed: " + failure;
    }

    /** Lets the call run to its return; null, or what went wrong. */
    public String finish() {
        while (!finished) {
            String wrong = next();
            if (wrong != null) {
                return wrong;
            }
        }
        return failure == null ? null : "the call failed: " + failure;
    }

    /** Ends a call the generator left where it stopped. */
    public void abandon() {
        if (thread != null && !finished) {
            abandoned = true;
            toKernel.release();
            toDriver.acquireUninterruptibly();
        }
    }
}
