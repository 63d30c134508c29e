package org.procgate.search.control;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;

import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.ProgramResponse;
import org.procgate.connector.api.RequestTrace;
import org.procgate.gateway.control.ProgramCall;
import org.procgate.platform.control.ServerSetting;
import org.procgate.search.entity.PageJson;
import org.procgate.search.entity.Record;
import org.procgate.search.entity.SearchQuery;

/**
 * The search run by a program: the Python search worker in a FastCGI pool, or the same search
 * as a CGI script. The program's JSON is checked record by record in one streaming pass
 * ({@link ProgramPageReader}), so every path answers alike, and its records are then passed on as
 * the program wrote them.
 *
 * <p>The program gets the already validated query, in the API's own parameter names, and a
 * record id as its PATH_INFO ({@code /42}).
 */
@ApplicationScoped
public class ProgramSearch {

    static final String FASTCGI_POOL = ServerSetting.SEARCH_FASTCGI_POOL.text();
    static final String CGI_POOL = ServerSetting.SEARCH_CGI_POOL.text();
    static final String CGI_SCRIPT = ServerSetting.SEARCH_CGI_SCRIPT.text();
    private static final String FASTCGI_SCRIPT_NAME = "/api/records";
    private static final String CGI_SCRIPT_NAME = "/cgi-bin";

    private final Jsonb jsonb = JsonbBuilder.create();

    @Inject
    ProgramCall call;
    @Inject
    Provider<RequestTrace> trace;

    public PageJson viaFastCgi(SearchQuery query) throws ProgramException {
        return page(call.run(FASTCGI_POOL, request(FASTCGI_SCRIPT_NAME, "", queryString(query))), FASTCGI_POOL);
    }

    public PageJson viaCgi(SearchQuery query) throws ProgramException {
        return page(call.run(CGI_POOL, request(CGI_SCRIPT_NAME, "/" + CGI_SCRIPT, queryString(query))), CGI_POOL);
    }

    public Optional<Record> findViaFastCgi(long id) throws ProgramException {
        return record(call.run(FASTCGI_POOL, request(FASTCGI_SCRIPT_NAME, "/" + id, "")), FASTCGI_POOL);
    }

    public Optional<Record> findViaCgi(long id) throws ProgramException {
        return record(call.run(CGI_POOL, request(CGI_SCRIPT_NAME, "/" + CGI_SCRIPT + "/" + id, "")), CGI_POOL);
    }

    static String queryString(SearchQuery query) {
        StringBuilder text = new StringBuilder()
                .append("q=").append(URLEncoder.encode(query.q(), StandardCharsets.UTF_8))
                .append("&field=").append(query.field().wireName())
                .append("&match=").append(query.match().wireName());
        if (!query.countries().isEmpty()) {
            text.append("&country=").append(String.join(",", query.countries()));
        }
        if (query.bornFrom() != null) {
            text.append("&born_from=").append(query.bornFrom());
        }
        if (query.bornTo() != null) {
            text.append("&born_to=").append(query.bornTo());
        }
        return text.append("&sort=").append(query.sort().wireName())
                .append("&limit=").append(query.limit())
                .append("&offset=").append(query.offset()).toString();
    }

    private ProgramRequest request(String scriptName, String pathInfo, String queryString) {
        return ProgramRequest.builder("GET", scriptName).pathInfo(pathInfo).queryString(queryString)
                .header("Accept", "application/json").trace(trace.get()).build();
    }

    private static PageJson page(ProgramResponse response, String pool) throws ProgramException {
        requireOk(response, pool);
        try {
            return ProgramPageReader.read(response.bodyText());
        } catch (IllegalArgumentException e) {
            throw new ProgramException(Failure.PROTOCOL_ERROR, "the search program in pool " + pool
                    + " answered something that is not a page of records: " + e.getMessage(), e);
        }
    }

    private Optional<Record> record(ProgramResponse response, String pool) throws ProgramException {
        if (response.status() == 404) {
            return Optional.empty();
        }
        requireOk(response, pool);
        return Optional.of(parse(response, Record.class, pool));
    }

    private static void requireOk(ProgramResponse response, String pool) throws ProgramException {
        if (response.status() != 200) {
            throw new ProgramException(Failure.PROTOCOL_ERROR, "the search program in pool " + pool + " answered "
                    + response.status() + ": " + abbreviate(response.bodyText()));
        }
    }

    private <T> T parse(ProgramResponse response, Class<T> type, String pool) throws ProgramException {
        try {
            T value = jsonb.fromJson(response.bodyText(), type);
            if (value == null) {
                throw new JsonbException("empty answer");
            }
            return value;
        } catch (JsonbException e) {
            throw new ProgramException(Failure.PROTOCOL_ERROR, "the search program in pool " + pool
                    + " answered something that is not a " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
