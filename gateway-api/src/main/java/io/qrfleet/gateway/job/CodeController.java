package io.qrfleet.gateway.job;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** Codes by URL, for {@code <img src>}: QR Fleet's own parameters, and goQR's for a drop-in switch. */
@RestController
class CodeController {

    static final String CODE = "/api/v1/qr";
    static final String GOQR = "/v1/create-qr-code/";

    private final CodeImages images;

    CodeController(CodeImages images) {
        this.images = images;
    }

    @Operation(
            summary = "A code by URL",
            description = "The image for these options: at once when it is stored "
                    + "already, else it is rendered within a few seconds (qr.code.render-wait; past that 503 + Retry-After). The ETag "
                    + "is the content key: If-None-Match gets 304. Cached for a year by any cache, except codes that "
                    + "hold a secret (Wi-Fi, otpauth): private. A code that has to be rendered counts against the client's submit "
                    + "rate and its share of the queue (429).")
    @Parameter(
            name = "data",
            in = ParameterIn.QUERY,
            required = true,
            description = "The content, percent-encoded",
            schema = @Schema(type = "string", minLength = 1, maxLength = 7089))
    @Parameter(
            name = "format",
            in = ParameterIn.QUERY,
            schema =
                    @Schema(
                            allowableValues = {"png", "svg"},
                            defaultValue = "png"))
    @Parameter(
            name = "size",
            in = ParameterIn.QUERY,
            description = "Pixels (width = height)",
            schema = @Schema(type = "integer", minimum = "64", maximum = "2048", defaultValue = "512"))
    @Parameter(
            name = "margin",
            in = ParameterIn.QUERY,
            description = "Quiet zone in modules",
            schema = @Schema(type = "integer", minimum = "0", maximum = "16", defaultValue = "4"))
    @Parameter(
            name = "ecc",
            in = ParameterIn.QUERY,
            description = "Error correction",
            schema =
                    @Schema(
                            allowableValues = {"L", "M", "Q", "H"},
                            defaultValue = "M"))
    @Parameter(
            name = "fg",
            in = ParameterIn.QUERY,
            description = "Foreground RRGGBB, with or without # (%23)",
            schema = @Schema(type = "string", pattern = "^#?[0-9A-Fa-f]{6}$", defaultValue = "000000"))
    @Parameter(
            name = "bg",
            in = ParameterIn.QUERY,
            description = "Background RRGGBB, with or without # (%23)",
            schema = @Schema(type = "string", pattern = "^#?[0-9A-Fa-f]{6}$", defaultValue = "FFFFFF"))
    @GetMapping(CODE)
    ResponseEntity<StreamingResponseBody> code(
            @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query, HttpServletRequest http) {
        return images.answer(CodeQuery.read(query), http);
    }

    @Operation(
            summary = "A code by URL, goQR style",
            description = "goQR's create-qr-code API "
                    + "(api.qrserver.com/v1/create-qr-code/) on this host, answered like GET /api/v1/qr. Only png and svg; "
                    + "size must be square, 64 to 2048; margin (pixels) becomes whole modules; unknown parameters are refused. "
                    + "docs/goqr.md lists every difference.")
    @Parameter(name = "data", in = ParameterIn.QUERY, required = true, schema = @Schema(type = "string", minLength = 1))
    @Parameter(
            name = "size",
            in = ParameterIn.QUERY,
            description = "WIDTHxHEIGHT, equal",
            schema = @Schema(type = "string", pattern = "^[0-9]+x[0-9]+$", defaultValue = "200x200"))
    @Parameter(name = "charset-source", in = ParameterIn.QUERY, schema = @Schema(allowableValues = "UTF-8"))
    @Parameter(name = "charset-target", in = ParameterIn.QUERY, schema = @Schema(allowableValues = "UTF-8"))
    @Parameter(
            name = "ecc",
            in = ParameterIn.QUERY,
            schema =
                    @Schema(
                            allowableValues = {"L", "M", "Q", "H"},
                            defaultValue = "L"))
    @Parameter(
            name = "color",
            in = ParameterIn.QUERY,
            description = "r-g-b decimal, or hex rgb / rrggbb",
            schema = @Schema(type = "string", defaultValue = "0-0-0"))
    @Parameter(
            name = "bgcolor",
            in = ParameterIn.QUERY,
            description = "as color",
            schema = @Schema(type = "string", defaultValue = "255-255-255"))
    @Parameter(
            name = "margin",
            in = ParameterIn.QUERY,
            description = "Pixels (png only)",
            schema = @Schema(type = "integer", minimum = "0", maximum = "50", defaultValue = "1"))
    @Parameter(
            name = "qzone",
            in = ParameterIn.QUERY,
            description = "Quiet zone in modules",
            schema = @Schema(type = "integer", minimum = "0", maximum = "16", defaultValue = "0"))
    @Parameter(
            name = "format",
            in = ParameterIn.QUERY,
            schema =
                    @Schema(
                            allowableValues = {"png", "svg"},
                            defaultValue = "png"))
    @GetMapping({GOQR, "/v1/create-qr-code"})
    ResponseEntity<StreamingResponseBody> goQr(
            @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query, HttpServletRequest http) {
        return images.answer(GoQrQuery.read(query), http);
    }
}
