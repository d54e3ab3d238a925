package io.qrfleet.common.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Against the published AWS examples: the same inputs must give the same signatures. */
class SigV4SignerTest {

    @Test
    void getVanillaOfTheSigV4TestSuite() {
        var signer = new SigV4Signer("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "us-east-1", "service");
        var headers = new TreeMap<>(Map.of("host", "example.amazonaws.com", "x-amz-date", "20150830T123600Z"));

        String authorization = signer.authorization("GET", "/", Map.of(), headers, SigV4Signer.EMPTY_SHA256,
                Instant.parse("2015-08-30T12:36:00Z"));

        assertThat(authorization).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    }

    /** "Example: GET Object" of the S3 API reference (Authenticating Requests: Using the Authorization Header). */
    @Test
    void s3GetObjectExample() {
        var signer = new SigV4Signer("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1", "s3");
        var headers = new TreeMap<>(Map.of("host", "examplebucket.s3.amazonaws.com", "range", "bytes=0-9",
                "x-amz-content-sha256", SigV4Signer.EMPTY_SHA256, "x-amz-date", "20130524T000000Z"));

        String authorization = signer.authorization("GET", "/test.txt", Map.of(), headers, SigV4Signer.EMPTY_SHA256,
                Instant.parse("2013-05-24T00:00:00Z"));

        assertThat(authorization).endsWith("SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    }

    /** "Example: GET Bucket (List Objects)" of the same page: query parameters are sorted and encoded. */
    @Test
    void s3ListObjectsExample() {
        var signer = new SigV4Signer("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1", "s3");
        var headers = new TreeMap<>(Map.of("host", "examplebucket.s3.amazonaws.com",
                "x-amz-content-sha256", SigV4Signer.EMPTY_SHA256, "x-amz-date", "20130524T000000Z"));

        String authorization = signer.authorization("GET", "/", Map.of("prefix", "J", "max-keys", "2"), headers,
                SigV4Signer.EMPTY_SHA256, Instant.parse("2013-05-24T00:00:00Z"));

        assertThat(authorization).endsWith("Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
    }

    @Test
    void encodesEverythingButUnreservedCharactersAndPathSlashes() {
        assertThat(SigV4Signer.encode("codes/a b+c~_.-ü", false)).isEqualTo("codes/a%20b%2Bc~_.-%C3%BC");
        assertThat(SigV4Signer.canonicalQuery(Map.of("prefix", "jobs/", "list-type", "2", "continuation-token", "a=b")))
                .isEqualTo("continuation-token=a%3Db&list-type=2&prefix=jobs%2F");
    }
}
