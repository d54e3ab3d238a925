package io.qrfleet.contract.render;

import com.google.zxing.WriterException;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import io.qrfleet.contract.Colors;
import io.qrfleet.contract.RenderRequest;

/** The worker's render path: request, zxing encoder, image bytes. Stateless and thread-safe. */
public final class QrRenderer {

    private QrRenderer() {}

    public static RenderedCode render(RenderRequest request) throws WriterException {
        ByteMatrix matrix =
                QrEncoding.encode(request.content(), request.errorCorrection()).getMatrix();
        Layout layout = Layout.of(matrix, request.size(), request.margin());
        byte[] bytes = switch (request.format()) {
            case PNG ->
                PngWriter.write(matrix, layout, Colors.rgb(request.foreground()), Colors.rgb(request.background()));
            case SVG -> SvgWriter.write(matrix, layout, request.foreground(), request.background());
        };
        return new RenderedCode(bytes, matrix);
    }
}
