package io.qrfleet.worker.system;

import io.qrfleet.worker.WorkerProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.listener.MessageListenerContainer;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The worker has no HTTP server; its container health check reads the age of this file, which is
 * touched only while every consumer is running.
 */
@Component
class Heartbeat {

    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final RabbitListenerEndpointRegistry listeners;
    private final WorkerProperties properties;

    Heartbeat(RabbitListenerEndpointRegistry listeners, WorkerProperties properties) {
        this.listeners = listeners;
        this.properties = properties;
    }

    @Scheduled(fixedDelay = 10_000)
    void beat() {
        boolean running = !listeners.getListenerContainers().isEmpty()
                && listeners.getListenerContainers().stream().allMatch(MessageListenerContainer::isRunning);
        if (!running) {
            return;
        }
        try {
            if (Files.notExists(properties.heartbeatFile())) {
                Files.createFile(properties.heartbeatFile());
            }
            Files.setLastModifiedTime(properties.heartbeatFile(), FileTime.from(Instant.now()));
        } catch (IOException e) {
            log.warn("Cannot touch heartbeat file {}: {}", properties.heartbeatFile(), e.getMessage());
        }
    }
}
