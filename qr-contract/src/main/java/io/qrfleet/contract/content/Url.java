package io.qrfleet.contract.content;

import io.qrfleet.contract.Violation;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/** A web link; only absolute http(s) URLs, as scanners open them in a browser. */
public record Url(String url) implements TypedContent {

    @Override
    public List<Violation> validate() {
        Fields fields = new Fields();
        if (fields.present("url", url)) {
            fields.check(isWebUrl(url), "url", "must be an absolute http:// or https:// URL");
        }
        return fields.violations();
    }

    @Override
    public String encode() {
        return url;
    }

    private static boolean isWebUrl(String value) {
        try {
            URI uri = new URI(value);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
