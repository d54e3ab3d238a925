package io.qrfleet.common.storage;

import java.io.InputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** Reading S3's XML answers with the JDK's StAX parser. */
final class S3Xml {

    private static final XMLInputFactory FACTORY = XMLInputFactory.newFactory();

    static {
        // answers come from the network: no DTDs, no external entities
        FACTORY.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        FACTORY.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    }

    private S3Xml() {
    }

    static XMLStreamReader reader(InputStream xml) throws XMLStreamException {
        return FACTORY.createXMLStreamReader(xml);
    }

    /** The {@code Code} of an S3 error body, or null when there is none. */
    static String errorCode(InputStream xml) {
        try {
            XMLStreamReader reader = reader(xml);
            try {
                while (reader.hasNext()) {
                    if (reader.next() == XMLStreamConstants.START_ELEMENT && reader.getLocalName().equals("Code")) {
                        return reader.getElementText();
                    }
                }
                return null;
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            return null; // empty (HEAD) or non-XML error bodies
        }
    }
}
