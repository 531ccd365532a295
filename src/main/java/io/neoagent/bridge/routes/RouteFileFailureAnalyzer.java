package io.neoagent.bridge.routes;

import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A route file that is valid YAML but not a valid route (an unknown step, a misspelt option): Camel's own message
 * names the file, the line and the column; this prints it as Spring Boot's short failure report instead of a stack
 * trace.
 */
class RouteFileFailureAnalyzer extends AbstractFailureAnalyzer<MarkedYamlEngineException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MarkedYamlEngineException cause) {
        return new FailureAnalysis(
                "A route does not load: " + cause.getMessage().strip(),
                "Fix the route file, or start from the built-in routes: java -jar neoagent-lead-bridge.jar "
                        + RoutesExport.COMMAND + " <folder> writes them out.",
                null);
    }
}
