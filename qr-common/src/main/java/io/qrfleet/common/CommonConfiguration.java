package io.qrfleet.common;

import io.qrfleet.common.broker.CallbackExecutorConfiguration;
import io.qrfleet.common.broker.TopologyConfiguration;
import io.qrfleet.common.storage.StorageConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Imported by each service: the shared store and broker topology. */
@Configuration(proxyBeanMethods = false)
@Import({StorageConfiguration.class, TopologyConfiguration.class, CallbackExecutorConfiguration.class})
public class CommonConfiguration {}
