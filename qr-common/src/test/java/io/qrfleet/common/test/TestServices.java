package io.qrfleet.common.test;

import io.qrfleet.contract.Topology;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.support.TestPropertySourceUtils;
import org.springframework.util.ClassUtils;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.rabbitmq.RabbitMQContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The real RabbitMQ, S3 server and PostgreSQL the integration tests talk to: from {@code
 * QR_TEST_RABBITMQ_URI}, {@code QR_TEST_S3_ENDPOINT} (+ {@code _ACCESS_KEY}, {@code _SECRET_KEY})
 * and {@code QR_TEST_POSTGRES_URL} (+ {@code _USER}, {@code _PASSWORD}) when set, otherwise
 * Testcontainers (images overridable, see {@link #RABBITMQ_IMAGE}). With {@code CI=true} and no variables the tests fail rather than skip.
 * A test's context is pointed at them by {@link Initializer}.
 */
public final class TestServices {

    /** The compose file's pins; {@code QR_TEST_RABBITMQ_IMAGE} and {@code QR_TEST_MINIO_IMAGE} override them. */
    static final String RABBITMQ_IMAGE = "rabbitmq:4.1-alpine";
    /** MinIO's own last release: Docker Hub's minio/minio no longer pulls (README, "Storage image"). */
    static final String MINIO_IMAGE = "quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z";
    /** The compose file's pin; {@code QR_TEST_POSTGRES_IMAGE} overrides it. */
    static final String POSTGRES_IMAGE = "postgres:17.6-alpine";
    /** MinIOContainer accepts only images declared compatible with this name; nothing pulls it. */
    private static final String MINIO_NAME_TESTCONTAINERS_CHECKS =
            "minio/minio"; // the Docker Hub image itself was deleted

    private static RabbitMQContainer rabbit;
    private static MinIOContainer minio;
    private static PostgreSQLContainer postgres;

    private TestServices() {}

    public static synchronized String rabbitUri() {
        String uri = System.getenv("QR_TEST_RABBITMQ_URI");
        if (uri != null && !uri.isBlank()) {
            return uri;
        }
        requireDockerOutsideCi("QR_TEST_RABBITMQ_URI");
        if (rabbit == null) {
            rabbit = new RabbitMQContainer(image("QR_TEST_RABBITMQ_IMAGE", RABBITMQ_IMAGE));
            rabbit.start();
        }
        return rabbit.getAmqpUrl();
    }

    public static String s3Endpoint() {
        return s3("ENDPOINT");
    }

    public static String s3AccessKey() {
        return s3("ACCESS_KEY");
    }

    public static String s3SecretKey() {
        return s3("SECRET_KEY");
    }

    private static synchronized String s3(String part) {
        String endpoint = System.getenv("QR_TEST_S3_ENDPOINT");
        if (endpoint != null && !endpoint.isBlank()) {
            return part.equals("ENDPOINT")
                    ? endpoint
                    : System.getenv().getOrDefault("QR_TEST_S3_" + part, "minioadmin");
        }
        requireDockerOutsideCi("QR_TEST_S3_ENDPOINT");
        if (minio == null) {
            minio = new MinIOContainer(DockerImageName.parse(image("QR_TEST_MINIO_IMAGE", MINIO_IMAGE))
                    .asCompatibleSubstituteFor(MINIO_NAME_TESTCONTAINERS_CHECKS));
            minio.start();
        }
        return switch (part) {
            case "ENDPOINT" -> minio.getS3URL();
            case "ACCESS_KEY" -> minio.getUserName();
            default -> minio.getPassword();
        };
    }

    /** URL, user and password of the database; each test context works in a schema of its own. */
    public static synchronized String[] postgres() {
        String url = System.getenv("QR_TEST_POSTGRES_URL");
        if (url != null && !url.isBlank()) {
            return new String[] {
                url,
                System.getenv().getOrDefault("QR_TEST_POSTGRES_USER", "postgres"),
                System.getenv().getOrDefault("QR_TEST_POSTGRES_PASSWORD", "")
            };
        }
        requireDockerOutsideCi("QR_TEST_POSTGRES_URL");
        if (postgres == null) {
            postgres = new PostgreSQLContainer(DockerImageName.parse(image("QR_TEST_POSTGRES_IMAGE", POSTGRES_IMAGE))
                    .asCompatibleSubstituteFor("postgres"));
            postgres.start();
        }
        return new String[] {postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword()};
    }

    private static String image(String variable, String pinned) {
        String image = System.getenv(variable);
        return image == null || image.isBlank() ? pinned : image;
    }

    private static void requireDockerOutsideCi(String variable) {
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(variable + " is not set: in CI the integration tests must run against "
                    + "the services .ci/run starts, never be skipped or fall back silently");
        }
    }

    /**
     * {@code @ContextConfiguration(initializers = TestServices.Initializer.class)} on a
     * {@code @SpringBootTest}: the services rank just below the test's own properties, so a test
     * can still point one of them elsewhere with a plain property. Every context gets a bucket, a
     * broker prefix (its own exchanges and queues) and (where there is a database driver, in the
     * gateway) a database schema of its own, so test classes that do not share a context never see
     * each other's objects, messages or rows.
     */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            String name = "qr_it_" + UUID.randomUUID().toString().substring(0, 8);
            Map<String, Object> services = new HashMap<>(Map.of(
                    "spring.rabbitmq.addresses", rabbitUri(),
                    "qr.storage.endpoint", s3Endpoint(),
                    "qr.storage.access-key", s3AccessKey(),
                    "qr.storage.secret-key", s3SecretKey(),
                    "qr.storage.bucket", name.replace('_', '-'),
                    "qr.broker.prefix", name));
            context.getBeanFactory().registerSingleton("qrTestBrokerCleanup", new BrokerCleanup(context, name));
            if (ClassUtils.isPresent("org.postgresql.Driver", context.getClassLoader())) {
                String[] database = postgres();
                services.put(
                        "spring.datasource.url",
                        database[0] + (database[0].contains("?") ? "&" : "?") + "currentSchema=" + name);
                services.put("spring.datasource.username", database[1]);
                services.put("spring.datasource.password", database[2]);
                services.put("spring.flyway.schemas", name);
                // a cached context keeps its pool open: small ones keep the cached contexts far
                // below PostgreSQL's 100 connections
                services.put("spring.datasource.hikari.maximum-pool-size", 4);
            }
            context.getEnvironment()
                    .getPropertySources()
                    .addAfter(
                            TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME,
                            new MapPropertySource("qrTestServices", services));
        }
    }

    /**
     * Deletes the context's exchanges and queues when it closes, after its listeners have stopped
     * (the last phase to stop), so a test virtual host does not fill up with them.
     */
    private static final class BrokerCleanup implements SmartLifecycle {

        private final ConfigurableApplicationContext context;
        private final Topology topology;
        private volatile boolean running;

        BrokerCleanup(ConfigurableApplicationContext context, String prefix) {
            this.context = context;
            this.topology = new Topology(prefix);
        }

        @Override
        public void start() {
            running = true;
        }

        @Override
        public void stop() {
            running = false;
            context.getBeanProvider(AmqpAdmin.class).ifAvailable(admin -> {
                try {
                    for (String queue : List.of(
                            topology.interactiveQueue(),
                            topology.bulkQueue(),
                            topology.resultsQueue(),
                            topology.deadLetterQueue())) {
                        admin.deleteQueue(queue);
                    }
                    for (String exchange :
                            List.of(topology.exchange(), topology.deadLetterExchange(), topology.eventsExchange())) {
                        admin.deleteExchange(exchange);
                    }
                } catch (AmqpException e) {
                    // the broker is gone (a test stopped it): nothing left to tidy up there
                }
            });
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            return Integer.MIN_VALUE;
        }
    }
}
