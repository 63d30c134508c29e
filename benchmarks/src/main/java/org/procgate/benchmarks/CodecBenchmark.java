package org.procgate.benchmarks;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.procgate.connector.api.ProgramResponse;
import org.procgate.connector.fastcgi.ProtocolStatus;
import org.procgate.connector.fastcgi.RequestEncoder;
import org.procgate.connector.fastcgi.ResponseDecoder;
import org.procgate.connector.fastcgi.ResponseListener;
import org.procgate.connector.fastcgi.Role;
import org.procgate.connector.protocol.CgiResponseParser;
import org.procgate.connector.protocol.ClientGoneException;
import org.procgate.connector.protocol.ProtocolException;

/** The FastCGI codec alone: encoding a typical request, decoding and parsing a 10 MB answer. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CodecBenchmark {

    static final int RESPONSE_BODY_BYTES = 10 * 1024 * 1024;
    static final int READ_BYTES = 64 * 1024;

    private final RequestEncoder encoder = new RequestEncoder();
    private Map<String, String> params;
    private byte[] response;

    @Setup
    public void setUp() {
        params = TypicalRequest.params();
        response = WorkerSideRecords.response(new byte[RESPONSE_BODY_BYTES]);
    }

    @Benchmark
    public ByteBuffer encodeTypicalRequest() {
        return encoder.reset().beginRequest(1, Role.RESPONDER, true).params(1, params)
                .stdin(1, TypicalRequest.BODY, 0, TypicalRequest.BODY.length).endStdin(1).output();
    }

    /** As the client reads it: 64 KB at a time into the decoder, STDOUT into the CGI parser. */
    @Benchmark
    public ProgramResponse decodeAndParse10MbResponse() throws ProtocolException {
        CgiResponseParser parser = new CgiResponseParser(64 * 1024, RESPONSE_BODY_BYTES);
        ResponseDecoder decoder = new ResponseDecoder(1, new ParserFeed(parser));
        for (int offset = 0; offset < response.length; offset += READ_BYTES) {
            decoder.decode(ByteBuffer.wrap(response, offset, Math.min(READ_BYTES, response.length - offset)));
        }
        return parser.finish();
    }

    private static final class ParserFeed implements ResponseListener {
        private final CgiResponseParser parser;

        ParserFeed(CgiResponseParser parser) {
            this.parser = parser;
        }

        @Override
        public void onStdout(ByteBuffer content) throws ProtocolException {
            try {
                parser.feed(content);
            } catch (ClientGoneException impossible) {
                throw new IllegalStateException("a collecting parser has no client to lose", impossible);
            }
        }

        @Override
        public void onStderr(ByteBuffer content) {
        }

        @Override
        public void onEndRequest(long appStatus, ProtocolStatus status) {
        }
    }
}
