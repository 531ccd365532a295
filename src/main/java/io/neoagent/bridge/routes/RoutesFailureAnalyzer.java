package io.neoagent.bridge.routes;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a routes problem into Spring Boot's short "APPLICATION FAILED TO START" report, one line saying what and
 * where, with no stack trace.
 */
class RoutesFailureAnalyzer extends AbstractFailureAnalyzer<RoutesException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RoutesException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Fix the routes folder, or start from the built-in routes: java -jar neoagent-lead-bridge.jar "
                        + RoutesExport.COMMAND + " <folder> writes them out.",
                null);
    }
}
