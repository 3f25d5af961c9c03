package org.croracle.oracle.tlc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.rmi.server.RMISocketFactory;
import java.util.Arrays;
import java.util.Optional;

import tlc2.tool.distributed.TLCServer;
import tlc2.tool.distributed.TLCWorker;

/**
 * The main class of a loopback run's server and worker JVMs: TLC's own main, with every RMI
 * socket this JVM listens on bound to the loopback interface.
 *
 * <p>Why: {@code java.rmi.server.hostname=127.0.0.1} only changes the address RMI writes into
 * its references; TLC's registry and its exported objects still listen on every interface
 * (measured: {@code *:PORT}), and TLC's RMI has no authentication. A run meant to stay on this
 * machine should not accept a "worker" from the network. Runs with workers on other machines use
 * TLC's main classes directly.
 *
 * <p>It also ends this JVM when the JVM that started it is gone, even killed with SIGKILL (which
 * leaves it no chance to clean up): an orphaned server would otherwise run the model to its end,
 * or wait for workers forever.
 *
 * <p>Usage: {@code LoopbackRmiMain server|worker TLC-ARGUMENTS...}
 */
public final class LoopbackRmiMain {

    static final String SERVER = "server";
    static final String WORKER = "worker";
    /** The process id of the JVM that starts this one (default: this JVM's parent). */
    static final String STARTER_PID_PROPERTY = "cr.starterPid";
    /** The exit code of a JVM that stopped because its starter was gone. */
    static final int ORPHANED = 3;

    private LoopbackRmiMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0 || !(args[0].equals(SERVER) || args[0].equals(WORKER))) {
            System.err.println("usage: LoopbackRmiMain server|worker TLC-ARGUMENTS...");
            System.exit(2);
        }
        // The starter names itself: if it died before this line ran, our parent is already someone else.
        Long starter = Long.getLong(STARTER_PID_PROPERTY);
        Optional<ProcessHandle> parent = starter != null ? ProcessHandle.of(starter) : ProcessHandle.current().parent();
        if (parent.isPresent()) {
            parent.get().onExit().thenRun(LoopbackRmiMain::orphaned);
        } else {
            orphaned();
        }
        // Set before TLC creates its registry or exports anything: RMI then uses it for both.
        RMISocketFactory.setSocketFactory(new LoopbackSockets());
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (args[0].equals(SERVER)) {
            TLCServer.main(rest);
        } else {
            TLCWorker.main(rest);
        }
    }

    private static void orphaned() {
        System.err.println("LoopbackRmiMain: the JVM that started this one is gone; stopping");
        Runtime.getRuntime().halt(ORPHANED);
    }

    /** Listens on loopback only; connects wherever RMI says (loopback, in a loopback run). */
    private static final class LoopbackSockets extends RMISocketFactory {
        private static final int BACKLOG = 50; // java.net.ServerSocket's default

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return new Socket(host, port);
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return new ServerSocket(port, BACKLOG, InetAddress.getLoopbackAddress());
        }
    }
}
