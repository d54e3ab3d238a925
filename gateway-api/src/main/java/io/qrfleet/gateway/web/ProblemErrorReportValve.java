package io.qrfleet.gateway.web;

import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Tomcat's own error page for requests it refuses before any servlet sees them (headers too large, a
 * malformed request line): problem+json instead of HTML. Everything that reaches a servlet is
 * answered by {@link ContainerErrorController} and {@link ProblemHandler}.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String detail = status == HttpStatus.BAD_REQUEST.value()
                ? "The request could not be read: its line or headers are malformed or too large."
                : title;
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE); // the body is ASCII
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                        + ",\"detail\":\"" + detail + "\"}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the answer is committed: nothing more to say
        }
    }
}
