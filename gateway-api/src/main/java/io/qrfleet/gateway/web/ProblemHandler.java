package io.qrfleet.gateway.web;

import io.qrfleet.contract.InvalidRequestException;
import io.qrfleet.contract.Violation;
import io.qrfleet.contract.batch.RowViolation;
import io.qrfleet.gateway.GatewayProperties;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Every error leaves as RFC 9457 problem+json. Field problems carry an {@code errors} array of
 * {@code {field, message}} and name the fields in {@code detail} too.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final int DETAIL_ROWS = 10;

    private final GatewayProperties properties;

    ProblemHandler(GatewayProperties properties) {
        this.properties = properties;
    }

    @ExceptionHandler
    ProblemDetail invalid(InvalidRequestException e) {
        return fieldProblem(HttpStatus.UNPROCESSABLE_CONTENT, e.violations());
    }

    /** Every bad row is listed (the client fixes them all at once); the detail names the first few. */
    @ExceptionHandler
    ProblemDetail invalidBatch(InvalidBatchException e) {
        List<RowViolation> violations = e.violations();
        long rows = violations.stream().map(RowViolation::row).distinct().count();
        String detail = violations.stream()
                .limit(DETAIL_ROWS)
                .map(v -> "row " + v.row() + " " + v.field() + " " + v.message())
                .collect(Collectors.joining(
                        "; ", rows + " invalid row(s): ", violations.size() > DETAIL_ROWS ? "; …" : ""));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, detail);
        problem.setProperty("errors", violations);
        return problem;
    }

    @ExceptionHandler
    ProblemDetail badRequest(BadRequestException e) {
        return fieldProblem(HttpStatus.BAD_REQUEST, e.violations());
    }

    /**
     * Tomcat parses the query string when a parameter is first read, so this surfaces here; its
     * message (which may quote the query) is not passed on, only what kind of fault it names.
     */
    @ExceptionHandler
    ProblemDetail unreadableQuery(InvalidParameterException e) {
        String message = String.valueOf(e.getMessage());
        String detail = message.startsWith("Invalid chunk")
                ? "The query could not be read: a parameter has no name."
                : message.startsWith("More than the maximum")
                        ? "The query could not be read: it has too many parameters."
                        : ContainerErrorController.UNREADABLE;
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unavailable(ServiceUnavailableException e) {
        return unavailable(e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> retryLater(RetryLaterException e) {
        return retryLater(
                e.status(),
                e.getMessage(),
                e.retryAfterSeconds() > 0 ? e.retryAfterSeconds() : properties.retryAfterSeconds());
    }

    /**
     * The database is down, restarting or out of connections: nothing was written. A transaction
     * that cannot begin (batches, codes by URL) says so in a type of its own.
     */
    @ExceptionHandler({
        DataAccessResourceFailureException.class,
        TransientDataAccessException.class,
        RecoverableDataAccessException.class,
        CannotCreateTransactionException.class
    })
    ResponseEntity<ProblemDetail> databaseUnavailable() {
        return unavailable("The job database is unavailable.");
    }

    private ResponseEntity<ProblemDetail> unavailable(String reason) {
        return retryLater(HttpStatus.SERVICE_UNAVAILABLE, reason + " Nothing was queued; try again shortly.");
    }

    private ResponseEntity<ProblemDetail> retryLater(HttpStatus status, String detail) {
        return retryLater(status, detail, properties.retryAfterSeconds());
    }

    private static ResponseEntity<ProblemDetail> retryLater(HttpStatus status, String detail, long seconds) {
        return ResponseEntity.status(status)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .body(ProblemDetail.forStatusAndDetail(status, detail));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Throwable root = NestedExceptionUtils.getMostSpecificCause(e);
        if (root instanceof BodyTooLargeException tooLarge) {
            ProblemDetail problem =
                    ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage());
            return handleExceptionInternal(e, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
        }
        String detail = root instanceof JacksonException json
                ? "The body is not valid JSON: " + json.getOriginalMessage() + location(json)
                : "The body could not be read: it must be a JSON object in UTF-8.";
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    private static String location(JacksonException e) {
        return e.getLocation() == null
                ? ""
                : " (line %d, column %d)"
                        .formatted(e.getLocation().getLineNr(), e.getLocation().getColumnNr());
    }

    private static ProblemDetail fieldProblem(HttpStatus status, List<Violation> violations) {
        String detail =
                violations.stream().map(v -> v.field() + " " + v.message()).collect(Collectors.joining("; "));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty("errors", violations);
        return problem;
    }
}
