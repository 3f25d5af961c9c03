package org.croracle.oracle.tlc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.rmi.server.RMISocketFactory;
import java.util.Arrays;

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
 * <p>Usage: {@code LoopbackRmiMain server|worker TLC-ARGUMENTS...}
 */
public final class LoopbackRmiMain {

    static final String SERVER = "server";
    static final String WORKER = "worker";

    private LoopbackRmiMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0 || !(args[0].equals(SERVER) || args[0].equals(WORKER))) {
            System.err.println("usage: LoopbackRmiMain server|worker TLC-ARGUMENTS...");
            System.exit(2);
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
