package io.qrfleet.gateway.job;

import io.qrfleet.contract.InvalidRequestException;
import io.qrfleet.contract.JobRequest;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.Violation;
import io.qrfleet.gateway.web.BadRequestException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.util.MultiValueMap;

/**
 * The query of a code by URL, read strictly: an unknown or repeated parameter, or a number that
 * is not one, is a 400 naming it; values out of range are left to the job's own checks (422),
 * reported under the parameter's name.
 */
public final class QueryParameters {

    /** A whole number in ASCII digits: Java's own parsers also take other scripts' digits. */
    static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?[0-9]{1,100}");

    private final MultiValueMap<String, String> query;

    public QueryParameters(MultiValueMap<String, String> query, Set<String> known) {
        this.query = query;
        List<Violation> violations = new ArrayList<>();
        query.forEach((name, values) -> {
            if (!known.contains(name)) {
                violations.add(new Violation(name, "is not a known parameter"));
            } else if (values.size() > 1) {
                violations.add(new Violation(name, "is given more than once"));
            }
        });
        if (!violations.isEmpty()) {
            throw new BadRequestException(violations);
        }
    }

    /** Null when absent. */
    public String text(String name) {
        return query.getFirst(name);
    }

    /** Null when absent; a whole number beyond {@code int} becomes the nearest {@code int}, out of range. */
    Integer integer(String name) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        if (!WHOLE_NUMBER.matcher(value).matches()) {
            throw new BadRequestException(List.of(new Violation(name, "must be a whole number")));
        }
        BigInteger number = new BigInteger(value);
        return number.max(BigInteger.valueOf(Integer.MIN_VALUE))
                .min(BigInteger.valueOf(Integer.MAX_VALUE))
                .intValue();
    }

    /**
     * Applies the job's checks; their violations name the query parameter ({@code parameterOf}:
     * job field to parameter) and come after {@code earlier}, the caller's own.
     */
    static RenderRequest render(JobRequest request, Map<String, String> parameterOf, List<Violation> earlier) {
        List<Violation> checks;
        RenderRequest rendered = null;
        try {
            rendered = request.toRenderRequest();
            checks = List.of();
        } catch (InvalidRequestException e) {
            checks = e.violations().stream()
                    .map(v -> new Violation(parameterOf.getOrDefault(v.field(), v.field()), v.message()))
                    .toList();
        }
        List<Violation> all = Stream.concat(earlier.stream(), checks.stream()).toList();
        if (!all.isEmpty()) {
            throw new InvalidRequestException(all);
        }
        return rendered;
    }
}
