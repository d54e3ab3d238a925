package io.qrfleet.contract.render;

import com.google.zxing.common.BitMatrix;
import io.qrfleet.contract.Colors;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the module grid of an SVG as {@link SvgWriter} writes it: the background rectangle's
 * colour, then the foreground path's runs ({@code M x y h w v s h -w z}), each of whole modules on
 * the grid its first run (the top-left finder pattern's top edge) sets. Anything else is refused.
 */
final class SvgGrid {

    private static final Pattern SHAPE = Pattern.compile("<svg [^>]*width=\"(\\d+)\"[^>]*>"
            + "<rect width=\"\\d+\" height=\"\\d+\" fill=\"(#[0-9A-Fa-f]{6})\"/>"
            + "<path fill=\"(#[0-9A-Fa-f]{6})\" d=\"([^\"]*)\"/></svg>\\s*$");
    private static final Pattern RUN = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v(\\d+)h-(\\d+)z");

    private SvgGrid() {}

    static ModuleGrid read(byte[] svg) {
        Matcher shape = SHAPE.matcher(new String(svg, StandardCharsets.UTF_8));
        if (!shape.find()) {
            throw new IllegalArgumentException("not an SVG of this service's shape");
        }
        int size = Integer.parseInt(shape.group(1));
        String path = shape.group(4);
        Matcher run = RUN.matcher(path);
        if (!run.lookingAt()) {
            throw new IllegalArgumentException("no runs in the path");
        }
        int offset = Integer.parseInt(run.group(1));
        if (Integer.parseInt(run.group(2)) != offset) {
            throw new IllegalArgumentException("the code is not where its layout puts it");
        }
        Layout layout = ModuleGrid.measured(size, offset, Integer.parseInt(run.group(3)));
        BitMatrix modules = new BitMatrix(layout.modules());
        int end = 0;
        run.reset();
        while (run.find()) {
            if (run.start() != end) {
                throw new IllegalArgumentException("something other than runs in the path");
            }
            end = run.end();
            int x = module(run.group(1), layout);
            int y = module(run.group(2), layout);
            int width = Integer.parseInt(run.group(3));
            if (width % layout.scale() != 0
                    || Integer.parseInt(run.group(4)) != layout.scale()
                    || Integer.parseInt(run.group(5)) != width
                    || x + width / layout.scale() > layout.modules()
                    || y >= layout.modules()) {
                throw new IllegalArgumentException("a run off the module grid");
            }
            modules.setRegion(x, y, width / layout.scale(), 1);
        }
        if (end != path.length()) {
            throw new IllegalArgumentException("something other than runs in the path");
        }
        return new ModuleGrid(modules, layout.scale(), Colors.rgb(shape.group(3)), Colors.rgb(shape.group(2)));
    }

    private static int module(String pixels, Layout layout) {
        int offsetPixels = Integer.parseInt(pixels) - layout.offset();
        if (offsetPixels < 0 || offsetPixels % layout.scale() != 0) {
            throw new IllegalArgumentException("a run off the module grid");
        }
        return offsetPixels / layout.scale();
    }
}
