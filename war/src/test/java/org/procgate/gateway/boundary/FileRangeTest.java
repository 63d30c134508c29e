package org.procgate.gateway.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.procgate.connector.api.Header;

/** Which part of an offloaded file a request gets, as RFC 9110 section 14 says. */
class FileRangeTest {

    private static final Instant MODIFIED = Instant.parse("2026-12-01T10:15:30Z");
    private static final String LAST_MODIFIED = "Tue, 1 Dec 2026 10:15:30 GMT";
    private static final String ETAG = "\"abc-3e8\"";
    private static final List<Header> PROGRAM = List.of(new Header("Content-Type", "application/pdf"));

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "bytes=0-99     | 0   | 99  ",
            "bytes=900-     | 900 | 999 ",
            "bytes=-100     | 900 | 999 ",
            "bytes=-5000    | 0   | 999 ",
            "bytes=990-5000 | 990 | 999 ",
            "BYTES = 5-5    | 5   | 5   ",
    })
    void oneSatisfiableRangeIsAPartialAnswer(String range, long first, long last) {
        FileRange answer = FileRange.of(200, PROGRAM, 1000, ETAG, MODIFIED, "GET", range.replace("BYTES = ", "bytes="), null);
        assertThat(answer.status()).isEqualTo(206);
        assertThat(answer.start()).isEqualTo(first);
        assertThat(answer.length()).isEqualTo(last - first + 1);
        assertThat(answer.headers()).contains(new Header("Content-Range", "bytes " + first + "-" + last + "/1000"),
                new Header("Content-Length", Long.toString(last - first + 1)), new Header("Content-Type", "application/pdf"));
    }

    @ParameterizedTest
    @CsvSource({"bytes=1000-", "bytes=5000-6000", "bytes=-0"})
    void aRangePastTheEndIsUnsatisfiable(String range) {
        FileRange answer = FileRange.of(200, PROGRAM, 1000, ETAG, MODIFIED, "GET", range, null);
        assertThat(answer.status()).isEqualTo(416);
        assertThat(answer.length()).isZero();
        assertThat(answer.headers()).contains(new Header("Content-Range", "bytes */1000"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"items=0-5", "bytes=0-5,10-20", "bytes=5-1", "bytes=x-", "bytes=", "bytes=--5"})
    void whatIsNotOneByteRangeGetsTheWholeFile(String range) {
        FileRange answer = FileRange.of(200, PROGRAM, 1000, ETAG, MODIFIED, "GET", range, null);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.start()).isZero();
        assertThat(answer.length()).isEqualTo(1000);
        assertThat(answer.headers()).contains(new Header("Content-Length", "1000"), new Header("Accept-Ranges", "bytes"));
    }

    @Test
    void theFilesValidatorsAreAddedUnlessTheProgramSentItsOwn() {
        assertThat(FileRange.of(200, PROGRAM, 1000, ETAG, MODIFIED, "GET", null, null).headers())
                .contains(new Header("ETag", ETAG), new Header("Last-Modified", LAST_MODIFIED));
        List<Header> own = List.of(new Header("ETag", "\"v7\""), new Header("Last-Modified", "Mon, 30 Nov 2026 00:00:00 GMT"));
        assertThat(FileRange.of(200, own, 1000, ETAG, MODIFIED, "GET", null, null).headers())
                .filteredOn(h -> h.name().equals("ETag") || h.name().equals("Last-Modified")).isEqualTo(own);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"abc-3e8\"                     | 206",
            "\"other\"                       | 200",
            "W/\"abc-3e8\"                   | 200",
            "Tue, 01 Dec 2026 10:15:30 GMT  | 206",
            "Tue, 01 Dec 2026 10:15:31 GMT  | 200",
            "yesterday                      | 200",
    })
    void ifRangeAppliesTheRangeOnlyToTheSameFile(String ifRange, int status) {
        assertThat(FileRange.of(200, PROGRAM, 1000, ETAG, MODIFIED, "GET", "bytes=0-9", ifRange).status()).isEqualTo(status);
    }

    @Test
    void onlyAGetOfA200IsRanged() {
        assertThat(FileRange.of(200, PROGRAM, 1000, ETAG, MODIFIED, "HEAD", "bytes=0-9", null).status()).isEqualTo(200);
        FileRange notFoundPage = FileRange.of(404, PROGRAM, 1000, ETAG, MODIFIED, "GET", "bytes=0-9", null);
        assertThat(notFoundPage.status()).isEqualTo(404);
        assertThat(notFoundPage.length()).isEqualTo(1000);
        assertThat(notFoundPage.headers()).doesNotContain(new Header("Accept-Ranges", "bytes"));
    }

    @Test
    void anEmptyFileIsWholeAndAnyRangeOfItUnsatisfiable() {
        assertThat(FileRange.of(200, PROGRAM, 0, ETAG, MODIFIED, "GET", null, null).length()).isZero();
        assertThat(FileRange.of(200, PROGRAM, 0, ETAG, MODIFIED, "GET", "bytes=0-", null).status()).isEqualTo(416);
    }
}
