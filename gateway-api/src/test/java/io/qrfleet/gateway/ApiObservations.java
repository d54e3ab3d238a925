package io.qrfleet.gateway;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.AccessLog;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Every answer the gateway gives in the integration tests, as method, path, status and media type,
 * appended to {@code target/api-observed.tsv} when the exchange completes (streamed bodies too):
 * {@link ApiDrift} holds them against the API description after the tests.
 */
@Component
class ApiObservations implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    static final Path FILE = Path.of("target", "api-observed.tsv");
    /** The file holds this test run's answers only: emptied when the first server of the run starts. */
    private static final AtomicBoolean FRESH = new AtomicBoolean();

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        if (FRESH.compareAndSet(false, true)) {
            try {
                Files.deleteIfExists(FILE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        factory.addEngineValves(new Recorder());
    }

    private static final class Recorder extends ValveBase implements AccessLog {

        Recorder() {
            super(true);
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            getNext().invoke(request, response);
        }

        @Override
        public void log(Request request, Response response, long time) {
            String type = response.getContentType();
            String line = String.join(
                            "\t",
                            request.getMethod(),
                            request.getRequestURI(),
                            Integer.toString(response.getStatus()),
                            type == null ? "" : type.split(";")[0].strip())
                    + "\n";
            synchronized (Recorder.class) {
                try {
                    Files.writeString(FILE, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        @Override
        public void setRequestAttributesEnabled(boolean enabled) {}

        @Override
        public boolean getRequestAttributesEnabled() {
            return false;
        }
    }
}
