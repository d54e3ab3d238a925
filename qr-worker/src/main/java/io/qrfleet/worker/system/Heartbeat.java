package io.qrfleet.worker.system;

import io.qrfleet.worker.WorkerProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.MessageListenerContainer;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The worker has no HTTP server; its container health check reads the age of this file, which is
 * touched only while every consumer is running and no delivery has been held for longer than
 * {@code qr.worker.stuck-after}: a worker that sits on messages turns unhealthy.
 */
@Component
class Heartbeat {

    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final RabbitListenerEndpointRegistry listeners;
    private final WorkerProperties properties;
    private final Progress progress;
    private final Clock clock;

    Heartbeat(RabbitListenerEndpointRegistry listeners, WorkerProperties properties, Progress progress, Clock clock) {
        this.listeners = listeners;
        this.properties = properties;
        this.progress = progress;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = 10_000)
    void beat() {
        boolean running = !listeners.getListenerContainers().isEmpty()
                && listeners.getListenerContainers().stream().allMatch(MessageListenerContainer::isRunning);
        if (!running || stuck()) {
            return;
        }
        try {
            if (Files.notExists(properties.heartbeatFile())) {
                Files.createFile(properties.heartbeatFile());
            }
            Files.setLastModifiedTime(properties.heartbeatFile(), FileTime.from(clock.instant()));
        } catch (IOException e) {
            log.warn("Cannot touch heartbeat file {}: {}", properties.heartbeatFile(), e.getMessage());
        }
    }

    private boolean stuck() {
        return progress.oldestStart()
                .filter(start -> {
                    Duration held = Duration.between(start, clock.instant());
                    if (held.compareTo(properties.stuckAfter()) <= 0) {
                        return false;
                    }
                    log.warn("A delivery has been held for {}; no heartbeat until it is settled", held);
                    return true;
                })
                .isPresent();
    }
}
