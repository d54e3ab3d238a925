package io.qrfleet.bench;

import java.util.Arrays;

/** {@code qr-bench MODE --option value ...}; prints progress, then one JSON line with the result. */
public final class Main {

    private static final String USAGE = """
            usage: qr-bench render --content-file F --size PX --ecc L|M|Q|H --margin N --seconds S \
            [--format png|svg] [--warmup S] [--check none|grid|full]
                   qr-bench load --base URL --jobs N --concurrency C [--format png|svg] [--verify-every K] \
            [--poll-ms MS | --wait-s 1-30] [--timeout-s S] [--api-key KEY]""";

    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            fail(USAGE);
        }
        try {
            Options options = Options.parse(Arrays.copyOfRange(args, 1, args.length));
            String json = switch (args[0]) {
                case "render" -> RenderBench.run(options);
                case "load" -> LoadBench.run(options);
                default -> throw new IllegalArgumentException("unknown mode " + args[0]);
            };
            System.out.println(json);
        } catch (IllegalArgumentException e) {
            fail(e.getMessage() + "\n" + USAGE);
        }
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
