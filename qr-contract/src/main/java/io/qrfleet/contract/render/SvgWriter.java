package io.qrfleet.contract.render;

import com.google.zxing.qrcode.encoder.ByteMatrix;
import java.nio.charset.StandardCharsets;

/**
 * Writes a QR matrix as SVG: one background rectangle and one path of horizontal runs, with the
 * same pixel layout as the PNG so both formats of a request look identical.
 */
final class SvgWriter {

    private SvgWriter() {}

    static byte[] write(ByteMatrix matrix, Layout layout, String foreground, String background) {
        int size = layout.size();
        int scale = layout.scale();
        StringBuilder svg = new StringBuilder(256 + layout.modules() * layout.modules() * 3);
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(size)
                .append("\" height=\"")
                .append(size)
                .append("\" viewBox=\"0 0 ")
                .append(size)
                .append(' ')
                .append(size)
                .append("\" shape-rendering=\"crispEdges\">")
                .append("<rect width=\"")
                .append(size)
                .append("\" height=\"")
                .append(size)
                .append("\" fill=\"")
                .append(background)
                .append("\"/>")
                .append("<path fill=\"")
                .append(foreground)
                .append("\" d=\"");
        for (int y = 0; y < layout.modules(); y++) {
            int x = 0;
            while (x < layout.modules()) {
                if (matrix.get(x, y) != 1) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < layout.modules() && matrix.get(x, y) == 1) {
                    x++;
                }
                int width = (x - start) * scale;
                svg.append('M')
                        .append(layout.offset() + start * scale)
                        .append(' ')
                        .append(layout.offset() + y * scale)
                        .append('h')
                        .append(width)
                        .append('v')
                        .append(scale)
                        .append('h')
                        .append(-width)
                        .append('z');
            }
        }
        svg.append("\"/></svg>\n");
        return svg.toString().getBytes(StandardCharsets.UTF_8);
    }
}
