package org.procgate.connector.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.procgate.connector.api.Header;
import org.procgate.connector.api.ResponseSink;

/**
 * Which answers are RFC 3875 local redirects (section 6.2.2) and which are client redirects that
 * pass unchanged, decided as the program's output streams, without holding any of its body.
 */
class LocalRedirectDecisionTest {

    @Test
    void aBareLocalPathIsALocalRedirectAtTheEnd() throws Exception {
        Events events = new Events();
        CgiResponseParser parser = parser(events);
        feed(parser, "Location: /procgate/cgi-bin/b.py?x=1\r\n\r\n");
        assertThat(events.seen).as("nothing is decided before the output ends").isEmpty();
        parser.end();
        assertThat(events.seen).containsExactly("localRedirect /procgate/cgi-bin/b.py?x=1");
    }

    @Test
    void otherHeadersBesideTheLocationAreIgnoredAsApacheDoes() throws Exception {
        assertThat(run("Content-Type: text/html\nLocation: /x\nContent-Length: 0\n\n")).containsExactly("localRedirect /x");
    }

    @Test
    void aBodyMakesItAClientRedirectPassedOnWithItsFirstByte() throws Exception {
        Events events = new Events();
        CgiResponseParser parser = parser(events);
        feed(parser, "Location: /x\n\n");
        feed(parser, "moved");
        assertThat(events.seen).containsExactly("head 302 [Location: /x]", "write moved");
        parser.end();
        assertThat(events.seen).hasSize(2);
    }

    @Test
    void anAnnouncedBodyMakesItAClientRedirectAtOnce() throws Exception {
        Events events = new Events();
        CgiResponseParser parser = parser(events);
        feed(parser, "Location: /x\nContent-Length: 5\n\n");
        assertThat(events.seen).containsExactly("head 302 [Location: /x, Content-Length: 5]");
    }

    @Test
    void aStatusMakesItAClientRedirect() throws Exception {
        // what PHP's header('Location: /x') sends
        assertThat(run("Status: 302 Found\nLocation: /x\n\n")).containsExactly("head 302 [Location: /x]");
        assertThat(run("Status: 200\nLocation: /x\n\n")).containsExactly("head 200 [Location: /x]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.org/x", "//example.org/x", "relative/path", "/\\example.org", "?x=1"})
    void anythingButAnAbsolutePathIsAClientRedirect(String location) throws Exception {
        assertThat(run("Location: " + location + "\n\n")).containsExactly("head 302 [Location: " + location + "]");
    }

    @Test
    void twoLocationsAreNotALocalRedirect() throws Exception {
        assertThat(run("Location: /a\nLocation: /b\n\n")).containsExactly("head 302 [Location: /a, Location: /b]");
    }

    private static List<String> run(String output) throws Exception {
        Events events = new Events();
        CgiResponseParser parser = parser(events);
        feed(parser, output);
        parser.end();
        return events.seen;
    }

    private static CgiResponseParser parser(Events events) {
        return new CgiResponseParser(1024, 0, events);
    }

    private static void feed(CgiResponseParser parser, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        parser.feed(bytes, 0, bytes.length);
    }

    /** What a sink was told, in order. */
    private static final class Events implements ResponseSink {
        final List<String> seen = new ArrayList<>();

        @Override
        public void head(int status, List<Header> headers) {
            seen.add("head " + status + " " + headers.stream().map(h -> h.name() + ": " + h.value()).toList());
        }

        @Override
        public void localRedirect(String location) {
            seen.add("localRedirect " + location);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            seen.add("write " + new String(bytes, offset, length, StandardCharsets.ISO_8859_1));
        }

        @Override
        public void flush() {
            // not an event here
        }
    }
}
