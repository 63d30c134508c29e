package org.procgate.ear;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The EAR (RAR + WAR + API jar in lib/) on the full Payara Server: the search API answers alike on every path. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class EarOnPayaraServerIT {

    private static final String BASE = "http://127.0.0.1:" + Integer.getInteger("procgate.http.port", 8080) + "/procgate/";
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Jsonb JSON = JsonbBuilder.create();

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return ShrinkWrap.create(ZipImporter.class, "procgate.ear")
                .importFrom(new File(System.getProperty("procgate.ear")))
                .as(EnterpriseArchive.class);
    }

    @Test
    void searchRunsThroughFastCgiCgiAndJdbcAlike() throws Exception {
        Map<String, Object> direct = search("direct");
        Map<String, Object> fastcgi = search("fastcgi");
        Map<String, Object> cgi = search("cgi");
        assertThat(((Number) direct.get("total")).longValue()).isPositive();
        for (Map<String, Object> other : List.of(fastcgi, cgi)) {
            assertThat(other.get("total")).isEqualTo(direct.get("total"));
            assertThat(other.get("items")).isEqualTo(direct.get("items"));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> search(String via) throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(BASE + "api/records?q=smith&limit=25&via=" + via))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(via + ": " + response.body()).isEqualTo(200);
        Map<String, Object> result = JSON.fromJson(response.body(), Map.class);
        assertThat(result).containsEntry("via", via);
        return result;
    }
}
