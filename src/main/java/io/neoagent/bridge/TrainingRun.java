package io.neoagent.bridge;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * The build's training run (see pom.xml, {@code train-class-data-sharing}): with
 * {@code neoagent.training-run=true} the bridge starts once, completely, and exits as soon as it is ready, so
 * that the JVM can write an archive of every class a start loads. Starting from that archive is what brings
 * the packaged bridge's start-up under the target (bench/README.md).
 */
@Component
class TrainingRun implements ApplicationListener<ApplicationReadyEvent> {

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (event.getApplicationContext().getEnvironment().getProperty("neoagent.training-run", Boolean.class, false)) {
            System.exit(SpringApplication.exit(event.getApplicationContext()));
        }
    }
}
