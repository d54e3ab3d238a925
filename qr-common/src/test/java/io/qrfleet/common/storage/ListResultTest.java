package io.qrfleet.common.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ListResultTest {

    private static ListResult parse(String xml) throws Exception {
        return ListResult.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsObjectsAndTheTokenOfATruncatedPage() throws Exception {
        ListResult page = parse("""
                <?xml version="1.0" encoding="UTF-8"?>
                <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
                  <Name>b</Name><Prefix>jobs/</Prefix><KeyCount>2</KeyCount><MaxKeys>2</MaxKeys>
                  <IsTruncated>true</IsTruncated><NextContinuationToken>tok/en=</NextContinuationToken>
                  <Contents><Key>jobs/a&amp;b.json</Key><LastModified>2026-01-02T03:04:05.000Z</LastModified>
                    <ETag>"x"</ETag><Size>12</Size><StorageClass>STANDARD</StorageClass></Contents>
                  <Contents><Key>jobs/c.json</Key><LastModified>2026-01-02T03:04:06Z</LastModified><Size>0</Size></Contents>
                </ListBucketResult>""");

        assertThat(page.objects()).containsExactly(
                new ObjectSummary("jobs/a&b.json", 12, Instant.parse("2026-01-02T03:04:05Z")),
                new ObjectSummary("jobs/c.json", 0, Instant.parse("2026-01-02T03:04:06Z")));
        assertThat(page.nextToken()).isEqualTo("tok/en=");
    }

    @Test
    void theLastPageHasNoToken() throws Exception {
        ListResult page = parse("<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>");

        assertThat(page.objects()).isEmpty();
        assertThat(page.nextToken()).isNull();
    }

    @Test
    void readsTheCodeOfAnErrorBody() {
        assertThat(S3Xml.errorCode(new ByteArrayInputStream("<Error><Code>BucketAlreadyOwnedByYou</Code></Error>"
                .getBytes(StandardCharsets.UTF_8)))).isEqualTo("BucketAlreadyOwnedByYou");
        assertThat(S3Xml.errorCode(new ByteArrayInputStream(new byte[0]))).isNull();
    }
}
