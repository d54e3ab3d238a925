package io.qrfleet.contract;

/**
 * The body of {@code POST /api/v1/jobs} as the client sent it: every field optional but
 * {@code content}. Types are checked by the JSON reader, values by {@link #toRenderRequest()}.
 */
public record JobRequest(
        String content,
        String format,
        Integer size,
        Integer margin,
        String errorCorrection,
        String foreground,
        String background) {

    /** Applies defaults and every limit; throws {@link InvalidRequestException} naming each bad field. */
    public RenderRequest toRenderRequest() {
        return RequestValidator.validate(this);
    }
}
