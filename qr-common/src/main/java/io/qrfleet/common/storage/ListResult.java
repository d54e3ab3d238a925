package io.qrfleet.common.storage;

import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** One page of a ListObjectsV2 answer; {@code nextToken} is null on the last page. */
record ListResult(List<ObjectSummary> objects, String nextToken) {

    static ListResult parse(InputStream xml) throws XMLStreamException {
        XMLStreamReader reader = S3Xml.reader(xml);
        try {
            List<ObjectSummary> objects = new ArrayList<>();
            String key = null;
            long size = 0;
            Instant modified = null;
            String nextToken = null;
            boolean truncated = false;
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    switch (reader.getLocalName()) {
                        case "Key" -> key = reader.getElementText();
                        case "Size" -> size = Long.parseLong(reader.getElementText().strip());
                        case "LastModified" -> modified = Instant.parse(reader.getElementText().strip());
                        case "IsTruncated" -> truncated = Boolean.parseBoolean(reader.getElementText().strip());
                        case "NextContinuationToken" -> nextToken = reader.getElementText();
                        default -> { }
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT && reader.getLocalName().equals("Contents")) {
                    objects.add(new ObjectSummary(key, size, modified));
                }
            }
            return new ListResult(objects, truncated ? nextToken : null);
        } finally {
            reader.close();
        }
    }
}
