package io.qrfleet.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The drift check, run by Maven after the integration tests (gateway-api/pom.xml): every
 * (method, path template, status, media type) the tests saw the gateway answer must be in the API
 * description ({@code target/openapi.json}, written by {@link ApiDescriptionIT}), and everything
 * the description declares must have been seen. Paths and methods the description does not
 * have (unknown paths, wrong methods, the docs themselves) are outside the contract, and so are
 * the answers the description marks {@code x-answered-by: proxy} (the smoke and chaos tests, which
 * go through the proxy, see those).
 */
public final class ApiDrift {

    /** Spellings the description names once. */
    private static final Map<String, String> ALIASES = Map.of("/v1/create-qr-code/", "/v1/create-qr-code");

    private ApiDrift() {}

    /** {@code args[0]}: the module's target directory. */
    public static void main(String[] args) throws IOException {
        Path target = Path.of(args[0]);
        Path answers = target.resolve(ApiObservations.FILE.getFileName());
        if (!Files.exists(answers)) {
            System.out.println("API drift: no answers recorded (integration tests skipped)");
            return;
        }
        JsonNode paths = JsonMapper.builder()
                .build()
                .readTree(target.resolve("openapi.json").toFile())
                .get("paths");
        Set<String> declared = new TreeSet<>();
        Map<String, Pattern> templates = new LinkedHashMap<>();
        for (String path : paths.propertyNames()) {
            templates.put(path, Pattern.compile(path.replaceAll("\\{[^}]+}", "[^/]+")));
            for (String method : paths.get(path).propertyNames()) {
                JsonNode responses = paths.get(path).get(method).get("responses");
                for (String status : responses.propertyNames()) {
                    JsonNode content = responses.get(status).get("content");
                    List<String> media =
                            content == null || content.isEmpty() ? List.of("") : List.copyOf(content.propertyNames());
                    if (!responses
                            .get(status)
                            .path("x-answered-by")
                            .asString("")
                            .equals("proxy")) {
                        media.forEach(type -> declared.add(String.join(" ", method.toUpperCase(), path, status, type)));
                    }
                }
            }
        }
        Set<String> observed = new TreeSet<>();
        for (String line : Files.readAllLines(answers)) {
            String[] f = line.split("\t", -1);
            String path = ALIASES.getOrDefault(f[1], f[1]);
            templates.entrySet().stream()
                    .filter(t -> t.getValue().matcher(path).matches())
                    .findFirst()
                    .filter(t -> paths.get(t.getKey()).has(f[0].toLowerCase()))
                    .ifPresent(t -> observed.add(String.join(" ", f[0], t.getKey(), f[2], f[3])));
        }
        Set<String> undeclared = new TreeSet<>(observed);
        undeclared.removeAll(declared);
        Set<String> unseen = new TreeSet<>(declared);
        unseen.removeAll(observed);
        System.out.println("API drift: " + observed.size() + " answers seen, " + declared.size() + " declared");
        undeclared.forEach(a -> System.out.println("  answered but not in the description: " + a));
        unseen.forEach(a -> System.out.println("  in the description but no test saw it: " + a));
        if (!undeclared.isEmpty() || !unseen.isEmpty()) {
            throw new IllegalStateException("API drift: " + undeclared.size() + " answers undeclared, " + unseen.size()
                    + " declared but unseen (listed above)");
        }
    }
}
