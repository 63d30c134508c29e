package org.procgate.systemtest.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Pools as an operator writes them for Payara (a resources file such as
 * {@code config/procgate-resources.xml}: a connector connection pool with the connector settings
 * as properties, and a connector resource bound as {@code procgate/pool/<name>}), read once and
 * written out the way each other server takes pools while it runs: a resources file for
 * {@code asadmin add-resources}, jboss-cli commands, a Liberty configuration drop-in. The README's
 * "Add a pool on a running server" shows the same forms.
 */
public record PoolDefinitions(List<Pool> pools) {

    /** The class WildFly needs to name in each connection definition. */
    static final String MANAGED_CONNECTION_FACTORY = "org.procgate.connector.jca.ProgramManagedConnectionFactory";

    /**
     * One pool: the server's connector connection pool (its attributes: {@code max-pool-size},
     * {@code steady-pool-size}, ...), the JNDI name of its resource, and procgate's settings.
     */
    public record Pool(String connectorPool, String jndiName, Map<String, String> attributes, Map<String, String> properties) {

        public String poolName() {
            return properties.get("poolName");
        }

        Optional<String> attribute(String name) {
            return Optional.ofNullable(attributes.get(name)).filter(value -> !value.isBlank());
        }
    }

    /** The connector pools of these resources files, in order; other resources (the pool administration) are left out. */
    public static PoolDefinitions read(List<Path> files) throws IOException {
        List<Pool> pools = new ArrayList<>();
        for (Path file : files) {
            Document document = parse(file);
            Map<String, String> jndiNames = new LinkedHashMap<>();
            NodeList resources = document.getElementsByTagName("connector-resource");
            for (int i = 0; i < resources.getLength(); i++) {
                Element resource = (Element) resources.item(i);
                jndiNames.put(resource.getAttribute("pool-name"), resource.getAttribute("jndi-name"));
            }
            NodeList definitions = document.getElementsByTagName("connector-connection-pool");
            for (int i = 0; i < definitions.getLength(); i++) {
                Element definition = (Element) definitions.item(i);
                String name = definition.getAttribute("name");
                Map<String, String> attributes = new LinkedHashMap<>();
                for (int a = 0; a < definition.getAttributes().getLength(); a++) {
                    var attribute = definition.getAttributes().item(a);
                    attributes.put(attribute.getNodeName(), attribute.getNodeValue());
                }
                Map<String, String> properties = new LinkedHashMap<>();
                NodeList children = definition.getElementsByTagName("property");
                for (int p = 0; p < children.getLength(); p++) {
                    Element property = (Element) children.item(p);
                    properties.put(property.getAttribute("name"), property.getAttribute("value"));
                }
                String jndiName = jndiNames.get(name);
                if (jndiName == null) {
                    throw new IllegalArgumentException(file + ": pool " + name + " has no connector-resource");
                }
                pools.add(new Pool(name, jndiName, attributes, properties));
            }
        }
        return new PoolDefinitions(List.copyOf(pools));
    }

    private static Document parse(Path file) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // the DOCTYPE names GlassFish's DTD on the network: never fetch it
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            return builder.parse(file.toFile());
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("cannot read the pool definitions in " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The same pools with every {@code ${name:default}} written {@code ${name}}: for GlassFish 7, which
     * knows no defaults and garbles a value in which a name it cannot resolve comes before one it can.
     * Every name must then be a system property of the server.
     */
    public PoolDefinitions withoutDefaults() {
        return new PoolDefinitions(pools.stream().map(pool -> {
            Map<String, String> properties = new LinkedHashMap<>();
            pool.properties().forEach((name, value) -> properties.put(name, value.replaceAll("\\$\\{([^}:]+):[^}]*}", "\\${$1}")));
            return new Pool(pool.connectorPool(), pool.jndiName(), pool.attributes(), properties);
        }).toList());
    }

    /**
     * GlassFish and Payara Server: a file for {@code asadmin add-resources}, the pools as written
     * but for the adapter of the deployed EAR ({@code procgate#procgate-connector}).
     */
    public String glassFishResources(String resourceAdapter) {
        StringBuilder xml = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE resources PUBLIC "-//GlassFish.org//DTD GlassFish Application Server 3.1 Resource Definitions//EN" \
                "http://glassfish.org/dtds/glassfish-resources_1_5.dtd">
                <resources>
                """);
        for (Pool pool : pools) {
            xml.append("    <connector-connection-pool");
            pool.attributes().forEach((name, value) -> xml.append(' ').append(name).append("=\"")
                    .append(escape(name.equals("resource-adapter-name") ? resourceAdapter : value)).append('"'));
            xml.append(">\n");
            pool.properties().forEach((name, value) -> xml.append("        <property name=\"").append(escape(name))
                    .append("\" value=\"").append(escape(value)).append("\"/>\n"));
            xml.append("    </connector-connection-pool>\n    <connector-resource pool-name=\"").append(escape(pool.connectorPool()))
                    .append("\" jndi-name=\"").append(escape(pool.jndiName())).append("\"/>\n");
        }
        return xml.append("</resources>\n").toString();
    }

    /**
     * WildFly: jboss-cli commands that add the pools to a resource adapter of the resource-adapters
     * subsystem for the RAR inside the deployed EAR, bound as {@code java:/<jndi name>}, and activate it.
     */
    public List<String> jbossCli(String resourceAdapter, String archive) {
        String adapter = "/subsystem=resource-adapters/resource-adapter=" + resourceAdapter;
        List<String> commands = new ArrayList<>();
        commands.add(adapter + ":add(archive=" + quote(archive) + ", transaction-support=NoTransaction)");
        for (Pool pool : pools) {
            String definition = adapter + "/connection-definitions=" + pool.connectorPool();
            commands.add(definition + ":add(class-name=" + MANAGED_CONNECTION_FACTORY + ", jndi-name="
                    + quote("java:/" + pool.jndiName()) + ", min-pool-size=" + pool.attribute("steady-pool-size").orElse("0")
                    + pool.attribute("max-pool-size").map(max -> ", max-pool-size=" + max).orElse("") + ")");
            pool.properties().forEach((name, value) ->
                    commands.add(definition + "/config-properties=" + name + ":add(value=" + quote(value) + ")"));
        }
        commands.add(adapter + ":activate");
        return commands;
    }

    /**
     * Open Liberty: a configuration drop-in with a {@code connectionFactory} per pool for the
     * adapter embedded in the EAR (its id {@code <application>.<module>}), bound under the same JNDI name.
     */
    public String libertyConfig(String resourceAdapterId) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<server>\n");
        for (Pool pool : pools) {
            xml.append("    <connectionFactory id=\"").append(escape(pool.connectorPool())).append("\" jndiName=\"")
                    .append(escape(pool.jndiName())).append("\">\n");
            xml.append("        <connectionManager minPoolSize=\"").append(pool.attribute("steady-pool-size").orElse("0")).append('"');
            pool.attribute("max-pool-size").ifPresent(max -> xml.append(" maxPoolSize=\"").append(max).append('"'));
            xml.append("/>\n        <properties.").append(resourceAdapterId);
            pool.properties().forEach((name, value) -> xml.append("\n            ").append(name).append("=\"")
                    .append(escape(value)).append('"'));
            xml.append("/>\n    </connectionFactory>\n");
        }
        return xml.append("</server>\n").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
