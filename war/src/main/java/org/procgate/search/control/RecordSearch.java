package org.procgate.search.control;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.procgate.connector.api.ProgramException;
import org.procgate.search.entity.PageJson;
import org.procgate.search.entity.Record;
import org.procgate.search.entity.SearchQuery;
import org.procgate.search.entity.SearchResult;
import org.procgate.search.entity.Via;

/** Runs a search, or looks up one record, the way the caller chose. */
@ApplicationScoped
public class RecordSearch {

    @Inject
    DirectSearch direct;

    @Inject
    ProgramSearch programs;

    @Inject
    SearchResultJson json;

    /** @return the {@link SearchResult} as JSON text */
    public String search(SearchQuery query, Via via) throws ProgramException {
        PageJson page = switch (via) {
            case FASTCGI -> programs.viaFastCgi(query);
            case CGI -> programs.viaCgi(query);
            case DIRECT -> json.written(direct.search(query));
        };
        return json.write(query, via, page);
    }

    public Optional<Record> find(long id, Via via) throws ProgramException {
        return switch (via) {
            case FASTCGI -> programs.findViaFastCgi(id);
            case CGI -> programs.findViaCgi(id);
            case DIRECT -> direct.find(id);
        };
    }
}
