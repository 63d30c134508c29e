package org.procgate.connector.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.NodeList;

/**
 * Every pool the project defines for a server (GlassFish-family resources, WildFly's jboss-web.xml,
 * Open Liberty's server.xml) uses only settings {@link PoolSetting} knows, with values
 * {@link PoolSettingsReader} accepts.
 */
class PoolDefinitionsTest {

    private static final List<String> PLACEHOLDERS = List.of("procgate.home", "procgate.db.dir");

    @BeforeAll
    static void placeholders() {
        PLACEHOLDERS.forEach(name -> System.setProperty(name, "/nonexistent/" + name));
    }

    @AfterAll
    static void clearPlaceholders() {
        PLACEHOLDERS.forEach(System::clearProperty);
    }

    static List<Path> descriptors() {
        List<Path> files = ProjectFiles.xmlFilesContaining("poolName");
        assertThat(files).as("the project's pool definitions").isNotEmpty();
        return files;
    }

    @ParameterizedTest
    @MethodSource("descriptors")
    void everyPoolUsesKnownSettingsWithValidValues(Path file) throws Exception {
        List<Map<String, String>> pools = pools(file);
        assertThat(pools).as(file + " defines pools").isNotEmpty();
        for (Map<String, String> pool : pools) {
            assertThat(pool.keySet()).as(file + ": pool " + pool.get("poolName"))
                    .allSatisfy(name -> assertThat(PoolSetting.named(name)).as("setting " + name).isPresent());
            assertThatCode(() -> PoolSettingsReader.read(pool)).as(file + ": pool " + pool.get("poolName"))
                    .doesNotThrowAnyException();
        }
    }

    /** The pools of one descriptor, as property name to value. */
    private static List<Map<String, String>> pools(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document document = factory.newDocumentBuilder().parse(file.toFile());
        List<Map<String, String>> pools = new ArrayList<>();
        for (Element pool : elements(document, "connector-connection-pool")) {
            Map<String, String> properties = new LinkedHashMap<>();
            for (Element property : elements(pool, "property")) {
                properties.put(property.getAttribute("name"), property.getAttribute("value"));
            }
            pools.add(properties);
        }
        for (Element factoryElement : elements(document, "connection-factory")) {
            Map<String, String> properties = new LinkedHashMap<>();
            for (Element property : elements(factoryElement, "property")) {
                properties.put(text(property, "name"), text(property, "value"));
            }
            pools.add(properties);
        }
        NodeList all = document.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element element = (Element) all.item(i);
            if (element.getTagName().startsWith("properties.") && element.hasAttribute("poolName")) {
                Map<String, String> properties = new LinkedHashMap<>();
                NamedNodeMap attributes = element.getAttributes();
                for (int a = 0; a < attributes.getLength(); a++) {
                    properties.put(attributes.item(a).getNodeName(), attributes.item(a).getNodeValue());
                }
                pools.add(properties);
            }
        }
        return pools;
    }

    private static List<Element> elements(org.w3c.dom.Node parent, String tag) {
        NodeList nodes = parent instanceof Document d ? d.getElementsByTagName(tag) : ((Element) parent).getElementsByTagName(tag);
        List<Element> result = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            result.add((Element) nodes.item(i));
        }
        return result;
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
    }
}
