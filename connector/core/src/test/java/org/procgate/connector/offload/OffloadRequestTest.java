package org.procgate.connector.offload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.procgate.connector.api.Header;

/** How a program's offload headers are read: which one counts, what is stripped, what path they name. */
class OffloadRequestTest {

    private static final List<String> ROOTS = List.of("/srv/files", "/real/files");

    @Test
    void anAnswerWithoutOffloadHeadersIsNone() {
        assertThat(OffloadRequest.in(List.of(new Header("Content-Type", "text/plain")))).isNull();
    }

    @Test
    void theOffloadHeadersAndTheProgramsContentLengthAreStrippedTheRestKept() {
        OffloadRequest request = OffloadRequest.in(List.of(new Header("Content-Type", "application/pdf"),
                new Header("x-sendfile", "a.pdf"), new Header("Content-Length", "0"),
                new Header("Content-Disposition", "attachment; filename=\"a.pdf\""), new Header("Cache-Control", "max-age=60")));
        assertThat(request.header()).isEqualTo("x-sendfile");
        assertThat(request.headers()).containsExactly(new Header("Content-Type", "application/pdf"),
                new Header("Content-Disposition", "attachment; filename=\"a.pdf\""), new Header("Cache-Control", "max-age=60"));
    }

    @Test
    void xAccelRedirectWinsOverXSendfileAndBothAreStripped() {
        OffloadRequest request = OffloadRequest.in(List.of(new Header("X-Sendfile", "b"), new Header("X-Accel-Redirect", "/a")));
        assertThat(request.value()).isEqualTo("/a");
        assertThat(request.headers()).isEmpty();
    }

    @Test
    void xAccelRedirectIsAUriPathUnderTheRootItsQueryIgnored() {
        assertThat(accel("/reports/2026%20q1.csv?download=1").rawPathUnder(ROOTS)).isEqualTo("/reports/2026%20q1.csv");
        assertThat(accel("/srv/files/x").rawPathUnder(ROOTS)).as("never a file system path").isEqualTo("/srv/files/x");
    }

    @Test
    void xSendfileIsRelativeToTheRootOrAnAbsolutePathUnderIt() {
        assertThat(sendfile("reports/a.csv").rawPathUnder(ROOTS)).isEqualTo("reports/a.csv");
        assertThat(sendfile("/srv/files/reports/a.csv").rawPathUnder(ROOTS)).isEqualTo("reports/a.csv");
        assertThat(sendfile("/real/files/a.csv").rawPathUnder(ROOTS)).isEqualTo("a.csv");
        assertThat(sendfile("/etc/passwd").rawPathUnder(ROOTS)).isNull();
        assertThat(sendfile("/srv/files-other/a.csv").rawPathUnder(ROOTS)).isNull();
        assertThat(sendfile("/srv/files").rawPathUnder(ROOTS)).isNull();
    }

    @Test
    void withoutOffloadDroppingTheHeadersKeepsEverythingElse() {
        assertThat(OffloadRequest.withoutOffloadHeaders(List.of(new Header("X-Accel-Redirect", "/a"),
                new Header("Content-Length", "3"), new Header("X-SENDFILE", "b"))))
                .containsExactly(new Header("Content-Length", "3"));
    }

    private static OffloadRequest accel(String value) {
        return OffloadRequest.in(List.of(new Header("X-Accel-Redirect", value)));
    }

    private static OffloadRequest sendfile(String value) {
        return OffloadRequest.in(List.of(new Header("X-Sendfile", value)));
    }
}
