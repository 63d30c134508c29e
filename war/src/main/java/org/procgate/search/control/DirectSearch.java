package org.procgate.search.control;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramException;
import org.procgate.database.control.DatabaseLifecycle;
import org.procgate.search.entity.Record;
import org.procgate.search.entity.SearchPage;
import org.procgate.search.entity.SearchQuery;

/** The search in plain JDBC: the baseline the program paths are compared with. */
@ApplicationScoped
public class DirectSearch {

    private static final String WHERE = " FROM records WHERE LOWER(name) LIKE ? ESCAPE '\\'";

    @Inject
    DatabaseLifecycle database;

    public SearchPage search(SearchQuery query) throws ProgramException {
        String pattern = likePattern(query.q());
        try (Connection connection = database.dataSource().getConnection()) {
            long total;
            try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*)" + WHERE)) {
                count.setString(1, pattern);
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<Record> items = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, name, email, city, country, born" + WHERE + " ORDER BY id LIMIT ? OFFSET ?")) {
                select.setString(1, pattern);
                select.setInt(2, query.limit());
                select.setInt(3, query.offset());
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        Date born = rs.getDate(6);
                        items.add(new Record(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), born == null ? null : born.toLocalDate()));
                    }
                }
            }
            return new SearchPage(total, items);
        } catch (SQLException e) {
            throw new ProgramException(Failure.UNAVAILABLE, "the records database failed: " + e.getMessage(), e);
        }
    }

    /** Substring pattern with '\', '%' and '_' taken literally. */
    static String likePattern(String q) {
        String lower = q.toLowerCase(java.util.Locale.ROOT);
        StringBuilder pattern = new StringBuilder(lower.length() + 2).append('%');
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (c == '\\' || c == '%' || c == '_') {
                pattern.append('\\');
            }
            pattern.append(c);
        }
        return pattern.append('%').toString();
    }
}
