package io.neoagent.bridge.routes;

/** The routes the bridge was given cannot run it; the message says which file and what to do. */
public final class RoutesException extends RuntimeException {

    public RoutesException(String message) {
        super(message);
    }
}
