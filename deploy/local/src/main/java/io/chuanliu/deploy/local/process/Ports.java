package io.chuanliu.deploy.local.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Checks local ports, so the runner fails with a clear message instead of half-starting a stack. */
public final class Ports {

    private Ports() {}

    public static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port nothing holds right now, chosen by the operating system. */
    public static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public static void requireFree(int port, String what, String flag) {
        if (isListening(port)) {
            throw new IllegalStateException(
                    "port " + port + " (" + what + ") is in use: stop what holds it, or pick another with " + flag);
        }
    }
}
