package io.qrfleet.gateway.job;

import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.responses.ApiResponses;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The answers of a code by URL, for the API description; both endpoints give the same. */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ApiResponses({
        @ApiResponse(responseCode = "200", description = "The image",
                headers = {@Header(name = "ETag", description = "The content key, quoted", schema = @Schema(type = "string")),
                        @Header(name = "Cache-Control", description = "public (private for a code with a secret), a year, immutable",
                                schema = @Schema(type = "string"))},
                content = {@Content(mediaType = "image/png", schema = @Schema(type = "string", format = "binary")),
                        @Content(mediaType = "image/svg+xml", schema = @Schema(type = "string"))}),
        @ApiResponse(responseCode = "304", description = "If-None-Match holds the ETag: the client's copy is current"),
        @ApiResponse(responseCode = "400", description = "An unknown or repeated parameter, or a number that is not one",
                content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"))),
        @ApiResponse(responseCode = "422", description = "A value out of range, named in errors[].field",
                content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"))),
        @ApiResponse(responseCode = "429", description = "The client's share of codes being rendered is taken (or, at the proxy, "
                + "its rate); see Retry-After", headers = @Header(name = "Retry-After", description = "Seconds", schema = @Schema(type = "integer")),
                content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"))),
        @ApiResponse(responseCode = "500", description = "The code could not be rendered (the job FAILED)",
                content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"))),
        @ApiResponse(responseCode = "503", description = "Not rendered within the wait (it stays queued), or storage is "
                + "unavailable; see Retry-After", headers = @Header(name = "Retry-After", description = "Seconds", schema = @Schema(type = "integer")),
                content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))})
@interface CodeResponses {
}
