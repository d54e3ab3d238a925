package io.qrfleet.common.broker;

import io.qrfleet.contract.Topology;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Queue arguments. Changing one after the queues exist makes the broker refuse the declaration
 * (PRECONDITION_FAILED): delete the queue or use a policy instead.
 *
 * @param deliveryLimit deliveries of one message before the broker dead-letters it
 * @param interactiveMaxLength ready messages the interactive queue holds before refusing publishes
 * @param bulkMaxLength the same for the bulk queue
 * @param resultsMaxLength the same for the workers' results (they wait and retry while it is full)
 * @param confirmTimeout how long a publish waits for the broker's confirm
 * @param prefix the first part of every exchange and queue name ({@link Topology}): one per
 *     application that shares a virtual host with another
 */
@Validated
@ConfigurationProperties("qr.broker")
public record BrokerProperties(
        @DefaultValue("5") @Min(1) int deliveryLimit,
        @DefaultValue("10000") @Min(1) int interactiveMaxLength,
        @DefaultValue("100000") @Min(1) int bulkMaxLength,
        @DefaultValue("200000") @Min(1) int resultsMaxLength,
        @DefaultValue("5s") Duration confirmTimeout,
        @DefaultValue("qr") String prefix) {

    public Topology topology() {
        return new Topology(prefix);
    }
}
